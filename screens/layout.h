#pragma once
// Where things go on the current display. Computed once per frame from the
// display size, so that landscape (1920x1080) and portrait (1080x1920) kiosks
// both get a usable arrangement, in standard and large text.
//
// The frame has three bands: the header (title, language, Back, Home, the
// status pills), the body, and the footer (step bar, accessibility
// switches). A screen draws only in the body, which it divides with Rect's
// rows, columns and grids instead of absolute coordinates; the primary
// action ("Next", "Submit") always sits in one place, primaryAction(), at
// the bottom right of the body (across the body in portrait).
// Plain values; no ImGui state. UI thread only like the rest of screens/.
#include <imgui.h>

#include <vector>

namespace kiosk {

// An axis-aligned box that is split into parts. The take* functions cut a
// slice off one side (and the gap after it) and return it; the box keeps the
// rest. Sizes never go negative: a box too small gives empty slices.
struct Rect {
    ImVec2 min, max;
    float width() const { return max.x - min.x; }
    float height() const { return max.y - min.y; }
    ImVec2 size() const { return ImVec2(width(), height()); }
    bool empty() const { return width() <= 0 || height() <= 0; }
    Rect takeTop(float h, float gap = 0);
    Rect takeBottom(float h, float gap = 0);
    Rect takeLeft(float w, float gap = 0);
    Rect takeRight(float w, float gap = 0);
    // The same box shrunk by `d` on every side.
    Rect inset(float d) const;
    // A box of `size` centred in this one (never larger than it).
    Rect centred(ImVec2 size) const;
};

// `n` equal columns / rows with `gap` between them.
std::vector<Rect> columns(const Rect& r, int n, float gap);
std::vector<Rect> rows(const Rect& r, int n, float gap);
// `count` cells in rows of `cols`, row by row, each `cellH` tall (or the
// height that lets all rows fit when cellH <= 0).
std::vector<Rect> grid(const Rect& r, int count, int cols, float gap, float cellH = 0);

struct Layout {
    ImVec2 display;      // whole screen, in pixels
    bool portrait = false;
    float scale = 1.0f;  // 1.0 at 1080 px on the short side
    float margin = 48;
    float headerHeight = 120;
    float footerHeight = 110;  // step bar
    float minTarget = 120;     // preferred touch target side, in pixels
    // The least a target may shrink to where room is short (large text on a
    // landscape screen): 16 mm on the reference 21.5" 1920x1080 panel
    // (~4 px/mm), over the 15 mm the layout check demands.
    float minTouch = 64;
    bool largeText = false;

    ImVec2 bodyMin() const { return ImVec2(margin, headerHeight + margin * 0.5f); }
    ImVec2 bodyMax() const { return ImVec2(display.x - margin, display.y - footerHeight - margin * 0.5f); }
    ImVec2 bodySize() const { return ImVec2(bodyMax().x - bodyMin().x, bodyMax().y - bodyMin().y); }
    // The body between the bands: nothing a screen draws leaves it.
    Rect body() const { return Rect{bodyMin(), bodyMax()}; }
    // The one place of the primary action: the bottom row of the body, at
    // the right (landscape) or across it (portrait).
    Rect primaryAction() const;
    // The body above the primary action's row.
    Rect content() const;
    float gap() const { return 24 * scale; }

    static Layout forDisplay(ImVec2 display, bool largeText = false);
    // Font sizes relative to the theme's at 1080 px (includes large text).
    float textScale() const { return scale * (largeText ? 1.5f : 1.0f); }
};

}  // namespace kiosk
