#include "screens/views/marriage_phone_screen.h"

#include "screens/flows/service_flows.h"
#include "screens/views/marriage_parts.h"
#include "screens/widgets.h"

namespace kiosk {

const char* MarriagePhoneScreen::titleKey(const SessionFlow&) const { return i18nKey("marriage.phone.title"); }

void MarriagePhoneScreen::draw(UiContext& ui) {
    MarriageFlow& flow = ui.flow.services().marriage;
    const Layout& l = ui.layout;

    // Grouped 3-4-4, the way people say their numbers.
    const std::string& digits = flow.phoneEntry().reveal();
    std::string shown;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i == 3 || i == 7) shown += ' ';
        shown += digits[i];
    }
    const char* message = flow.phoneErrorKey() ? ui.tr(flow.phoneErrorKey()) : ui.tr("marriage.phone.hint");
    const MarriageEntryTaps taps = marriageEntry(
        ui,
        {"marriage.phone", ui.tr("marriage.phone.placeholder"), 900 * l.scale, message, flow.phoneErrorKey() != nullptr,
         false, ui.tr("marriage.continue"), !digits.empty(), !digits.empty()},
        shown);
    secureWipe(shown);
    switch (taps.key) {
        case 0:
            break;
        case '<':
            flow.phoneBackspace();
            break;
        default:
            flow.phoneKey(taps.key);
            break;
    }
    if (taps.confirm) flow.submitPhone();
    if (taps.clear) flow.phoneClear();
}

}  // namespace kiosk
