#include "screens/views/maint_display_screen.h"

#include <cstdio>
#include <vector>

#include "screens/flows/maintenance_flow.h"
#include "screens/views/assist_widgets.h"
#include "screens/views/maint_parts.h"
#include "screens/widgets.h"

namespace kiosk {

const char* MaintDisplayScreen::titleKey(const SessionFlow&) const { return i18nKey("maint.display.title"); }

void MaintDisplayScreen::draw(UiContext& ui) {
    MaintenanceFlow& flow = maintenanceOf(ui);
    const Layout& l = ui.layout;
    const float s = l.scale, gap = 28 * s;
    // Orientation and touch calibration side by side in landscape (one
    // above the other in portrait), above the bottom row of actions.
    const std::vector<Rect> parts = columns(l.content(), l.portrait ? 1 : 2, gap);
    ImVec2 b0 = parts[0].min, bs = parts[0].size();
    ImFont* heading = ui.theme.fonts.button;
    float y = b0.y;

    // Orientation: two large choices, the one in effect marked.
    fittedText(heading, ui.tr("maint.display.orientation"), ImVec2(b0.x, y), bs.x, ui.theme.text.u32());
    y += heading->FontSize * 1.4f;
    const float cw = (bs.x - gap) / 2;
    const Orientation o = flow.orientation();
    if (choiceButton(ui, "maint.display.landscape", ui.tr("maint.display.landscape"), o == Orientation::Landscape,
                     ImVec2(b0.x, y), ImVec2(cw, l.minTarget)))
        flow.setOrientation(Orientation::Landscape);
    if (choiceButton(ui, "maint.display.portrait", ui.tr("maint.display.portrait"), o == Orientation::Portrait,
                     ImVec2(b0.x + cw + gap, y), ImVec2(cw, l.minTarget)))
        flow.setOrientation(Orientation::Portrait);
    y += l.minTarget + gap / 2;
    if (!flow.rotatesAtOnce()) {
        wrappedText(ui.theme.fonts.body, ui.tr("maint.display.next_start"), ImVec2(b0.x, y), bs.x,
                    ui.theme.textMuted.u32());
        y += wrappedHeight(ui.theme.fonts.body, ui.tr("maint.display.next_start"), bs.x);
    }
    y += gap;
    if (parts.size() > 1) {
        b0 = parts[1].min, bs = parts[1].size();
        y = b0.y;
    }

    // Touch calibration: what is applied now, and the two actions.
    fittedText(heading, ui.tr("maint.display.touch"), ImVec2(b0.x, y), bs.x, ui.theme.text.u32());
    y += heading->FontSize * 1.4f;
    const TouchCalibration c = flow.calibration();
    std::string current = ui.tr("maint.display.not_calibrated");
    if (!c.identity()) {
        char offset[64], scale[64];
        std::snprintf(offset, sizeof offset, "%+.1f / %+.1f px", c.offsetX, c.offsetY);
        std::snprintf(scale, sizeof scale, "%.3f / %.3f", c.scaleX, c.scaleY);
        current = Strings::format(ui.tr("maint.display.calibration"), {{"offset", offset}, {"scale", scale}});
    }
    fittedText(ui.theme.fonts.body, current.c_str(), ImVec2(b0.x, y), bs.x, ui.theme.text.u32());
    y += ui.theme.fonts.body->FontSize * 1.5f;

    if (flow.displayMessageKey())
        notice(ui, ui.tr(flow.displayMessageKey()), ImVec2(b0.x, y), bs.x,
               flow.displayMessageKey() == std::string_view("maint.display.not_stored") ? NoticeKind::Warning
                                                                                        : NoticeKind::Success);

    const int tapped =
        bottomButtons(ui,
                      {{"maint.display.reset", ui.tr("maint.display.reset"), !c.identity()},
                       {"maint.display.calibrate", ui.tr("maint.display.calibrate"), true, ButtonKind::Primary}},
                      nullptr);
    if (tapped == 0) flow.resetCalibration();
    if (tapped == 1) flow.startCalibration();
}

}  // namespace kiosk
