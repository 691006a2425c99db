#include "screens/views/maint_export_screen.h"

#include <algorithm>

#include "screens/flows/maintenance_flow.h"
#include "screens/views/maint_parts.h"
#include "screens/widgets.h"

namespace kiosk {

const char* MaintExportScreen::titleKey(const SessionFlow&) const { return i18nKey("maint.export.title"); }

void MaintExportScreen::draw(UiContext& ui) {
    MaintenanceFlow& flow = maintenanceOf(ui);
    const Layout& l = ui.layout;
    const float s = l.scale, gap = 28 * s;
    const ImVec2 b0 = l.bodyMin(), bs = l.bodySize();
    using Test = MaintenanceFlow::Test;
    using Load = MaintenanceFlow::Load;

    float bottom = 0;
    if (bottomButtons(ui, {{"maint.export.reload", ui.tr("maint.export.reload"), flow.targetsLoad() != Load::Loading}},
                      &bottom) == 0)
        flow.reloadTargets();
    bottom -= gap;
    float y = b0.y;
    y += notice(ui, ui.tr("maint.export.prompt"), ImVec2(b0.x, y), bs.x, NoticeKind::Info) + gap;

    // The outcome of the last export, right under the prompt.
    if (flow.exportState() == Test::Running) {
        y += notice(ui, ui.tr("maint.export.running"), ImVec2(b0.x, y), bs.x, NoticeKind::Info) + gap;
    } else if (const auto& e = flow.exported()) {
        const std::string text =
            e->error == ExportError::None
                ? Strings::format(ui.tr("maint.export.done"), {{"file", e->file}, {"lines", std::to_string(e->lines)}})
                : std::string(ui.tr(exportErrorKey(e->error)));
        y += notice(ui, text.c_str(), ImVec2(b0.x, y), bs.x,
                    e->error == ExportError::None ? NoticeKind::Success : NoticeKind::Warning) +
             gap;
    }

    if (flow.targetsLoad() == Load::Loading) {
        notice(ui, ui.tr("maint.export.looking"), ImVec2(b0.x, y), bs.x, NoticeKind::Info);
        return;
    }
    if (flow.targets().empty()) {
        notice(ui, ui.tr("maint.export.no_media"), ImVec2(b0.x, y), bs.x, NoticeKind::Warning);
        return;
    }
    // One large button per place; as many as fit (a kiosk has a stick or two).
    const float h = l.minTarget;
    const size_t fit = static_cast<size_t>(std::max(1.0f, (bottom - y + gap) / (h + gap)));
    const bool busy = flow.exportState() == Test::Running;
    for (size_t i = 0; i < std::min(fit, flow.targets().size()); ++i) {
        const ExportTarget& t = flow.targets()[i];
        const std::string label = Strings::format(
            ui.tr(t.removable ? "maint.export.to_media" : "maint.export.to_folder"), {{"path", t.path}});
        const std::string target = "maint.export.target." + std::to_string(i);
        if (bigButton(ui, target.c_str(), label.c_str(), ImVec2(b0.x, y), ImVec2(bs.x, h), ButtonKind::Primary, !busy))
            flow.exportTo(i);
        y += h + gap;
    }
}

}  // namespace kiosk
