#include "screens/screen_host.h"

#include <string>

#include "screens/widgets.h"

namespace kiosk {
namespace {
constexpr ImGuiWindowFlags kFullScreenFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                              ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoScrollWithMouse |
                                              ImGuiWindowFlags_NoBringToFrontOnFocus;
}

Screen* ScreenHost::find(ScreenId id) const {
    for (auto& s : screens_)
        if (s->id() == id) return s.get();
    return nullptr;
}

void ScreenHost::draw(UiContext& ui) {
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ui.layout.display);
    // No window background: the frame is cleared to the theme background
    // already, and a second full-screen blended pass costs ~3 ms a frame on a
    // software renderer.
    ImGui::Begin("##screen", nullptr, kFullScreenFlags | ImGuiWindowFlags_NoBackground);
    ImGui::PushFont(ui.theme.fonts.body);
    if (Screen* screen = find(ui.flow.current())) {
        if (screen->showsHeader()) {
            drawHeader(ui, *screen);
            footer(ui, ui.flow.stepBar());
        }
        screen->draw(ui);
    }
    drawDeviceAlerts(ui);
    ImGui::PopFont();
    ImGui::End();
    if (ui.countdownSeconds) drawTimeoutWarning(ui);
    else if (ui.flow.pendingConfirmation()) drawConfirmation(ui);
    else if (ui.flow.largeTextOfferPending()) drawLargeTextOffer(ui);
}

void ScreenHost::drawDeviceAlerts(UiContext& ui) {
    // A quiet corner pill per device that is not ok: enough for staff and
    // maintainers to notice, not alarming for residents.
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    ImFont* font = t.fonts.body;
    float y = l.display.y - l.footerHeight - 12 * l.scale;
    for (const char* key : ui.deviceAlerts) {
        const char* text = ui.tr(key);
        ImVec2 ts = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, text);
        float pad = 12 * l.scale;
        y -= ts.y + 2 * pad;
        ImVec2 p0(l.margin * 0.5f, y), p1(l.margin * 0.5f + ts.x + 2 * pad, y + ts.y + 2 * pad);
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(p0, p1, t.surface.u32(), ts.y);
        dl->AddRect(p0, p1, t.warning.u32(), ts.y, 0, 2 * l.scale);
        dl->AddText(font, font->FontSize, ImVec2(p0.x + pad, p0.y + pad), t.warning.u32(), text);
        y -= 8 * l.scale;
    }
}

int ScreenHost::drawQuestion(UiContext& ui, const char* name, const Question& q) {
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    beginOverlay(ui, name);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float cw = std::min(l.display.x - 2 * l.margin, 1200 * l.scale);
    float ch = 560 * l.scale;
    ImVec2 c0((l.display.x - cw) / 2, (l.display.y - ch) / 2);
    dl->AddRectFilled(c0, ImVec2(c0.x + cw, c0.y + ch), t.surface.u32(), t.rounding);
    float y = c0.y + 50 * l.scale;
    centredText(t.fonts.title, ui.tr(q.titleKey), c0.x, c0.x + cw, y, t.text.u32());
    y += t.fonts.title->FontSize + 30 * l.scale;
    float w = cw - 120 * l.scale;
    wrappedText(t.fonts.button, ui.tr(q.detailKey), ImVec2(c0.x + 60 * l.scale, y), w, t.textMuted.u32());
    float gap = 40 * l.scale;
    float bw = (cw - 120 * l.scale - gap) / 2, bh = std::max(l.minTarget, 140 * l.scale);
    float by = c0.y + ch - bh - 40 * l.scale;
    int answer = -1;
    if (bigButton(ui, q.yesTarget, ui.tr(q.yesKey), ImVec2(c0.x + 60 * l.scale, by), ImVec2(bw, bh), q.yesKind)) answer = 1;
    if (bigButton(ui, q.noTarget, ui.tr(q.noKey), ImVec2(c0.x + 60 * l.scale + bw + gap, by), ImVec2(bw, bh), q.noKind))
        answer = 0;
    ImGui::End();
    return answer;
}

void ScreenHost::drawLargeTextOffer(UiContext& ui) {
    int answer = drawQuestion(ui, "##offer",
                              {"a11y.offer.title", "a11y.offer.detail", "a11y.offer.accept", "a11y.offer.accept",
                               "a11y.offer.decline", "a11y.offer.decline", ButtonKind::Primary, ButtonKind::Secondary});
    if (answer >= 0) ui.flow.answerLargeTextOffer(answer == 1);
}

void ScreenHost::drawConfirmation(UiContext& ui) {
    const Confirmation& c = *ui.flow.pendingConfirmation();
    // The safe answer is the prominent one: an irreversible step should take
    // a deliberate tap.
    int answer = drawQuestion(ui, "##confirm",
                              {c.titleKey, c.detailKey, "confirm.yes", c.confirmKey, "confirm.no", c.cancelKey,
                               ButtonKind::Secondary, ButtonKind::Primary});
    if (answer >= 0) ui.flow.answerConfirmation(answer == 1);
}

void ScreenHost::beginOverlay(UiContext& ui, const char* name) {
    // A window of its own above the screen: it takes every touch, so a tap
    // meant for the overlay cannot also press a button underneath.
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ui.layout.display);
    ImGui::SetNextWindowFocus();
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ui.theme.overlay.vec4(0.85f));
    ImGui::Begin(name, nullptr, kFullScreenFlags & ~ImGuiWindowFlags_NoBringToFrontOnFocus);
    ImGui::PopStyleColor();
}

void ScreenHost::drawHeader(UiContext& ui, const Screen& screen) {
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(0, 0), ImVec2(l.display.x, l.headerHeight), t.surface.u32());
    dl->AddLine(ImVec2(0, l.headerHeight), ImVec2(l.display.x, l.headerHeight), t.border.u32(), 2 * l.scale);

    // Right to left: Home, Back, language. Portrait screens are narrower, so
    // buttons shrink to their minimum and the title gets the rest.
    float h = l.headerHeight - 2 * 10 * l.scale;
    float w = l.portrait ? l.minTarget * 1.25f : std::max(l.minTarget * 1.5f, 220.0f * l.scale);
    float y = 10 * l.scale;
    float x = l.display.x - l.margin - w;
    if (bigButton(ui, "header.home", ui.tr("nav.home"), ImVec2(x, y), ImVec2(w, h), ButtonKind::Secondary))
        ui.flow.home();
    x -= w + 16 * l.scale;
    if (bigButton(ui, "header.back", ui.tr("nav.back"), ImVec2(x, y), ImVec2(w, h), ButtonKind::Secondary,
                  ui.flow.canGoBack()))
        ui.flow.back();
    x -= w + 16 * l.scale;
    Language other = ui.flow.language() == Language::ZhCN ? Language::En : Language::ZhCN;
    if (bigButton(ui, "header.language", ui.strings.get(other, "language.self"), ImVec2(x, y), ImVec2(w, h),
                  ButtonKind::Secondary))
        ui.flow.setLanguage(other);

    // A resident helped by staff sees (and the audit log records) who helps.
    if (!ui.flow.assistedBy().empty()) {
        const std::string badge = Strings::format(ui.tr("staff.assisted_badge"), {{"number", ui.flow.assistedBy()}});
        ImFont* bf = t.fonts.body;
        const float pad = 12 * l.scale;
        const ImVec2 ts = bf->CalcTextSizeA(bf->FontSize, FLT_MAX, 0, badge.c_str());
        const float bw = std::min(ts.x + 2 * pad, (x - l.margin) / 2);
        const ImVec2 p0(x - 16 * l.scale - bw, (l.headerHeight - ts.y) / 2 - pad);
        dl->AddRectFilled(p0, ImVec2(p0.x + bw, p0.y + ts.y + 2 * pad), t.primary.u32(), ts.y);
        fittedText(bf, badge.c_str(), ImVec2(p0.x + pad, p0.y + pad), bw - 2 * pad, t.onPrimary.u32());
        x = p0.x;
    }
    // Narrow (portrait, large text) headers shrink a long title to fit.
    ImFont* tf = t.fonts.title;
    fittedText(tf, ui.tr(screen.titleKey(ui.flow)), ImVec2(l.margin, (l.headerHeight - tf->FontSize) / 2),
               x - 16 * l.scale - l.margin, t.text.u32());
}

void ScreenHost::drawTimeoutWarning(UiContext& ui) {
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    beginOverlay(ui, "##timeout");
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float cw = std::min(l.display.x - 2 * l.margin, 1100 * l.scale);
    float ch = 640 * l.scale;
    ImVec2 c0((l.display.x - cw) / 2, (l.display.y - ch) / 2);
    dl->AddRectFilled(c0, ImVec2(c0.x + cw, c0.y + ch), t.surface.u32(), t.rounding);
    float y = c0.y + 50 * l.scale;
    centredText(t.fonts.title, ui.tr("timeout.title"), c0.x, c0.x + cw, y, t.text.u32());
    y += t.fonts.title->FontSize + 30 * l.scale;
    std::string seconds = std::to_string(*ui.countdownSeconds);
    ImFont* big = t.fonts.title;
    float bigSize = big->FontSize * 2.2f;
    ImVec2 ns = big->CalcTextSizeA(bigSize, FLT_MAX, 0, seconds.c_str());
    dl->AddText(big, bigSize, ImVec2(c0.x + (cw - ns.x) / 2, y), t.warning.u32(), seconds.c_str());
    y += bigSize + 20 * l.scale;
    centredText(t.fonts.body, ui.tr("timeout.detail"), c0.x, c0.x + cw, y, t.textMuted.u32());
    float bw = std::min(cw - 100 * l.scale, 640 * l.scale);
    float bh = std::max(l.minTarget, 130 * l.scale);
    // Any touch keeps the session (the app resets the timer on input); the
    // button says so in words.
    bigButton(ui, "timeout.continue", ui.tr("timeout.continue"), ImVec2(c0.x + (cw - bw) / 2, c0.y + ch - bh - 40 * l.scale),
              ImVec2(bw, bh));
    ImGui::End();
}

}  // namespace kiosk
