#pragma once
// Owns the registered screens and draws a frame: the current screen inside
// the chrome (header with title, language, Back and Home; step bar) and, on
// top, the inactivity warning when the session is about to end.
// UI thread only.
#include <memory>
#include <vector>

#include "screens/screen.h"

namespace kiosk {

class ScreenHost {
public:
    template <typename S, typename... Args>
    void add(Args&&... args) {
        screens_.push_back(std::make_unique<S>(std::forward<Args>(args)...));
    }
    Screen* find(ScreenId id) const;
    size_t size() const { return screens_.size(); }

    // One full-screen frame. Call between ImGui::NewFrame() and ImGui::Render().
    void draw(UiContext& ui);

private:
    void drawHeader(UiContext& ui, const Screen& screen);
    void drawTimeoutWarning(UiContext& ui);
    void drawLargeTextOffer(UiContext& ui);
    void drawDeviceAlerts(UiContext& ui);
    void beginOverlay(UiContext& ui, const char* name);
    std::vector<std::unique_ptr<Screen>> screens_;
};

// The one place that lists every screen: add one line per new screen.
void registerScreens(ScreenHost& host);

}  // namespace kiosk
