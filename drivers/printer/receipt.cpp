#include "drivers/printer/receipt.h"

#include "drivers/printer/escpos.h"

namespace kiosk::printer {

std::vector<uint8_t> encodeReceipt(const Receipt& r) {
    EscPos p;
    p.init().align(Align::Center).bold(true).size(2, 2).line(r.title).size(1, 1).bold(false).feed(1);
    p.align(Align::Left);
    for (const auto& [label, value] : r.rows) p.bold(true).text(label + "：").bold(false).line(value);
    if (!r.qrPayload.empty()) {
        p.feed(1).align(Align::Center).qr(r.qrPayload, 6, 'M').lf();
        if (!r.qrCaption.empty()) p.line(r.qrCaption);
    }
    if (!r.footer.empty()) p.align(Align::Center).line(r.footer);
    p.feed(3).cut(true);
    return p.bytes();
}

// Receipts are printed in Chinese: the paper goes home with the resident and
// to the office counter, where Chinese is what staff read.
Receipt applicationReceipt(const std::string& applicationNumber, const std::string& service,
                           const std::string& submittedAt, const std::string& signedCode) {
    return {"申请回执",
            {{"申请编号", applicationNumber}, {"申请事项", service}, {"提交时间", submittedAt}},
            signedCode,
            "扫码查询办理进度",
            "请妥善保管本回执"};
}

Receipt bookingReceipt(const std::string& bookingNumber, const std::string& office, const std::string& slot,
                       const std::string& signedCode) {
    return {"婚姻登记预约凭证",
            {{"预约编号", bookingNumber}, {"登记处", office}, {"预约时间", slot}},
            signedCode,
            "到场时出示此码",
            "请双方携带身份证、户口簿按时到场"};
}

Receipt balanceReceipt(const std::vector<std::pair<std::string, std::string>>& balances, const std::string& asOf,
                       const std::string& signedCode) {
    Receipt r{"补贴余额", balances, signedCode, "扫码查看明细", "数据截至 " + asOf};
    return r;
}

}  // namespace kiosk::printer
