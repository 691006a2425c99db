#include "screens/views/assist_type_screen.h"

#include <algorithm>
#include <string>
#include <vector>

#include "screens/flows/service_flows.h"
#include "screens/layout.h"
#include "screens/widgets.h"

namespace kiosk {

const char* AssistTypeScreen::titleKey(const SessionFlow&) const { return i18nKey("assist.type.title"); }

void AssistTypeScreen::draw(UiContext& ui) {
    AssistanceFlow& flow = ui.flow.services().assistance;
    const Layout& l = ui.layout;
    const float s = l.scale, gap = 28 * s;
    // No primary action: the tile is the choice, one tap moves on; the
    // tiles take the whole body.
    Rect area = l.body();
    const bool named = flow.applicantNamed();
    if (!named) area.takeTop(notice(ui, ui.tr("assist.type.needs_card"), area.min, area.width(), NoticeKind::Warning), gap);

    // Four tiles: two by two across a landscape screen, one above the other
    // in portrait.
    const std::vector<Rect> tiles =
        grid(area, static_cast<int>(kAllAssistanceTypes.size()), l.portrait ? 1 : 2, gap);
    for (size_t i = 0; i < kAllAssistanceTypes.size(); ++i) {
        const AssistanceType type = kAllAssistanceTypes[i];
        const Rect& tile = tiles[i];
        std::string target = std::string("assist.type.") + assistanceTypeName(type);
        if (serviceTile(ui, target.c_str(), ui.tr(assistanceTypeKey(type)), ui.tr(assistanceTypeExplainKey(type)), tile.min,
                        tile.size(), named))
            flow.chooseType(type);
        // The type chosen before (back from a later step): a tick in its corner.
        if (flow.type() == type) {
            const float mark = std::min(tile.height() * 0.3f, 56 * l.textScale());
            tickMark(ImVec2(tile.max.x - mark, tile.min.y + mark), mark, ui.theme.primary.u32(), std::max(3.0f, 7 * s));
        }
    }
}

}  // namespace kiosk
