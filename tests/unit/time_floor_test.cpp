// The trusted time floor (kiosk/core/time_floor.h): expiries that a wall
// clock set back or forward must not fool (#15). A ManualClock moves the
// wall clock without the monotonic one, as an NTP step or an RTC reset does.
#include "kiosk/core/time_floor.h"

#include <gtest/gtest.h>

#include "kiosk/core/id_card.h"
#include "kiosk/core/signed_code.h"

using namespace kiosk;
using namespace std::chrono;
using Expiry = TimeFloor::Expiry;
using Wall = TimeFloor::Wall;

namespace {

// Where a ManualClock's wall clock starts (2025-12-01, plus its monotonic offset).
const system_clock::time_point kStart = ManualClock().wallNow();

TEST(ClockJumpTimeFloor, NothingHeardTheWallClockDecidesAsBefore) {
    ManualClock clock;
    TimeFloor floor(clock);
    EXPECT_EQ(floor.wall(), Wall::Trusted);
    EXPECT_EQ(floor.now(), clock.wallNow());
    EXPECT_EQ(floor.notBefore(), system_clock::time_point(seconds(kPlausibleWallFloorSeconds)));
    EXPECT_EQ(floor.judge(kStart + hours(1)), Expiry::Valid);
    // Only the unconfirmed wall clock says so: the caller can say the clock may be wrong.
    EXPECT_EQ(floor.judge(kStart - hours(1)), Expiry::ExpiredByWallOnly);
    // Before the build floor: certain, whatever the clock says.
    EXPECT_EQ(floor.judge(system_clock::time_point(seconds(kPlausibleWallFloorSeconds)) - hours(1)), Expiry::Expired);
}

TEST(ClockJumpTimeFloor, AClockSetBackDoesNotReviveWhatTheCentresTimeSawExpire) {
    ManualClock clock;
    TimeFloor floor(clock);
    floor.noteServerTime(clock.wallNow());
    const auto expired = kStart - minutes(30);
    EXPECT_EQ(floor.judge(expired), Expiry::Expired);
    // An NTP correction two hours back: by the wall clock it is valid again.
    clock.jumpWall(-hours(2));
    EXPECT_LT(clock.wallNow(), expired);
    EXPECT_EQ(floor.wall(), Wall::Behind);
    EXPECT_EQ(floor.judge(expired), Expiry::Expired);
    // Time passes on the monotonic clock: the floor moves with it.
    clock.advance(hours(1));
    EXPECT_EQ(floor.judge(kStart + minutes(30)), Expiry::Expired);
    EXPECT_EQ(floor.judge(kStart + hours(2)), Expiry::Valid);
    EXPECT_EQ(floor.now(), kStart + hours(1));
}

TEST(ClockJumpTimeFloor, AnRtcAt1970KeepsTheFloorFromAnEarlierRun) {
    ManualClock clock;
    clock.setWallEpochSeconds(0);  // power-up, RTC reset
    TimeFloor floor(clock);
    floor.raise(kStart);  // the centre's newest time, kept by the fleet agent
    EXPECT_EQ(floor.wall(), Wall::Behind);
    EXPECT_EQ(floor.judge(kStart - hours(24)), Expiry::Expired) << "expired before a time the kiosk trusts";
    // After the floor: the true time lies somewhere after it, no one can tell.
    EXPECT_EQ(floor.judge(kStart + hours(24)), Expiry::Unknown);
    // The centre answers: judged by its time.
    floor.noteServerTime(kStart + hours(48));
    EXPECT_EQ(floor.judge(kStart + hours(24)), Expiry::Expired);
    EXPECT_EQ(floor.judge(kStart + hours(72)), Expiry::Valid);
    EXPECT_EQ(floor.now(), kStart + hours(48));
}

TEST(ClockJumpTimeFloor, AClockSetForwardLocksNoOneOutOnceTheCentreIsHeard) {
    ManualClock clock;
    TimeFloor floor(clock);
    clock.jumpWall(hours(24 * 365 * 20));  // a typo: 20 years ahead
    const auto validForAYear = kStart + hours(24 * 365);
    EXPECT_EQ(floor.judge(validForAYear), Expiry::ExpiredByWallOnly);
    floor.noteServerTime(kStart);
    EXPECT_EQ(floor.wall(), Wall::Ahead);
    EXPECT_EQ(floor.judge(validForAYear), Expiry::Valid);
    EXPECT_EQ(floor.judge(kStart - hours(1)), Expiry::Expired);
    EXPECT_EQ(floor.now(), kStart);
    // Within the tolerance the wall clock is believed.
    clock.setWallNow(kStart + TimeFloor::kTolerance - seconds(1));
    EXPECT_EQ(floor.wall(), Wall::Trusted);
    EXPECT_EQ(floor.judge(kStart - hours(1)), Expiry::Expired) << "confirmed by the centre's time";
}

TEST(ClockJumpTimeFloor, IdCardsAreJudgedByTheirLastValidDay) {
    ManualClock clock;
    clock.setWallEpochSeconds(0);
    TimeFloor floor(clock);
    IdCard card;
    card.validTo = year(2019) / February / day(10);
    EXPECT_EQ(floor.judgeCard(card), Expiry::Expired);
    card.validTo.reset();  // long-term
    EXPECT_EQ(floor.judgeCard(card), Expiry::Valid);
    floor.noteServerTime(kStart);
    card.validTo = localDate(kStart);  // valid through today
    EXPECT_EQ(floor.judgeCard(card), Expiry::Valid);
    card.validTo = year_month_day(sys_days(localDate(kStart)) - days(1));
    EXPECT_EQ(floor.judgeCard(card), Expiry::Expired);
}

TEST(ClockJumpTimeFloor, ParsesTheCentresTime) {
    const system_clock::time_point midnight = sys_days(year(2025) / December / day(1));
    EXPECT_EQ(parseRfc3339("2025-12-01T08:00:00+08:00"), midnight);
    EXPECT_EQ(parseRfc3339("2025-12-01T00:00:00Z"), midnight);
    EXPECT_EQ(parseRfc3339("2025-11-30T19:30:00.250-04:30"), midnight + milliseconds(250));
    for (const char* bad : {"", "2025-12-01", "2025-12-01T00:00:00", "2025-02-30T00:00:00Z", "2025-12-01T24:00:00Z",
                            "2025-12-01T00:00:00+0800", "2025-12-01T00:00:00Zjunk", "x025-12-01T00:00:00Z"})
        EXPECT_FALSE(parseRfc3339(bad)) << bad;
}

TEST(ClockJumpTimeFloor, ASignedCodeIsJudgedByTheFloorNotByAClockSetBackOrForward) {
    CodeSigningKey key = CodeSigningKey::generate();
    const std::vector<CodePublicKey> keys{key.publicKey()};
    ManualClock clock;
    TimeFloor floor(clock);
    const auto at = [&](auto d) { return duration_cast<seconds>((kStart + d).time_since_epoch()).count(); };
    const std::string expired = key.sign({CodeKind::MarriageBooking, "MB-000042", at(-hours(1)), {}});
    const std::string valid = key.sign({CodeKind::MarriageBooking, "MB-000042", at(hours(24)), {}});
    floor.noteServerTime(kStart);  // the fleet agent heard the centre
    EXPECT_EQ(verifySignedCode(expired, keys, floor).error(), SignedCodeError::Expired);
    EXPECT_TRUE(verifySignedCode(valid, keys, floor).ok());

    clock.jumpWall(-hours(2));  // set back: by the wall clock the expired code is valid again
    ASSERT_TRUE(verifySignedCode(expired, keys, clock.wallNow()).ok());
    EXPECT_EQ(verifySignedCode(expired, keys, floor).error(), SignedCodeError::Expired);
    EXPECT_TRUE(verifySignedCode(valid, keys, floor).ok());

    clock.jumpWall(hours(24 * 30));  // set forward: by the wall clock the valid code expired
    ASSERT_EQ(verifySignedCode(valid, keys, clock.wallNow()).error(), SignedCodeError::Expired);
    EXPECT_TRUE(verifySignedCode(valid, keys, floor).ok());

    // A restart with the RTC at 1970, the centre not heard yet, the floor
    // kept from the last run: what expired before it is expired; what
    // expires after it cannot be judged here.
    ManualClock rtc;
    rtc.setWallEpochSeconds(0);
    TimeFloor restarted(rtc);
    restarted.raise(kStart);
    EXPECT_EQ(verifySignedCode(expired, keys, restarted).error(), SignedCodeError::Expired);
    EXPECT_EQ(verifySignedCode(valid, keys, restarted).error(), SignedCodeError::ClockWrong);
    // A forgery is still told as one first.
    std::string forged = valid;
    forged[23] = '3';  // MB-000043
    EXPECT_EQ(verifySignedCode(forged, keys, restarted).error(), SignedCodeError::BadSignature);
}

}  // namespace
