#include "screens/views/marriage_lookup_screen.h"

#include "screens/flows/service_flows.h"
#include "screens/views/marriage_parts.h"
#include "screens/widgets.h"

namespace kiosk {

const char* MarriageLookupScreen::titleKey(const SessionFlow&) const { return i18nKey("marriage.lookup.title"); }

void MarriageLookupScreen::draw(UiContext& ui) {
    MarriageFlow& flow = ui.flow.services().marriage;
    const Layout& l = ui.layout;
    using Lookup = MarriageFlow::Lookup;

    const std::string shown = flow.lookupEntry().empty() ? std::string() : "MB-" + flow.lookupEntry();
    const char* message = ui.tr("marriage.lookup.hint");
    bool problem = true;
    switch (flow.lookup()) {
        case Lookup::Loading:
            message = ui.tr("marriage.lookup.loading");
            problem = false;
            break;
        case Lookup::NotFound:
            message = ui.tr("marriage.lookup.not_found");
            break;
        case Lookup::BadCode:
            message = ui.tr("marriage.lookup.bad_code");
            break;
        case Lookup::Offline:
            message = ui.tr("marriage.lookup.offline");
            break;
        default:
            problem = false;
            break;
    }
    const MarriageEntryTaps taps =
        marriageEntry(ui,
                      {"marriage.lookup", ui.tr("marriage.lookup.placeholder"), 900 * l.scale, message, problem, false,
                       ui.tr("marriage.lookup.confirm"),
                       !flow.lookupEntry().empty() && flow.lookup() != Lookup::Loading, !flow.lookupEntry().empty()},
                      shown);
    switch (taps.key) {
        case 0:
            break;
        case '<':
            flow.lookupBackspace();
            break;
        default:
            flow.lookupKey(taps.key);
            break;
    }
    if (taps.confirm) flow.submitLookup();
    if (taps.clear) flow.lookupClear();
}

}  // namespace kiosk
