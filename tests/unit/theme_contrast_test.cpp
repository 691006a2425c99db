// Text contrast (WCAG 2): at least 4.5:1 for every text colour pair of the
// standard theme, at least 7:1 in the high-contrast theme.
#include <gtest/gtest.h>

#include "screens/theme.h"

using namespace kiosk;

TEST(ThemeContrast, FormulaMatchesKnownValues) {
    EXPECT_NEAR(contrastRatio({0, 0, 0}, {255, 255, 255}), 21.0, 0.01);
    EXPECT_NEAR(contrastRatio({255, 255, 255}, {255, 255, 255}), 1.0, 0.001);
    EXPECT_NEAR(contrastRatio({0x77, 0x77, 0x77}, {255, 255, 255}), 4.48, 0.01);  // the classic "just fails AA" grey
}

TEST(ThemeContrast, StandardThemeMeetsAA) {
    for (const TextPair& p : Theme::standard().textPairs())
        EXPECT_GE(contrastRatio(p.text, p.background), 4.5) << p.use;
}

TEST(ThemeContrast, HighContrastThemeMeetsAAA) {
    Theme t = Theme::highContrast();
    ASSERT_TRUE(t.isHighContrast);
    for (const TextPair& p : t.textPairs()) EXPECT_GE(contrastRatio(p.text, p.background), 7.0) << p.use;
}
