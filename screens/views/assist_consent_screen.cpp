#include "screens/views/assist_consent_screen.h"

#include <algorithm>

#include "screens/flows/service_flows.h"
#include "screens/layout.h"
#include "screens/widgets.h"

namespace kiosk {

const char* AssistConsentScreen::titleKey(const SessionFlow&) const { return i18nKey("assist.consent.title"); }

void AssistConsentScreen::draw(UiContext& ui) {
    AssistanceFlow& flow = ui.flow.services().assistance;
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    const float s = l.scale, gap = 24 * s, pad = 32 * s;
    // The two answers side by side in the bottom row, Agree (the way on) at
    // the right: in portrait too, where a row for each would leave the text
    // too little room.
    Rect row = l.body().takeBottom(l.minTarget);
    const float w = l.portrait ? (row.width() - gap) / 2 : std::min((row.width() - gap) / 2, 620 * s);
    const Rect agree = row.takeRight(w, gap), decline = row.takeLeft(w);
    Rect area = l.content();

    // An applicant known only by a keyed-in number cannot apply: say so first.
    const bool named = flow.applicantNamed();
    if (!named) area.takeTop(notice(ui, ui.tr("assist.type.needs_card"), area.min, area.width(), NoticeKind::Warning), gap);

    // Before anything is entered: what is used and why (the consent), and
    // what to bring. The consent in the larger font when both fit.
    const char* text = ui.tr("assist.consent.text");
    const char* bringTitle = ui.tr("assist.consent.bring_title");
    const char* bring = ui.tr("assist.consent.bring");
    // Everything above the answers scrolls when it cannot all show (large
    // text, English): the declined notice never slides under the buttons.
    ScrollRegion region(ui, "##consent", area);
    const float regionW = region.width();
    const float textW = regionW - 2 * pad;
    const float bringH = wrappedHeight(t.fonts.button, bringTitle, textW) + 8 * s + wrappedHeight(t.fonts.body, bring, textW) + 2 * pad;
    float room = area.height() - 2 * pad - bringH - gap;
    if (flow.consent() == false) room -= wrappedHeight(t.fonts.body, ui.tr("assist.consent.declined"), regionW - 80 * s) + 60 * s;
    ImFont* font = wrappedHeight(t.fonts.button, text, textW) <= room ? t.fonts.button : t.fonts.body;
    Rect cards{region.origin(), ImVec2(region.origin().x + regionW, region.origin().y + 1e6f)};
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Rect consent = cards.takeTop(wrappedHeight(font, text, textW) + 2 * pad, gap);
    dl->AddRectFilled(consent.min, consent.max, t.surface.u32(), t.rounding);
    dl->AddRect(consent.min, consent.max, t.border.u32(), t.rounding, 0, 2 * s);
    wrappedText(font, text, consent.inset(pad).min, textW, t.text.u32());
    const Rect bringCard = cards.takeTop(bringH, gap);
    dl->AddRectFilled(bringCard.min, bringCard.max, t.surface.u32(), t.rounding);
    dl->AddRect(bringCard.min, bringCard.max, t.primary.u32(), t.rounding, 0, 2 * s);
    const ImVec2 at = bringCard.inset(pad).min;
    const float th = wrappedText(t.fonts.button, bringTitle, at, textW, t.primary.u32());
    wrappedText(t.fonts.body, bring, ImVec2(at.x, at.y + th + 8 * s), textW, t.text.u32());
    // Declined: say plainly what that means; agreeing is still possible.
    if (flow.consent() == false)
        cards.takeTop(notice(ui, ui.tr("assist.consent.declined"), cards.min, regionW, NoticeKind::Warning), gap);
    region.end(cards.min.y - gap - region.origin().y);

    if (choiceButton(ui, "assist.consent.decline", ui.tr("assist.consent.decline"), flow.consent() == false, decline.min,
                     decline.size()))
        flow.declineConsent();
    if (bigButton(ui, "assist.consent.agree", ui.tr("assist.consent.agree"), agree.min, agree.size(), ButtonKind::Primary,
                  named))
        flow.giveConsent();
}

}  // namespace kiosk
