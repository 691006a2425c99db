#include "screens/views/maint_calibrate_screen.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "screens/flows/maintenance_flow.h"
#include "screens/views/maint_parts.h"
#include "screens/widgets.h"

namespace kiosk {

const char* MaintCalibrateScreen::titleKey(const SessionFlow&) const { return i18nKey("maint.calibrate.title"); }

void MaintCalibrateScreen::draw(UiContext& ui) {
    MaintenanceFlow& flow = maintenanceOf(ui);
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    const float s = l.scale, gap = 28 * s;
    const ImVec2 d = l.display;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float bw = std::min(d.x - 2 * l.margin, 520 * s), bh = l.minTarget;

    if (flow.capturingTouch()) {
        const int i = flow.calibrationIndex();
        const auto f = MaintenanceFlow::calibrationTarget(i);
        const ImVec2 target(f.x * d.x, f.y * d.y);
        // Instructions in the upper middle, clear of every target.
        const std::string step = Strings::format(
            ui.tr("maint.calibrate.step"),
            {{"n", std::to_string(i + 1)}, {"total", std::to_string(MaintenanceFlow::kCalibrationTargets)}});
        centredText(t.fonts.title, ui.tr("maint.calibrate.title"), 0, d.x, d.y * 0.26f, t.text.u32());
        centredText(t.fonts.body, step.c_str(), 0, d.x, d.y * 0.26f + t.fonts.title->FontSize * 1.4f,
                    t.textMuted.u32());
        // The cancel button is submitted first: ImGui gives an overlapping
        // press to the first item, so it is not taken as a measurement.
        if (bigButton(ui, "maint.calibrate.cancel", ui.tr("maint.calibrate.cancel"),
                      ImVec2((d.x - bw) / 2, d.y * 0.68f), ImVec2(bw, bh), ButtonKind::Secondary)) {
            flow.cancelCalibration();
            return;
        }
        // A crosshair in a ring: the centre is where a finger should land.
        const float r = 46 * s;
        dl->AddCircle(target, r, t.primary.u32(), 48, 4 * s);
        dl->AddCircleFilled(target, 7 * s, t.warning.u32());
        dl->AddLine(ImVec2(target.x - 1.6f * r, target.y), ImVec2(target.x + 1.6f * r, target.y), t.text.u32(), 2 * s);
        dl->AddLine(ImVec2(target.x, target.y - 1.6f * r), ImVec2(target.x, target.y + 1.6f * r), t.text.u32(), 2 * s);
        // Everywhere else is the measuring area: the press position as the
        // panel reported it (the app passes raw positions while this shows).
        ImGui::SetCursorScreenPos(ImVec2(0, 0));
        if (ImGui::InvisibleButton("maint.calibrate.area", d)) {
            const ImVec2 p = ImGui::GetIO().MouseClickedPos[0];
            flow.calibrationTap(p.x, p.y, target.x, target.y, d.x, d.y);
        }
        recordTarget(ui, "maint.calibrate.area", ImVec2(0, 0), d).background = true;
        return;
    }

    // The result: the correction found, to save, measure again, or drop. This
    // screen has no header or footer (every tap was a measurement): a column
    // in the middle of the whole display, its three buttons at the bottom,
    // Save (the primary action) at the right.
    Rect column = Rect{ImVec2(0, 0), d}.inset(l.margin);
    const float side = std::max(0.0f, (column.width() - 1200 * s) / 2);
    column.takeLeft(side);
    column.takeRight(side);
    const std::vector<Rect> buttons = columns(column.takeBottom(bh), 3, gap);
    column.takeTop(d.y * 0.18f - l.margin);
    centredText(t.fonts.title, ui.tr("maint.calibrate.result"), column.min.x, column.max.x, column.min.y, t.text.u32());
    column.takeTop(t.fonts.title->FontSize * 1.6f);
    if (const auto& fit = flow.calibrationFit()) {
        char offset[64], scale[64], residual[32];
        std::snprintf(offset, sizeof offset, "%+.1f / %+.1f px", fit->offsetX, fit->offsetY);
        std::snprintf(scale, sizeof scale, "%.3f / %.3f", fit->scaleX, fit->scaleY);
        std::snprintf(residual, sizeof residual, "%.1f px", flow.calibrationResidual());
        infoRowsIn(ui, "##calibration_rows",
                   {{ui.tr("maint.calibrate.offset"), offset},
                    {ui.tr("maint.calibrate.scale"), scale},
                    {ui.tr("maint.calibrate.residual"), residual}},
                   column, t.fonts.body->FontSize * 1.6f);
    } else {
        notice(ui, ui.tr("maint.calibrate.failed"), column.min, column.width(), NoticeKind::Warning);
    }
    const bool canSave = flow.calibrationFit().has_value();
    if (bigButton(ui, "maint.calibrate.cancel", ui.tr("maint.calibrate.cancel"), buttons[0].min, buttons[0].size(),
                  ButtonKind::Secondary)) {
        flow.cancelCalibration();
        return;
    }
    if (bigButton(ui, "maint.calibrate.again", ui.tr("maint.calibrate.again"), buttons[1].min, buttons[1].size(),
                  ButtonKind::Secondary))
        flow.restartCalibration();
    if (bigButton(ui, "maint.calibrate.save", ui.tr("maint.calibrate.save"), buttons[2].min, buttons[2].size(),
                  ButtonKind::Primary, canSave))
        flow.saveCalibration();
}

}  // namespace kiosk
