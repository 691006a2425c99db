#pragma once
// Time as the kiosk sees it. Code that waits, times out or stamps records
// takes a Clock&, so tests move time instead of sleeping.
// Implementations must be safe to call from any thread.
#include <atomic>
#include <chrono>

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

// A clock that only moves when told to. Starts at an arbitrary fixed point.
class ManualClock final : public Clock {
public:
    std::chrono::steady_clock::time_point steadyNow() const override {
        return std::chrono::steady_clock::time_point(Duration(offsetMs_.load()));
    }
    std::chrono::system_clock::time_point wallNow() const override {
        return std::chrono::system_clock::time_point(std::chrono::seconds(wallEpochSeconds_)) + Duration(offsetMs_.load());
    }
    void advance(Duration d) { offsetMs_ += d.count(); }
    void setWallEpochSeconds(long long s) { wallEpochSeconds_ = s; }

private:
    std::atomic<long long> offsetMs_{1'000'000};
    long long wallEpochSeconds_ = 1'764'547'200;  // 2025-12-01T00:00:00Z
};

}  // namespace kiosk
