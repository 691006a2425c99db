#include "screens/views/maint_code_screen.h"

#include "screens/flows/maintenance_flow.h"
#include "screens/views/assist_widgets.h"
#include "screens/views/maint_parts.h"
#include "screens/widgets.h"

namespace kiosk {

const char* MaintCodeScreen::titleKey(const SessionFlow&) const { return i18nKey("maint.code.title"); }

void MaintCodeScreen::draw(UiContext& ui) {
    MaintenanceFlow& flow = maintenanceOf(ui);
    const Layout& l = ui.layout;
    const float gap = 28 * l.scale;

    // The demo code is the primary action; above it the camera's picture
    // (left, or on top in portrait) and what was read.
    Rect area = l.body();
    if (flow.demo()) {
        if (bottomButtons(ui, {{"maint.code.demo", ui.tr("maint.code.demo"), true, ButtonKind::Primary}}, &area) == 0)
            flow.showDemoCode();
    }

    // The camera's picture: what the reader sees, a few times a second.
    if (flow.cameraAvailable()) {
        Rect box = l.portrait ? area.takeTop(area.height() * 0.4f, gap) : area.takeLeft(area.width() * 0.42f, gap);
        const std::string caption =
            Strings::format(ui.tr("maint.code.preview"), {{"frames", std::to_string(flow.cameraFrames())}});
        fittedText(ui.theme.fonts.body, caption.c_str(), box.min, box.width(), ui.theme.textMuted.u32());
        box.takeTop(ui.theme.fonts.body->FontSize * 1.4f);
        pagePreview(ui, flow.cameraFrame(), box.min, box.size());
    }
    const float textW = area.width();
    area.takeTop(notice(ui, ui.tr(flow.cameraAvailable() ? "maint.code.prompt" : "maint.code.prompt_scanner"), area.min,
                        textW, NoticeKind::Info),
                 gap);
    if (flow.codeMessageKey())
        area.takeTop(notice(ui, ui.tr(flow.codeMessageKey()), area.min, textW, NoticeKind::Warning), gap);

    if (const auto& r = flow.codeResult()) {
        const CodeReading& c = r->reading;
        std::string check = !c.signedCode  ? ui.tr("maint.code.unsigned")
                            : c.verified   ? ui.tr("maint.code.verified")
                            : c.refusalKey ? std::string(ui.tr("maint.code.refused")) + " · " + ui.tr(c.refusalKey)
                                           : std::string(ui.tr("maint.code.refused"));
        std::vector<InfoRow> rows = {
            {ui.tr("maint.code.row.kind"), ui.tr(codeKindKey(c.kind))},
            {ui.tr("maint.code.row.check"), check, c.signedCode && !c.verified},
            {ui.tr("maint.code.row.source"),
             ui.tr(r->source == CodeSource::Camera ? "maint.code.source.camera" : "maint.code.source.scanner")},
            {ui.tr("maint.code.row.decode"),
             r->decodeMs >= 0 ? duration(r->decodeMs) : std::string(ui.tr("maint.code.by_scanner"))},
            {ui.tr("maint.code.row.time"), localClock(r->readAtMs)},
        };
        // Codes can carry personal data (a door-plate address): never shown.
        // That line stays under the rows, which scroll when they do not fit.
        const char* hidden = ui.tr("maint.code.payload_hidden");
        const Rect privacy = area.takeBottom(wrappedHeight(ui.theme.fonts.body, hidden, textW), gap / 2);
        const float h = infoRowsIn(ui, "##code_rows", rows, area, ui.theme.fonts.body->FontSize * 1.6f);
        wrappedText(ui.theme.fonts.body, hidden, ImVec2(privacy.min.x, area.min.y + h + gap / 2), textW,
                    ui.theme.textMuted.u32(), privacy.height());
    }
}

}  // namespace kiosk
