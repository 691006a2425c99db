#include "screens/views/identify_screen.h"

#include "screens/widgets.h"

namespace kiosk {

const char* IdentifyScreen::titleKey(const SessionFlow&) const { return i18nKey("identify.title"); }

void IdentifyScreen::draw(UiContext& ui) {
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    float s = l.scale;
    ImVec2 b0 = l.bodyMin(), bs = l.bodySize();

    float y = b0.y + 30 * s;
    centredText(t.fonts.title, ui.tr("identify.place_card"), b0.x, b0.x + bs.x, y, t.text.u32());
    y += t.fonts.title->FontSize + 24 * s;
    float w = std::min(bs.x, 1200 * s);
    float hintH = wrappedHeight(t.fonts.body, ui.tr("identify.place_card_hint"), w);
    wrappedText(t.fonts.body, ui.tr("identify.place_card_hint"), ImVec2(b0.x + (bs.x - w) / 2, y), w, t.textMuted.u32());
    y += hintH + 30 * s;
    if (const char* key = ui.flow.cardMessageKey()) {
        float mh = wrappedHeight(t.fonts.button, ui.tr(key), w);
        wrappedText(t.fonts.button, ui.tr(key), ImVec2(b0.x + (bs.x - w) / 2, y), w, t.warning.u32());
        y += mh;
    }
    y += 30 * s;

    float bw = std::min(bs.x, 820 * s), bh = std::max(l.minTarget, 140 * s);
    float x = b0.x + (bs.x - bw) / 2;
    if (bigButton(ui, "identify.key_in", ui.tr("identify.key_in"), ImVec2(x, y), ImVec2(bw, bh), ButtonKind::Secondary))
        ui.flow.chooseKeyIn();
    y += bh + 30 * s;
    if (ui.flow.demo()) {
        if (bigButton(ui, "identify.demo_card", ui.tr("identify.demo_card"), ImVec2(x, y), ImVec2(bw, bh),
                      ButtonKind::Secondary)) {
            ui.flow.requestDemoCard();
        }
        y += bh + 30 * s;
    }
    wrappedText(t.fonts.body, ui.tr("identify.staff_help"), ImVec2(b0.x + (bs.x - w) / 2, y), w, t.textMuted.u32());
}

}  // namespace kiosk
