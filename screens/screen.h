#pragma once
// A screen is a view over the session flow: it draws the model's state and
// turns touches into intents on it. It keeps presentation state only.
//
// Adding a screen: two files in screens/views/ (name_screen.h/.cpp) and one
// line in screens/registry.cpp.
#include <imgui.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/config.h"
#include "kiosk/core/strings.h"
#include "screens/flows/session_flow.h"
#include "screens/layout.h"
#include "screens/theme.h"

namespace kiosk {

// Which part of the frame something belongs to: the screen's body may not
// enter the header or footer band; an overlay (question card, timeout
// warning) lies over everything and is checked on its own.
enum class Band { Body, Header, Footer, Overlay };
const char* bandName(Band band);

// Every touch target drawn this frame, by a stable id ("menu.balances"), so
// that scripted UI tests can tap it and tests can measure target sizes.
struct TargetRect {
    ImVec2 min, max;
    bool enabled = true;
    Band band = Band::Body;
    // Lies beneath the other targets and takes the taps they do not (the
    // touch calibration's measuring area): texts and targets on it are fine.
    bool background = false;
    bool scrolled = false;  // partly scrolled out of a scroll region (the rectangle is what shows)
    ImVec2 center() const { return ImVec2((min.x + max.x) / 2, (min.y + max.y) / 2); }
};
using TargetMap = std::map<std::string, TargetRect, std::less<>>;

// One text drawn this frame, as the layout check sees it.
struct DrawnText {
    std::string text;      // as drawn (with the "…" when shortened)
    ImVec2 min, max;       // the ink box: where the glyphs are, clipped to what shows
    float fontSize = 0;
    bool clipped = false;  // not all of the text shows
    bool ellipsis = false; // ...and the cut is marked with "…"
    bool scrolled = false; // cut by a scroll region's edge (which shows a scroll cue)
    std::string owner;     // the target whose label it is ("" when none)
    Band band = Band::Body;
    std::string missing;   // characters the font atlas has no glyph for (UTF-8)
};

// What the widgets drew this frame, written by the text widgets and read by
// the tour (layout.json) and the app (glyphs to add to the atlas).
// Texts are kept only when `keepTexts` is set (the tour, tests): they may
// hold personal data, which a running kiosk keeps no extra copies of.
// UI thread only.
struct LayoutRecord {
    bool keepTexts = false;
    std::vector<DrawnText> texts;
    std::set<ImWchar> missingGlyphs;  // always collected (no text kept)
    // While drawing: where new texts and targets go, and whose label a text is.
    Band band = Band::Body;
    std::string owner;
    // The bands of this frame's screen (0 and display height without header and footer).
    float headerBottom = 0, footerTop = 0;
    void clearFrame() {
        texts.clear();
        missingGlyphs.clear();
        band = Band::Body;
        owner.clear();
    }
};

// What a screen may use while drawing. Rebuilt every frame by the host.
struct UiContext {
    SessionFlow& flow;
    const Strings& strings;
    const Theme& theme;
    const Layout& layout;
    TargetMap& targets;
    std::optional<int> countdownSeconds;  // set while the inactivity warning shows
    std::vector<const char*> deviceAlerts = {};  // i18n keys of devices that are not ok
    LayoutRecord* record = nullptr;               // what was drawn (set by the app; may be null)

    const char* tr(std::string_view key) const { return strings.get(flow.language(), key); }
};

class Screen {
public:
    virtual ~Screen() = default;
    virtual ScreenId id() const = 0;
    // i18n key of the title in the header (unused when !showsHeader()).
    virtual const char* titleKey(const SessionFlow& flow) const = 0;
    virtual bool showsHeader() const { return true; }
    // Draws the body between header and step bar (or the whole screen).
    virtual void draw(UiContext& ui) = 0;
};

}  // namespace kiosk
