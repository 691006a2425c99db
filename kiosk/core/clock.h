#pragma once
// Time as the kiosk sees it. Code that waits, times out or stamps records
// takes a Clock&, so tests move time instead of sleeping.
// Implementations must be safe to call from any thread.
//
// Wall time can jump (an NTP step, an RTC reset to 1970 at power-up): use
// steadyNow() for "how long since" and "how long until" (timeouts, backoff,
// lockouts), and wallNow() only to stamp records for people and the centre,
// knowing that it may be wrong (wallClockPlausible()).
#include <atomic>
#include <chrono>
#include <cstdint>

namespace kiosk {

class Clock {
public:
    using Duration = std::chrono::milliseconds;
    virtual ~Clock() = default;
    // Monotonic time for timeouts and intervals.
    virtual std::chrono::steady_clock::time_point steadyNow() const = 0;
    // Wall-clock time for records shown to people and sent to the centre.
    virtual std::chrono::system_clock::time_point wallNow() const = 0;
};

class SystemClock final : public Clock {
public:
    std::chrono::steady_clock::time_point steadyNow() const override { return std::chrono::steady_clock::now(); }
    std::chrono::system_clock::time_point wallNow() const override { return std::chrono::system_clock::now(); }
};

// The process's system clock, for defaults (a flow before the app sets its clock).
inline const Clock& systemClock() {
    static const SystemClock clock;
    return clock;
}

// No honest kiosk clock reads earlier than this: no build of this program
// existed before it (2025-01-01T00:00:00Z). A wall clock before it is
// wrong (typically an RTC reset to 1970), and decisions that compare wall
// times (a code's expiry, a record's age) must say so rather than trust it.
// Raising it with a release is safe; it is not a build stamp on purpose
// (reproducible builds, and tests whose clocks start at a fixed 2025 date).
inline constexpr std::int64_t kPlausibleWallFloorSeconds = 1'735'689'600;
inline bool wallClockPlausible(std::chrono::system_clock::time_point t) {
    return t >= std::chrono::system_clock::time_point(std::chrono::seconds(kPlausibleWallFloorSeconds));
}

// A clock that only moves when told to. Starts at an arbitrary fixed point.
class ManualClock final : public Clock {
public:
    std::chrono::steady_clock::time_point steadyNow() const override {
        return std::chrono::steady_clock::time_point(Duration(offsetMs_.load()));
    }
    std::chrono::system_clock::time_point wallNow() const override {
        return std::chrono::system_clock::time_point(std::chrono::seconds(wallEpochSeconds_.load())) + Duration(offsetMs_.load());
    }
    // Time passes: both clocks move by d.
    void advance(Duration d) { offsetMs_ += d.count(); }
    // The wall clock is set (an NTP step, an RTC reset); the monotonic clock
    // does not move. jumpWall is relative, setWallEpochSeconds absolute (as
    // if no time had passed since the start).
    void jumpWall(Duration d) { wallEpochSeconds_ += std::chrono::duration_cast<std::chrono::seconds>(d).count(); }
    void setWallEpochSeconds(long long s) { wallEpochSeconds_ = s; }
    // The wall clock reads `t` now (e.g. the system's now, to agree with a
    // real kiosk-central whose dates are today's).
    void setWallNow(std::chrono::system_clock::time_point t) {
        wallEpochSeconds_ = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count() -
                            offsetMs_.load() / 1000;
    }

private:
    std::atomic<long long> offsetMs_{1'000'000};
    std::atomic<long long> wallEpochSeconds_{1'764'547'200};  // 2025-12-01T00:00:00Z
};

}  // namespace kiosk
