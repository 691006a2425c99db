#include "screens/views/maint_scanner_screen.h"

#include <algorithm>

#include "screens/flows/maintenance_flow.h"
#include "screens/views/assist_widgets.h"
#include "screens/views/maint_parts.h"
#include "screens/widgets.h"

namespace kiosk {

const char* MaintScannerScreen::titleKey(const SessionFlow&) const { return i18nKey("maint.scanner.title"); }

void MaintScannerScreen::draw(UiContext& ui) {
    MaintenanceFlow& flow = maintenanceOf(ui);
    const Layout& l = ui.layout;
    const float gap = 28 * l.scale;
    using Test = MaintenanceFlow::Test;
    using Load = MaintenanceFlow::Load;

    Rect area;
    const bool scanning = flow.scanState() == Test::Running;
    const int tapped =
        bottomButtons(ui,
                      {{"maint.scanner.list", ui.tr("maint.scanner.list"), flow.scannersLoad() != Load::Loading},
                       // After a failure (jammed, cover open) the test is not pushed: the device needs a hand first.
                       {"maint.scanner.scan", ui.tr(scanning ? "maint.scanner.scanning" : "maint.scanner.scan"),
                        !scanning, flow.scanState() == Test::Failed ? ButtonKind::Secondary : ButtonKind::Primary}},
                      &area);
    if (tapped == 0) flow.listScanners();
    if (tapped == 1) flow.scanPage();

    // The page: left (landscape) or on top (portrait).
    const Rect box = l.portrait ? area.takeTop(area.height() * 0.42f, gap) : area.takeLeft(area.width() * 0.36f, gap);
    pagePreview(ui, flow.scanned() ? flow.scanned()->preview : PageImage{}, box.min, box.size());

    float h = 0;
    switch (flow.scanState()) {
        case Test::Idle:
            h = notice(ui, ui.tr("maint.scanner.prompt"), area.min, area.width(), NoticeKind::Info);
            break;
        case Test::Running:
            h = notice(ui, ui.tr("maint.scanner.running"), area.min, area.width(), NoticeKind::Info);
            break;
        case Test::Passed: {
            const ScanTest& t = *flow.scanned();
            const std::string text = Strings::format(
                ui.tr("maint.scanner.passed"),
                {{"size", std::to_string(t.width) + " x " + std::to_string(t.height)}, {"time", duration(t.ms)}});
            h = notice(ui, text.c_str(), area.min, area.width(), NoticeKind::Success);
            break;
        }
        case Test::Failed:
            h = notice(ui, ui.tr(flow.scanErrorKey()), area.min, area.width(), NoticeKind::Warning);
            break;
    }
    area.takeTop(h, gap);

    // What SANE finds: names a maintainer can put in [scanner] device.
    ImFont* heading = ui.theme.fonts.button;
    fittedText(heading, ui.tr("maint.scanner.sane"), area.min, area.width(), ui.theme.text.u32());
    area.takeTop(heading->FontSize * 1.3f);
    std::vector<InfoRow> rows;
    if (flow.scannersLoad() == Load::Loading) {
        rows.push_back({ui.tr("maint.scanner.sane_listing"), ""});
    } else if (!flow.scannersErrorKey().empty()) {
        rows.push_back({ui.tr(flow.scannersErrorKey()), "", true});
    } else if (flow.scannersLoad() == Load::Ready && flow.scanners().empty()) {
        rows.push_back({ui.tr("maint.scanner.sane_none"), ""});
    } else {
        for (const ScannerInfo& info : flow.scanners()) rows.push_back({info.name, info.vendor + " " + info.model});
    }
    // A kiosk has one or two; more scroll.
    infoRowsIn(ui, "##sane_rows", rows, area, ui.theme.fonts.body->FontSize * 1.5f);
}

}  // namespace kiosk
