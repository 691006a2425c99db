#pragma once
// Runs the real kiosk app offscreen (SDL offscreen driver, Mesa llvmpipe) and
// drives it through ImGui's IO the way a finger would: press, then release
// over a target found by its id.
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>

#include "kiosk/app/app.h"
#include "kiosk/core/clock.h"

namespace kiosk::test {

class UiTest : public ::testing::Test {
protected:
    void SetUp() override;
    void TearDown() override;
    // Starts the app with `config` in a window of the given size.
    void startApp(const KioskConfig& config, int width = 1920, int height = 1080);

    void frames(int n = 1);
    // Taps the target with this id; fails the test if it is not on screen.
    void tap(const std::string& targetId);
    // Presses on the target, moves the finger `dy` pixels down over a few
    // frames (up when negative) and lifts it: a scroll, not a tap.
    void drag(const std::string& targetId, float dy);
    bool hasTarget(const std::string& targetId) const;
    // Runs the real frame loop (events, run queue) until the flow shows
    // `screen`, for things that arrive from device threads; gives up after
    // a generous guard time.
    void waitForScreen(ScreenId screen);
    // Runs the frame loop until `done` holds (replies from the central
    // service, device events); returns whether it did before the guard time.
    bool waitUntil(const std::function<bool()>& done);
    Image screenshot();
    // Saves a screenshot of the current frame as a test artifact:
    // <build>/test-artifacts/<Suite.Test>/<NN>-<step>.png (numbered in order).
    void saveStep(const std::string& step);

    ManualClock clock;
    std::unique_ptr<App> app;
    int savedSteps_ = 0;
};

// Pixels that differ from `background` by more than a small tolerance.
size_t inkPixels(const Image& image, Rgb background, int x0 = 0, int y0 = 0, int x1 = -1, int y1 = -1);
size_t differingPixels(const Image& a, const Image& b);

}  // namespace kiosk::test
