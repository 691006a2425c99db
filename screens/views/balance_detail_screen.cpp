#include "screens/views/balance_detail_screen.h"

#include <algorithm>

#include "screens/flows/service_flows.h"
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
    const ImVec2 b0 = l.bodyMin(), bs = l.bodySize();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float y = b0.y;

    // The kind, then the balance as the largest figure on the screen.
    plainText(t.fonts.button, subsidyKindName(ui, *b).c_str(), ImVec2(b0.x, y), t.primary.u32());
    y += t.fonts.button->FontSize + 12 * s;
    std::string balance = Strings::format(ui.tr("balances.balance_line"), {{"balance", subsidyAmount(ui, b->balance, b->unit)}});
    fittedText(t.fonts.title, balance.c_str(), ImVec2(b0.x, y), bs.x, t.text.u32());
    y += t.fonts.title->FontSize + 12 * s;
    std::string credit = Strings::format(ui.tr("balances.credit_line"), {{"credit", subsidyAmount(ui, b->monthlyCredit, b->unit)}});
    if (b->expires) credit += "    " + Strings::format(ui.tr("balances.expires"), {{"date", *b->expires}});
    plainText(t.fonts.body, credit.c_str(), ImVec2(b0.x, y), t.textMuted.u32());
    y += t.fonts.body->FontSize + 32 * s;

    if (flow.state() == BalancesFlow::State::Snapshot)
        y += notice(ui, ui.tr("balances.snapshot_short"), ImVec2(b0.x, y), bs.x, NoticeKind::Warning) + 24 * s;

    plainText(t.fonts.body, ui.tr("balances.recent"), ImVec2(b0.x, y), t.text.u32());
    y += t.fonts.body->FontSize + 16 * s;
    if (b->transactions.empty()) {
        plainText(t.fonts.body, ui.tr("balances.no_transactions"), ImVec2(b0.x, y), t.textMuted.u32());
        return;
    }
    // As many rows as fit; the newest first.
    const float rowH = t.fonts.body->FontSize * 1.6f;
    const float dateW = std::min(bs.x * 0.28f, 300 * l.textScale());
    const float amountW = std::min(bs.x * 0.3f, 360 * l.textScale());
    for (const SubsidyTransaction& tx : b->transactions) {
        if (y + rowH > b0.y + bs.y) break;
        dl->AddLine(ImVec2(b0.x, y), ImVec2(b0.x + bs.x, y), t.border.u32(), 1.5f * s);
        float ty = y + (rowH - t.fonts.body->FontSize) / 2;
        plainText(t.fonts.body, tx.date.c_str(), ImVec2(b0.x, ty), t.textMuted.u32());
        fittedText(t.fonts.body, tx.merchant.c_str(), ImVec2(b0.x + dateW, ty), bs.x - dateW - amountW - 16 * s, t.text.u32());
        std::string amount = (tx.amount > 0 ? "+" : "") + subsidyAmount(ui, tx.amount, b->unit);
        float aw = t.fonts.body->CalcTextSizeA(t.fonts.body->FontSize, FLT_MAX, 0, amount.c_str()).x;
        plainText(t.fonts.body, amount.c_str(), ImVec2(b0.x + bs.x - aw, ty), (tx.amount < 0 ? t.text : t.success).u32());
        y += rowH;
    }
}

}  // namespace kiosk
