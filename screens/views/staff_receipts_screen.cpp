#include "screens/views/staff_receipts_screen.h"

#include <algorithm>
#include <string>

#include "screens/flows/staff_flow.h"
#include "screens/views/staff_parts.h"
#include "screens/widgets.h"

namespace kiosk {

const char* StaffReceiptsScreen::titleKey(const SessionFlow&) const { return i18nKey("staff.receipts.title"); }

void StaffReceiptsScreen::draw(UiContext& ui) {
    StaffFlow& staff = ui.flow.staff();
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    const float s = l.scale;
    const ImVec2 b0 = l.bodyMin(), bs = l.bodySize();
    ImDrawList* dl = ImGui::GetWindowDrawList();

    const auto& receipts = staff.receipts();
    if (!staffListReady(ui, staff, receipts.empty(), "staff.receipts.failed", "staff.receipts.empty", NoticeKind::Info))
        return;
    float top = b0.y;
    if (staff.reprinted()) {
        // Where the reprint stands, in the session's print state.
        const char* key = ui.flow.printState() == PrintState::Failed    ? "staff.receipts.print_failed"
                          : ui.flow.printState() == PrintState::Printed ? "staff.receipts.printed"
                                                                        : "staff.receipts.printing";
        top += notice(ui, ui.tr(key), b0, bs.x,
                      ui.flow.printState() == PrintState::Failed ? NoticeKind::Warning : NoticeKind::Success) +
               16 * s;
    }

    const float gap = 20 * s;
    const float pagerY = b0.y + bs.y - l.minTarget;
    const float listBottom = staff.pageCount() > 1 ? pagerY - gap : b0.y + bs.y;
    const float rowH =
        std::max(l.minTarget * 1.1f, (listBottom - top - gap * (StaffFlow::kPageSize - 1)) / StaffFlow::kPageSize);
    const float buttonW = std::min(320 * s, bs.x / 4);
    const size_t first = static_cast<size_t>(staff.page()) * StaffFlow::kPageSize;
    for (size_t i = first; i < std::min(receipts.size(), first + StaffFlow::kPageSize); ++i) {
        const JournalledReceipt& r = receipts[i];
        const float y = top + static_cast<float>(i - first) * (rowH + gap);
        dl->AddRectFilled(ImVec2(b0.x, y), ImVec2(b0.x + bs.x, y + rowH), t.surface.u32(), t.rounding);
        const float pad = 20 * s;
        const float textW = bs.x - buttonW - 3 * pad;
        std::string head = staffTimestamp(r.printedMs) + "  " + r.receipt.title;
        fittedText(t.fonts.button, head.c_str(), ImVec2(b0.x + pad, y + pad), textW, t.text.u32());
        // The first row names the reference (application or booking number).
        if (!r.receipt.rows.empty()) {
            const std::string line = r.receipt.rows.front().first + ": " + r.receipt.rows.front().second;
            fittedText(t.fonts.body, line.c_str(), ImVec2(b0.x + pad, y + pad + t.fonts.button->FontSize + 8 * s),
                       textW, t.textMuted.u32());
        }
        if (bigButton(ui, ("staff.receipts.reprint." + std::to_string(i)).c_str(), ui.tr("staff.receipts.reprint"),
                      ImVec2(b0.x + bs.x - buttonW - pad, y + (rowH - l.minTarget) / 2), ImVec2(buttonW, l.minTarget),
                      ButtonKind::Primary, ui.flow.printState() != PrintState::Printing))
            staff.reprint(i);
    }
    staffPager(ui, staff, pagerY);
}

}  // namespace kiosk
