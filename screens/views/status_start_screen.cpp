#include "screens/views/status_start_screen.h"

#include <algorithm>

#include "screens/flows/service_flows.h"
#include "screens/widgets.h"

namespace kiosk {

const char* StatusStartScreen::titleKey(const SessionFlow&) const { return i18nKey("service.status.title"); }

void StatusStartScreen::draw(UiContext& ui) {
    StatusFlow& flow = ui.flow.services().status;
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    const float s = l.scale;
    const ImVec2 b0 = l.bodyMin(), bs = l.bodySize();
    const float gap = 32 * s;

    const char* intro = ui.tr("status.start_hint");
    wrappedText(t.fonts.body, intro, b0, bs.x, t.textMuted.u32());
    const float y = b0.y + wrappedHeight(t.fonts.body, intro, bs.x) + gap;

    // Side by side in landscape, stacked in portrait; never taller than
    // needed, so the two choices read as two buttons, not two walls.
    const bool stacked = l.portrait;
    const float room = b0.y + bs.y - y;
    const float tileW = stacked ? bs.x : (bs.x - gap) / 2;
    const float tileH = std::min(stacked ? (room - gap) / 2 : room, 520 * l.textScale());
    const ImVec2 size(tileW, std::max(tileH, l.minTarget));
    const ImVec2 first(b0.x, y);
    const ImVec2 second = stacked ? ImVec2(b0.x, y + size.y + gap) : ImVec2(b0.x + tileW + gap, y);
    if (serviceTile(ui, "status.scan", ui.tr("status.scan"), ui.tr("status.scan_detail"), first, size, true))
        flow.chooseScan();
    if (serviceTile(ui, "status.list", ui.tr("status.list"), ui.tr("status.list_detail"), second, size, true))
        flow.chooseList();
}

}  // namespace kiosk
