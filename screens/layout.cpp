#include "screens/layout.h"

#include <algorithm>

namespace kiosk {

Rect Rect::takeTop(float h, float gap) {
    h = std::clamp(h, 0.0f, height());
    Rect slice{min, ImVec2(max.x, min.y + h)};
    min.y = std::min(max.y, min.y + h + gap);
    return slice;
}

Rect Rect::takeBottom(float h, float gap) {
    h = std::clamp(h, 0.0f, height());
    Rect slice{ImVec2(min.x, max.y - h), max};
    max.y = std::max(min.y, max.y - h - gap);
    return slice;
}

Rect Rect::takeLeft(float w, float gap) {
    w = std::clamp(w, 0.0f, width());
    Rect slice{min, ImVec2(min.x + w, max.y)};
    min.x = std::min(max.x, min.x + w + gap);
    return slice;
}

Rect Rect::takeRight(float w, float gap) {
    w = std::clamp(w, 0.0f, width());
    Rect slice{ImVec2(max.x - w, min.y), max};
    max.x = std::max(min.x, max.x - w - gap);
    return slice;
}

Rect Rect::inset(float d) const {
    const float dx = std::min(d, width() / 2), dy = std::min(d, height() / 2);
    return Rect{ImVec2(min.x + dx, min.y + dy), ImVec2(max.x - dx, max.y - dy)};
}

Rect Rect::centred(ImVec2 s) const {
    s = ImVec2(std::min(s.x, width()), std::min(s.y, height()));
    const ImVec2 p(min.x + (width() - s.x) / 2, min.y + (height() - s.y) / 2);
    return Rect{p, ImVec2(p.x + s.x, p.y + s.y)};
}

std::vector<Rect> columns(const Rect& r, int n, float gap) {
    std::vector<Rect> out;
    if (n <= 0) return out;
    const float w = std::max(0.0f, (r.width() - gap * static_cast<float>(n - 1)) / static_cast<float>(n));
    for (int i = 0; i < n; ++i) {
        const float x = r.min.x + static_cast<float>(i) * (w + gap);
        out.push_back(Rect{ImVec2(x, r.min.y), ImVec2(x + w, r.max.y)});
    }
    return out;
}

std::vector<Rect> rows(const Rect& r, int n, float gap) {
    std::vector<Rect> out;
    if (n <= 0) return out;
    const float h = std::max(0.0f, (r.height() - gap * static_cast<float>(n - 1)) / static_cast<float>(n));
    for (int i = 0; i < n; ++i) {
        const float y = r.min.y + static_cast<float>(i) * (h + gap);
        out.push_back(Rect{ImVec2(r.min.x, y), ImVec2(r.max.x, y + h)});
    }
    return out;
}

std::vector<Rect> grid(const Rect& r, int count, int cols, float gap, float cellH) {
    std::vector<Rect> out;
    if (count <= 0 || cols <= 0) return out;
    const int n = (count + cols - 1) / cols;
    if (cellH <= 0) cellH = std::max(0.0f, (r.height() - gap * static_cast<float>(n - 1)) / static_cast<float>(n));
    const auto cs = columns(r, cols, gap);
    for (int i = 0; i < count; ++i) {
        const Rect& c = cs[static_cast<size_t>(i % cols)];
        const float y = r.min.y + static_cast<float>(i / cols) * (cellH + gap);
        out.push_back(Rect{ImVec2(c.min.x, y), ImVec2(c.max.x, y + cellH)});
    }
    return out;
}

Rect Layout::primaryAction() const {
    Rect b = body();
    Rect row = b.takeBottom(minTarget);
    return portrait ? row : row.takeRight(std::min(row.width(), 520 * scale));
}

Rect Layout::content() const {
    Rect b = body();
    b.takeBottom(minTarget, gap());
    return b;
}

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
    l.minTouch = 64 * l.scale;
    return l;
}

}  // namespace kiosk
