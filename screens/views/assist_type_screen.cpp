#include "screens/views/assist_type_screen.h"

#include <string>

#include "screens/flows/service_flows.h"
#include "screens/views/assist_widgets.h"
#include "screens/widgets.h"

namespace kiosk {

const char* AssistTypeScreen::titleKey(const SessionFlow&) const { return i18nKey("assist.type.title"); }

void AssistTypeScreen::draw(UiContext& ui) {
    AssistanceFlow& flow = ui.flow.services().assistance;
    const Layout& l = ui.layout;
    const float s = l.scale, gap = 28 * s;
    const ImVec2 b0 = l.bodyMin(), bs = l.bodySize();
    float y = b0.y;
    const bool named = flow.applicantNamed();
    if (!named) y += notice(ui, ui.tr("assist.type.needs_card"), ImVec2(b0.x, y), bs.x, NoticeKind::Warning) + gap;

    // Four tiles: two by two across a landscape screen, one above the other
    // in portrait. The tile is the choice: one tap moves on.
    const int cols = l.portrait ? 1 : 2, rows = 4 / cols;
    const float tileW = (bs.x - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    const float tileH = (b0.y + bs.y - y - gap * static_cast<float>(rows - 1)) / static_cast<float>(rows);
    for (size_t i = 0; i < kAllAssistanceTypes.size(); ++i) {
        const AssistanceType type = kAllAssistanceTypes[i];
        ImVec2 pos(b0.x + static_cast<float>(i % static_cast<size_t>(cols)) * (tileW + gap),
                   y + static_cast<float>(i / static_cast<size_t>(cols)) * (tileH + gap));
        std::string target = std::string("assist.type.") + assistanceTypeName(type);
        if (serviceTile(ui, target.c_str(), ui.tr(assistanceTypeKey(type)), ui.tr(assistanceTypeExplainKey(type)), pos,
                        ImVec2(tileW, tileH), named))
            flow.chooseType(type);
        // The type chosen before (back from a later step): a tick in its corner.
        if (flow.type() == type) {
            const float mark = std::min(tileH * 0.3f, 56 * l.textScale());
            tickMark(ImVec2(pos.x + tileW - mark, pos.y + mark), mark, ui.theme.primary.u32(), std::max(3.0f, 7 * s));
        }
    }
}

}  // namespace kiosk
