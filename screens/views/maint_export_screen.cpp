#include "screens/views/maint_export_screen.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "screens/flows/maintenance_flow.h"
#include "screens/views/maint_parts.h"
#include "screens/widgets.h"

namespace kiosk {

const char* MaintExportScreen::titleKey(const SessionFlow&) const { return i18nKey("maint.export.title"); }

void MaintExportScreen::draw(UiContext& ui) {
    MaintenanceFlow& flow = maintenanceOf(ui);
    const Layout& l = ui.layout;
    const float gap = 28 * l.scale;
    using Test = MaintenanceFlow::Test;
    using Load = MaintenanceFlow::Load;

    Rect area;
    if (bottomButtons(ui, {{"maint.export.reload", ui.tr("maint.export.reload"), flow.targetsLoad() != Load::Loading}},
                      &area) == 0)
        flow.reloadTargets();
    area.takeTop(notice(ui, ui.tr("maint.export.prompt"), area.min, area.width(), NoticeKind::Info), gap);

    // The outcome of the last export, right under the prompt.
    if (flow.exportState() == Test::Running) {
        area.takeTop(notice(ui, ui.tr("maint.export.running"), area.min, area.width(), NoticeKind::Info), gap);
    } else if (const auto& e = flow.exported()) {
        const std::string text =
            e->error == ExportError::None
                ? Strings::format(ui.tr("maint.export.done"), {{"file", e->file}, {"lines", std::to_string(e->lines)}})
                : std::string(ui.tr(exportErrorKey(e->error)));
        area.takeTop(notice(ui, text.c_str(), area.min, area.width(),
                            e->error == ExportError::None ? NoticeKind::Success : NoticeKind::Warning),
                     gap);
    }

    if (flow.targetsLoad() == Load::Loading) {
        notice(ui, ui.tr("maint.export.looking"), area.min, area.width(), NoticeKind::Info);
        return;
    }
    if (flow.targets().empty()) {
        notice(ui, ui.tr("maint.export.no_media"), area.min, area.width(), NoticeKind::Warning);
        return;
    }
    // One large button per place (a kiosk has a stick or two); more than
    // fit scroll.
    const float h = l.minTarget;
    const size_t count = flow.targets().size();
    const float total = static_cast<float>(count) * (h + gap) - gap;
    std::optional<ScrollRegion> scroll;
    if (total > area.height()) scroll.emplace(ui, "##export_targets", area);
    const Rect list = scroll ? Rect{scroll->origin(), ImVec2(scroll->origin().x + scroll->width(), area.max.y)} : area;
    const std::vector<Rect> cells = grid(list, static_cast<int>(count), 1, gap, h);
    const bool busy = flow.exportState() == Test::Running;
    for (size_t i = 0; i < count; ++i) {
        const ExportTarget& t = flow.targets()[i];
        const std::string label = Strings::format(
            ui.tr(t.removable ? "maint.export.to_media" : "maint.export.to_folder"), {{"path", t.path}});
        const std::string target = "maint.export.target." + std::to_string(i);
        if (bigButton(ui, target.c_str(), label.c_str(), cells[i].min, cells[i].size(), ButtonKind::Primary, !busy))
            flow.exportTo(i);
    }
    if (scroll) scroll->end(total);
}

}  // namespace kiosk
