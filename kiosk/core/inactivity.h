#pragma once
// The inactivity timer of a resident's session. Any touch (including keypad
// input) calls touch(). After `idle` without a touch the session is in the
// warning phase (a full-screen countdown), after `idle + warning` it has
// expired and must end, wiping its data.
//
// Pure logic over a Clock; UI thread only.
#include <chrono>

#include "kiosk/core/clock.h"

namespace kiosk {

class InactivityTimer {
public:
    enum class Phase { Active, Warning, Expired };

    InactivityTimer(const Clock& clock, std::chrono::seconds idle, std::chrono::seconds warning);

    void touch();
    void setLimits(std::chrono::seconds idle, std::chrono::seconds warning);
    Phase phase() const;
    // Whole seconds left before expiry, rounded up (for the countdown).
    int secondsLeft() const;
    // Time until the next visible change (phase change or countdown tick),
    // so the frame loop knows how long it may sleep.
    std::chrono::milliseconds untilNextChange() const;

private:
    std::chrono::milliseconds elapsed() const;
    const Clock& clock_;
    std::chrono::milliseconds idle_, warning_;
    std::chrono::steady_clock::time_point lastTouch_;
};

}  // namespace kiosk
