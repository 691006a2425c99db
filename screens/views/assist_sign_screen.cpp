#include "screens/views/assist_sign_screen.h"

#include <algorithm>
#include <string>

#include "screens/flows/service_flows.h"
#include "screens/views/assist_widgets.h"
#include "screens/views/signature_pad.h"
#include "screens/widgets.h"

namespace kiosk {

const char* AssistSignScreen::titleKey(const SessionFlow&) const { return i18nKey("assist.sign.title"); }

void AssistSignScreen::draw(UiContext& ui) {
    AssistanceFlow& flow = ui.flow.services().assistance;
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    const float s = l.scale, gap = 20 * s;
    const ImVec2 b0 = l.bodyMin(), bs = l.bodySize();
    float y = b0.y;

    // The authorisation, in plain words, above the pad.
    const char* text = ui.tr("assist.sign.text");
    wrappedText(t.fonts.body, text, ImVec2(b0.x, y), bs.x, t.text.u32());
    y += wrappedHeight(t.fonts.body, text, bs.x) + gap;

    float bottom = wizardBottom(ui) - gap;
    const char* error = flow.signatureError() ? ui.tr(flow.signatureError()) : nullptr;
    const char* hint = ui.tr("assist.sign.hint");
    const char* below = error ? error : hint;
    const float belowH = wrappedHeight(t.fonts.body, below, bs.x);
    bottom -= belowH + gap;

    const ImVec2 padSize = signaturePadSize(ImVec2(bs.x, std::max(bottom - y, 60 * s)));
    const ImVec2 padPos(b0.x + (bs.x - padSize.x) / 2, y);
    SignatureInput in = signaturePad(ui, "assist.sign.pad", flow.signature(), padPos, padSize);
    if (in.began) flow.strokeBegin(in.x, in.y);
    else if (in.moved) flow.strokeTo(in.x, in.y);
    wrappedText(t.fonts.body, below, ImVec2(b0.x, padPos.y + padSize.y + gap), bs.x, (error ? t.warning : t.textMuted).u32());

    const float w = l.portrait ? (bs.x - gap) / 2 : std::min((bs.x - gap) / 2, 520 * s);
    if (bigButton(ui, "assist.sign.clear", ui.tr("assist.sign.clear"), ImVec2(b0.x, wizardBottom(ui)), ImVec2(w, l.minTarget),
                  ButtonKind::Secondary, !flow.signature().empty()))
        flow.clearSignature();
    if (bigButton(ui, "assist.sign.next", ui.tr(flow.changingFromReview() ? "assist.back_to_review" : "assist.next"),
                  ImVec2(b0.x + bs.x - w, wizardBottom(ui)), ImVec2(w, l.minTarget)))
        flow.signDone();
}

}  // namespace kiosk
