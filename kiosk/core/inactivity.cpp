#include "kiosk/core/inactivity.h"

#include <algorithm>

namespace kiosk {
using namespace std::chrono;

InactivityTimer::InactivityTimer(const Clock& clock, seconds idle, seconds warning)
    : clock_(clock), idle_(idle), warning_(warning), lastTouch_(clock.steadyNow()) {}

void InactivityTimer::touch() { lastTouch_ = clock_.steadyNow(); }

void InactivityTimer::setLimits(seconds idle, seconds warning) {
    idle_ = idle;
    warning_ = warning;
}

milliseconds InactivityTimer::elapsed() const { return duration_cast<milliseconds>(clock_.steadyNow() - lastTouch_); }

InactivityTimer::Phase InactivityTimer::phase() const {
    auto e = elapsed();
    if (e >= idle_ + warning_) return Phase::Expired;
    if (e >= idle_) return Phase::Warning;
    return Phase::Active;
}

int InactivityTimer::secondsLeft() const {
    auto left = idle_ + warning_ - elapsed();
    if (left <= milliseconds::zero()) return 0;
    return static_cast<int>((left.count() + 999) / 1000);
}

milliseconds InactivityTimer::untilNextChange() const {
    auto e = elapsed();
    if (e < idle_) return idle_ - e;
    auto left = idle_ + warning_ - e;
    if (left <= milliseconds::zero()) return milliseconds::zero();
    auto toTick = left % 1000;
    return toTick == milliseconds::zero() ? milliseconds(1000) : toTick;
}

}  // namespace kiosk
