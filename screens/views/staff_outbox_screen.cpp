#include "screens/views/staff_outbox_screen.h"

#include <algorithm>
#include <string>
#include <vector>

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
    ImDrawList* dl = ImGui::GetWindowDrawList();

    const auto& items = staff.items();
    if (!staffListReady(ui, staff, items.empty(), "staff.outbox.failed", "staff.outbox.empty", NoticeKind::Success))
        return;

    const float gap = 20 * s, pad = 20 * s;
    const Rect area = staffListArea(ui, staff);
    // Each row: what and where it stands, its facts and (when stuck) why, then
    // Retry and Follow up: at the right in landscape, under the text across
    // the row in portrait, where beside it they would squeeze the text.
    const float buttonW = std::min(320 * s, area.width() / 4);
    const size_t first = static_cast<size_t>(staff.page()) * StaffFlow::kPageSize;
    const size_t last = std::min(items.size(), first + StaffFlow::kPageSize);
    ImFont* head = t.fonts.button;
    ImFont* body = t.fonts.body;
    auto textHeight = [&](const StaffOutboxItem& item) {
        return head->FontSize + 8 * s + body->FontSize + (staffItemErrorKey(item) ? 6 * s + body->FontSize : 0);
    };
    std::vector<float> heights;
    for (size_t i = first; i < last; ++i) {
        const float text = textHeight(items[i]) + 2 * pad;
        heights.push_back(l.portrait ? text + l.minTarget + pad : std::max(text, l.minTarget * 1.2f));
    }

    staffRows(ui, "##outbox", area, heights, gap, [&](size_t row, const Rect& box) {
        const StaffOutboxItem& item = items[first + row];
        dl->AddRectFilled(box.min, box.max, t.surface.u32(), t.rounding);
        const bool rejected = item.state == StaffOutboxItem::State::Rejected;
        if (rejected || item.followUp) dl->AddRect(box.min, box.max, t.warning.u32(), t.rounding, 0, 3 * s);

        Rect inner{ImVec2(box.min.x + pad, box.min.y), ImVec2(box.max.x - pad, box.max.y)};
        Rect buttons = l.portrait ? inner.takeBottom(l.minTarget + pad).takeTop(l.minTarget)
                                  : inner.takeRight(2 * buttonW + pad, pad);
        if (!l.portrait) buttons = buttons.centred(ImVec2(buttons.width(), l.minTarget));
        Rect text = inner;
        text.takeTop(pad);
        const float textW = text.width();

        std::string headLine =
            std::string(ui.tr(staffItemKindKey(item.kind))) + " · " + ui.tr(staffItemStateKey(item.state));
        if (item.followUp) headLine += std::string(" · ") + ui.tr("staff.outbox.marked");
        fittedText(head, headLine.c_str(), text.takeTop(head->FontSize, 8 * s).min, textW,
                   (rejected ? t.warning : t.text).u32());
        const std::string facts =
            Strings::format(ui.tr("staff.outbox.facts"), {{"id", std::to_string(item.id)},
                                                          {"at", staffTimestamp(item.createdMs)},
                                                          {"attempts", std::to_string(item.attempts)}});
        fittedText(body, facts.c_str(), text.takeTop(body->FontSize, 6 * s).min, textW, t.textMuted.u32());
        // Why it is stuck in words first; the centre's or the network's own
        // message after it, for whoever follows it up.
        if (const char* why = staffItemErrorKey(item)) {
            std::string line = ui.tr(why);
            if (!item.lastError.empty())
                line += "  " + Strings::format(ui.tr("staff.outbox.detail"), {{"detail", item.lastError}});
            fittedText(body, line.c_str(), text.takeTop(body->FontSize).min, textW,
                       (rejected ? t.warning : t.textMuted).u32());
        }

        const std::vector<Rect> cells = columns(buttons, 2, pad);
        const std::string id = std::to_string(item.id);
        const bool retryable =
            item.state == StaffOutboxItem::State::Rejected || item.state == StaffOutboxItem::State::Pending;
        if (bigButton(ui, ("staff.outbox.retry." + id).c_str(), ui.tr("staff.outbox.retry"), cells[0].min,
                      cells[0].size(), ButtonKind::Primary, retryable))
            staff.retryItem(item.id);
        if (bigButton(ui, ("staff.outbox.follow_up." + id).c_str(),
                      ui.tr(item.followUp ? "staff.outbox.unmark" : "staff.outbox.mark"), cells[1].min,
                      cells[1].size(), ButtonKind::Secondary))
            staff.toggleFollowUp(item.id);
    });
    staffPager(ui, staff);
}

}  // namespace kiosk
