#include "screens/theme.h"

#include <cmath>

namespace kiosk {
namespace {
double channel(uint8_t c) {
    double v = c / 255.0;
    return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
}
double luminance(Rgb c) { return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b); }
}  // namespace

double contrastRatio(Rgb a, Rgb b) {
    double la = luminance(a), lb = luminance(b);
    if (la < lb) std::swap(la, lb);
    return (la + 0.05) / (lb + 0.05);
}

Theme Theme::standard() { return Theme{}; }

Theme Theme::highContrast() {
    Theme t;
    t.isHighContrast = true;
    t.background = {0x00, 0x00, 0x00};
    t.surface = {0x10, 0x10, 0x10};
    t.text = {0xFF, 0xFF, 0xFF};
    t.textMuted = {0xE6, 0xE6, 0xE6};
    t.primary = {0xFF, 0xD6, 0x00};  // yellow buttons with black text
    t.primaryPressed = {0xFF, 0xF0, 0x8A};
    t.onPrimary = {0x00, 0x00, 0x00};
    t.secondary = {0x1C, 0x1C, 0x1C};
    t.secondaryPressed = {0x3A, 0x3A, 0x3A};
    // Darker than an enabled button and without its white frame: what cannot
    // be tapped recedes (a lighter grey read as the more prominent control).
    t.disabled = {0x0A, 0x0A, 0x0A};
    t.border = {0xFF, 0xFF, 0xFF};
    t.warning = {0xFF, 0xA0, 0x8C};
    t.success = {0x8A, 0xF5, 0x9A};
    t.overlay = {0x00, 0x00, 0x00};
    return t;
}

std::vector<TextPair> Theme::textPairs() const {
    return {
        {"body text on the background", text, background},
        {"body text on panels and tiles", text, surface},
        {"hints on the background", textMuted, background},
        {"hints on panels", textMuted, surface},
        {"switched-off tiles", textMuted, disabled},
        {"disabled buttons", textMuted, disabled},
        {"primary button label", onPrimary, primary},
        {"primary button label, pressed", onPrimary, primaryPressed},
        {"secondary button label", text, secondary},
        {"secondary button label, pressed", text, secondaryPressed},
        {"tile titles", primary, surface},
        {"attract title", primary, background},
        {"errors on the background", warning, background},
        {"errors and countdown on panels", warning, surface},
        {"done step number", onPrimary, success},
        {"current step number", onPrimary, primary},
        {"future step number", text, secondary},
    };
}

void Theme::apply(ImGuiStyle& style) const {
    style = ImGuiStyle();
    ImGui::StyleColorsLight(&style);
    style.WindowRounding = 0;
    style.WindowBorderSize = 0;
    style.WindowPadding = ImVec2(0, 0);
    style.FrameRounding = rounding;
    style.TouchExtraPadding = ImVec2(4, 4);  // forgive slightly missed taps
    style.Colors[ImGuiCol_WindowBg] = background.vec4();
    style.Colors[ImGuiCol_Text] = text.vec4();
    style.Colors[ImGuiCol_TextDisabled] = textMuted.vec4();
    style.Colors[ImGuiCol_Button] = primary.vec4();
    style.Colors[ImGuiCol_ButtonHovered] = primary.vec4();  // touch has no hover
    style.Colors[ImGuiCol_ButtonActive] = primaryPressed.vec4();
    style.Colors[ImGuiCol_ModalWindowDimBg] = overlay.vec4(0.6f);
    style.Colors[ImGuiCol_PopupBg] = surface.vec4();
}

}  // namespace kiosk
