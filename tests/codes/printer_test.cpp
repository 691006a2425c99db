// Receipts out and back: ESC/POS bytes to a file, rendered to PNG, the QR
// code decoded from the picture with the kiosk's own decoder, and the signed
// payload verified. Chinese text goes as GBK in double-byte mode.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "codes_test_support.h"
#include "drivers/codes/decoder.h"
#include "drivers/codes/payload.h"
#include "drivers/printer/escpos.h"
#include "drivers/printer/escpos_render.h"
#include "drivers/printer/printer_sink.h"
#include "drivers/printer/receipt.h"

using namespace kiosk;
using namespace kiosk::printer;

TEST(PrinterEscPos, ChineseTextIsGbkInDoubleByteMode) {
    EscPos p;
    p.init().text("低保A");
    const std::vector<uint8_t> want = {0x1B, 0x40, 0x1C, 0x26, 0xB5, 0xCD, 0xB1, 0xA3, 0x1C, 0x2E, 'A'};
    EXPECT_EQ(p.bytes(), want);
    EscPos q;
    q.qr("AB", 6, 'M');
    const std::vector<uint8_t> store = {0x1D, 0x28, 0x6B, 0x05, 0x00, 0x31, 0x50, 0x30, 'A', 'B'};
    EXPECT_NE(std::search(q.bytes().begin(), q.bytes().end(), store.begin(), store.end()), q.bytes().end());
    EXPECT_EQ(utf8ToGbk("申请回执").value(), "\xC9\xEA\xC7\xEB\xBB\xD8\xD6\xB4");
}

TEST(PrinterEscPos, ReceiptRoundTripThroughFileAndPngScansBackAndVerifies) {
    std::array<uint8_t, 32> seed;
    seed.fill(3);
    const auto central = CodeSigningKey::fromSeed(seed);
    const std::string signedCode =
        central.sign({CodeKind::ApplicationReceipt, "APP-20251201-000042", 1'767'225'600, {}});
    ASSERT_FALSE(signedCode.empty());

    codes_test::TempDir dir;
    const auto file = dir.path / "receipt.bin";
    FileSink sink(file);
    auto receipt = encodeReceipt(applicationReceipt("APP-20251201-000042", "最低生活保障", "2025-12-01 10:32", signedCode));
    ASSERT_TRUE(sink.print(receipt));

    std::ifstream in(file, std::ios::binary);
    std::vector<uint8_t> printed((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(printed, receipt);
    const RenderedReceipt r = renderEscPos(printed);
    EXPECT_EQ(r.cuts, 1);
    ASSERT_EQ(r.qrCodes.size(), 1u);
    EXPECT_EQ(r.qrCodes[0], signedCode);
    ASSERT_GE(r.lines.size(), 4u);
    EXPECT_EQ(r.lines[0], "申请回执");
    EXPECT_EQ(r.lines[1], "申请编号：APP-20251201-000042");
    EXPECT_EQ(r.lines[2], "申请事项：最低生活保障");

    const auto png = dir.path / "receipt.png";
    ASSERT_TRUE(writeReceiptPng(png, r));
    auto picture = codes::loadGrayImage(png);
    ASSERT_TRUE(picture);
    auto read = codes::decodeFrame(picture.value().view());
    ASSERT_TRUE(read.code);
    EXPECT_EQ(read.code->text, signedCode);

    const std::array<CodePublicKey, 1> keys{central.publicKey()};
    auto payload = codes::classifyPayload(read.code->text, keys,
                                          std::chrono::system_clock::time_point(std::chrono::seconds(1'764'547'200)));
    ASSERT_TRUE(payload);
    EXPECT_TRUE(payload.value().verified);
    EXPECT_EQ(payload.value().reference, "APP-20251201-000042");
}

TEST(PrinterEscPos, BookingAndBalanceReceiptsCarryTheirCode) {
    for (const auto& receipt :
         {bookingReceipt("BK-20251203-7", "拱墅区婚姻登记处", "2025-12-03 09:30", "KC1.B.example"),
          balanceReceipt({{"重阳分", "320 分"}, {"爱心卡", "58.50 元"}}, "2025-12-01 08:00", "KC1.A.example")}) {
        const auto r = renderEscPos(encodeReceipt(receipt));
        ASSERT_EQ(r.qrCodes.size(), 1u);
        EXPECT_EQ(r.qrCodes[0], receipt.qrPayload);
        EXPECT_EQ(r.lines[0], receipt.title);
        auto read = codes::decodeFrame({r.pixels.data(), r.width, r.height, r.width, 1});
        ASSERT_TRUE(read.code);
        EXPECT_EQ(read.code->text, receipt.qrPayload);
    }
}

TEST(PrinterSink, MissingDeviceIsOfflineWithAMessageKey) {
    DeviceSink sink("/dev/usb/lp-does-not-exist");
    const std::vector<uint8_t> bytes = {0x1B, 0x40};
    auto r = sink.print(bytes);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), PrinterError::Offline);
    EXPECT_STREQ(printerErrorKey(r.error()), "printer.error.offline");
    EXPECT_TRUE(paperOutFromStatus(0x72));
    EXPECT_FALSE(paperOutFromStatus(0x12));
}

TEST(PrinterRender, TruncatedAndJunkStreamsRenderWhatCameBefore) {
    EscPos p;
    p.init().line("OK").qr("XYZ");
    auto bytes = p.bytes();
    bytes.resize(bytes.size() - 20);  // cut inside the QR commands
    auto r = renderEscPos(bytes);
    ASSERT_EQ(r.lines.size(), 1u);
    EXPECT_EQ(r.lines[0], "OK");
    const std::vector<uint8_t> junk = {0x1D, 0x28, 0x6B, 0xFF, 0xFF, 0x1B, 0x1C, 0x26, 0xFF};
    EXPECT_NO_THROW(renderEscPos(junk));
}
