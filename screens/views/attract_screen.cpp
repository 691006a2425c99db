#include "screens/views/attract_screen.h"

#include <algorithm>
#include <cfloat>
#include <vector>

#include "screens/layout.h"
#include "screens/widgets.h"

namespace kiosk {

const char* AttractScreen::titleKey(const SessionFlow&) const { return i18nKey("attract.title"); }

void AttractScreen::draw(UiContext& ui) {
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float s = l.scale;
    // No header or footer bands here: the whole display is sliced, inside
    // the margins (the switches sit half a margin from the top edge).
    Rect area{ImVec2(l.margin, l.margin * 0.5f), ImVec2(l.display.x - l.margin, l.display.y - l.margin)};

    // The language buttons come first so that the "tap anywhere" area above
    // them does not swallow their taps.
    const float lw = 300 * s, lh = std::max(l.minTarget, 120 * s), langGap = 24 * s;
    const Rect langRow = area.takeBottom(lh, 20 * s);
    const std::vector<Rect> langs =
        columns(langRow.centred(ImVec2(lw * kAllLanguages.size() + langGap * (kAllLanguages.size() - 1), lh)),
                static_cast<int>(kAllLanguages.size()), langGap);
    for (size_t i = 0; i < kAllLanguages.size(); ++i) {
        const Language lang = kAllLanguages[i];
        std::string target = "attract.language." + std::string(languageTag(lang));
        bool selected = ui.flow.language() == lang;
        if (bigButton(ui, target.c_str(), ui.strings.get(lang, "language.self"), langs[i].min, langs[i].size(),
                      selected ? ButtonKind::Primary : ButtonKind::Secondary))
            ui.flow.setLanguage(lang);
    }

    // The top row: the accessibility switches at the right; the demo badge
    // beside them, or in a row of its own under them where they take the
    // whole width (portrait with voice on), so the two never meet.
    Rect topRow = area.takeTop(l.minTarget, l.margin * 0.5f + 20 * s);
    const Rect switches = topRow.takeRight(accessibilitySwitchesWidth(ui), 24 * s);
    accessibilitySwitches(ui, switches.min, switches.height());
    if (ui.flow.demo()) {
        const char* badge = ui.tr("demo.badge");
        const bool beside = textWidth(t.fonts.body, badge) <= topRow.width();
        const Rect where = beside ? topRow : area.takeTop(t.fonts.body->FontSize, 20 * s);
        // Beside the switches, level with their labels.
        const float y = beside ? where.min.y + (where.height() - t.fonts.body->FontSize) / 2 : where.min.y;
        fittedText(t.fonts.body, badge, ImVec2(where.min.x, y), where.width(), t.warning.u32());
    }

    // Top to bottom: title, subtitle, a card on the reader, the hint, Start.
    // Portrait screens are tall: the title comes down to a seventh of the
    // height; landscape screens are short, so the picture shrinks there.
    if (l.portrait) area.takeTop(l.display.y * 0.14f - area.min.y);
    const Rect title = area.takeTop(t.fonts.title->FontSize, 20 * s);
    centredText(t.fonts.title, ui.tr("attract.title"), title.min.x, title.max.x, title.min.y, t.primary.u32());
    // fleet: a maintainer's notice (remote command "notice"), e.g. changed
    // opening hours, in a band a little closer to the subtitle.
    const std::string& fleetNotice = ui.flow.notice();
    area.takeTop(
        wrappedText(t.fonts.body, ui.tr("attract.subtitle"), area.min, area.width(), t.textMuted.u32(), FLT_MAX, 0.5f),
        (l.portrait ? 140 : 60) * s - (fleetNotice.empty() ? 0 : 30 * s));
    if (!fleetNotice.empty()) {
        const float pad = 0.4f * t.fonts.body->FontSize;
        const float h = wrappedHeight(t.fonts.body, fleetNotice.c_str(), area.width() - 2 * pad) + 2 * pad;
        const Rect band = area.takeTop(h, 30 * s);
        dl->AddRectFilled(band.min, band.max, t.secondary.u32(), t.rounding);
        wrappedText(t.fonts.body, fleetNotice.c_str(), ImVec2(band.min.x + pad, band.min.y + pad),
                    band.width() - 2 * pad, t.warning.u32(), FLT_MAX, 0.5f);
    }

    // An ID card resting on the reader: the gesture we hope for. A landscape
    // screen in large text has no room for it; the words carry the message.
    const float after = (l.portrait ? 120 : 50) * s;
    if (l.portrait || !l.largeText) {
        const float cs = l.portrait ? 1.2f * s : 0.6f * s;
        const float cw = 420 * cs, ch = 265 * cs;
        const Rect picture = area.takeTop(ch + 50 * cs, after);
        const ImVec2 c0(picture.min.x + (picture.width() - cw) / 2, picture.min.y);
        dl->AddRectFilled(ImVec2(c0.x - 40 * cs, c0.y + ch * 0.55f), ImVec2(c0.x + cw + 40 * cs, c0.y + ch + 50 * cs),
                          t.secondary.u32(), t.rounding);
        dl->AddRectFilled(c0, ImVec2(c0.x + cw, c0.y + ch), t.surface.u32(), 18 * cs);
        dl->AddRect(c0, ImVec2(c0.x + cw, c0.y + ch), t.primary.u32(), 18 * cs, 0, 4 * s);
        dl->AddRectFilled(ImVec2(c0.x + cw * 0.64f, c0.y + ch * 0.18f), ImVec2(c0.x + cw * 0.9f, c0.y + ch * 0.72f),
                          t.secondary.u32(), 8 * cs);
        for (int i = 0; i < 4; ++i)
            dl->AddRectFilled(ImVec2(c0.x + cw * 0.08f, c0.y + ch * (0.2f + 0.14f * i)),
                              ImVec2(c0.x + cw * (i == 3 ? 0.5f : 0.56f), c0.y + ch * (0.26f + 0.14f * i)),
                              t.border.u32(), 4 * cs);
    }
    // Wrapped: in English on a portrait screen the hint is wider than the display.
    area.takeTop(
        wrappedText(t.fonts.button, ui.tr("attract.place_card"), area.min, area.width(), t.text.u32(), FLT_MAX, 0.5f),
        after);

    const Rect startRow = area.takeTop(std::max(l.minTarget, 150 * s));
    const Rect startButton = startRow.centred(ImVec2(760 * s, startRow.height()));
    bool start = bigButton(ui, "attract.start", ui.tr("attract.start"), startButton.min, startButton.size());

    // Tap anywhere else also starts: many first-time users touch the middle.
    ImGui::SetCursorScreenPos(ImVec2(0, 0));
    if (ImGui::InvisibleButton("##anywhere", ImVec2(l.display.x, langRow.min.y - 20 * s))) start = true;
    if (start) ui.flow.start();
}

}  // namespace kiosk
