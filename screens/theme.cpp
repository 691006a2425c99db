#include "screens/theme.h"

namespace kiosk {

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
