#include "screens/views/staff_outbox_screen.h"

#include <algorithm>
#include <string>

#include "screens/flows/staff_flow.h"
#include "screens/views/staff_parts.h"
#include "screens/widgets.h"

namespace kiosk {

const char* StaffOutboxScreen::titleKey(const SessionFlow&) const { return i18nKey("staff.outbox.title"); }

void StaffOutboxScreen::draw(UiContext& ui) {
    StaffFlow& staff = ui.flow.staff();
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    const float s = l.scale;
    const ImVec2 b0 = l.bodyMin(), bs = l.bodySize();
    ImDrawList* dl = ImGui::GetWindowDrawList();

    const auto& items = staff.items();
    if (!staffListReady(ui, staff, items.empty(), "staff.outbox.failed", "staff.outbox.empty", NoticeKind::Success))
        return;

    const float gap = 20 * s;
    const float pagerY = b0.y + bs.y - l.minTarget;
    const float listBottom = staff.pageCount() > 1 ? pagerY - gap : b0.y + bs.y;
    const float rowH =
        std::max(l.minTarget * 1.2f, (listBottom - b0.y - gap * (StaffFlow::kPageSize - 1)) / StaffFlow::kPageSize);
    const float buttonW = std::min(320 * s, bs.x / 4);
    const size_t first = static_cast<size_t>(staff.page()) * StaffFlow::kPageSize;
    for (size_t i = first; i < std::min(items.size(), first + StaffFlow::kPageSize); ++i) {
        const StaffOutboxItem& item = items[i];
        const float y = b0.y + static_cast<float>(i - first) * (rowH + gap);
        dl->AddRectFilled(ImVec2(b0.x, y), ImVec2(b0.x + bs.x, y + rowH), t.surface.u32(), t.rounding);
        const bool rejected = item.state == StaffOutboxItem::State::Rejected;
        if (rejected || item.followUp)
            dl->AddRect(ImVec2(b0.x, y), ImVec2(b0.x + bs.x, y + rowH), t.warning.u32(), t.rounding, 0, 3 * s);

        const float pad = 20 * s;
        const float textW = bs.x - 2 * buttonW - 3 * pad;
        float ty = y + pad;
        std::string head =
            std::string(ui.tr(staffItemKindKey(item.kind))) + " · " + ui.tr(staffItemStateKey(item.state));
        if (item.followUp) head += std::string(" · ") + ui.tr("staff.outbox.marked");
        fittedText(t.fonts.button, head.c_str(), ImVec2(b0.x + pad, ty), textW, (rejected ? t.warning : t.text).u32());
        ty += t.fonts.button->FontSize + 8 * s;
        const std::string facts =
            Strings::format(ui.tr("staff.outbox.facts"), {{"id", std::to_string(item.id)},
                                                          {"at", staffTimestamp(item.createdMs)},
                                                          {"attempts", std::to_string(item.attempts)}});
        fittedText(t.fonts.body, facts.c_str(), ImVec2(b0.x + pad, ty), textW, t.textMuted.u32());
        ty += t.fonts.body->FontSize + 6 * s;
        // Why it is stuck in words first; the centre's or the network's own
        // message after it, for whoever follows it up.
        if (const char* why = staffItemErrorKey(item); why && ty + t.fonts.body->FontSize < y + rowH) {
            std::string line = ui.tr(why);
            if (!item.lastError.empty())
                line += "  " + Strings::format(ui.tr("staff.outbox.detail"), {{"detail", item.lastError}});
            fittedText(t.fonts.body, line.c_str(), ImVec2(b0.x + pad, ty), textW, (rejected ? t.warning : t.textMuted).u32());
        }

        const float by = y + (rowH - l.minTarget) / 2;
        const std::string id = std::to_string(item.id);
        const bool retryable =
            item.state == StaffOutboxItem::State::Rejected || item.state == StaffOutboxItem::State::Pending;
        if (bigButton(ui, ("staff.outbox.retry." + id).c_str(), ui.tr("staff.outbox.retry"),
                      ImVec2(b0.x + bs.x - 2 * buttonW - 2 * pad, by), ImVec2(buttonW, l.minTarget),
                      ButtonKind::Primary, retryable))
            staff.retryItem(item.id);
        if (bigButton(ui, ("staff.outbox.follow_up." + id).c_str(),
                      ui.tr(item.followUp ? "staff.outbox.unmark" : "staff.outbox.mark"),
                      ImVec2(b0.x + bs.x - buttonW - pad, by), ImVec2(buttonW, l.minTarget), ButtonKind::Secondary))
            staff.toggleFollowUp(item.id);
    }
    staffPager(ui, staff, pagerY);
}

}  // namespace kiosk
