#pragma once
// The kiosk's widgets: big buttons, service tiles, the step bar, centred
// text. Every tappable widget records its rectangle in UiContext::targets.
// UI thread only, between ImGui::NewFrame() and ImGui::Render().
#include <imgui.h>

#include <cfloat>
#include <optional>
#include <string>

#include "screens/screen.h"

namespace kiosk {

enum class ButtonKind { Primary, Secondary };

// A large button. Returns true on the frame it is released over (one tap,
// one action: releases elsewhere do nothing).
bool bigButton(UiContext& ui, const char* targetId, const char* label, ImVec2 pos, ImVec2 size,
               ButtonKind kind = ButtonKind::Primary, bool enabled = true);

// A large choice (one of a few, or one of several to tick): filled when
// chosen, with a tick mark at its left drawn with lines (the CJK font may
// lack "✓"), an empty box there when not, so the state is not told by
// colour alone. The label keeps clear of the mark. True when tapped.
bool choiceButton(UiContext& ui, const char* targetId, const char* label, bool chosen, ImVec2 pos, ImVec2 size,
                  bool enabled = true);
// A tick mark about `size` wide centred at `centre`, drawn with lines.
void tickMark(ImVec2 centre, float size, ImU32 colour, float thickness);

// A service's icon drawn with ImGui primitives (no font glyphs, no image
// files) in a square of `side` centred at `centre`: a coin (balances), a
// heart held by a hand (assistance), two rings (marriage), a page under a
// magnifying glass (status).
void serviceIcon(ServiceId service, ImVec2 centre, float side, ImU32 colour, float thickness);
// A service tile (like serviceTile) with the service's icon at its left.
bool iconTile(UiContext& ui, const char* targetId, ServiceId icon, const char* title, const char* detail, ImVec2 pos,
              ImVec2 size, bool enabled);
// A tile for an amount: its name, the figure in the largest font, then the
// detail lines (smaller, while they fit). Returns true when tapped.
bool figureTile(UiContext& ui, const char* targetId, const char* title, const char* figure, const char* detail, ImVec2 pos,
                ImVec2 size);

// A service tile: title and a one-line explanation; when disabled it is
// drawn greyed with the reason instead, and still reports taps (so the
// screen can explain) but never acts as enabled.
bool serviceTile(UiContext& ui, const char* targetId, const char* title, const char* detail, ImVec2 pos, ImVec2 size,
                 bool enabled);

// Text. Every text is drawn by these functions, which record it in the
// frame's LayoutRecord (see setFrameRecord) for the layout check. None cuts
// a text silently: what cannot fit even smaller ends in "…".
//
// One line centred in [x0, x1] with its top at y; shrunk (to 70%) and then
// shortened with "…" when wider than that.
void centredText(ImFont* font, const char* text, float x0, float x1, float y, ImU32 colour);
// One line shrunk (down to about half size) to fit `width`, then shortened
// with "…"; `size` 0: the font's size.
void fittedText(ImFont* font, const char* text, ImVec2 pos, float width, ImU32 colour, float size = 0);
// One line as it is (no box); `size` 0: the font's size. Returns its width.
float plainText(ImFont* font, const char* text, ImVec2 pos, ImU32 colour, float size = 0);
// The width plainText would take.
float textWidth(ImFont* font, const char* text, float size = 0);
// Wrapped text in a box (Chinese breaks between characters but never
// before closing punctuation; Latin at spaces); `align` 0 left, 0.5 each
// line centred. Lines beyond `maxHeight` are left out and the last one
// shown ends in "…". Returns the height drawn.
float wrappedText(ImFont* font, const char* text, ImVec2 pos, float width, ImU32 colour, float maxHeight = FLT_MAX,
                  float align = 0);
// Text fitted into `box` (a button's label, a header title), centred
// vertically: a little smaller on one line, then wrapped in smaller sizes,
// and only when even that cannot hold it, shortened with "…".
void textBlock(ImFont* font, const char* text, ImVec2 pos, ImVec2 box, ImU32 colour, float align = 0);
// Height that wrappedText would take (without a height limit).
float wrappedHeight(ImFont* font, const char* text, float width);

// The record this frame's widgets write to (null: none). The screen host
// sets it around a frame. UI thread only.
void setFrameRecord(LayoutRecord* record);
// While alive, texts and targets go to `band` (unset: unchanged) and texts
// are labels of `owner` (null: unchanged). Nests.
class RecordScope {
public:
    explicit RecordScope(std::optional<Band> band, const char* owner = nullptr);
    ~RecordScope();
    RecordScope(const RecordScope&) = delete;
    RecordScope& operator=(const RecordScope&) = delete;

private:
    Band savedBand_ = Band::Body;
    std::string savedOwner_;
};
// A part of the body whose content may be taller than it (a long list of
// read values, large text). Content is drawn from origin() down as usual and
// is clipped at the region's edges; a finger drags it (or the wheel turns
// it), and while more lies below or above, a scroll cue shows: a bar with
// its thumb at the right edge and an arrow at the edge with more. Texts and
// targets cut by the edges are recorded as scrolled, not as clipped.
// Create, draw, call end(contentHeight) (or let the destructor end it with
// the height seen so far). A drag that starts on a button inside scrolls and
// does not tap it. UI thread only.
class ScrollRegion {
public:
    ScrollRegion(UiContext& ui, const char* id, const Rect& area);
    ~ScrollRegion();
    ScrollRegion(const ScrollRegion&) = delete;
    ScrollRegion& operator=(const ScrollRegion&) = delete;
    // Top-left of the content, moved by the scroll.
    ImVec2 origin() const { return origin_; }
    // The content's width: the region less the scroll bar at its right edge.
    float width() const;
    void end(float contentHeight);

private:
    void drawScrollCue(float scroll, float maxScroll) const;
    UiContext& ui_;
    Rect area_;
    ImVec2 origin_;
    bool ended_ = false;
};

// Records a touch target drawn some other way (an ImGui::InvisibleButton).
TargetRect& recordTarget(UiContext& ui, const std::string& targetId, ImVec2 min, ImVec2 max, bool enabled = true);

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
