#pragma once
// Pieces the assistance wizard's screens share: the on-screen keypad, a
// keyed-in field with its message beside it, choice buttons, page
// previews, and the wizard's bottom row. Presentation only: each returns
// what was tapped and the screen calls the flow.
// UI thread only, between ImGui::NewFrame() and ImGui::Render().
#include <string>
#include <string_view>

#include "kiosk/core/documents.h"
#include "screens/screen.h"

namespace kiosk {

// A 4x3 keypad of `keys` (12 characters: digits, '.', 'X', '<' = delete,
// ' ' = no key). Target ids "<prefix>.key.<c>" ("dot", "x", "delete" for
// the others). Returns the key tapped this frame, or 0.
char assistKeypad(UiContext& ui, const char* prefix, std::string_view keys, ImVec2 pos, ImVec2 size);
inline constexpr std::string_view kAmountKeys = "123456789.0<";
inline constexpr std::string_view kIdKeys = "123456789X0<";
inline constexpr std::string_view kDigitKeys = "123456789 0<";

// A field keyed in on the keypad: label above, value in a framed box (the
// focused one outlined strongly), the message (an i18n key's text) right
// below it in the warning colour. Tapping it focuses it. Returns its total
// height; `tapped` is set when it was tapped this frame.
float assistField(UiContext& ui, const char* targetId, const char* label, const std::string& value,
                  const char* placeholder, const char* error, bool focused, ImVec2 pos, float width, bool* tapped);
float assistFieldHeight(const UiContext& ui, bool withError);

// The wizard's bottom row: the primary "Next"-like button in
// Layout::primaryAction() (the screen's content goes in Layout::content()).
// Returns true when tapped.
bool wizardNext(UiContext& ui, const char* targetId, const char* label, bool enabled = true);

// A grey page preview scaled into `size` (aspect kept), framed.
void pagePreview(UiContext& ui, const PageImage& preview, ImVec2 pos, ImVec2 size);

// "330106********1210", the way every ID number appears on screen.
std::string maskedNumber(const std::string& number);

}  // namespace kiosk
