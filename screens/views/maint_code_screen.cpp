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
    const float s = l.scale, gap = 28 * s;
    const ImVec2 b0 = l.bodyMin(), bs = l.bodySize();

    float bottom = b0.y + bs.y;
    if (flow.demo()) {
        if (bottomButtons(ui, {{"maint.code.demo", ui.tr("maint.code.demo"), true, ButtonKind::Primary}}, &bottom) == 0)
            flow.showDemoCode();
        bottom -= gap;
    }
    const float contentH = bottom - b0.y;

    // The camera's picture: what the reader sees, a few times a second.
    ImVec2 textPos = b0;
    float textW = bs.x;
    if (flow.cameraAvailable()) {
        const ImVec2 box = l.portrait ? ImVec2(bs.x, contentH * 0.4f) : ImVec2(bs.x * 0.42f, contentH);
        const float captionH = ui.theme.fonts.body->FontSize * 1.4f;
        const std::string caption =
            Strings::format(ui.tr("maint.code.preview"), {{"frames", std::to_string(flow.cameraFrames())}});
        fittedText(ui.theme.fonts.body, caption.c_str(), b0, box.x, ui.theme.textMuted.u32());
        pagePreview(ui, flow.cameraFrame(), ImVec2(b0.x, b0.y + captionH), ImVec2(box.x, box.y - captionH));
        if (l.portrait) {
            textPos = ImVec2(b0.x, b0.y + box.y + gap);
        } else {
            textPos = ImVec2(b0.x + box.x + gap, b0.y);
            textW = bs.x - box.x - gap;
        }
    }
    float y = textPos.y;
    y += notice(ui, ui.tr(flow.cameraAvailable() ? "maint.code.prompt" : "maint.code.prompt_scanner"),
                ImVec2(textPos.x, y), textW, NoticeKind::Info) +
         gap;
    if (flow.codeMessageKey())
        y += notice(ui, ui.tr(flow.codeMessageKey()), ImVec2(textPos.x, y), textW, NoticeKind::Warning) + gap;

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
        const float rowH = ui.theme.fonts.body->FontSize * 1.6f;
        const float privacyH = wrappedHeight(ui.theme.fonts.body, ui.tr("maint.code.payload_hidden"), textW) + gap;
        const float h = std::min(rowH * static_cast<float>(rows.size()), bottom - y - privacyH);
        infoRows(ui, rows, ImVec2(textPos.x, y), ImVec2(textW, h));
        y += h + gap / 2;
        // Codes can carry personal data (a door-plate address): never shown.
        wrappedText(ui.theme.fonts.body, ui.tr("maint.code.payload_hidden"), ImVec2(textPos.x, y), textW,
                    ui.theme.textMuted.u32());
    }
}

}  // namespace kiosk
