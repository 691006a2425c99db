#include "screens/layout.h"

#include <algorithm>

namespace kiosk {

Layout Layout::forDisplay(ImVec2 display, bool largeText) {
    Layout l;
    l.display = display;
    l.portrait = display.y > display.x;
    l.largeText = largeText;
    l.scale = std::max(0.5f, std::min(display.x, display.y) / 1080.0f);
    // Large text needs taller bars and targets to hold it; the body shrinks.
    float grow = largeText ? 1.3f : 1.0f;
    l.margin = 48 * l.scale;
    l.headerHeight = 130 * l.scale * grow;
    // Portrait screens are narrow: the footer stacks the steps above the
    // accessibility switches instead of beside them.
    l.footerHeight = (l.portrait ? 230 : 140) * l.scale * grow;
    l.minTarget = 120 * l.scale * grow;
    return l;
}

}  // namespace kiosk
