#pragma once
// Owns the registered screens and draws a frame: the current screen inside
// the chrome (header with title, language, Back and Home; step bar) and, on
// top, the inactivity warning when the session is about to end.
// UI thread only.
#include <memory>
#include <vector>

#include "screens/screen.h"
#include "screens/widgets.h"

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
    void drawConfirmation(UiContext& ui);
    // A card over the screen with a title, a sentence and two answers.
    // Returns 1 (yes), 0 (no) or -1 (not answered this frame).
    struct Question {
        const char* titleKey;
        const char* detailKey;
        const char* yesTarget;
        const char* yesKey;
        const char* noTarget;
        const char* noKey;
        ButtonKind yesKind;
        ButtonKind noKind;
    };
    int drawQuestion(UiContext& ui, const char* name, const Question& question);
    // The device alert pills right-aligned at `right` in the header, using at
    // most half of [minLeft, right]; returns where they begin.
    float drawDeviceAlerts(UiContext& ui, float right, float minLeft);
    void beginOverlay(UiContext& ui, const char* name);
    std::vector<std::unique_ptr<Screen>> screens_;
};

// The one place that lists every screen: add one line per new screen.
void registerScreens(ScreenHost& host);

}  // namespace kiosk
