#include "kiosk/core/speakable.h"

#include <gtest/gtest.h>

using namespace kiosk;

TEST(Speakable, IdNumbersAreNeverSpokenInFull) {
    EXPECT_EQ(speakable("身份证号 330106199001011210", Language::ZhCN), "身份证号 尾号1210");
    EXPECT_EQ(speakable("ID 11010519491231002X, welcome", Language::En), "ID ending in 0 0 2 X, welcome");
    EXPECT_EQ(speakable("您好，110105********002X", Language::ZhCN), "您好，尾号002X");
}

TEST(Speakable, AmountsAndDatesStayNumbers) {
    EXPECT_EQ(speakable("余额 1234.50 元", Language::ZhCN), "余额 1234.50 元");
    EXPECT_EQ(speakable("2025-05-20 at 09:30", Language::En), "2025-05-20 at 09:30");
    EXPECT_EQ(speakable("Press X to continue", Language::En), "Press X to continue");
}
