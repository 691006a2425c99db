#include "screens/flows/struggle_detector.h"

#include <gtest/gtest.h>

using namespace kiosk;
using namespace std::chrono;

TEST(StruggleDetector, RepeatedBackWithinTheWindow) {
    ManualClock clock;
    StruggleDetector d(clock);
    d.backPressed();
    clock.advance(seconds(5));
    d.backPressed();
    EXPECT_FALSE(d.struggling());
    clock.advance(seconds(5));
    d.backPressed();
    EXPECT_TRUE(d.struggling());
}

TEST(StruggleDetector, BacksFarApartAreNormal) {
    ManualClock clock;
    StruggleDetector d(clock);
    for (int i = 0; i < 5; ++i) {
        d.backPressed();
        clock.advance(seconds(25));
    }
    EXPECT_FALSE(d.struggling());
}

TEST(StruggleDetector, TapsThatMissEveryTarget) {
    ManualClock clock;
    StruggleDetector d(clock);
    d.tapped(false);
    d.tapped(false);
    d.tapped(true);  // a hit resets the count
    d.tapped(false);
    d.tapped(false);
    EXPECT_FALSE(d.struggling());
    d.tapped(false);
    EXPECT_TRUE(d.struggling());
}

TEST(StruggleDetector, LongDwellWithoutATouch) {
    ManualClock clock;
    StruggleDetector d(clock);
    d.screenEntered();
    clock.advance(seconds(29));
    EXPECT_FALSE(d.struggling());
    EXPECT_EQ(d.untilDwell(), milliseconds(1000));
    clock.advance(seconds(1));
    EXPECT_TRUE(d.struggling());
    d.reset();
    EXPECT_FALSE(d.struggling());
}
