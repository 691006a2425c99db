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
    const MarriageBottom bottom = marriageBottom(l, 0);
    {
        // Large text with a message can outgrow the body: it scrolls.
        ScrollRegion region(ui, "##partner", bottom.content);
        Rect col = marriageScrollColumn(region);
        const float top = col.min.y;
        const float bw = std::min((bottom.content.width() - gap) / 2, 560 * s);
        if (flow.applicant())
            col.takeTop(marriageRow(ui, ui.tr("marriage.party_a"), marriagePartyText(ui, *flow.applicant()), col.min,
                                    col.width()),
                        gap);
        if (flow.partner()) {
            col.takeTop(marriageRow(ui, ui.tr("marriage.party_b"), marriagePartyText(ui, *flow.partner()), col.min,
                                    col.width()),
                        gap);
            const Rect clear = col.takeTop(l.minTarget, gap).takeLeft(bw);
            if (bigButton(ui, "marriage.partner.clear", ui.tr("marriage.partner.clear"), clear.min, clear.size(),
                          ButtonKind::Secondary))
                flow.clearPartner();
        } else {
            // The card is the preferred way: say it first and largest.
            col.takeTop(
                wrappedText(t.fonts.title, ui.tr("marriage.partner.card_hint"), col.min, col.width(), t.primary.u32()),
                gap);
        }
        // The message belongs to the second party's field: right under it.
        if (flow.partnerErrorKey())
            col.takeTop(notice(ui, ui.tr(flow.partnerErrorKey()), col.min, col.width(), NoticeKind::Warning), gap);
        if (!flow.partner()) {
            // The other ways side by side (one above the other in portrait).
            Rect row = col.takeTop(l.minTarget, gap);
            const Rect keyIn = row.takeLeft(bw, gap);
            if (bigButton(ui, "marriage.partner.key_in", ui.tr("marriage.partner.key_in"), keyIn.min, keyIn.size(),
                          ButtonKind::Secondary))
                flow.chooseKeyInPartner();
            if (flow.partnerDemoAvailable()) {
                const Rect demo = l.portrait ? col.takeTop(l.minTarget, gap).takeLeft(bw) : row.takeLeft(bw);
                if (bigButton(ui, "marriage.partner.demo_card", ui.tr("marriage.partner.demo_card"), demo.min,
                              demo.size(), ButtonKind::Secondary))
                    flow.requestPartnerDemoCard();
            }
        }
        region.end(col.min.y - top - gap);
    }
    if (bigButton(ui, "marriage.partner.continue", ui.tr("marriage.continue"), bottom.primary.min,
                  bottom.primary.size(), ButtonKind::Primary, flow.partner().has_value()))
        flow.continueToOffices();
}

}  // namespace kiosk
