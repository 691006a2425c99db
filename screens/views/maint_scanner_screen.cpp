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
    const float s = l.scale, gap = 28 * s;
    const ImVec2 b0 = l.bodyMin(), bs = l.bodySize();
    using Test = MaintenanceFlow::Test;
    using Load = MaintenanceFlow::Load;

    float bottom = 0;
    const bool scanning = flow.scanState() == Test::Running;
    const int tapped =
        bottomButtons(ui,
                      {{"maint.scanner.list", ui.tr("maint.scanner.list"), flow.scannersLoad() != Load::Loading},
                       // After a failure (jammed, cover open) the test is not pushed: the device needs a hand first.
                       {"maint.scanner.scan", ui.tr(scanning ? "maint.scanner.scanning" : "maint.scanner.scan"),
                        !scanning, flow.scanState() == Test::Failed ? ButtonKind::Secondary : ButtonKind::Primary}},
                      &bottom);
    if (tapped == 0) flow.listScanners();
    if (tapped == 1) flow.scanPage();
    bottom -= gap;
    const float contentH = bottom - b0.y;

    // The page: left (landscape) or on top (portrait).
    const ImVec2 box = l.portrait ? ImVec2(bs.x, contentH * 0.42f) : ImVec2(bs.x * 0.36f, contentH);
    pagePreview(ui, flow.scanned() ? flow.scanned()->preview : PageImage{}, b0, box);
    const ImVec2 p0 = l.portrait ? ImVec2(b0.x, b0.y + box.y + gap) : ImVec2(b0.x + box.x + gap, b0.y);
    const float w = l.portrait ? bs.x : bs.x - box.x - gap;
    float y = p0.y;

    switch (flow.scanState()) {
        case Test::Idle:
            y += notice(ui, ui.tr("maint.scanner.prompt"), ImVec2(p0.x, y), w, NoticeKind::Info);
            break;
        case Test::Running:
            y += notice(ui, ui.tr("maint.scanner.running"), ImVec2(p0.x, y), w, NoticeKind::Info);
            break;
        case Test::Passed: {
            const ScanTest& t = *flow.scanned();
            const std::string text = Strings::format(
                ui.tr("maint.scanner.passed"),
                {{"size", std::to_string(t.width) + " x " + std::to_string(t.height)}, {"time", duration(t.ms)}});
            y += notice(ui, text.c_str(), ImVec2(p0.x, y), w, NoticeKind::Success);
            break;
        }
        case Test::Failed:
            y += notice(ui, ui.tr(flow.scanErrorKey()), ImVec2(p0.x, y), w, NoticeKind::Warning);
            break;
    }
    y += gap;

    // What SANE finds: names a maintainer can put in [scanner] device.
    ImFont* bf = ui.theme.fonts.body;
    fittedText(ui.theme.fonts.button, ui.tr("maint.scanner.sane"), ImVec2(p0.x, y), w, ui.theme.text.u32());
    y += ui.theme.fonts.button->FontSize * 1.3f;
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
    // As many as fit; a kiosk has one or two.
    const float rowH = bf->FontSize * 1.5f;
    const size_t fit = static_cast<size_t>(std::max(1.0f, (bottom - y) / rowH));
    if (rows.size() > fit) rows.resize(fit);
    infoRows(ui, rows, ImVec2(p0.x, y), ImVec2(w, std::min(rowH * static_cast<float>(rows.size()), bottom - y)));
}

}  // namespace kiosk
