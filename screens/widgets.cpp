#include "screens/widgets.h"

#include <ZXing/BitMatrix.h>
#include <ZXing/CharacterSet.h>
#include <ZXing/MultiFormatWriter.h>
#include <imgui_internal.h>  // ImTextCharFromUtf8

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <deque>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kiosk {
namespace {

ImDrawList* drawList() { return ImGui::GetWindowDrawList(); }

// The frame's record (ScreenHost::draw sets it for the frame). The text
// functions below take no UiContext, so they find it here. UI thread only.
LayoutRecord* g_record = nullptr;
// How many ScrollRegions enclose what is drawn now: their edges may cut
// texts and targets, and a finger on a target in one may be scrolling.
int g_scrollDepth = 0;

constexpr const char* kEllipsis = "\xE2\x80\xA6";  // "…"

unsigned decode(const char*& p, const char* end) {
    unsigned c = 0;
    int n = ImTextCharFromUtf8(&c, p, end);
    p += n > 0 ? n : 1;
    return c;
}

float advance(ImFont* font, float size, unsigned c) {
    return font->GetCharAdvance(static_cast<ImWchar>(c <= 0xFFFF ? c : 0xFFFD)) * size / font->FontSize;
}

// Line-breaking classes for Chinese and mixed text: closing punctuation
// never starts a line and opening punctuation never ends one (so "（演示）"
// does not leave ")" alone on a line); Chinese text may break between any
// two characters, Latin text at spaces. A group in full-width brackets
// ("（演示）") is kept whole: it moves to the next line rather than split as
// "（演 / 示）" (only a group wider than the whole line is split). Latin
// brackets are not held together: "(…)" may hold a long phrase that must
// wrap at its spaces.
bool noLineStart(unsigned c) {
    static constexpr char32_t kClosing[] = U"，。、；：！？）」』】》〉’”…·%,.;:!?)]}～";
    for (char32_t k : kClosing)
        if (k && k == c) return true;
    return false;
}
bool noLineEnd(unsigned c) {
    static constexpr char32_t kOpening[] = U"（「『【《〈‘“([{";
    for (char32_t k : kOpening)
        if (k && k == c) return true;
    return false;
}
bool wide(unsigned c) { return c >= 0x2E80; }
bool opensGroup(unsigned c) { return wide(c) && noLineEnd(c); }
bool closesGroup(unsigned c) {
    static constexpr char32_t kClosingBrackets[] = U"）」』】》〉’”";
    for (char32_t k : kClosingBrackets)
        if (k && k == c) return true;
    return false;
}

struct Line {
    const char* begin;
    const char* end;
    float width;
};

float lineWidth(ImFont* font, float size, const char* b, const char* e) {
    float w = 0;
    while (b < e) w += advance(font, size, decode(b, e));
    return w;
}

// Splits `text` into lines no wider than `width` (a single character wider
// than that still gets its own line).
std::vector<Line> wrapLines(ImFont* font, float size, const char* text, float width) {
    std::vector<Line> lines;
    const char* end = text + strlen(text);
    const char* lineBegin = text;
    const char* breakAt = nullptr;  // last place the line may end
    float x = 0;
    unsigned prev = 0;
    int group = 0;  // depth inside full-width brackets: no break there
    auto finish = [&](const char* lineEnd) {
        const char* e = lineEnd;
        while (e > lineBegin && (e[-1] == ' ')) --e;
        lines.push_back({lineBegin, e, lineWidth(font, size, lineBegin, e)});
    };
    const char* p = text;
    while (p < end) {
        const char* at = p;
        unsigned c = decode(p, end);
        if (c == '\n') {
            finish(at);
            lineBegin = p, breakAt = nullptr, x = 0, prev = 0, group = 0;
            continue;
        }
        if (closesGroup(c) && group > 0) --group;
        if (at > lineBegin && group == 0 && !noLineStart(c) && !noLineEnd(prev) &&
            (prev == ' ' || (wide(c) && c != ' ') || (wide(prev) && c != ' ')))
            breakAt = at;
        if (opensGroup(c)) ++group;
        float a = advance(font, size, c);
        if (x + a > width && at > lineBegin && c != ' ') {
            const char* cut = breakAt && breakAt > lineBegin ? breakAt : at;
            finish(cut);
            lineBegin = cut;
            while (*lineBegin == ' ') ++lineBegin;
            breakAt = nullptr;
            x = lineWidth(font, size, lineBegin, p);
            prev = c;
            continue;
        }
        x += a;
        prev = c;
    }
    if (lineBegin < end || lines.empty()) finish(end);
    return lines;
}

// `[b, e)` cut to fit `width` with a "…" at the end.
std::string ellipsized(ImFont* font, float size, const char* b, const char* e, float width) {
    const float room = width - lineWidth(font, size, kEllipsis, kEllipsis + strlen(kEllipsis));
    float x = 0;
    const char* p = b;
    while (p < e) {
        const char* at = p;
        float a = advance(font, size, decode(p, e));
        if (x + a > room) {
            p = at;
            break;
        }
        x += a;
    }
    std::string out(b, p);
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + kEllipsis;
}

// Draws one line and records it: its ink box (clipped to the draw list's
// clip rectangle), whether all of it shows, and characters the atlas lacks.
void drawLine(ImFont* font, float size, ImVec2 pos, ImU32 colour, const char* b, const char* e, bool ellipsis) {
    drawList()->AddText(font, size, pos, colour, b, e);
    if (!g_record) return;
    std::string missing;
    for (const char* p = b; p < e;) {
        const char* at = p;
        unsigned c = decode(p, e);
        if (c < 0x20 || c > 0xFFFF) continue;
        if (!font->FindGlyphNoFallback(static_cast<ImWchar>(c))) {
            g_record->missingGlyphs.insert(static_cast<ImWchar>(c));
            missing.append(at, p);
        }
    }
    if (!g_record->keepTexts) return;
    DrawnText d;
    d.text.assign(b, e);
    d.min = pos;
    d.max = ImVec2(pos.x + lineWidth(font, size, b, e), pos.y + size);
    d.fontSize = size;
    d.ellipsis = ellipsis;
    d.clipped = ellipsis;
    const ImVec2 c0 = drawList()->GetClipRectMin(), c1 = drawList()->GetClipRectMax();
    if (d.min.x < c0.x - 0.5f || d.min.y < c0.y - 0.5f || d.max.x > c1.x + 0.5f || d.max.y > c1.y + 0.5f) {
        d.clipped = true;
        d.scrolled = g_scrollDepth > 0;
        d.min = ImVec2(std::max(d.min.x, c0.x), std::max(d.min.y, c0.y));
        d.max = ImVec2(std::min(d.max.x, c1.x), std::min(d.max.y, c1.y));
    }
    if (d.max.x <= d.min.x || d.max.y <= d.min.y) return;  // scrolled out of sight entirely
    d.owner = g_record->owner;
    d.band = g_record->band;
    d.missing = std::move(missing);
    g_record->texts.push_back(std::move(d));
}

// Text laid out in a box: the size it ends up in and its lines.
struct Fitted {
    float size;
    std::vector<Line> lines;
    std::string lastLine;  // the last line with its "…" when cut short
    bool cut = false;
};

// Fits `text` into `box`: first smaller (down to `minScale` of the font's
// size), then wrapped, and when even that is too tall the last line that
// fits ends in "…". `wrap` false: one line only.
Fitted fitText(ImFont* font, const char* text, ImVec2 box, float minScale, bool wrap, float startSize = 0) {
    Fitted f;
    f.size = startSize > 0 ? startSize : font->FontSize;
    const float natural = lineWidth(font, f.size, text, text + strlen(text));
    const bool multiline = strchr(text, '\n') != nullptr;
    if (natural > box.x && !multiline) f.size = std::max(f.size * minScale, f.size * box.x / natural);
    f.lines = wrapLines(font, f.size, text, wrap ? box.x : FLT_MAX);
    if (!wrap && f.lines.size() > 1) f.lines.resize(1);
    const int fit = std::max(1, static_cast<int>(std::min((box.y + 0.5f) / f.size, 1e6f)));
    if (static_cast<int>(f.lines.size()) > fit) {
        f.lines.resize(static_cast<size_t>(fit));
        f.cut = true;
    }
    Line& last = f.lines.back();
    if (f.cut || last.width > box.x + 0.5f) {
        const char* lastEnd = f.cut ? text + strlen(text) : last.end;
        f.lastLine = ellipsized(font, f.size, last.begin, lastEnd, box.x);
        f.cut = true;
    }
    return f;
}

// Draws fitted text; `align` 0 left, 0.5 centred (each line), top at `pos`.
float drawFitted(ImFont* font, const Fitted& f, ImVec2 pos, float width, float align, ImU32 colour) {
    float y = pos.y;
    for (size_t i = 0; i < f.lines.size(); ++i) {
        const bool last = i + 1 == f.lines.size() && f.cut;
        const char* b = last ? f.lastLine.c_str() : f.lines[i].begin;
        const char* e = last ? b + f.lastLine.size() : f.lines[i].end;
        const float w = last ? lineWidth(font, f.size, b, e) : f.lines[i].width;
        drawLine(font, f.size, ImVec2(pos.x + std::max(0.0f, width - w) * align, y), colour, b, e, last);
        y += f.size;
    }
    return y - pos.y;
}

// An invisible ImGui button gives us ImGui's press/release logic (click only
// when released over the same item); we draw the visuals ourselves.
bool hitArea(UiContext& ui, const char* targetId, ImVec2 pos, ImVec2 size, bool enabled, bool* held) {
    ImGui::SetCursorScreenPos(pos);
    bool clicked = ImGui::InvisibleButton(targetId, size);
    *held = ImGui::IsItemActive();
    // In a scroll region the content follows the finger, so a drag that began
    // on a button ends over it too: that was scrolling, not a tap. Outside one
    // a trembling finger still taps (the release must be over the button).
    if (clicked && g_scrollDepth > 0) {
        const float slop = 20 * ui.layout.scale;
        if (ImGui::GetIO().MouseDragMaxDistanceSqr[0] > slop * slop) clicked = false;
    }
    recordTarget(ui, targetId, pos, ImVec2(pos.x + size.x, pos.y + size.y), enabled);
    return clicked;
}

}  // namespace

const char* bandName(Band band) {
    switch (band) {
        case Band::Body: return "body";
        case Band::Header: return "header";
        case Band::Footer: return "footer";
        case Band::Overlay: return "overlay";
    }
    return "body";
}

void setFrameRecord(LayoutRecord* record) { g_record = record; }

RecordScope::RecordScope(std::optional<Band> band, const char* owner) {
    if (!g_record) return;
    savedBand_ = g_record->band;
    savedOwner_ = g_record->owner;
    if (band) g_record->band = *band;
    if (owner) g_record->owner = owner;
}

RecordScope::~RecordScope() {
    if (!g_record) return;
    g_record->band = savedBand_;
    g_record->owner = std::move(savedOwner_);
}

TargetRect& recordTarget(UiContext& ui, const std::string& targetId, ImVec2 min, ImVec2 max, bool enabled) {
    bool scrolled = false;
    if (g_record && g_scrollDepth > 0) {
        // In a scroll region: what shows of it (tests tap only that).
        const ImVec2 c0 = drawList()->GetClipRectMin(), c1 = drawList()->GetClipRectMax();
        const ImVec2 a(std::max(min.x, c0.x), std::max(min.y, c0.y)), b(std::min(max.x, c1.x), std::min(max.y, c1.y));
        scrolled = a.x != min.x || a.y != min.y || b.x != max.x || b.y != max.y;
        if (b.x <= a.x || b.y <= a.y) {
            static TargetRect hidden;  // scrolled out of sight: not a target this frame
            hidden = TargetRect{};
            return hidden;
        }
        min = a, max = b;
    }
    TargetRect& r = ui.targets[targetId];
    r = TargetRect{min, max, enabled, g_record ? g_record->band : Band::Body};
    r.scrolled = scrolled;
    return r;
}

ScrollRegion::ScrollRegion(UiContext& ui, const char* id, const Rect& area) : ui_(ui), area_(area) {
    ImGui::SetCursorScreenPos(area.min);
    ImGui::BeginChild(id, area.size(), false,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoSavedSettings);
    // A finger dragging anywhere in the region scrolls it.
    if (ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem) && ImGui::IsMouseDragging(0))
        ImGui::SetScrollY(ImGui::GetScrollY() - ImGui::GetIO().MouseDelta.y);
    origin_ = ImVec2(area.min.x, area.min.y - ImGui::GetScrollY());
    ++g_scrollDepth;
}

void ScrollRegion::end(float contentHeight) {
    if (ended_) return;
    ended_ = true;
    // The content's extent tells ImGui how far it scrolls.
    ImGui::SetCursorScreenPos(origin_);
    ImGui::Dummy(ImVec2(area_.width(), std::max(contentHeight, 1.0f)));
    const float scroll = ImGui::GetScrollY(), maxScroll = ImGui::GetScrollMaxY();
    // The cue goes into the region's own draw list, after its content: ImGui
    // draws a child after its parent, so a cue in the parent would lie under
    // whatever the content puts at the right edge (a row's buttons).
    if (maxScroll > 0.5f) drawScrollCue(scroll, maxScroll);
    ImGui::EndChild();
    --g_scrollDepth;
}

void ScrollRegion::drawScrollCue(float scroll, float maxScroll) const {
    const Theme& t = ui_.theme;
    const float s = ui_.layout.scale, barW = 10 * s;
    ImDrawList* dl = drawList();
    dl->PushClipRect(area_.min, area_.max, false);
    const ImVec2 b0(area_.max.x - barW, area_.min.y), b1 = area_.max;
    dl->AddRectFilled(b0, b1, t.secondary.u32(), barW / 2);
    const float visible = area_.height() / (area_.height() + maxScroll);
    const float thumbH = std::max(area_.height() * visible, 40 * s);
    const float thumbY = b0.y + (area_.height() - thumbH) * (scroll / maxScroll);
    dl->AddRectFilled(ImVec2(b0.x, thumbY), ImVec2(b1.x, thumbY + thumbH), t.primary.u32(), barW / 2);
    const float a = 18 * s, cx = b0.x - a - 8 * s;
    if (scroll < maxScroll - 0.5f)  // more below
        dl->AddTriangleFilled(ImVec2(cx - a, b1.y - 1.6f * a), ImVec2(cx + a, b1.y - 1.6f * a), ImVec2(cx, b1.y - 0.4f * a),
                              t.primary.u32());
    if (scroll > 0.5f)  // more above
        dl->AddTriangleFilled(ImVec2(cx - a, b0.y + 1.6f * a), ImVec2(cx + a, b0.y + 1.6f * a), ImVec2(cx, b0.y + 0.4f * a),
                              t.primary.u32());
    dl->PopClipRect();
}

float ScrollRegion::width() const { return area_.width() - 24 * ui_.layout.scale; }

ScrollRegion::~ScrollRegion() { end(ImGui::GetCursorScreenPos().y - origin_.y); }

namespace {

// A big button whose label keeps clear of `inset` pixels at its left (a
// choice's tick mark goes there). True when tapped; `inkOut` (if set) gets
// the label's colour.
bool insetButton(UiContext& ui, const char* targetId, const char* label, ImVec2 pos, ImVec2 size, ButtonKind kind,
                 bool enabled, float inset, Rgb* inkOut) {
    const Theme& t = ui.theme;
    bool held = false;
    bool clicked = hitArea(ui, targetId, pos, size, enabled, &held);
    Rgb fill = kind == ButtonKind::Primary ? (held ? t.primaryPressed : t.primary)
                                           : (held ? t.secondaryPressed : t.secondary);
    Rgb ink = kind == ButtonKind::Primary ? t.onPrimary : t.text;
    if (!enabled) { fill = t.disabled; ink = t.textMuted; }
    ImVec2 max(pos.x + size.x, pos.y + size.y);
    // Press feedback: the button sinks a little while held.
    ImVec2 offset = held ? ImVec2(0, 3 * ui.layout.scale) : ImVec2(0, 0);
    drawList()->AddRectFilled(ImVec2(pos.x + offset.x, pos.y + offset.y), ImVec2(max.x, max.y + offset.y), fill.u32(), t.rounding);
    // A disabled button has no frame: the frame is what says "tap me".
    if (kind == ButtonKind::Secondary && enabled)
        drawList()->AddRect(pos, max, t.border.u32(), t.rounding, 0, 2 * ui.layout.scale);
    // The label centred; a label too long for the button (large text,
    // English, portrait) is first made a little smaller, then wrapped, and
    // only when even that cannot hold it, shortened with "…".
    const float padX = 12 * ui.layout.scale, padY = 4 * ui.layout.scale;
    const ImVec2 box(size.x - 2 * padX - inset, size.y - 2 * padY);
    RecordScope owner(std::nullopt, targetId);
    textBlock(t.fonts.button, label, ImVec2(pos.x + padX + inset, pos.y + padY + offset.y), box, ink.u32(), 0.5f);
    if (inkOut) *inkOut = ink;
    return clicked && enabled;
}

}  // namespace

bool bigButton(UiContext& ui, const char* targetId, const char* label, ImVec2 pos, ImVec2 size, ButtonKind kind,
               bool enabled) {
    return insetButton(ui, targetId, label, pos, size, kind, enabled, 0, nullptr);
}

void tickMark(ImVec2 centre, float size, ImU32 colour, float thickness) {
    // A short stroke down to the right, then a long one up: the shape reads
    // as "chosen" in any language and needs no glyph from the font.
    const ImVec2 points[3] = {ImVec2(centre.x - size * 0.40f, centre.y + size * 0.02f),
                              ImVec2(centre.x - size * 0.12f, centre.y + size * 0.30f),
                              ImVec2(centre.x + size * 0.42f, centre.y - size * 0.34f)};
    drawList()->AddPolyline(points, 3, colour, ImDrawFlags_None, thickness);
}

bool choiceButton(UiContext& ui, const char* targetId, const char* label, bool chosen, ImVec2 pos, ImVec2 size,
                  bool enabled) {
    const float s = ui.layout.scale;
    const float mark = std::min(size.y * 0.45f, 44 * ui.layout.textScale());
    const float padX = 12 * s + 8 * s;
    Rgb ink;
    const bool tapped = insetButton(ui, targetId, label, pos, size, chosen ? ButtonKind::Primary : ButtonKind::Secondary,
                                    enabled, mark + 12 * s, &ink);
    // Chosen: a tick; not chosen: the empty box it would go in.
    const ImVec2 c(pos.x + padX + mark / 2, pos.y + size.y / 2);
    if (chosen) tickMark(c, mark, ink.u32(), std::max(3.0f, 6 * s));
    else
        drawList()->AddRect(ImVec2(c.x - mark / 2, c.y - mark / 2), ImVec2(c.x + mark / 2, c.y + mark / 2), ui.theme.border.u32(),
                            4 * s, 0, std::max(2.0f, 3 * s));
    return tapped;
}

namespace {

// A service tile whose texts keep clear of `inset` pixels at its left (an
// icon goes there).
bool insetTile(UiContext& ui, const char* targetId, const char* title, const char* detail, ImVec2 pos, ImVec2 size,
               bool enabled, float inset) {
    const Theme& t = ui.theme;
    bool held = false;
    bool clicked = hitArea(ui, targetId, pos, size, enabled, &held);
    ImVec2 max(pos.x + size.x, pos.y + size.y);
    Rgb fill = enabled ? (held ? t.secondaryPressed : t.surface) : t.disabled;
    drawList()->AddRectFilled(pos, max, fill.u32(), t.rounding);
    drawList()->AddRect(pos, max, (enabled ? t.primary : t.border).u32(), t.rounding, 0, 3 * ui.layout.scale);
    const float pad = std::min(28 * ui.layout.scale, size.y * 0.12f);
    const float innerW = size.x - 2 * pad - inset;
    const float x = pos.x + pad + inset;
    RecordScope owner(std::nullopt, targetId);
    ImFont* tf = t.fonts.title;
    Fitted tfit = fitText(tf, title, ImVec2(innerW, size.y - 2 * pad), 0.6f, true);
    float y = pos.y + pad + drawFitted(tf, tfit, ImVec2(x, pos.y + pad), innerW, 0, (enabled ? t.primary : t.textMuted).u32());
    // The explanation only when it fits whole (large text on a short screen
    // leaves room for the title alone; half a sentence helps nobody). A
    // switched-off tile always gets its reason, shortened if need be.
    y += pad * 0.4f;
    const float room = max.y - y - pad * 0.5f;
    if (room <= 0) return clicked;
    if (wrappedHeight(t.fonts.body, detail, innerW) <= room || !enabled) {
        Fitted dfit = fitText(t.fonts.body, detail, ImVec2(innerW, room), 1.0f, true);
        drawFitted(t.fonts.body, dfit, ImVec2(x, y), innerW, 0, (enabled ? t.text : t.textMuted).u32());
    }
    return clicked;
}

}  // namespace

bool serviceTile(UiContext& ui, const char* targetId, const char* title, const char* detail, ImVec2 pos, ImVec2 size,
                 bool enabled) {
    return insetTile(ui, targetId, title, detail, pos, size, enabled, 0);
}

void serviceIcon(ServiceId service, ImVec2 c, float side, ImU32 colour, float thickness) {
    ImDrawList* dl = drawList();
    const float r = side / 2;
    switch (service) {
        case ServiceId::Balances: {
            // A coin with the yuan sign: a ring, a Y, two bars.
            dl->AddCircle(c, r * 0.92f, colour, 48, thickness);
            const float a = r * 0.42f;
            dl->AddLine(ImVec2(c.x - a, c.y - a * 1.1f), ImVec2(c.x, c.y - a * 0.05f), colour, thickness);
            dl->AddLine(ImVec2(c.x + a, c.y - a * 1.1f), ImVec2(c.x, c.y - a * 0.05f), colour, thickness);
            dl->AddLine(ImVec2(c.x, c.y - a * 0.05f), ImVec2(c.x, c.y + a * 1.2f), colour, thickness);
            dl->AddLine(ImVec2(c.x - a * 0.7f, c.y + a * 0.2f), ImVec2(c.x + a * 0.7f, c.y + a * 0.2f), colour, thickness);
            dl->AddLine(ImVec2(c.x - a * 0.7f, c.y + a * 0.65f), ImVec2(c.x + a * 0.7f, c.y + a * 0.65f), colour, thickness);
            break;
        }
        case ServiceId::Assistance: {
            // A heart held by an open hand (a cupped line below it).
            const float h = r * 0.36f;
            const ImVec2 top(c.x, c.y - r * 0.3f);
            dl->AddCircleFilled(ImVec2(top.x - h * 0.85f, top.y), h, colour, 32);
            dl->AddCircleFilled(ImVec2(top.x + h * 0.85f, top.y), h, colour, 32);
            dl->AddTriangleFilled(ImVec2(top.x - h * 1.8f, top.y + h * 0.3f), ImVec2(top.x + h * 1.8f, top.y + h * 0.3f),
                                  ImVec2(top.x, top.y + h * 2.3f), colour);
            const ImVec2 hand[4] = {ImVec2(c.x - r * 0.95f, c.y + r * 0.35f), ImVec2(c.x - r * 0.55f, c.y + r * 0.85f),
                                    ImVec2(c.x + r * 0.55f, c.y + r * 0.85f), ImVec2(c.x + r * 0.95f, c.y + r * 0.35f)};
            dl->AddPolyline(hand, 4, colour, ImDrawFlags_None, thickness);
            break;
        }
        case ServiceId::Marriage:
            // Two rings, linked, the first with a stone.
            dl->AddCircle(ImVec2(c.x - r * 0.32f, c.y + r * 0.12f), r * 0.55f, colour, 48, thickness);
            dl->AddCircle(ImVec2(c.x + r * 0.32f, c.y + r * 0.12f), r * 0.55f, colour, 48, thickness);
            dl->AddQuadFilled(ImVec2(c.x - r * 0.32f, c.y - r * 0.95f), ImVec2(c.x - r * 0.12f, c.y - r * 0.68f),
                              ImVec2(c.x - r * 0.32f, c.y - r * 0.43f), ImVec2(c.x - r * 0.52f, c.y - r * 0.68f), colour);
            break;
        case ServiceId::Status: {
            // A page with lines, and a magnifying glass over its corner.
            const ImVec2 p0(c.x - r * 0.8f, c.y - r * 0.95f), p1(c.x + r * 0.45f, c.y + r * 0.75f);
            dl->AddRect(p0, p1, colour, r * 0.08f, 0, thickness);
            for (int i = 0; i < 3; ++i) {
                const float y = p0.y + (p1.y - p0.y) * (0.25f + 0.2f * static_cast<float>(i));
                dl->AddLine(ImVec2(p0.x + r * 0.22f, y), ImVec2(p1.x - r * (i == 2 ? 0.6f : 0.22f), y), colour, thickness);
            }
            const ImVec2 lens(c.x + r * 0.35f, c.y + r * 0.3f);
            dl->AddCircle(lens, r * 0.34f, colour, 32, thickness * 1.2f);
            dl->AddLine(ImVec2(lens.x + r * 0.24f, lens.y + r * 0.24f), ImVec2(c.x + r * 0.95f, c.y + r * 0.95f), colour,
                        thickness * 1.6f);
            break;
        }
    }
}

bool iconTile(UiContext& ui, const char* targetId, ServiceId icon, const char* title, const char* detail, ImVec2 pos,
              ImVec2 size, bool enabled) {
    const float s = ui.layout.scale;
    const float pad = std::min(28 * s, size.y * 0.12f);
    const float side = std::min({size.y - 2 * pad, 150 * ui.layout.textScale(), size.x * 0.22f});
    const bool tapped = insetTile(ui, targetId, title, detail, pos, size, enabled, side + pad);
    const Theme& t = ui.theme;
    serviceIcon(icon, ImVec2(pos.x + pad + side / 2, pos.y + size.y / 2), side, (enabled ? t.primary : t.textMuted).u32(),
                std::max(2.0f, side * 0.06f));
    return tapped;
}

bool figureTile(UiContext& ui, const char* targetId, const char* title, const char* figure, const char* detail, ImVec2 pos,
                ImVec2 size) {
    const Theme& t = ui.theme;
    bool held = false;
    const bool clicked = hitArea(ui, targetId, pos, size, true, &held);
    const ImVec2 max(pos.x + size.x, pos.y + size.y);
    drawList()->AddRectFilled(pos, max, (held ? t.secondaryPressed : t.surface).u32(), t.rounding);
    drawList()->AddRect(pos, max, t.primary.u32(), t.rounding, 0, 3 * ui.layout.scale);
    const float pad = std::min(24 * ui.layout.scale, size.y * 0.1f);
    const float innerW = size.x - 2 * pad;
    RecordScope owner(std::nullopt, targetId);
    // The kind, then the figure in the largest font (what the resident came
    // for), then the smaller lines while they fit.
    float y = pos.y + pad;
    Fitted head = fitText(t.fonts.button, title, ImVec2(innerW, t.fonts.button->FontSize), 0.7f, false);
    y += drawFitted(t.fonts.button, head, ImVec2(pos.x + pad, y), innerW, 0, t.primary.u32());
    Fitted big = fitText(t.fonts.title, figure, ImVec2(innerW, t.fonts.title->FontSize), 0.6f, false);
    if (y + big.size > max.y - pad) return clicked;
    y += drawFitted(t.fonts.title, big, ImVec2(pos.x + pad, y + 4 * ui.layout.scale), innerW, 0, t.text.u32()) +
         8 * ui.layout.scale;
    const float room = max.y - y - pad * 0.5f;
    if (room > t.fonts.body->FontSize) {
        Fitted rest = fitText(t.fonts.body, detail, ImVec2(innerW, room), 1.0f, true);
        drawFitted(t.fonts.body, rest, ImVec2(pos.x + pad, y), innerW, 0, t.textMuted.u32());
    }
    return clicked;
}

void textBlock(ImFont* font, const char* text, ImVec2 pos, ImVec2 box, ImU32 colour, float align) {
    Fitted f = fitText(font, text, box, 0.7f, true);
    for (float k : {0.85f, 0.7f, 0.6f})
        if (f.cut) f = fitText(font, text, box, 1.0f, true, font->FontSize * k);
    const float h = f.size * static_cast<float>(f.lines.size());
    drawFitted(font, f, ImVec2(pos.x, pos.y + (box.y - h) / 2), box.x, align, colour);
}

void fittedText(ImFont* font, const char* text, ImVec2 pos, float width, ImU32 colour, float size) {
    if (size <= 0) size = font->FontSize;
    Fitted f = fitText(font, text, ImVec2(width, size), 0.55f, false, size);
    drawFitted(font, f, ImVec2(pos.x, pos.y + (size - f.size) / 2), width, 0, colour);
}

void centredText(ImFont* font, const char* text, float x0, float x1, float y, ImU32 colour) {
    Fitted f = fitText(font, text, ImVec2(x1 - x0, font->FontSize), 0.7f, false);
    drawFitted(font, f, ImVec2(x0, y + (font->FontSize - f.size) / 2), x1 - x0, 0.5f, colour);
}

float plainText(ImFont* font, const char* text, ImVec2 pos, ImU32 colour, float size) {
    if (size <= 0) size = font->FontSize;
    const char* end = text + strlen(text);
    drawLine(font, size, pos, colour, text, end, false);
    return lineWidth(font, size, text, end);
}

float textWidth(ImFont* font, const char* text, float size) {
    return lineWidth(font, size > 0 ? size : font->FontSize, text, text + strlen(text));
}

float wrappedText(ImFont* font, const char* text, ImVec2 pos, float width, ImU32 colour, float maxHeight, float align) {
    Fitted f = fitText(font, text, ImVec2(width, maxHeight), 1.0f, true);
    return drawFitted(font, f, pos, width, align, colour);
}

float wrappedHeight(ImFont* font, const char* text, float width) {
    return font->FontSize * static_cast<float>(wrapLines(font, font->FontSize, text, width).size());
}

float notice(UiContext& ui, const char* text, ImVec2 pos, float width, NoticeKind kind) {
    const Theme& t = ui.theme;
    float pad = 24 * ui.layout.scale;
    float h = wrappedHeight(t.fonts.body, text, width - 2 * pad - 12 * ui.layout.scale) + 2 * pad;
    Rgb accent = kind == NoticeKind::Warning ? t.warning : kind == NoticeKind::Success ? t.success : t.primary;
    drawList()->AddRectFilled(pos, ImVec2(pos.x + width, pos.y + h), t.surface.u32(), t.rounding);
    drawList()->AddRect(pos, ImVec2(pos.x + width, pos.y + h), accent.u32(), t.rounding, 0, 3 * ui.layout.scale);
    // A bar on the left edge: the kind is not told by colour alone.
    drawList()->AddRectFilled(pos, ImVec2(pos.x + 12 * ui.layout.scale, pos.y + h), accent.u32(), t.rounding,
                              ImDrawFlags_RoundCornersLeft);
    wrappedText(t.fonts.body, text, ImVec2(pos.x + pad + 12 * ui.layout.scale, pos.y + pad),
                width - 2 * pad - 12 * ui.layout.scale, t.text.u32());
    return h;
}

namespace {

// The last few encoded payloads: a receipt screen redraws its QR every frame
// and ZXing's encoder is far too slow for that. Few entries, because a
// screen shows one or two codes at a time. UI thread only, like all widgets.
const ZXing::BitMatrix* encodedQr(const char* payload) {
    static std::deque<std::pair<std::string, std::optional<ZXing::BitMatrix>>> cache;
    for (auto& [text, matrix] : cache)
        if (text == payload) return matrix ? &*matrix : nullptr;
    std::optional<ZXing::BitMatrix> matrix;
    try {
        // Margin 0: the widget draws its own quiet zone, scaled with the modules.
        matrix = ZXing::MultiFormatWriter(ZXing::BarcodeFormat::QRCode)
                     .setEncoding(ZXing::CharacterSet::UTF8)
                     .setMargin(0)
                     .encode(std::string(payload), 0, 0);
    } catch (const std::exception&) {
        // The writer throws on data it cannot encode (too long); remember the failure too.
    }
    if (cache.size() >= 4) cache.pop_front();
    cache.emplace_back(payload, std::move(matrix));
    return cache.back().second ? &*cache.back().second : nullptr;
}

}  // namespace

void qrCode(UiContext& ui, const char* payload, ImVec2 pos, float size) {
    ImDrawList* dl = drawList();
    dl->AddRectFilled(pos, ImVec2(pos.x + size, pos.y + size), IM_COL32(255, 255, 255, 255));
    const ZXing::BitMatrix* matrix = payload && *payload ? encodedQr(payload) : nullptr;
    if (!matrix || matrix->width() <= 0) {
        dl->AddRect(pos, ImVec2(pos.x + size, pos.y + size), ui.theme.border.u32(), 0, 0, 2 * ui.layout.scale);
        return;
    }
    constexpr int kQuietModules = 4;
    const int modules = matrix->width();
    // Whole pixels per module: fractional modules blur into grey seams that cameras misread.
    const float module = std::max(1.0f, std::floor(size / static_cast<float>(modules + 2 * kQuietModules)));
    const float side = module * static_cast<float>(modules);
    const float x0 = std::floor(pos.x + (size - side) / 2), y0 = std::floor(pos.y + (size - side) / 2);
    const ImU32 black = IM_COL32(0, 0, 0, 255);
    for (int my = 0; my < modules; ++my) {
        // Runs of dark modules in a row become one rectangle: fewer vertices per frame.
        for (int mx = 0; mx < modules;) {
            if (!matrix->get(mx, my)) { ++mx; continue; }
            int end = mx;
            while (end < modules && matrix->get(end, my)) ++end;
            dl->AddRectFilled(ImVec2(x0 + module * static_cast<float>(mx), y0 + module * static_cast<float>(my)),
                              ImVec2(x0 + module * static_cast<float>(end), y0 + module * static_cast<float>(my + 1)),
                              black);
            mx = end;
        }
    }
}

static float switchWidth(const Layout& l) { return std::max(l.minTarget * 1.6f, 250 * l.textScale()); }
static int switchCount(const UiContext& ui) { return ui.flow.voiceEnabled() ? 4 : 2; }
static constexpr float kSwitchGap = 16;

float accessibilitySwitchesWidth(const UiContext& ui) {
    const Layout& l = ui.layout;
    int n = switchCount(ui);
    float natural = n * switchWidth(l) + (n - 1) * kSwitchGap * l.scale;
    return std::min(natural, l.display.x - 2 * l.margin);
}

float accessibilitySwitches(UiContext& ui, ImVec2 pos, float height) {
    const Layout& l = ui.layout;
    const Accessibility& a = ui.flow.accessibility();
    int n = switchCount(ui);
    float gap = kSwitchGap * l.scale;
    float w = (accessibilitySwitchesWidth(ui) - (n - 1) * gap) / n;
    auto next = [&] {
        ImVec2 p = pos;
        pos.x += w + gap;
        return p;
    };
    // Each switch says what it does when tapped, so its state is never a puzzle.
    if (ui.flow.voiceEnabled()) {
        if (bigButton(ui, "a11y.replay", ui.tr("a11y.replay"), next(), ImVec2(w, height), ButtonKind::Secondary))
            ui.flow.replayPrompt();
        const char* level = a.volume < 40 ? ui.tr("a11y.volume_low") : a.volume < 75 ? ui.tr("a11y.volume_mid")
                                                                                   : ui.tr("a11y.volume_high");
        if (bigButton(ui, "a11y.volume", level, next(), ImVec2(w, height), ButtonKind::Secondary)) ui.flow.cycleVolume();
    }
    if (bigButton(ui, "a11y.large_text", ui.tr(a.largeText ? "a11y.large_off" : "a11y.large_on"), next(),
                  ImVec2(w, height), ButtonKind::Secondary))
        ui.flow.setLargeText(!a.largeText);
    if (bigButton(ui, "a11y.contrast", ui.tr(a.highContrast ? "a11y.contrast_off" : "a11y.contrast_on"), next(),
                  ImVec2(w, height), ButtonKind::Secondary))
        ui.flow.setHighContrast(!a.highContrast);
    return accessibilitySwitchesWidth(ui);
}

void footer(UiContext& ui, const StepBar& steps) {
    const int current = steps.current;
    const int count = static_cast<int>(steps.labels.size());
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    float y0 = l.display.y - l.footerHeight;
    drawList()->AddRectFilled(ImVec2(0, y0), l.display, t.surface.u32());
    drawList()->AddLine(ImVec2(0, y0), ImVec2(l.display.x, y0), t.border.u32(), 2 * l.scale);

    float switchesW = accessibilitySwitchesWidth(ui);
    float switchesH = l.minTarget;
    float pad = l.portrait ? 16 * l.scale : (l.footerHeight - switchesH) / 2;
    float switchesY = l.display.y - pad - switchesH;
    accessibilitySwitches(ui, ImVec2(l.display.x - l.margin - switchesW, switchesY), switchesH);
    if (current < 0) return;

    // Steps share what is left (beside the switches in landscape, above them
    // in portrait); when the labels would not fit, only the current step is
    // named and the others are numbers.
    float width = l.portrait ? l.display.x - 2 * l.margin : l.display.x - 2 * l.margin - switchesW - 24 * l.scale;
    float slot = width / std::max(count, 1);
    ImFont* font = t.fonts.body;
    float r = 22 * l.textScale();
    float widest = 0;
    for (const char* key : steps.labels) widest = std::max(widest, font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, ui.tr(key)).x);
    bool compact = 2 * r + 12 * l.scale + widest + 16 * l.scale > slot;
    // Squeezed beside wide switches (large text, voice on): smaller circles,
    // and the current step's name only if it still fits.
    const float circles = count * (2 * r + 18 * l.scale);
    if (compact && circles > width) r = std::max(8 * l.scale, (width / count - 18 * l.scale) / 2);
    float x = l.margin;
    float cy = l.portrait ? y0 + (switchesY - y0) / 2 : y0 + l.footerHeight / 2;
    // Too many steps for numbers a finger-width apart: say where one is in
    // words instead ("第 3/7 步" / "Step 3 of 7").
    if (font->FontSize > 2 * r * 1.1f) {
        std::string where = Strings::format(ui.tr("step.of"), {{"n", std::to_string(current + 1)}, {"total", std::to_string(count)}});
        ImVec2 ws = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, where.c_str());
        fittedText(font, where.c_str(), ImVec2(x, cy - ws.y / 2), width, t.text.u32());
        return;
    }
    const float currentLabel = current >= 0 && current < count
                                   ? font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, ui.tr(steps.labels[static_cast<size_t>(current)])).x
                                   : 0;
    const bool roomForLabel = !compact || count * (2 * r + 18 * l.scale) + currentLabel + 12 * l.scale <= width;
    for (int i = 0; i < count; ++i) {
        bool done = i < current, active = i == current;
        Rgb circle = active ? t.primary : done ? t.success : t.secondary;
        Rgb ink = active || done ? t.onPrimary : t.text;
        drawList()->AddCircleFilled(ImVec2(x + r, cy), r, circle.u32());
        if (!active && !done) drawList()->AddCircle(ImVec2(x + r, cy), r, t.border.u32(), 0, 2 * l.scale);
        std::string n = std::to_string(i + 1);
        ImVec2 ns = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, n.c_str());
        plainText(font, n.c_str(), ImVec2(x + r - ns.x / 2, cy - ns.y / 2), ink.u32());
        float next = x + (compact ? 2 * r + 18 * l.scale : slot);
        if ((!compact || active) && roomForLabel) {
            const char* label = ui.tr(steps.labels[static_cast<size_t>(i)]);
            ImVec2 ls = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, label);
            plainText(font, label, ImVec2(x + 2 * r + 12 * l.scale, cy - ls.y / 2), (active ? t.text : t.textMuted).u32());
            if (compact) next = x + 2 * r + 12 * l.scale + ls.x + 24 * l.scale;
        }
        x = next;
    }
}

}  // namespace kiosk
