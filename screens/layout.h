#pragma once
// Where things go on the current display. Computed once per frame from the
// display size, so that landscape (1920x1080) and portrait (1080x1920) kiosks
// both get a usable arrangement.
#include <imgui.h>

namespace kiosk {

struct Layout {
    ImVec2 display;      // whole screen, in pixels
    bool portrait = false;
    float scale = 1.0f;  // 1.0 at 1080 px on the short side
    float margin = 48;
    float headerHeight = 120;
    float footerHeight = 110;  // step bar
    float minTarget = 120;     // smallest touch target side, in pixels
    bool largeText = false;

    ImVec2 bodyMin() const { return ImVec2(margin, headerHeight + margin * 0.5f); }
    ImVec2 bodyMax() const { return ImVec2(display.x - margin, display.y - footerHeight - margin * 0.5f); }
    ImVec2 bodySize() const { return ImVec2(bodyMax().x - bodyMin().x, bodyMax().y - bodyMin().y); }

    static Layout forDisplay(ImVec2 display, bool largeText = false);
    // Font sizes relative to the theme's at 1080 px (includes large text).
    float textScale() const { return scale * (largeText ? 1.5f : 1.0f); }
};

}  // namespace kiosk
