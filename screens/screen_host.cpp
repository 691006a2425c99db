#include "screens/screen_host.h"

#include <algorithm>
#include <string>

#include "screens/widgets.h"

namespace kiosk {
namespace {
// The header pill's words for a device alert: "<key>.short" when the
// string tables have it (the full sentence is for the maintenance screens).
std::string shortAlertKey(const Strings& strings, Language language, const char* key) {
    std::string shortKey = std::string(key) + ".short";
    return strings.has(language, shortKey) ? shortKey : std::string(key);
}

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
    setFrameRecord(ui.record);
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ui.layout.display);
    // No window background: the frame is cleared to the theme background
    // already, and a second full-screen blended pass costs ~3 ms a frame on a
    // software renderer.
    ImGui::Begin("##screen", nullptr, kFullScreenFlags | ImGuiWindowFlags_NoBackground);
    ImGui::PushFont(ui.theme.fonts.body);
    if (Screen* screen = find(ui.flow.current())) {
        if (ui.record) {
            ui.record->headerBottom = screen->showsHeader() ? ui.layout.headerHeight : 0;
            ui.record->footerTop = screen->showsHeader() ? ui.layout.display.y - ui.layout.footerHeight : ui.layout.display.y;
        }
        if (screen->showsHeader()) {
            {
                RecordScope band(Band::Header);
                drawHeader(ui, *screen);
            }
            RecordScope band(Band::Footer);
            footer(ui, ui.flow.stepBar());
        }
        screen->draw(ui);
    }
    ImGui::PopFont();
    ImGui::End();
    {
        RecordScope band(Band::Overlay);
        if (ui.countdownSeconds) drawTimeoutWarning(ui);
        else if (ui.flow.pendingConfirmation()) drawConfirmation(ui);
    }
    setFrameRecord(nullptr);
}

float ScreenHost::drawDeviceAlerts(UiContext& ui, float right, float minLeft) {
    // A quiet pill per device that is not ok (offline, printer missing), in
    // the header's status area left of its buttons: enough for staff and
    // maintainers to notice, not alarming for residents, and never over a
    // control. When they do not all fit, the first says how many more.
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    if (ui.deviceAlerts.empty()) return right;
    ImFont* font = t.fonts.body;
    const float pad = 12 * l.scale, gap = 12 * l.scale;
    const float h = font->FontSize + 2 * pad;
    const float y = (l.headerHeight - h) / 2;
    const float maxW = std::max(0.0f, (right - minLeft) * 0.5f);  // the title keeps the other half
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float x = right;
    for (size_t i = 0; i < ui.deviceAlerts.size(); ++i) {
        std::string text = ui.tr(shortAlertKey(ui.strings, ui.flow.language(), ui.deviceAlerts[i]));
        const size_t rest = ui.deviceAlerts.size() - i - 1;
        const float w = std::min(textWidth(font, text.c_str()) + 2 * pad, maxW - (right - x));
        if (rest > 0 && w < textWidth(font, text.c_str()) + 2 * pad) break;
        if (w < 4 * pad) break;
        ImVec2 p0(x - w, y), p1(x, y + h);
        dl->AddRectFilled(p0, p1, t.surface.u32(), h / 2);
        dl->AddRect(p0, p1, t.warning.u32(), h / 2, 0, 2 * l.scale);
        fittedText(font, text.c_str(), ImVec2(p0.x + pad, p0.y + pad), w - 2 * pad, t.warning.u32());
        x = p0.x - gap;
    }
    return x;
}

int ScreenHost::drawQuestion(UiContext& ui, const char* name, const Question& q) {
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    beginOverlay(ui, name);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    // The card grows with its question (large text, English) up to the
    // whole screen less the margins; a question longer still ends in "…".
    float cw = std::min(l.display.x - 2 * l.margin, 1200 * l.scale);
    const float w = cw - 120 * l.scale, gap = 40 * l.scale;
    const float bh = std::max(l.minTarget, 140 * l.scale);
    const float fixed = 50 * l.scale + t.fonts.title->FontSize + 30 * l.scale + gap + bh + 40 * l.scale;
    const float detailH = std::min(wrappedHeight(t.fonts.button, ui.tr(q.detailKey), w), l.display.y - 2 * l.margin - fixed);
    const float ch = std::max(560 * l.scale, fixed + detailH);
    ImVec2 c0((l.display.x - cw) / 2, (l.display.y - ch) / 2);
    dl->AddRectFilled(c0, ImVec2(c0.x + cw, c0.y + ch), t.surface.u32(), t.rounding);
    float y = c0.y + 50 * l.scale;
    centredText(t.fonts.title, ui.tr(q.titleKey), c0.x, c0.x + cw, y, t.text.u32());
    y += t.fonts.title->FontSize + 30 * l.scale;
    wrappedText(t.fonts.button, ui.tr(q.detailKey), ImVec2(c0.x + 60 * l.scale, y), w, t.textMuted.u32(), detailH);
    float bw = (cw - 120 * l.scale - gap) / 2;
    float by = c0.y + ch - bh - 40 * l.scale;
    int answer = -1;
    if (bigButton(ui, q.yesTarget, ui.tr(q.yesKey), ImVec2(c0.x + 60 * l.scale, by), ImVec2(bw, bh), q.yesKind)) answer = 1;
    if (bigButton(ui, q.noTarget, ui.tr(q.noKey), ImVec2(c0.x + 60 * l.scale + bw + gap, by), ImVec2(bw, bh), q.noKind))
        answer = 0;
    ImGui::End();
    return answer;
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

    x = drawDeviceAlerts(ui, x - 16 * l.scale, l.margin + l.minTarget) + 16 * l.scale;
    // A resident helped by staff sees (and the audit log records) who helps.
    if (!ui.flow.assistedBy().empty()) {
        const std::string badge = Strings::format(ui.tr("staff.assisted_badge"), {{"number", ui.flow.assistedBy()}});
        ImFont* bf = t.fonts.body;
        const float pad = 12 * l.scale;
        const float bw = std::min(textWidth(bf, badge.c_str()) + 2 * pad, (x - l.margin) / 2);
        const ImVec2 p0(x - 16 * l.scale - bw, (l.headerHeight - bf->FontSize) / 2 - pad);
        dl->AddRectFilled(p0, ImVec2(p0.x + bw, p0.y + bf->FontSize + 2 * pad), t.primary.u32(), bf->FontSize);
        fittedText(bf, badge.c_str(), ImVec2(p0.x + pad, p0.y + pad), bw - 2 * pad, t.onPrimary.u32());
        x = p0.x;
    }
    // Narrow (portrait, large text) headers shrink a long title, then give it two lines.
    const float pad = 8 * l.scale;
    textBlock(t.fonts.title, ui.tr(screen.titleKey(ui.flow)), ImVec2(l.margin, pad),
              ImVec2(x - 16 * l.scale - l.margin, l.headerHeight - 2 * pad), t.text.u32());
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
    // The number with its unit: "25 秒" / "25 s", never a bare figure.
    std::string seconds = Strings::format(ui.tr("timeout.seconds"), {{"n", std::to_string(*ui.countdownSeconds)}});
    ImFont* big = t.fonts.title;
    float bigSize = big->FontSize * 2.2f;
    plainText(big, seconds.c_str(), ImVec2(c0.x + (cw - textWidth(big, seconds.c_str(), bigSize)) / 2, y),
              t.warning.u32(), bigSize);
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
