#include "screens/views/marriage_partner_screen.h"

#include <algorithm>

#include "screens/flows/service_flows.h"
#include "screens/views/marriage_parts.h"
#include "screens/widgets.h"

namespace kiosk {

const char* MarriagePartnerScreen::titleKey(const SessionFlow&) const { return i18nKey("marriage.partner.title"); }

void MarriagePartnerScreen::draw(UiContext& ui) {
    MarriageFlow& flow = ui.flow.services().marriage;
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    const float s = l.scale, gap = 28 * s;
    const ImVec2 b0 = l.bodyMin(), bs = l.bodySize();
    const float buttonH = l.minTarget, buttonsY = b0.y + bs.y - buttonH;
    float y = b0.y;

    if (flow.applicant()) y += marriageRow(ui, ui.tr("marriage.party_a"), marriagePartyText(ui, *flow.applicant()), ImVec2(b0.x, y), bs.x) + gap;

    const float bw = std::min((bs.x - gap) / 2, 560 * s);
    if (flow.partner()) {
        y += marriageRow(ui, ui.tr("marriage.party_b"), marriagePartyText(ui, *flow.partner()), ImVec2(b0.x, y), bs.x) + gap;
        if (bigButton(ui, "marriage.partner.clear", ui.tr("marriage.partner.clear"), ImVec2(b0.x, y), ImVec2(bw, buttonH),
                      ButtonKind::Secondary))
            flow.clearPartner();
        y += buttonH + gap;
    } else {
        // The card is the preferred way: say it first and largest.
        wrappedText(t.fonts.title, ui.tr("marriage.partner.card_hint"), ImVec2(b0.x, y), bs.x, t.primary.u32());
        y += wrappedHeight(t.fonts.title, ui.tr("marriage.partner.card_hint"), bs.x) + gap;
    }
    // The message belongs to the second party's field: right under it.
    if (flow.partnerErrorKey())
        y += notice(ui, ui.tr(flow.partnerErrorKey()), ImVec2(b0.x, y), bs.x, NoticeKind::Warning) + gap;

    if (!flow.partner()) {
        const float rowY = std::min(y, buttonsY - 2 * (buttonH + gap));
        if (bigButton(ui, "marriage.partner.key_in", ui.tr("marriage.partner.key_in"), ImVec2(b0.x, rowY), ImVec2(bw, buttonH),
                      ButtonKind::Secondary))
            flow.chooseKeyInPartner();
        if (flow.partnerDemoAvailable() &&
            bigButton(ui, "marriage.partner.demo_card", ui.tr("marriage.partner.demo_card"),
                      l.portrait ? ImVec2(b0.x, rowY + buttonH + gap) : ImVec2(b0.x + bw + gap, rowY), ImVec2(bw, buttonH),
                      ButtonKind::Secondary))
            flow.requestPartnerDemoCard();
    }
    const float cw = std::min(bs.x, 560 * s);
    if (bigButton(ui, "marriage.partner.continue", ui.tr("marriage.continue"), ImVec2(b0.x + bs.x - cw, buttonsY),
                  ImVec2(cw, buttonH), ButtonKind::Primary, flow.partner().has_value()))
        flow.continueToOffices();
}

}  // namespace kiosk
