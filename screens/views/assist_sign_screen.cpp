#include "screens/views/assist_sign_screen.h"

#include <algorithm>
#include <string>

#include "screens/flows/service_flows.h"
#include "screens/layout.h"
#include "screens/views/session_parts.h"
#include "screens/views/signature_pad.h"
#include "screens/widgets.h"

namespace kiosk {

const char* AssistSignScreen::titleKey(const SessionFlow&) const { return i18nKey("assist.sign.title"); }

void AssistSignScreen::draw(UiContext& ui) {
    AssistanceFlow& flow = ui.flow.services().assistance;
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    const float s = l.scale, gap = 20 * s;
    // Next is the way on; Clear beside it (above it in portrait).
    const ActionRow buttons = actionRow(l, {.primary = true, .secondary = 1, .secondaryMaxW = 520 * s});
    Rect area = buttons.content;

    // The authorisation, in plain words, above the pad.
    const char* text = ui.tr("assist.sign.text");
    wrappedText(t.fonts.body, text, area.min, area.width(), t.text.u32());
    area.takeTop(wrappedHeight(t.fonts.body, text, area.width()), gap);

    // The pad as large as fits above the hint (or what is wrong) below it.
    const char* error = flow.signatureError() ? ui.tr(flow.signatureError()) : nullptr;
    const char* below = error ? error : ui.tr("assist.sign.hint");
    Rect room = area;
    room.takeBottom(wrappedHeight(t.fonts.body, below, area.width()), gap);
    const ImVec2 padSize = signaturePadSize(ImVec2(room.width(), std::max(room.height(), 60 * s)));
    const ImVec2 padPos(area.min.x + (area.width() - padSize.x) / 2, area.min.y);
    SignatureInput in = signaturePad(ui, "assist.sign.pad", flow.signature(), padPos, padSize);
    if (in.began) flow.strokeBegin(in.x, in.y);
    else if (in.moved) flow.strokeTo(in.x, in.y);
    area.takeTop(padSize.y, gap);
    wrappedText(t.fonts.body, below, area.min, area.width(), (error ? t.warning : t.textMuted).u32());

    const Rect clear = buttons.secondary[0], next = buttons.primary;
    if (bigButton(ui, "assist.sign.clear", ui.tr("assist.sign.clear"), clear.min, clear.size(), ButtonKind::Secondary,
                  !flow.signature().empty()))
        flow.clearSignature();
    if (bigButton(ui, "assist.sign.next", ui.tr(flow.changingFromReview() ? "assist.back_to_review" : "assist.next"),
                  next.min, next.size()))
        flow.signDone();
}

}  // namespace kiosk
