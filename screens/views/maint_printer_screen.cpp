#include "screens/views/maint_printer_screen.h"

#include "screens/flows/maintenance_flow.h"
#include "screens/views/assist_widgets.h"
#include "screens/views/maint_parts.h"
#include "screens/widgets.h"

namespace kiosk {
const char* MaintPrinterScreen::titleKey(const SessionFlow&) const { return i18nKey("maint.printer.title"); }

void MaintPrinterScreen::draw(UiContext& ui) {
    MaintenanceFlow& flow = maintenanceOf(ui);
    const Layout& l = ui.layout;
    const float s = l.scale, gap = 28 * s;
    const ImVec2 b0 = l.bodyMin(), bs = l.bodySize();
    using Test = MaintenanceFlow::Test;

    float bottom = 0;
    const bool printing = flow.printState() == Test::Running;
    if (bottomButtons(ui,
                      {{"maint.printer.print", ui.tr(printing ? "maint.printer.printing" : "maint.printer.print"),
                        !printing && flow.statusLoad() == MaintenanceFlow::Load::Ready,
                        // After a failure (out of paper) the test is not pushed: the printer needs a hand first.
                        flow.printState() == Test::Failed ? ButtonKind::Secondary : ButtonKind::Primary}},
                      &bottom) == 0)
        flow.printTestReceipt(flow.testReceipt(ui.strings));
    bottom -= gap;
    const float contentH = bottom - b0.y;

    // The picture of what the bytes print: a receipt is tall and narrow.
    const ImVec2 box = l.portrait ? ImVec2(bs.x, contentH * 0.5f) : ImVec2(bs.x * 0.3f, contentH);
    pagePreview(ui, flow.printed() ? flow.printed()->preview : PageImage{}, b0, box);
    const ImVec2 p0 = l.portrait ? ImVec2(b0.x, b0.y + box.y + gap) : ImVec2(b0.x + box.x + gap, b0.y);
    const float w = l.portrait ? bs.x : bs.x - box.x - gap;
    float y = p0.y;
    switch (flow.printState()) {
        case Test::Idle:
            notice(ui, ui.tr("maint.printer.prompt"), ImVec2(p0.x, y), w, NoticeKind::Info);
            break;
        case Test::Running:
            notice(ui, ui.tr("maint.printer.running"), ImVec2(p0.x, y), w, NoticeKind::Info);
            break;
        case Test::Failed:
            notice(ui, ui.tr(flow.printed()->failureKey), ImVec2(p0.x, y), w, NoticeKind::Warning);
            break;
        case Test::Passed: {
            const PrintTest& t = *flow.printed();
            y += notice(ui, Strings::format(ui.tr("maint.printer.passed"), {{"time", duration(t.ms)}}).c_str(),
                        ImVec2(p0.x, y), w, NoticeKind::Success) +
                 gap;
            std::vector<InfoRow> rows = {
                {ui.tr("maint.printer.row.qr"),
                 t.qrCodes.empty() ? std::string(ui.tr("maint.printer.no_qr")) : t.qrCodes.front(), t.qrCodes.empty()},
                {ui.tr("maint.printer.row.picture"),
                 t.picture.empty() ? std::string(ui.tr("maint.printer.device")) : t.picture},
            };
            const float rowH = ui.theme.fonts.body->FontSize * 1.6f;
            infoRows(ui, rows, ImVec2(p0.x, y), ImVec2(w, std::min(2 * rowH, bottom - y)));
            break;
        }
    }
}

}  // namespace kiosk
