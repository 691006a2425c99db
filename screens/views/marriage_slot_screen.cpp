#include "screens/views/marriage_slot_screen.h"

#include <algorithm>

#include "screens/flows/service_flows.h"
#include "screens/views/marriage_parts.h"
#include "screens/widgets.h"

namespace kiosk {

const char* MarriageSlotScreen::titleKey(const SessionFlow&) const { return i18nKey("marriage.slot.title"); }

void MarriageSlotScreen::draw(UiContext& ui) {
    MarriageFlow& flow = ui.flow.services().marriage;
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    const float s = l.scale, gap = 24 * s;
    const ImVec2 b0 = l.bodyMin(), bs = l.bodySize();
    const float buttonH = l.minTarget, buttonsY = b0.y + bs.y - buttonH;
    float y = b0.y;

    plainText(t.fonts.title, marriageDateText(ui, flow.date()).c_str(), ImVec2(b0.x, y), t.primary.u32());
    y += t.fonts.title->FontSize + gap;
    const bool online = flow.slotsData() == MarriageFlow::Data::Online;
    if (!online) y += notice(ui, ui.tr("marriage.slot.offline_hint"), ImVec2(b0.x, y), bs.x, NoticeKind::Warning) + gap;

    // Online the day's slots with their free places; offline the offices'
    // published times, each a choice in the order tapped.
    std::vector<MarriageSlot> slots = online ? flow.slotsOn(flow.date()) : std::vector<MarriageSlot>{};
    if (!online)
        for (const auto& time : standardSlotTimes()) slots.push_back({flow.date(), time, 0, 0});
    // One or two columns; more when the rows would get lower than a finger
    // (large text with the offline hint above them).
    const float bottom = online ? b0.y + bs.y : buttonsY - gap;
    int cols = l.portrait ? 1 : 2, rows = 0;
    float cellH = 0;
    for (;; ++cols) {
        rows = static_cast<int>((slots.size() + static_cast<size_t>(cols) - 1) / static_cast<size_t>(cols));
        cellH = rows > 0 ? std::min(200 * l.textScale(), (bottom - y - gap * static_cast<float>(rows - 1)) / rows) : 0;
        if (cellH >= l.minTouch || cols >= 4) break;
    }
    const float cellW = (bs.x - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    for (size_t i = 0; i < slots.size(); ++i) {
        const MarriageSlot& slot = slots[i];
        ImVec2 p(b0.x + static_cast<float>(i % cols) * (cellW + gap), y + static_cast<float>(i / cols) * (cellH + gap));
        std::string label = slot.slot;
        std::string target = "marriage.slot." + std::to_string(i);
        if (online) {
            // One tap takes the time and moves on.
            const bool enabled = slot.available > 0;
            label += "    " + (enabled ? Strings::format(ui.tr("marriage.date.free"), {{"count", std::to_string(slot.available)}})
                                       : std::string(ui.tr("marriage.date.full")));
            if (bigButton(ui, target.c_str(), label.c_str(), p, ImVec2(cellW, cellH), ButtonKind::Secondary, enabled))
                flow.chooseSlot(slot.slot);
            continue;
        }
        // Offline: up to three times, ticked, each with its place in the order.
        const int n = flow.choiceIndex({slot.date, slot.slot});
        if (n >= 0) label += "    " + Strings::format(ui.tr("marriage.slot.choice_n"), {{"n", std::to_string(n + 1)}});
        if (choiceButton(ui, target.c_str(), label.c_str(), n >= 0, p, ImVec2(cellW, cellH))) flow.chooseSlot(slot.slot);
    }
    if (!online) {
        const float bw = std::min((bs.x - gap) / 2, 560 * s);
        if (bigButton(ui, "marriage.slot.another_day", ui.tr("marriage.slot.another_day"), ImVec2(b0.x, buttonsY),
                      ImVec2(bw, buttonH), ButtonKind::Secondary))
            flow.anotherDay();
        if (bigButton(ui, "marriage.slot.continue", ui.tr("marriage.continue"), ImVec2(b0.x + bs.x - bw, buttonsY),
                      ImVec2(bw, buttonH), ButtonKind::Primary, !flow.choices().empty()))
            flow.continueFromSlots();
    }
}

}  // namespace kiosk
