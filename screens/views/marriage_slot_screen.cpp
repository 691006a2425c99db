#include "screens/views/marriage_slot_screen.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "screens/flows/service_flows.h"
#include "screens/views/marriage_parts.h"
#include "screens/widgets.h"

namespace kiosk {

const char* MarriageSlotScreen::titleKey(const SessionFlow&) const { return i18nKey("marriage.slot.title"); }

void MarriageSlotScreen::draw(UiContext& ui) {
    MarriageFlow& flow = ui.flow.services().marriage;
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    const float gap = l.gap();
    const bool online = flow.slotsData() == MarriageFlow::Data::Online;
    // Online one tap takes a time and moves on: no buttons below the list.
    const MarriageBottom bottom = marriageBottom(l, online ? 0 : 1);
    Rect area = online ? l.body() : bottom.content;

    const Rect day = area.takeTop(t.fonts.title->FontSize, gap);
    fittedText(t.fonts.title, marriageDateText(ui, flow.date()).c_str(), day.min, day.width(), t.primary.u32());
    if (!online)
        area.takeTop(notice(ui, ui.tr("marriage.slot.offline_hint"), area.min, area.width(), NoticeKind::Warning), gap);

    // Online the day's slots with their free places; offline the offices'
    // published times, each a choice in the order tapped.
    std::vector<MarriageSlot> slots = online ? flow.slotsOn(flow.date()) : std::vector<MarriageSlot>{};
    if (!online)
        for (const auto& time : standardSlotTimes()) slots.push_back({flow.date(), time, 0, 0});
    // One or two columns; more when the rows would get lower than a finger
    // (large text with the offline hint above them), and when even that is
    // not enough, rows of a finger's height that scroll.
    const int count = static_cast<int>(slots.size());
    int cols = l.portrait ? 1 : 2;
    auto rowsOf = [&](int c) { return (count + c - 1) / c; };
    auto heightFor = [&](int c) {
        const int n = rowsOf(c);
        return n > 0 ? std::min(200 * l.textScale(),
                                (area.height() - gap * static_cast<float>(n - 1)) / static_cast<float>(n))
                     : 0.0f;
    };
    while (heightFor(cols) < l.minTouch && cols < 4) ++cols;
    const float cellH = std::max(heightFor(cols), l.minTouch);
    const float listH = static_cast<float>(rowsOf(cols)) * (cellH + gap) - gap;
    std::optional<ScrollRegion> scroll;
    Rect list = area;
    if (listH > area.height() + 0.5f) {
        scroll.emplace(ui, "##slots", area);
        list = Rect{scroll->origin(), ImVec2(scroll->origin().x + scroll->width(), scroll->origin().y + listH)};
    }
    const std::vector<Rect> cells = grid(list, count, cols, gap, cellH);
    for (size_t i = 0; i < slots.size(); ++i) {
        const MarriageSlot& slot = slots[i];
        const Rect& cell = cells[i];
        std::string label = slot.slot;
        std::string target = "marriage.slot." + std::to_string(i);
        if (online) {
            const bool enabled = slot.available > 0;
            label += "    " + (enabled ? Strings::format(ui.tr("marriage.date.free"),
                                                         {{"count", std::to_string(slot.available)}})
                                       : std::string(ui.tr("marriage.date.full")));
            if (bigButton(ui, target.c_str(), label.c_str(), cell.min, cell.size(), ButtonKind::Secondary, enabled))
                flow.chooseSlot(slot.slot);
            continue;
        }
        // Offline: up to three times, ticked, each with its place in the order.
        const int n = flow.choiceIndex({slot.date, slot.slot});
        if (n >= 0) label += "    " + Strings::format(ui.tr("marriage.slot.choice_n"), {{"n", std::to_string(n + 1)}});
        if (choiceButton(ui, target.c_str(), label.c_str(), n >= 0, cell.min, cell.size())) flow.chooseSlot(slot.slot);
    }
    if (scroll) scroll->end(listH);
    if (!online) {
        const Rect& another = bottom.secondary[0];
        if (bigButton(ui, "marriage.slot.another_day", ui.tr("marriage.slot.another_day"), another.min, another.size(),
                      ButtonKind::Secondary))
            flow.anotherDay();
        if (bigButton(ui, "marriage.slot.continue", ui.tr("marriage.continue"), bottom.primary.min,
                      bottom.primary.size(), ButtonKind::Primary, !flow.choices().empty()))
            flow.continueFromSlots();
    }
}

}  // namespace kiosk
