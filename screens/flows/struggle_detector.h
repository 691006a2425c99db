#pragma once
// Notices when a resident seems to struggle, so the kiosk can offer large
// text by itself: Back pressed again and again, taps that miss every target,
// or a long dwell on one screen without a touch. Pure logic over a Clock;
// UI thread only.
#include <chrono>
#include <deque>

#include "kiosk/core/clock.h"

namespace kiosk {

class StruggleDetector {
public:
    struct Limits {
        int backs = 3;                            // this many Backs...
        std::chrono::seconds backWindow{40};      // ...within this window
        int missedTaps = 3;                       // consecutive taps on no target
        std::chrono::seconds dwell{30};           // on one screen without a touch
    };

    explicit StruggleDetector(const Clock& clock) : StruggleDetector(clock, Limits{}) {}
    StruggleDetector(const Clock& clock, Limits limits);

    void reset();           // a new session
    void screenEntered();   // restarts the dwell clock
    void backPressed();
    void tapped(bool hitTarget);
    bool struggling() const;
    // Time until a dwell would count as struggling (the frame loop wakes then).
    std::chrono::milliseconds untilDwell() const;

private:
    const Clock& clock_;
    Limits limits_;
    std::deque<std::chrono::steady_clock::time_point> backs_;
    int missed_ = 0;
    std::chrono::steady_clock::time_point lastActivity_;
};

}  // namespace kiosk
