#include "screens/views/menu_screen.h"

#include <algorithm>
#include <vector>

#include "kiosk/core/id_number.h"
#include "screens/layout.h"
#include "screens/service_keys.h"
#include "screens/views/session_parts.h"
#include "screens/widgets.h"

namespace kiosk {

const char* MenuScreen::titleKey(const SessionFlow&) const { return i18nKey("menu.title"); }

void MenuScreen::draw(UiContext& ui) {
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    const float gap = l.gap();

    // Greeting with the masked number: enough to recognise oneself, not
    // enough for a passer-by to copy.
    std::string masked, name;
    if (auto& id = ui.flow.data().identity) {
        masked = maskIdentifier(id->idNumber.reveal());
        name = id->name.reveal();
    }
    std::string greeting = Strings::format(ui.tr(name.empty() ? "menu.greeting" : "menu.greeting_name"),
                                           {{"id", masked}, {"name", name}});
    secureWipe(name);

    // Ending the session is not a primary action; it keeps the bottom row
    // at the right, below the tiles.
    Rect area = l.content();
    Rect greet = area.takeTop(t.fonts.body->FontSize, gap);
    fittedText(t.fonts.body, greeting.c_str(), greet.min, greet.width(), t.textMuted.u32());
    // A card read at the attract screen starts the session here: the offer
    // of large text comes before the tiles.
    if (float h = largeTextOffer(ui, area.min, area.width()); h > 0) area.takeTop(h, gap);

    const int cols = l.portrait ? 1 : 2;
    const std::vector<Rect> cells = grid(area, static_cast<int>(kAllServices.size()), cols, gap);
    for (size_t i = 0; i < kAllServices.size(); ++i) {
        ServiceId id = kAllServices[i];
        ServiceKeys keys = serviceKeys(id);
        bool enabled = ui.flow.serviceEnabled(id);
        std::string detail = enabled ? ui.tr(keys.detail)
                                     : Strings::format(ui.tr("service.unavailable"),
                                                       {{"reason", ui.tr(unavailableReasonKey(ui.flow.serviceConfig(id).reason))}});
        std::string target = "menu." + std::string(serviceName(id));
        if (iconTile(ui, target.c_str(), id, ui.tr(keys.title), detail.c_str(), cells[i].min, cells[i].size(), enabled))
            ui.flow.chooseService(id);
    }
    Rect row = l.body().takeBottom(l.minTarget);
    Rect exit = row.takeRight(std::min(row.width(), std::max(l.minTarget * 2, 300 * l.scale)));
    if (bigButton(ui, "menu.exit", ui.tr("menu.exit"), exit.min, exit.size(), ButtonKind::Secondary))
        ui.flow.endSession();
}

}  // namespace kiosk
