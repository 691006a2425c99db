#include "screens/views/menu_screen.h"

#include "kiosk/core/id_number.h"
#include "screens/service_keys.h"
#include "screens/views/session_parts.h"
#include "screens/widgets.h"

namespace kiosk {

const char* MenuScreen::titleKey(const SessionFlow&) const { return i18nKey("menu.title"); }

void MenuScreen::draw(UiContext& ui) {
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    float s = l.scale;
    ImVec2 b0 = l.bodyMin(), bs = l.bodySize();

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
    plainText(t.fonts.body, greeting.c_str(), b0, t.textMuted.u32());

    float exitW = std::max(l.minTarget * 2, 300 * s), exitH = l.minTarget;
    float top = b0.y + t.fonts.body->FontSize + 24 * s;
    // A card read at the attract screen starts the session here: the offer
    // of large text comes before the tiles.
    if (float h = largeTextOffer(ui, ImVec2(b0.x, top), bs.x); h > 0) top += h + 24 * s;
    float bottom = b0.y + bs.y - exitH - 24 * s;
    int cols = l.portrait ? 1 : 2;
    int rows = static_cast<int>(kAllServices.size()) / cols;
    float gap = 28 * s;
    float tileW = (bs.x - gap * (cols - 1)) / cols;
    float tileH = (bottom - top - gap * (rows - 1)) / rows;
    for (size_t i = 0; i < kAllServices.size(); ++i) {
        ServiceId id = kAllServices[i];
        ServiceKeys keys = serviceKeys(id);
        bool enabled = ui.flow.serviceEnabled(id);
        std::string detail = enabled ? ui.tr(keys.detail)
                                     : Strings::format(ui.tr("service.unavailable"),
                                                       {{"reason", ui.tr(unavailableReasonKey(ui.flow.serviceConfig(id).reason))}});
        ImVec2 pos(b0.x + (i % cols) * (tileW + gap), top + (i / cols) * (tileH + gap));
        std::string target = "menu." + std::string(serviceName(id));
        if (iconTile(ui, target.c_str(), id, ui.tr(keys.title), detail.c_str(), pos, ImVec2(tileW, tileH), enabled))
            ui.flow.chooseService(id);
    }
    if (bigButton(ui, "menu.exit", ui.tr("menu.exit"), ImVec2(b0.x + bs.x - exitW, b0.y + bs.y - exitH), ImVec2(exitW, exitH),
                  ButtonKind::Secondary))
        ui.flow.endSession();
}

}  // namespace kiosk
