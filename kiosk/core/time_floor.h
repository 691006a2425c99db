#pragma once
// A trusted lower bound on "now", for the expiries that a wall clock set
// back must not fool (#15): a resident's ID card, a signed code, a signed
// remote command.
//
// The wall clock can be wrong either way: an RTC reset to 1970 at power-up,
// a wrong NTP step, a maintainer's typo. What the kiosk can trust instead:
//   - the build floor (kPlausibleWallFloorSeconds, clock.h): no honest clock
//     reads earlier;
//   - times it heard from a trusted source: the central service's answer to
//     the fleet agent's heartbeat ("serverTime", over the authenticated
//     channel), pinned to the monotonic clock so that the bound grows as
//     time passes (noteServerTime);
//   - the newest such time kept from an earlier run (raise(); the fleet
//     agent keeps it in <stateDir>/time-floor): the kiosk's own wall stamps
//     are never used, so a clock once set forward cannot poison the floor.
// notBefore() is the maximum of these, and never the wall clock itself.
//
// judge() decides an expiry with it:
//   - before notBefore(): Expired, whatever the wall clock says (set back);
//   - the wall clock behind the floor (set back) and a server time heard in
//     this run: judged by the server's time (Valid here);
//   - the wall clock behind the floor and no server time yet: Unknown (the
//     true time is somewhere after the floor); the caller decides (a signed
//     code or command is refused as "clock wrong"; see each caller);
//   - the wall clock ahead of a server time heard in this run (set forward):
//     judged by the server's time, so a clock set forward locks no one out
//     once the centre has answered;
//   - otherwise by the wall clock: Expired when it is past, confirmed or not
//     by a server time (ExpiredByWallOnly: the caller tells the resident
//     that the kiosk's clock may be wrong, not only "expired").
//
// Threads: every method may be called from any thread (the fleet agent's
// thread notes server times, the UI thread judges). The Clock must outlive it.
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string_view>
#include <utility>

#include "kiosk/core/clock.h"

namespace kiosk {

struct IdCard;

class TimeFloor {
public:
    using TimePoint = std::chrono::system_clock::time_point;
    // How far the wall clock may stray from a trusted time before it is
    // called wrong (network delay, drift between NTP corrections).
    static constexpr std::chrono::minutes kTolerance{5};

    explicit TimeFloor(const Clock& clock);
    TimeFloor(const TimeFloor&) = delete;
    TimeFloor& operator=(const TimeFloor&) = delete;

    const Clock& clock() const { return clock_; }

    // A time known to have passed, from a trusted source (never this
    // kiosk's own wall clock). The floor only rises.
    void raise(TimePoint atLeast);
    // A trusted source says it is `now` (the central's heartbeat answer).
    void noteServerTime(TimePoint now);

    // The trusted lower bound on the current time.
    TimePoint notBefore() const;
    // The centre's time as this kiosk reckons it (last server time plus the
    // monotonic time since), when one was heard in this run.
    std::optional<TimePoint> serverNow() const;

    enum class Wall {
        Trusted,  // not behind the floor, not ahead of a server time heard
        Behind,   // earlier than notBefore() by more than kTolerance: set back
        Ahead,    // later than serverNow() by more than kTolerance: set forward
    };
    Wall wall() const;
    // The best estimate of the current time: the wall clock when Trusted,
    // else the server's time when one was heard, else the floor (a lower
    // bound only; callers that need the true time check wall() first).
    TimePoint now() const;

    enum class Expiry { Valid, Expired, ExpiredByWallOnly, Unknown };
    // Whether something valid through `lastValid` (inclusive) has expired.
    Expiry judge(TimePoint lastValid) const;
    // The same for a card valid through a calendar day (local time, as
    // printed on an ID card).
    Expiry judgeDay(std::chrono::year_month_day lastValidDay) const;
    // An ID card, valid through its "valid to" day; a long-term card never
    // expires (Valid).
    Expiry judgeCard(const IdCard& card) const;

private:
    template <typename Past>
    Expiry judgeWith(Past past) const;

    const Clock& clock_;
    mutable std::mutex mutex_;
    TimePoint floor_;
    // The last server time heard in this run, and the monotonic time then.
    std::optional<std::pair<TimePoint, std::chrono::steady_clock::time_point>> server_;
};

// An RFC 3339 time as the centre writes it ("2026-12-03T23:05:00+08:00",
// "...Z", optional fractions); nullopt for anything else.
std::optional<TimeFloor::TimePoint> parseRfc3339(std::string_view text);

}  // namespace kiosk
