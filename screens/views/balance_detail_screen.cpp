#include "screens/views/balance_detail_screen.h"

#include <algorithm>

#include "screens/flows/service_flows.h"
#include "screens/layout.h"
#include "screens/views/balances_screen.h"
#include "screens/widgets.h"

namespace kiosk {

const char* BalanceDetailScreen::titleKey(const SessionFlow&) const { return i18nKey("balances.detail_title"); }

void BalanceDetailScreen::draw(UiContext& ui) {
    const BalancesFlow& flow = ui.flow.services().balances;
    const SubsidyBalance* b = flow.selected();
    if (!b) return;
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    const float s = l.scale;
    Rect area = l.body();
    // One line of `font` off the top, with `gap` below it.
    auto line = [&](ImFont* font, float gap) { return area.takeTop(font->FontSize, gap); };

    // The kind, then the balance as the largest figure on the screen.
    const Rect kind = line(t.fonts.button, 12 * s);
    fittedText(t.fonts.button, subsidyKindName(ui, *b).c_str(), kind.min, kind.width(), t.primary.u32());
    std::string balance =
        Strings::format(ui.tr("balances.balance_line"), {{"balance", subsidyAmount(ui, b->balance, b->unit)}});
    const Rect figure = line(t.fonts.title, 12 * s);
    fittedText(t.fonts.title, balance.c_str(), figure.min, figure.width(), t.text.u32());
    std::string credit =
        Strings::format(ui.tr("balances.credit_line"), {{"credit", subsidyAmount(ui, b->monthlyCredit, b->unit)}});
    if (b->expires) credit += "    " + Strings::format(ui.tr("balances.expires"), {{"date", *b->expires}});
    // Wrapped: in large text English the credit and the expiry may take two lines.
    area.takeTop(wrappedText(t.fonts.body, credit.c_str(), area.min, area.width(), t.textMuted.u32()), 32 * s);

    if (flow.state() == BalancesFlow::State::Snapshot)
        area.takeTop(notice(ui, ui.tr("balances.snapshot_short"), area.min, area.width(), NoticeKind::Warning), 24 * s);

    const Rect recent = line(t.fonts.body, 16 * s);
    fittedText(t.fonts.body, ui.tr("balances.recent"), recent.min, recent.width(), t.text.u32());
    if (b->transactions.empty()) {
        const Rect none = line(t.fonts.body, 0);
        fittedText(t.fonts.body, ui.tr("balances.no_transactions"), none.min, none.width(), t.textMuted.u32());
        return;
    }
    // The newest first; the rest scrolls.
    ScrollRegion list(ui, "##transactions", area);
    ImDrawList* dl = ImGui::GetWindowDrawList();  // the region's own
    const float w = list.width();
    const float rowH = t.fonts.body->FontSize * 1.6f;
    const float dateW = std::min(w * 0.28f, 300 * l.textScale());
    const float amountW = std::min(w * 0.3f, 360 * l.textScale());
    const ImVec2 o = list.origin();
    float y = o.y;
    for (const SubsidyTransaction& tx : b->transactions) {
        dl->AddLine(ImVec2(o.x, y), ImVec2(o.x + w, y), t.border.u32(), 1.5f * s);
        float ty = y + (rowH - t.fonts.body->FontSize) / 2;
        plainText(t.fonts.body, tx.date.c_str(), ImVec2(o.x, ty), t.textMuted.u32());
        fittedText(t.fonts.body, tx.merchant.c_str(), ImVec2(o.x + dateW, ty), w - dateW - amountW - 16 * s,
                   t.text.u32());
        std::string amount = (tx.amount > 0 ? "+" : "") + subsidyAmount(ui, tx.amount, b->unit);
        plainText(t.fonts.body, amount.c_str(), ImVec2(o.x + w - textWidth(t.fonts.body, amount.c_str()), ty),
                  (tx.amount < 0 ? t.text : t.success).u32());
        y += rowH;
    }
    list.end(y - o.y);
}

}  // namespace kiosk
