#pragma once
// The kiosk's widgets: big buttons, service tiles, the step bar, centred
// text. Every tappable widget records its rectangle in UiContext::targets.
// UI thread only, between ImGui::NewFrame() and ImGui::Render().
#include <imgui.h>

#include "screens/screen.h"

namespace kiosk {

enum class ButtonKind { Primary, Secondary };

// A large button. Returns true on the frame it is released over (one tap,
// one action: releases elsewhere do nothing).
bool bigButton(UiContext& ui, const char* targetId, const char* label, ImVec2 pos, ImVec2 size,
               ButtonKind kind = ButtonKind::Primary, bool enabled = true);

// A service tile: title and a one-line explanation; when disabled it is
// drawn greyed with the reason instead, and still reports taps (so the
// screen can explain) but never acts as enabled.
bool serviceTile(UiContext& ui, const char* targetId, const char* title, const char* detail, ImVec2 pos, ImVec2 size,
                 bool enabled);

// Text centred horizontally in [x0, x1] at height y, in the given font and colour.
void centredText(ImFont* font, const char* text, float x0, float x1, float y, ImU32 colour);
// One line of text shrunk (down to about half size) to fit `width`, then clipped.
void fittedText(ImFont* font, const char* text, ImVec2 pos, float width, ImU32 colour);
// Wrapped text in a box, left-aligned.
void wrappedText(ImFont* font, const char* text, ImVec2 pos, float width, ImU32 colour);
// Height that wrappedText would take.
float wrappedHeight(ImFont* font, const char* text, float width);

// A framed message across `width` (offline data, an error, a confirmation);
// returns its height.
enum class NoticeKind { Info, Warning, Success };
float notice(UiContext& ui, const char* text, ImVec2 pos, float width, NoticeKind kind);

// A QR code for `payload` (UTF-8), drawn as black modules on a white square
// of `size` x `size` pixels at `pos`, including a four-module quiet zone so
// phones and the kiosk's own camera can read it off the screen. Modules are
// snapped to whole pixels (the square is centred in `size`). The encoding is
// cached per payload, so calling it every frame is cheap. When the payload
// cannot be encoded (too long) the white square is drawn with a border only.
// Not a touch target. UI thread only.
void qrCode(UiContext& ui, const char* payload, ImVec2 pos, float size);

// The footer: the step bar ("1 识别身份 · 2 选择服务 · ...", no bar when
// steps.current is -1) on the left, the accessibility switches on the right.
void footer(UiContext& ui, const StepBar& steps);
// The two accessibility switches, side by side from `pos`; returns the width used.
float accessibilitySwitches(UiContext& ui, ImVec2 pos, float height);
float accessibilitySwitchesWidth(const UiContext& ui);

}  // namespace kiosk
