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
    // Why it is stuck in words first; the centre's or the network's own
    // message after it, for whoever follows it up. Wrapped, not shrunk.
    auto whyText = [&](const StaffOutboxItem& item) {
        const char* why = staffItemErrorKey(item);
        if (!why) return std::string();
        std::string line = ui.tr(why);
        if (!item.lastError.empty())
            line += "  " + Strings::format(ui.tr("staff.outbox.detail"), {{"detail", item.lastError}});
        return line;
    };
    // The text's width in a row `width` wide: beside the buttons in landscape.
    auto textWidth = [&](float width) { return width - 2 * pad - (l.portrait ? 0 : 2 * buttonW + 2 * pad); };
    auto rowHeight = [&](size_t row, float width) {
        const std::string why = whyText(items[first + row]);
        const float text = head->FontSize + 8 * s + body->FontSize +
                           (why.empty() ? 0 : 6 * s + wrappedHeight(body, why.c_str(), textWidth(width))) + 2 * pad;
        return l.portrait ? text + l.minTarget + pad : std::max(text, l.minTarget * 1.2f);
    };

    staffRows(ui, "##outbox", area, last - first, gap, rowHeight, [&](size_t row, const Rect& box) {
        const StaffOutboxItem& item = items[first + row];
        // The draw list of the window the row is in (a scroll region clips it).
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(box.min, box.max, t.surface.u32(), t.rounding);
        const bool rejected = item.state == StaffOutboxItem::State::Rejected;
        if (rejected || item.followUp) dl->AddRect(box.min, box.max, t.warning.u32(), t.rounding, 0, 3 * s);

        Rect text{ImVec2(box.min.x + pad, box.min.y + pad), ImVec2(box.max.x - pad, box.max.y)};
        Rect buttons = l.portrait ? text.takeBottom(l.minTarget + pad).takeTop(l.minTarget)
                                  : text.takeRight(2 * buttonW + pad, pad);
        if (!l.portrait)
            buttons = Rect{ImVec2(buttons.min.x, box.min.y), ImVec2(buttons.max.x, box.max.y)}.centred(
                ImVec2(buttons.width(), l.minTarget));
        const float textW = textWidth(box.width());

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
        if (const std::string why = whyText(item); !why.empty())
            wrappedText(body, why.c_str(), text.min, textW, (rejected ? t.warning : t.textMuted).u32(), text.height());

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
