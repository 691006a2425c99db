#pragma once
// A screen is a view over the session flow: it draws the model's state and
// turns touches into intents on it. It keeps presentation state only.
//
// Adding a screen: two files in screens/views/ (name_screen.h/.cpp) and one
// line in screens/registry.cpp.
#include <imgui.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/config.h"
#include "kiosk/core/strings.h"
#include "screens/flows/session_flow.h"
#include "screens/layout.h"
#include "screens/theme.h"

namespace kiosk {

// Every touch target drawn this frame, by a stable id ("menu.balances"), so
// that scripted UI tests can tap it and tests can measure target sizes.
struct TargetRect {
    ImVec2 min, max;
    bool enabled = true;
    ImVec2 center() const { return ImVec2((min.x + max.x) / 2, (min.y + max.y) / 2); }
};
using TargetMap = std::map<std::string, TargetRect, std::less<>>;

// What a screen may use while drawing. Rebuilt every frame by the host.
struct UiContext {
    SessionFlow& flow;
    const Strings& strings;
    const Theme& theme;
    const Layout& layout;
    TargetMap& targets;
    std::optional<int> countdownSeconds;  // set while the inactivity warning shows
    std::vector<const char*> deviceAlerts = {};  // i18n keys of devices that are not ok

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
