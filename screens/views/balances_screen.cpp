#include "screens/views/balances_screen.h"

#include <algorithm>
#include <chrono>

#include "kiosk/core/balances.h"
#include "kiosk/core/id_card.h"
#include "screens/flows/service_flows.h"
#include "screens/layout.h"
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
    const float s = l.scale, gap = l.gap();
    Rect area = l.body();
    auto say = [&](const char* key, NoticeKind kind) {
        area.takeTop(notice(ui, ui.tr(key), area.min, area.width(), kind), gap);
    };

    switch (flow.state()) {
        case BalancesFlow::State::Idle:
        case BalancesFlow::State::Loading:
            say("balances.loading", NoticeKind::Info);
            return;
        case BalancesFlow::State::NoRecords:
            say("balances.no_records", NoticeKind::Info);
            return;
        case BalancesFlow::State::Unavailable: {
            say("balances.unavailable", NoticeKind::Warning);
            const Rect retry = actionRow(l, {.primary = false, .secondary = 1, .secondaryMaxW = 600 * s}).secondary[0];
            if (bigButton(ui, "balances.retry", ui.tr("balances.retry"), retry.min, retry.size(),
                          ButtonKind::Secondary))
                flow.retry();
            return;
        }
        case BalancesFlow::State::Snapshot:
        case BalancesFlow::State::Online:
            break;
    }

    const auto& balances = flow.balances().balances;
    const bool snapshot = flow.state() == BalancesFlow::State::Snapshot;
    // A few tiles per page: fewer in large text.
    const int cols = l.portrait ? 1 : 2;
    const int rows = l.largeText ? (l.portrait ? 2 : 1) : (l.portrait ? 3 : 2);
    const size_t perPage = static_cast<size_t>(cols * rows);
    const size_t pages = (balances.size() + perPage - 1) / perPage;
    page_ = std::min(page_, pages > 0 ? pages - 1 : 0);

    // Bottom row: paging, then retry (offline) at the left, print as the
    // primary action. No buttons when there is nothing to show.
    const ActionRow buttons =
        balances.empty()
            ? actionRow(l, {.primary = false})
            : actionRow(l, {.secondary = (pages > 1 ? 2 : 0) + (snapshot ? 1 : 0), .secondaryMaxW = 420 * s});
    area = buttons.content;
    if (snapshot) {
        std::string asOf = formatLocalDateTime(
            std::chrono::system_clock::time_point(std::chrono::milliseconds(flow.snapshotAsOfMs().value_or(0))));
        std::string text = Strings::format(ui.tr(flow.snapshotNoticeKey()), {{"time", asOf}});
        area.takeTop(notice(ui, text.c_str(), area.min, area.width(), NoticeKind::Warning), gap);
    }
    if (balances.empty()) {
        say("balances.none_held", NoticeKind::Info);
        return;
    }
    if (ui.flow.printState() == PrintState::Failed && ui.flow.printFailureKey())
        say(ui.flow.printFailureKey(), NoticeKind::Warning);

    const std::vector<Rect> slots = grid(area, static_cast<int>(perPage), cols, gap);
    for (size_t i = page_ * perPage; i < std::min(balances.size(), (page_ + 1) * perPage); ++i) {
        const SubsidyBalance& b = balances[i];
        const Rect& slot = slots[i - page_ * perPage];
        // The balance as a large figure; this month's credit and the expiry below it.
        const std::string figure = subsidyAmount(ui, b.balance, b.unit);
        std::string detail =
            Strings::format(ui.tr("balances.credit_line"), {{"credit", subsidyAmount(ui, b.monthlyCredit, b.unit)}});
        if (b.expires) detail += "\n" + Strings::format(ui.tr("balances.expires"), {{"date", *b.expires}});
        std::string target = "balances.kind." + std::to_string(i);
        if (figureTile(ui, target.c_str(), subsidyKindName(ui, b).c_str(), figure.c_str(), detail.c_str(), slot.min,
                       slot.size()))
            flow.select(i);
    }

    size_t next = 0;
    if (pages > 1) {
        const Rect& prev = buttons.secondary[next++];
        if (bigButton(ui, "balances.previous", ui.tr("balances.previous"), prev.min, prev.size(), ButtonKind::Secondary,
                      page_ > 0))
            --page_;
        const Rect& fwd = buttons.secondary[next++];
        if (bigButton(ui, "balances.next", ui.tr("balances.next"), fwd.min, fwd.size(), ButtonKind::Secondary,
                      page_ + 1 < pages))
            ++page_;
    }
    if (snapshot) {
        const Rect& retry = buttons.secondary[next++];
        if (bigButton(ui, "balances.retry", ui.tr("balances.retry"), retry.min, retry.size(), ButtonKind::Secondary))
            flow.retry();
    }
    const bool printing = ui.flow.printState() == PrintState::Printing;
    if (bigButton(ui, "balances.print", ui.tr(printing ? "print.printing" : "balances.print"), buttons.primary.min,
                  buttons.primary.size(), printButtonKind(ui), !printing)) {
        // A summary without the person's name or number: kinds and amounts.
        Receipt receipt;
        receipt.title = ui.tr("balances.receipt_title");
        for (const SubsidyBalance& b : balances)
            receipt.rows.emplace_back(subsidyKindName(ui, b), subsidyAmount(ui, b.balance, b.unit));
        receipt.footer = Strings::format(ui.tr("balances.receipt_as_of"), {{"time", flow.balances().asOf}});
        ui.flow.requestPrint(std::move(receipt));
    }
}

}  // namespace kiosk
