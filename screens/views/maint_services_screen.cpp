#include "screens/views/maint_services_screen.h"

#include <algorithm>

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
    const ImVec2 b0 = l.bodyMin(), bs = l.bodySize();
    float y = b0.y;
    y +=
        notice(ui, ui.tr(flow.status().fleetMaintenance ? "maint.services.fleet_maintenance" : "maint.services.prompt"),
               ImVec2(b0.x, y), bs.x, flow.status().fleetMaintenance ? NoticeKind::Warning : NoticeKind::Info) +
        gap;

    // One cell per service: its name and state in words, and the switch.
    // A column of four where they fit at a finger's size, else two by two.
    const float room = b0.y + bs.y - y;
    const float cellMin = l.minTarget + 16 * s;
    const int cols = (room - 3 * gap) / 4 >= cellMin ? 1 : 2;
    const int rows = 4 / cols;
    const float cellW = (bs.x - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    const float rowH =
        std::min(l.minTarget * 1.15f, (room - gap * static_cast<float>(rows - 1)) / static_cast<float>(rows));
    const float switchW = l.portrait || cols > 1 ? cellW * 0.42f : std::min(cellW * 0.3f, 480 * s);
    const float top = y;
    int index = 0;
    for (ServiceId id : kAllServices) {
        const bool on = flow.serviceEnabled(id);
        const ImVec2 p(b0.x + static_cast<float>(index % cols) * (cellW + gap),
                       top + static_cast<float>(index / cols) * (rowH + gap));
        ++index;
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(p, ImVec2(p.x + cellW, p.y + rowH), t.surface.u32(), t.rounding);
        dl->AddRect(p, ImVec2(p.x + cellW, p.y + rowH), t.border.u32(), t.rounding, 0, 2 * s);
        const float pad = 24 * s;
        const float textW = cellW - switchW - 3 * pad;
        ImFont* nf = t.fonts.button;
        const float k = std::min(1.0f, (rowH - pad) / (nf->FontSize + t.fonts.body->FontSize * 1.1f));
        fittedText(nf, ui.tr(serviceKeys(id).title), ImVec2(p.x + pad, p.y + pad / 2), textW, t.text.u32(), nf->FontSize * k);
        fittedText(t.fonts.body, ui.tr(on ? "maint.services.on" : "maint.services.off"),
                   ImVec2(p.x + pad, p.y + pad / 2 + nf->FontSize * k * 1.1f), textW, (on ? t.success : t.warning).u32(),
                   t.fonts.body->FontSize * k);
        const std::string target = "maint.service." + std::string(serviceName(id));
        const float bh = std::min(rowH - 2 * (4 * s), l.minTarget);
        if (bigButton(ui, target.c_str(), ui.tr(on ? "maint.services.switch_off" : "maint.services.switch_on"),
                      ImVec2(p.x + cellW - pad - switchW, p.y + (rowH - bh) / 2), ImVec2(switchW, bh),
                      on ? ButtonKind::Secondary : ButtonKind::Primary))
            flow.toggleService(id);
    }
}

}  // namespace kiosk
