#include "screens/views/service_intro_screen.h"

#include "screens/service_keys.h"
#include "screens/widgets.h"

namespace kiosk {

const char* ServiceIntroScreen::titleKey(const SessionFlow& flow) const {
    return serviceKeys(flow.data().service.value_or(ServiceId::Balances)).title;
}

void ServiceIntroScreen::draw(UiContext& ui) {
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    float s = l.scale;
    ImVec2 b0 = l.bodyMin(), bs = l.bodySize();
    ServiceKeys keys = serviceKeys(ui.flow.data().service.value_or(ServiceId::Balances));

    float w = std::min(bs.x, 1400 * s);
    float x = b0.x + (bs.x - w) / 2;
    float y = b0.y + 10 * s;
    for (const char* key : {keys.intro, keys.bring, i18nKey("service.coming")}) {
        const char* text = ui.tr(key);
        ImFont* font = key == keys.intro ? t.fonts.button : t.fonts.body;
        wrappedText(font, text, ImVec2(x, y), w, (key == keys.intro ? t.text : t.textMuted).u32());
        y += wrappedHeight(font, text, w) + 40 * s;
    }

    float bw = std::min(w, 700 * s), bh = std::max(l.minTarget, 140 * s);
    if (bigButton(ui, "service.finish", ui.tr("service.finish"), ImVec2(b0.x + (bs.x - bw) / 2, b0.y + bs.y - bh), ImVec2(bw, bh)))
        ui.flow.finishService();
}

}  // namespace kiosk
