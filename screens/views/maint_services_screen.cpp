#include "screens/views/maint_services_screen.h"

#include <algorithm>
#include <vector>

#include "screens/flows/maintenance_flow.h"
#include "screens/service_keys.h"
#include "screens/views/maint_parts.h"
#include "screens/widgets.h"

namespace kiosk {

const char* MaintServicesScreen::titleKey(const SessionFlow&) const { return i18nKey("maint.services.title"); }

void MaintServicesScreen::draw(UiContext& ui) {
    MaintenanceFlow& flow = maintenanceOf(ui);
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    const float s = l.scale, gap = 24 * s;
    Rect area = l.body();
    area.takeTop(
        notice(ui, ui.tr(flow.status().fleetMaintenance ? "maint.services.fleet_maintenance" : "maint.services.prompt"),
               area.min, area.width(), flow.status().fleetMaintenance ? NoticeKind::Warning : NoticeKind::Info),
        gap);

    // One cell per service: its name and state in words, and the switch.
    // A column of four where they fit at a finger's size, else two by two.
    const float room = area.height();
    const float cellMin = l.minTarget + 16 * s;
    const int cols = (room - 3 * gap) / 4 >= cellMin ? 1 : 2;
    const int rows = 4 / cols;
    const float rowH =
        std::min(l.minTarget * 1.15f, (room - gap * static_cast<float>(rows - 1)) / static_cast<float>(rows));
    const std::vector<Rect> cells = grid(area, static_cast<int>(kAllServices.size()), cols, gap, rowH);
    const float cellW = cells.front().width();
    const float switchW = l.portrait || cols > 1 ? cellW * 0.42f : std::min(cellW * 0.3f, 480 * s);
    const float pad = 24 * s;
    const float bh = std::min(rowH - 2 * (4 * s), l.minTarget);
    ImFont* nf = t.fonts.button;
    const float k = std::min(1.0f, (rowH - pad) / (nf->FontSize + t.fonts.body->FontSize * 1.1f));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (size_t i = 0; i < kAllServices.size(); ++i) {
        const ServiceId id = kAllServices[i];
        const bool on = flow.serviceEnabled(id);
        const Rect& cell = cells[i];
        dl->AddRectFilled(cell.min, cell.max, t.surface.u32(), t.rounding);
        dl->AddRect(cell.min, cell.max, t.border.u32(), t.rounding, 0, 2 * s);
        Rect text{ImVec2(cell.min.x + pad, cell.min.y + pad / 2), ImVec2(cell.max.x - pad, cell.max.y)};
        const Rect switchCell = text.takeRight(switchW, pad);
        fittedText(nf, ui.tr(serviceKeys(id).title), text.min, text.width(), t.text.u32(), nf->FontSize * k);
        fittedText(t.fonts.body, ui.tr(on ? "maint.services.on" : "maint.services.off"),
                   ImVec2(text.min.x, text.min.y + nf->FontSize * k * 1.1f), text.width(),
                   (on ? t.success : t.warning).u32(), t.fonts.body->FontSize * k);
        const Rect button = Rect{ImVec2(switchCell.min.x, cell.min.y), ImVec2(switchCell.max.x, cell.max.y)}.centred(
            ImVec2(switchW, bh));
        const std::string target = "maint.service." + std::string(serviceName(id));
        if (bigButton(ui, target.c_str(), ui.tr(on ? "maint.services.switch_off" : "maint.services.switch_on"),
                      button.min, button.size(), on ? ButtonKind::Secondary : ButtonKind::Primary))
            flow.toggleService(id);
    }
}

}  // namespace kiosk
