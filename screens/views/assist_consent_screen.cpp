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

    // The consent in plain words, on a card; the larger font when it fits.
    const char* text = ui.tr("assist.consent.text");
    const float textW = bs.x - 2 * pad;
    float room = bottom - y - 2 * pad;
    if (flow.consent() == false) room -= wrappedHeight(t.fonts.body, ui.tr("assist.consent.declined"), bs.x - 80 * s) + 60 * s;
    ImFont* font = wrappedHeight(t.fonts.button, text, textW) <= room ? t.fonts.button : t.fonts.body;
    const float h = std::min(wrappedHeight(font, text, textW) + 2 * pad, bottom - y);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(b0.x, y), ImVec2(b0.x + bs.x, y + h), t.surface.u32(), t.rounding);
    dl->AddRect(ImVec2(b0.x, y), ImVec2(b0.x + bs.x, y + h), t.border.u32(), t.rounding, 0, 2 * s);
    wrappedText(font, text, ImVec2(b0.x + pad, y + pad), textW, t.text.u32());
    y += h + gap;
    // Declined: say plainly what that means; agreeing is still possible.
    if (flow.consent() == false) notice(ui, ui.tr("assist.consent.declined"), ImVec2(b0.x, y), bs.x, NoticeKind::Warning);

    const float w = l.portrait ? (bs.x - gap) / 2 : std::min((bs.x - gap) / 2, 620 * s);
    if (choiceButton(ui, "assist.consent.decline", ui.tr("assist.consent.decline"), flow.consent() == false,
                     ImVec2(b0.x, wizardBottom(ui)), ImVec2(w, l.minTarget)))
        flow.declineConsent();
    if (bigButton(ui, "assist.consent.agree", ui.tr("assist.consent.agree"), ImVec2(b0.x + bs.x - w, wizardBottom(ui)),
                  ImVec2(w, l.minTarget)))
        flow.giveConsent();
}

}  // namespace kiosk
