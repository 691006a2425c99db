#include "screens/layout.h"

#include <algorithm>

namespace kiosk {

Layout Layout::forDisplay(ImVec2 display) {
    Layout l;
    l.display = display;
    l.portrait = display.y > display.x;
    l.scale = std::max(0.5f, std::min(display.x, display.y) / 1080.0f);
    l.margin = 48 * l.scale;
    l.headerHeight = 130 * l.scale;
    l.footerHeight = 110 * l.scale;
    l.minTarget = 120 * l.scale;
    return l;
}

}  // namespace kiosk
