#include "screens/views/marriage_partner_number_screen.h"

#include "screens/flows/service_flows.h"
#include "screens/views/marriage_parts.h"
#include "screens/widgets.h"

namespace kiosk {

const char* MarriagePartnerNumberScreen::titleKey(const SessionFlow&) const {
    return i18nKey("marriage.partner_number.title");
}

void MarriagePartnerNumberScreen::draw(UiContext& ui) {
    MarriageFlow& flow = ui.flow.services().marriage;
    const Layout& l = ui.layout;

    // Grouped 6-8-4 like on the card, to compare with the original.
    const std::string& digits = flow.partnerEntry().reveal();
    std::string shown;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i == 6 || i == 14) shown += "  ";
        shown += digits[i];
    }
    const char* message =
        flow.partnerErrorKey() ? ui.tr(flow.partnerErrorKey()) : ui.tr("marriage.partner_number.hint");
    const MarriageEntryTaps taps = marriageEntry(
        ui,
        {"marriage.partner_number", ui.tr("marriage.partner_number.placeholder"), 1100 * l.scale, message,
         flow.partnerErrorKey() != nullptr, true, ui.tr("id_entry.confirm"), !digits.empty(), !digits.empty()},
        shown);
    secureWipe(shown);
    switch (taps.key) {
        case 0:
            break;
        case '<':
            flow.partnerBackspace();
            break;
        default:
            flow.partnerKey(taps.key);
            break;
    }
    if (taps.confirm) flow.submitPartnerNumber();
    if (taps.clear) flow.partnerClear();
}

}  // namespace kiosk
