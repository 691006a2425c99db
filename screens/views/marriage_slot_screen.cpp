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

    ImGui::GetWindowDrawList()->AddText(t.fonts.title, t.fonts.title->FontSize, ImVec2(b0.x, y), t.primary.u32(),
                                        marriageDateText(ui, flow.date()).c_str());
    y += t.fonts.title->FontSize + gap;
    const bool online = flow.slotsData() == MarriageFlow::Data::Online;
    if (!online) y += notice(ui, ui.tr("marriage.slot.offline_hint"), ImVec2(b0.x, y), bs.x, NoticeKind::Warning) + gap;

    // Online the day's slots with their free places; offline the offices'
    // published times, each a choice in the order tapped.
    std::vector<MarriageSlot> slots = online ? flow.slotsOn(flow.date()) : std::vector<MarriageSlot>{};
    if (!online)
        for (const auto& time : standardSlotTimes()) slots.push_back({flow.date(), time, 0, 0});
    const int cols = l.portrait ? 1 : 2;
    const int rows = static_cast<int>((slots.size() + cols - 1) / cols);
    const float bottom = online ? b0.y + bs.y : buttonsY - gap;
    const float cellW = (bs.x - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    const float cellH = rows > 0 ? std::min(200 * l.textScale(), (bottom - y - gap * static_cast<float>(rows - 1)) / rows) : 0;
    for (size_t i = 0; i < slots.size(); ++i) {
        const MarriageSlot& slot = slots[i];
        ImVec2 p(b0.x + static_cast<float>(i % cols) * (cellW + gap), y + static_cast<float>(i / cols) * (cellH + gap));
        std::string label = slot.slot;
        bool enabled = true;
        ButtonKind kind = ButtonKind::Secondary;
        if (online) {
            enabled = slot.available > 0;
            label += "    " + (enabled ? Strings::format(ui.tr("marriage.date.free"), {{"count", std::to_string(slot.available)}})
                                       : std::string(ui.tr("marriage.date.full")));
        } else if (int n = flow.choiceIndex({slot.date, slot.slot}); n >= 0) {
            label += "    " + Strings::format(ui.tr("marriage.slot.choice_n"), {{"n", std::to_string(n + 1)}});
            kind = ButtonKind::Primary;
        }
        std::string target = "marriage.slot." + std::to_string(i);
        if (bigButton(ui, target.c_str(), label.c_str(), p, ImVec2(cellW, cellH), kind, enabled)) flow.chooseSlot(slot.slot);
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
