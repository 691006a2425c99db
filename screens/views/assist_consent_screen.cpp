#include "screens/views/assist_consent_screen.h"

#include <algorithm>

#include "screens/flows/service_flows.h"
#include "screens/views/assist_widgets.h"
#include "screens/widgets.h"

namespace kiosk {

const char* AssistConsentScreen::titleKey(const SessionFlow&) const { return i18nKey("assist.consent.title"); }

void AssistConsentScreen::draw(UiContext& ui) {
    AssistanceFlow& flow = ui.flow.services().assistance;
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    const float s = l.scale, gap = 24 * s, pad = 32 * s;
    const ImVec2 b0 = l.bodyMin(), bs = l.bodySize();
    float y = b0.y;
    const float bottom = wizardBottom(ui) - gap;

    // An applicant known only by a keyed-in number cannot apply: say so first.
    const bool named = flow.applicantNamed();
    if (!named) y += notice(ui, ui.tr("assist.type.needs_card"), ImVec2(b0.x, y), bs.x, NoticeKind::Warning) + gap;

    // Before anything is entered: what is used and why (the consent), and
    // what to bring. The consent in the larger font when both fit.
    const char* text = ui.tr("assist.consent.text");
    const char* bringTitle = ui.tr("assist.consent.bring_title");
    const char* bring = ui.tr("assist.consent.bring");
    // Everything above the answers scrolls when it cannot all show (large
    // text, English): the declined notice never slides under the buttons.
    ScrollRegion region(ui, "##consent", Rect{ImVec2(b0.x, y), ImVec2(b0.x + bs.x, bottom)});
    const float regionW = region.width();
    const float textW = regionW - 2 * pad;
    const float bringH = wrappedHeight(t.fonts.button, bringTitle, textW) + 8 * s + wrappedHeight(t.fonts.body, bring, textW) + 2 * pad;
    float room = bottom - y - 2 * pad - bringH - gap;
    if (flow.consent() == false) room -= wrappedHeight(t.fonts.body, ui.tr("assist.consent.declined"), regionW - 80 * s) + 60 * s;
    ImFont* font = wrappedHeight(t.fonts.button, text, textW) <= room ? t.fonts.button : t.fonts.body;
    const float top = region.origin().y;
    y = top;
    const float h = wrappedHeight(font, text, textW) + 2 * pad;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(b0.x, y), ImVec2(b0.x + regionW, y + h), t.surface.u32(), t.rounding);
    dl->AddRect(ImVec2(b0.x, y), ImVec2(b0.x + regionW, y + h), t.border.u32(), t.rounding, 0, 2 * s);
    wrappedText(font, text, ImVec2(b0.x + pad, y + pad), textW, t.text.u32());
    y += h + gap;
    dl->AddRectFilled(ImVec2(b0.x, y), ImVec2(b0.x + regionW, y + bringH), t.surface.u32(), t.rounding);
    dl->AddRect(ImVec2(b0.x, y), ImVec2(b0.x + regionW, y + bringH), t.primary.u32(), t.rounding, 0, 2 * s);
    const float th = wrappedText(t.fonts.button, bringTitle, ImVec2(b0.x + pad, y + pad), textW, t.primary.u32());
    wrappedText(t.fonts.body, bring, ImVec2(b0.x + pad, y + pad + th + 8 * s), textW, t.text.u32());
    y += bringH + gap;
    // Declined: say plainly what that means; agreeing is still possible.
    if (flow.consent() == false)
        y += notice(ui, ui.tr("assist.consent.declined"), ImVec2(b0.x, y), regionW, NoticeKind::Warning) + gap;
    region.end(y - top - gap);

    const float w = l.portrait ? (bs.x - gap) / 2 : std::min((bs.x - gap) / 2, 620 * s);
    if (choiceButton(ui, "assist.consent.decline", ui.tr("assist.consent.decline"), flow.consent() == false,
                     ImVec2(b0.x, wizardBottom(ui)), ImVec2(w, l.minTarget)))
        flow.declineConsent();
    if (bigButton(ui, "assist.consent.agree", ui.tr("assist.consent.agree"), ImVec2(b0.x + bs.x - w, wizardBottom(ui)),
                  ImVec2(w, l.minTarget), ButtonKind::Primary, named))
        flow.giveConsent();
}

}  // namespace kiosk
