#include "screens/views/balances_screen.h"

#include <algorithm>
#include <chrono>

#include "kiosk/core/balances.h"
#include "kiosk/core/id_card.h"
#include "screens/flows/service_flows.h"
#include "screens/views/session_parts.h"
#include "screens/widgets.h"

namespace kiosk {

std::string subsidyKindName(const UiContext& ui, const SubsidyBalance& balance) {
    std::string key = "balances.kind." + balance.kind;
    if (ui.strings.has(ui.flow.language(), key)) return ui.tr(key);
    return balance.name;
}

std::string subsidyAmount(const UiContext& ui, double amount, const std::string& unit) {
    return Strings::format(ui.tr(unit == "points" ? "balances.points" : "balances.yuan"),
                           {{"amount", formatAmount(amount, unit)}});
}

const char* BalancesScreen::titleKey(const SessionFlow&) const { return i18nKey("service.balances.title"); }

void BalancesScreen::draw(UiContext& ui) {
    BalancesFlow& flow = ui.flow.services().balances;
    const Layout& l = ui.layout;
    const float s = l.scale;
    const ImVec2 b0 = l.bodyMin(), bs = l.bodySize();
    const float buttonH = l.minTarget, gap = 28 * s;
    const float buttonsY = b0.y + bs.y - buttonH;
    float y = b0.y;

    auto retryButton = [&](float x, float w) {
        if (bigButton(ui, "balances.retry", ui.tr("balances.retry"), ImVec2(x, buttonsY), ImVec2(w, buttonH),
                      ButtonKind::Secondary))
            flow.retry();
    };

    switch (flow.state()) {
        case BalancesFlow::State::Idle:
        case BalancesFlow::State::Loading:
            notice(ui, ui.tr("balances.loading"), ImVec2(b0.x, y), bs.x, NoticeKind::Info);
            return;
        case BalancesFlow::State::NoRecords:
            notice(ui, ui.tr("balances.no_records"), ImVec2(b0.x, y), bs.x, NoticeKind::Info);
            return;
        case BalancesFlow::State::Unavailable:
            notice(ui, ui.tr("balances.unavailable"), ImVec2(b0.x, y), bs.x, NoticeKind::Warning);
            retryButton(b0.x, std::min(bs.x, 600 * s));
            return;
        case BalancesFlow::State::Snapshot: {
            std::string asOf = formatLocalDateTime(std::chrono::system_clock::time_point(
                std::chrono::milliseconds(flow.snapshotAsOfMs().value_or(0))));
            std::string text = Strings::format(ui.tr("balances.snapshot_notice"), {{"time", asOf}});
            y += notice(ui, text.c_str(), ImVec2(b0.x, y), bs.x, NoticeKind::Warning) + gap;
            break;
        }
        case BalancesFlow::State::Online:
            break;
    }

    const auto& balances = flow.balances().balances;
    if (balances.empty()) {
        notice(ui, ui.tr("balances.none_held"), ImVec2(b0.x, y), bs.x, NoticeKind::Info);
        return;
    }
    // A few tiles per page: fewer in large text.
    const int cols = l.portrait ? 1 : 2;
    const int rows = l.largeText ? (l.portrait ? 2 : 1) : (l.portrait ? 3 : 2);
    const size_t perPage = static_cast<size_t>(cols * rows);
    const size_t pages = (balances.size() + perPage - 1) / perPage;
    page_ = std::min(page_, pages - 1);
    const float tilesBottom = buttonsY - gap;
    const float tileW = (bs.x - gap * (cols - 1)) / cols;
    const float tileH = (tilesBottom - y - gap * (rows - 1)) / rows;
    for (size_t i = page_ * perPage; i < std::min(balances.size(), (page_ + 1) * perPage); ++i) {
        const SubsidyBalance& b = balances[i];
        const size_t slot = i - page_ * perPage;
        ImVec2 pos(b0.x + (slot % cols) * (tileW + gap), y + (slot / cols) * (tileH + gap));
        // The balance as a large figure; this month's credit and the expiry below it.
        const std::string figure = subsidyAmount(ui, b.balance, b.unit);
        std::string detail = Strings::format(ui.tr("balances.credit_line"), {{"credit", subsidyAmount(ui, b.monthlyCredit, b.unit)}});
        if (b.expires) detail += "\n" + Strings::format(ui.tr("balances.expires"), {{"date", *b.expires}});
        std::string target = "balances.kind." + std::to_string(i);
        if (figureTile(ui, target.c_str(), subsidyKindName(ui, b).c_str(), figure.c_str(), detail.c_str(), pos, ImVec2(tileW, tileH)))
            flow.select(i);
    }

    // Bottom row: paging, then retry (offline) and print.
    const float bw = std::min((bs.x - 3 * gap) / 4, 420 * s);
    float x = b0.x;
    if (pages > 1) {
        if (bigButton(ui, "balances.previous", ui.tr("balances.previous"), ImVec2(x, buttonsY), ImVec2(bw, buttonH),
                      ButtonKind::Secondary, page_ > 0))
            --page_;
        x += bw + gap;
        if (bigButton(ui, "balances.next", ui.tr("balances.next"), ImVec2(x, buttonsY), ImVec2(bw, buttonH),
                      ButtonKind::Secondary, page_ + 1 < pages))
            ++page_;
        x += bw + gap;
    }
    if (flow.state() == BalancesFlow::State::Snapshot) {
        retryButton(x, bw);
        x += bw + gap;
    }
    const bool printing = ui.flow.printState() == PrintState::Printing;
    if (bigButton(ui, "balances.print", ui.tr(printing ? "print.printing" : "balances.print"),
                  ImVec2(b0.x + bs.x - bw, buttonsY), ImVec2(bw, buttonH), printButtonKind(ui), !printing)) {
        // A summary without the person's name or number: kinds and amounts.
        Receipt receipt;
        receipt.title = ui.tr("balances.receipt_title");
        for (const SubsidyBalance& b : balances) receipt.rows.emplace_back(subsidyKindName(ui, b), subsidyAmount(ui, b.balance, b.unit));
        receipt.footer = Strings::format(ui.tr("balances.receipt_as_of"), {{"time", flow.balances().asOf}});
        ui.flow.requestPrint(std::move(receipt));
    }
    if (ui.flow.printState() == PrintState::Failed && ui.flow.printFailureKey())
        notice(ui, ui.tr(ui.flow.printFailureKey()), ImVec2(b0.x, buttonsY - gap - 120 * s), bs.x, NoticeKind::Warning);
}

}  // namespace kiosk
