#include "screens/flows/struggle_detector.h"

#include <algorithm>

namespace kiosk {

StruggleDetector::StruggleDetector(const Clock& clock, Limits limits)
    : clock_(clock), limits_(limits), lastActivity_(clock.steadyNow()) {}

void StruggleDetector::reset() {
    backs_.clear();
    missed_ = 0;
    lastActivity_ = clock_.steadyNow();
}

void StruggleDetector::screenEntered() { lastActivity_ = clock_.steadyNow(); }

void StruggleDetector::backPressed() {
    auto now = clock_.steadyNow();
    backs_.push_back(now);
    while (!backs_.empty() && now - backs_.front() > limits_.backWindow) backs_.pop_front();
    lastActivity_ = now;
}

void StruggleDetector::tapped(bool hitTarget) {
    missed_ = hitTarget ? 0 : missed_ + 1;
    lastActivity_ = clock_.steadyNow();
}

bool StruggleDetector::struggling() const {
    return static_cast<int>(backs_.size()) >= limits_.backs || missed_ >= limits_.missedTaps ||
           clock_.steadyNow() - lastActivity_ >= limits_.dwell;
}

std::chrono::milliseconds StruggleDetector::untilDwell() const {
    auto left = lastActivity_ + limits_.dwell - clock_.steadyNow();
    return std::max(std::chrono::milliseconds(0), std::chrono::duration_cast<std::chrono::milliseconds>(left));
}

}  // namespace kiosk
