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
// Wrapped text in a box, left-aligned.
void wrappedText(ImFont* font, const char* text, ImVec2 pos, float width, ImU32 colour);
// Height that wrappedText would take.
float wrappedHeight(ImFont* font, const char* text, float width);

// "1 识别身份 · 2 选择服务 · ..." along the bottom; `current` is 0-based.
void stepBar(UiContext& ui, int current);

}  // namespace kiosk
