#include "screens/views/identify_screen.h"

#include <algorithm>
#include <vector>

#include "screens/flows/staff_flow.h"
#include "screens/layout.h"
#include "screens/views/session_parts.h"
#include "screens/widgets.h"

namespace kiosk {

const char* IdentifyScreen::titleKey(const SessionFlow&) const { return i18nKey("identify.title"); }

void IdentifyScreen::draw(UiContext& ui) {
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    const float s = l.scale, gap = 30 * s;

    // Everything in one column that scrolls if it cannot all show (large
    // text with the demo buttons); the buttons first get lower to fit.
    ScrollRegion column(ui, "##identify", l.body());
    const ImVec2 top = column.origin();
    Rect c{top, ImVec2(top.x + column.width(), top.y + 1e6f)};
    // The start of a session: the one time large text is offered.
    if (float h = largeTextOffer(ui, c.min, c.width()); h > 0) c.takeTop(h);
    c.takeTop(gap);
    const Rect title = c.takeTop(t.fonts.title->FontSize, 24 * s);
    centredText(t.fonts.title, ui.tr("identify.place_card"), title.min.x, title.max.x, title.min.y, t.text.u32());
    // Texts in a column of at most `w`, centred.
    const float w = std::min(c.width(), 1200 * s);
    auto text = [&](ImFont* font, const char* key, Rgb colour, float after) {
        const float h = wrappedHeight(font, ui.tr(key), w);
        wrappedText(font, ui.tr(key), c.takeTop(h, after).centred(ImVec2(w, h)).min, w, colour.u32());
    };
    text(t.fonts.body, "identify.place_card_hint", t.textMuted, gap);
    if (const char* key = ui.flow.cardMessageKey()) text(t.fonts.button, key, t.warning, 0);
    c.takeTop(gap);

    const bool staffHelp = ui.flow.assistedBy().empty();
    const int buttonRows = (ui.flow.keyInAllowed() ? 1 : 0) + (ui.flow.demo() ? 1 : 0) + (ui.flow.demo() && staffHelp ? 1 : 0);
    const float below = (staffHelp ? wrappedHeight(t.fonts.body, ui.tr("identify.staff_help"), w) + gap : 0) +
                        static_cast<float>(buttonRows) * gap;
    // The room left in the region as it shows (unscrolled).
    const float room = top.y + l.body().height() - c.min.y;
    const float fit = buttonRows > 0 ? (room - below) / static_cast<float>(buttonRows) : 0;
    const float bw = std::min(c.width(), 820 * s), bh = std::max(l.minTouch, std::min(std::max(l.minTarget, 140 * s), fit));
    auto button = [&](float h, float after) { return c.takeTop(h, after).centred(ImVec2(bw, h)); };
    // Keying a number in is for staff who checked the original, unless the
    // bureau lets residents do it (services.md, "Identity").
    if (ui.flow.keyInAllowed()) {
        const Rect r = button(bh, gap);
        if (bigButton(ui, "identify.key_in", ui.tr("identify.key_in"), r.min, r.size(), ButtonKind::Secondary))
            ui.flow.chooseKeyIn();
    }
    if (ui.flow.demo()) {
        const Rect r = button(bh, gap);
        if (bigButton(ui, "identify.demo_card", ui.tr("identify.demo_card"), r.min, r.size(), ButtonKind::Secondary))
            ui.flow.requestDemoCard();
    }
    if (staffHelp) text(t.fonts.body, "identify.staff_help", t.textMuted, gap);
    if (ui.flow.demo() && staffHelp) {
        // Demo: the staff cards a hall would issue, shown to the emulated camera.
        const std::vector<Rect> cards = columns(button(std::min(l.minTarget, bh), 0), 2, gap);
        if (bigButton(ui, "identify.demo_staff", ui.tr("identify.demo_staff"), cards[0].min, cards[0].size(),
                      ButtonKind::Secondary))
            ui.flow.staff().requestDemoCard(StaffRole::Staff);
        if (bigButton(ui, "identify.demo_maintainer", ui.tr("identify.demo_maintainer"), cards[1].min, cards[1].size(),
                      ButtonKind::Secondary))
            ui.flow.staff().requestDemoCard(StaffRole::Maintainer);
    }
    column.end(c.min.y - top.y);
}

}  // namespace kiosk
