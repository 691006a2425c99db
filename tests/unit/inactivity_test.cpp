#include "kiosk/core/inactivity.h"

#include <gtest/gtest.h>

using namespace kiosk;
using namespace std::chrono;

TEST(Inactivity, WarnsThenExpires) {
    ManualClock clock;
    InactivityTimer timer(clock, seconds(60), seconds(15));
    EXPECT_EQ(timer.phase(), InactivityTimer::Phase::Active);
    EXPECT_EQ(timer.untilNextChange(), milliseconds(60'000));
    clock.advance(seconds(59));
    EXPECT_EQ(timer.phase(), InactivityTimer::Phase::Active);
    clock.advance(seconds(1));
    EXPECT_EQ(timer.phase(), InactivityTimer::Phase::Warning);
    EXPECT_EQ(timer.secondsLeft(), 15);
    clock.advance(milliseconds(14'500));
    EXPECT_EQ(timer.secondsLeft(), 1);
    EXPECT_EQ(timer.untilNextChange(), milliseconds(500));
    clock.advance(milliseconds(500));
    EXPECT_EQ(timer.phase(), InactivityTimer::Phase::Expired);
    EXPECT_EQ(timer.secondsLeft(), 0);
}

TEST(Inactivity, TouchRestartsTheClock) {
    ManualClock clock;
    InactivityTimer timer(clock, seconds(60), seconds(15));
    clock.advance(seconds(65));
    ASSERT_EQ(timer.phase(), InactivityTimer::Phase::Warning);
    timer.touch();
    EXPECT_EQ(timer.phase(), InactivityTimer::Phase::Active);
    clock.advance(seconds(59));
    EXPECT_EQ(timer.phase(), InactivityTimer::Phase::Active);
}
