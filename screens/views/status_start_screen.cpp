#include "screens/views/status_start_screen.h"

#include <algorithm>
#include <vector>

#include "screens/flows/service_flows.h"
#include "screens/layout.h"
#include "screens/widgets.h"

namespace kiosk {

const char* StatusStartScreen::titleKey(const SessionFlow&) const { return i18nKey("service.status.title"); }

void StatusStartScreen::draw(UiContext& ui) {
    StatusFlow& flow = ui.flow.services().status;
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    const float gap = 32 * l.scale;
    Rect area = l.body();

    const char* intro = ui.tr("status.start_hint");
    area.takeTop(wrappedText(t.fonts.body, intro, area.min, area.width(), t.textMuted.u32()), gap);

    // Side by side in landscape, stacked in portrait; never taller than
    // needed, so the two choices read as two buttons, not two walls.
    const int n = l.portrait ? 2 : 1;
    const float tileH = std::max(std::min((area.height() - gap * (n - 1)) / n, 520 * l.textScale()), l.minTarget);
    const std::vector<Rect> tiles = grid(area, 2, l.portrait ? 1 : 2, gap, tileH);
    if (serviceTile(ui, "status.scan", ui.tr("status.scan"), ui.tr("status.scan_detail"), tiles[0].min, tiles[0].size(),
                    true))
        flow.chooseScan();
    if (serviceTile(ui, "status.list", ui.tr("status.list"), ui.tr("status.list_detail"), tiles[1].min, tiles[1].size(),
                    true))
        flow.chooseList();
}

}  // namespace kiosk
