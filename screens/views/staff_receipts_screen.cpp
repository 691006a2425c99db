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

    const auto& receipts = staff.receipts();
    if (!staffListReady(ui, staff, receipts.empty(), "staff.receipts.failed", "staff.receipts.empty", NoticeKind::Info))
        return;
    Rect area = staffListArea(ui, staff);
    if (staff.reprinted()) {
        // Where the reprint stands, in the session's print state.
        const char* key = ui.flow.printState() == PrintState::Failed    ? "staff.receipts.print_failed"
                          : ui.flow.printState() == PrintState::Printed ? "staff.receipts.printed"
                                                                        : "staff.receipts.printing";
        area.takeTop(notice(ui, ui.tr(key), area.min, area.width(),
                            ui.flow.printState() == PrintState::Failed ? NoticeKind::Warning : NoticeKind::Success),
                     16 * s);
    }

    // Each row: when and what was printed, its reference, and Reprint at the right.
    const float gap = 20 * s, pad = 20 * s;
    ImFont* head = t.fonts.button;
    ImFont* body = t.fonts.body;
    const float buttonW = std::min(320 * s, area.width() / 4);
    const size_t first = static_cast<size_t>(staff.page()) * StaffFlow::kPageSize;
    const size_t last = std::min(receipts.size(), first + StaffFlow::kPageSize);
    const float rowH = std::max(l.minTarget * 1.1f, head->FontSize + 8 * s + body->FontSize + 2 * pad);
    staffRows(ui, "##receipts", area, last - first, gap, [&](size_t, float) { return rowH; }, [&](size_t row, const Rect& box) {
        const size_t i = first + row;
        const JournalledReceipt& r = receipts[i];
        // The draw list of the window the row is in (a scroll region clips it).
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(box.min, box.max, t.surface.u32(), t.rounding);
        Rect inner{ImVec2(box.min.x + pad, box.min.y + pad), ImVec2(box.max.x - pad, box.max.y)};
        const Rect button = inner.takeRight(buttonW, pad);
        const std::string headLine = staffTimestamp(r.printedMs) + "  " + r.receipt.title;
        fittedText(head, headLine.c_str(), inner.takeTop(head->FontSize, 8 * s).min, inner.width(), t.text.u32());
        // The first row names the reference (application or booking number).
        if (!r.receipt.rows.empty()) {
            const std::string line = r.receipt.rows.front().first + ": " + r.receipt.rows.front().second;
            fittedText(body, line.c_str(), inner.min, inner.width(), t.textMuted.u32());
        }
        const Rect reprint = Rect{ImVec2(button.min.x, box.min.y), ImVec2(button.max.x, box.max.y)}.centred(
            ImVec2(buttonW, l.minTarget));
        if (bigButton(ui, ("staff.receipts.reprint." + std::to_string(i)).c_str(), ui.tr("staff.receipts.reprint"),
                      reprint.min, reprint.size(), ButtonKind::Primary, ui.flow.printState() != PrintState::Printing))
            staff.reprint(i);
    });
    staffPager(ui, staff);
}

}  // namespace kiosk
