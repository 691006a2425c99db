#include "screens/views/attract_screen.h"

#include "screens/widgets.h"

namespace kiosk {

const char* AttractScreen::titleKey(const SessionFlow&) const { return i18nKey("attract.title"); }

void AttractScreen::draw(UiContext& ui) {
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float s = l.scale;

    // The language buttons come first so that the "tap anywhere" area below
    // them does not swallow their taps.
    float lw = 300 * s, lh = std::max(l.minTarget, 120 * s);
    float ly = l.display.y - l.margin - lh;
    float lx = l.display.x / 2 - lw - 12 * s;
    for (Language lang : kAllLanguages) {
        std::string target = "attract.language." + std::string(languageTag(lang));
        bool selected = ui.flow.language() == lang;
        if (bigButton(ui, target.c_str(), ui.strings.get(lang, "language.self"), ImVec2(lx, ly), ImVec2(lw, lh),
                      selected ? ButtonKind::Primary : ButtonKind::Secondary))
            ui.flow.setLanguage(lang);
        lx += lw + 24 * s;
    }

    accessibilitySwitches(ui, ImVec2(l.display.x - l.margin - accessibilitySwitchesWidth(ui), l.margin * 0.5f), l.minTarget);

    // Top to bottom: title, subtitle, a card on the reader, the hint, Start.
    // Landscape screens are short, so the picture shrinks there.
    float y = l.portrait ? l.display.y * 0.14f : l.margin + l.minTarget + 20 * s;
    centredText(t.fonts.title, ui.tr("attract.title"), 0, l.display.x, y, t.primary.u32());
    y += t.fonts.title->FontSize + 20 * s;
    centredText(t.fonts.body, ui.tr("attract.subtitle"), 0, l.display.x, y, t.textMuted.u32());
    y += t.fonts.body->FontSize + (l.portrait ? 140 : 60) * s;
    // fleet: a maintainer's notice (remote command "notice"), e.g. changed opening hours.
    if (!ui.flow.notice().empty()) {
        float nh = t.fonts.body->FontSize * 1.8f;
        dl->AddRectFilled(ImVec2(l.margin, y - 30 * s), ImVec2(l.display.x - l.margin, y - 30 * s + nh), t.secondary.u32(), t.rounding);
        centredText(t.fonts.body, ui.flow.notice().c_str(), 0, l.display.x, y - 30 * s + 0.4f * t.fonts.body->FontSize, t.warning.u32());
        y += nh;
    }

    // An ID card resting on the reader: the gesture we hope for. A landscape
    // screen in large text has no room for it; the words carry the message.
    if (l.portrait || !l.largeText) {
        float cs = l.portrait ? 1.2f * s : 0.6f * s;
        float cw = 420 * cs, ch = 265 * cs;
        ImVec2 c0((l.display.x - cw) / 2, y);
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
        y = c0.y + ch + 50 * cs + (l.portrait ? 120 : 50) * s;
    }
    centredText(t.fonts.button, ui.tr("attract.place_card"), 0, l.display.x, y, t.text.u32());
    y += t.fonts.button->FontSize + (l.portrait ? 120 : 50) * s;

    float bw = std::min(l.display.x - 2 * l.margin, 760 * s), bh = std::max(l.minTarget, 150 * s);
    bool start = bigButton(ui, "attract.start", ui.tr("attract.start"), ImVec2((l.display.x - bw) / 2, y), ImVec2(bw, bh));

    // The demo badge at the top left, or under the switches where they take
    // the whole row (portrait with voice on).
    if (ui.flow.demo()) {
        const char* badge = ui.tr("demo.badge");
        const float switchesX = l.display.x - l.margin - accessibilitySwitchesWidth(ui);
        const bool beside = l.margin + textWidth(t.fonts.body, badge) + 24 * s <= switchesX;
        plainText(t.fonts.body, badge, ImVec2(l.margin, beside ? l.margin : l.margin * 0.5f + l.minTarget + 12 * s),
                  t.warning.u32());
    }

    // Tap anywhere else also starts: many first-time users touch the middle.
    ImGui::SetCursorScreenPos(ImVec2(0, 0));
    if (ImGui::InvisibleButton("##anywhere", ImVec2(l.display.x, ly - 20 * s))) start = true;
    if (start) ui.flow.start();
}

}  // namespace kiosk
