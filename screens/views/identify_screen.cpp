#include "screens/views/identify_screen.h"

#include "screens/flows/staff_flow.h"
#include "screens/views/session_parts.h"
#include "screens/widgets.h"

namespace kiosk {

const char* IdentifyScreen::titleKey(const SessionFlow&) const { return i18nKey("identify.title"); }

void IdentifyScreen::draw(UiContext& ui) {
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    float s = l.scale;
    ImVec2 b0 = l.bodyMin(), bs = l.bodySize();

    // Everything in one column that scrolls if it cannot all show (large
    // text with the demo buttons); the buttons first get lower to fit.
    ScrollRegion column(ui, "##identify", l.body());
    b0 = column.origin();
    bs.x = column.width();
    float y = b0.y;
    // The start of a session: the one time large text is offered.
    if (float h = largeTextOffer(ui, b0, bs.x); h > 0) y += h;
    y += 30 * s;
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

    const bool staffHelp = ui.flow.assistedBy().empty();
    const int buttonRows = (ui.flow.keyInAllowed() ? 1 : 0) + (ui.flow.demo() ? 1 : 0) + (ui.flow.demo() && staffHelp ? 1 : 0);
    const float below = (staffHelp ? wrappedHeight(t.fonts.body, ui.tr("identify.staff_help"), w) + 30 * s : 0) +
                        static_cast<float>(buttonRows) * 30 * s;
    const float fit = buttonRows > 0 ? (b0.y + bs.y - y - below) / static_cast<float>(buttonRows) : 0;
    float bw = std::min(bs.x, 820 * s), bh = std::max(l.minTouch, std::min(std::max(l.minTarget, 140 * s), fit));
    float x = b0.x + (bs.x - bw) / 2;
    // Keying a number in is for staff who checked the original, unless the
    // bureau lets residents do it (services.md, "Identity").
    if (ui.flow.keyInAllowed()) {
        if (bigButton(ui, "identify.key_in", ui.tr("identify.key_in"), ImVec2(x, y), ImVec2(bw, bh), ButtonKind::Secondary))
            ui.flow.chooseKeyIn();
        y += bh + 30 * s;
    }
    if (ui.flow.demo()) {
        if (bigButton(ui, "identify.demo_card", ui.tr("identify.demo_card"), ImVec2(x, y), ImVec2(bw, bh),
                      ButtonKind::Secondary)) {
            ui.flow.requestDemoCard();
        }
        y += bh + 30 * s;
    }
    if (ui.flow.assistedBy().empty()) {
        wrappedText(t.fonts.body, ui.tr("identify.staff_help"), ImVec2(b0.x + (bs.x - w) / 2, y), w, t.textMuted.u32());
        y += wrappedHeight(t.fonts.body, ui.tr("identify.staff_help"), w) + 30 * s;
    }
    if (ui.flow.demo() && ui.flow.assistedBy().empty()) {
        // Demo: the staff cards a hall would issue, shown to the emulated camera.
        const float gap = 30 * s, half = (bw - gap) / 2, sh = std::min(l.minTarget, bh);
        if (bigButton(ui, "identify.demo_staff", ui.tr("identify.demo_staff"), ImVec2(x, y), ImVec2(half, sh),
                      ButtonKind::Secondary))
            ui.flow.staff().requestDemoCard(StaffRole::Staff);
        if (bigButton(ui, "identify.demo_maintainer", ui.tr("identify.demo_maintainer"), ImVec2(x + half + gap, y),
                      ImVec2(half, sh), ButtonKind::Secondary))
            ui.flow.staff().requestDemoCard(StaffRole::Maintainer);
        y += sh;
    }
    column.end(y - b0.y);
}

}  // namespace kiosk
