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
    const float gap = 28 * l.scale;
    using Test = MaintenanceFlow::Test;

    Rect area;
    const bool printing = flow.printState() == Test::Running;
    if (bottomButtons(ui,
                      {{"maint.printer.print", ui.tr(printing ? "maint.printer.printing" : "maint.printer.print"),
                        !printing && flow.statusLoad() == MaintenanceFlow::Load::Ready,
                        // After a failure (out of paper) the test is not pushed: the printer needs a hand first.
                        flow.printState() == Test::Failed ? ButtonKind::Secondary : ButtonKind::Primary}},
                      &area) == 0)
        flow.printTestReceipt(flow.testReceipt(ui.strings));

    // The picture of what the bytes print: a receipt is tall and narrow.
    const Rect box = l.portrait ? area.takeTop(area.height() * 0.5f, gap) : area.takeLeft(area.width() * 0.3f, gap);
    pagePreview(ui, flow.printed() ? flow.printed()->preview : PageImage{}, box.min, box.size());
    switch (flow.printState()) {
        case Test::Idle:
            notice(ui, ui.tr("maint.printer.prompt"), area.min, area.width(), NoticeKind::Info);
            break;
        case Test::Running:
            notice(ui, ui.tr("maint.printer.running"), area.min, area.width(), NoticeKind::Info);
            break;
        case Test::Failed:
            notice(ui, ui.tr(flow.printed()->failureKey), area.min, area.width(), NoticeKind::Warning);
            break;
        case Test::Passed: {
            const PrintTest& t = *flow.printed();
            area.takeTop(notice(ui, Strings::format(ui.tr("maint.printer.passed"), {{"time", duration(t.ms)}}).c_str(),
                                area.min, area.width(), NoticeKind::Success),
                         gap);
            std::vector<InfoRow> rows = {
                {ui.tr("maint.printer.row.qr"),
                 t.qrCodes.empty() ? std::string(ui.tr("maint.printer.no_qr")) : t.qrCodes.front(), t.qrCodes.empty()},
                {ui.tr("maint.printer.row.picture"),
                 t.picture.empty() ? std::string(ui.tr("maint.printer.device")) : t.picture},
            };
            infoRowsIn(ui, "##printer_rows", rows, area, ui.theme.fonts.body->FontSize * 1.6f);
            break;
        }
    }
}

}  // namespace kiosk
