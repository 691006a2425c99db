#pragma once
// One event per presentation. A camera reads the same code in frame after
// frame while it is held up, and a scanner may repeat a code; the kiosk wants
// one "code scanned" per showing. A code starts a new presentation when it
// differs from the last one, or when the last one has not been seen for
// longer than `gap` (it was taken away and shown again). Frames without a
// code in between do not end a presentation by themselves: a hand that
// shakes the code out of view for a frame or two is still one showing.
//
// Not thread-safe: one owner (the source's thread). The last payload is kept
// as Personal and wiped when replaced.
#include <chrono>
#include <string_view>

#include "kiosk/core/personal.h"

namespace kiosk::codes {

class PresentationFilter {
public:
    explicit PresentationFilter(std::chrono::milliseconds gap = std::chrono::milliseconds(1500)) : gap_(gap) {}

    // `text` was read at `now`: true when this starts a new presentation.
    bool seen(std::string_view text, std::chrono::steady_clock::time_point now) {
        const bool same = any_ && last_.reveal() == text && now - lastSeen_ <= gap_;
        lastSeen_ = now;
        if (same) return false;
        last_ = Personal(std::string(text));
        any_ = true;
        return true;
    }
    // Forget the last code (session end): the next showing is new even if it is the same.
    void reset() {
        last_.wipe();
        any_ = false;
    }

private:
    std::chrono::milliseconds gap_;
    Personal last_;
    std::chrono::steady_clock::time_point lastSeen_{};
    bool any_ = false;
};

}  // namespace kiosk::codes
