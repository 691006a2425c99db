#include "kiosk/core/strings.h"

#include <gtest/gtest.h>

using namespace kiosk;

TEST(Strings, LooksUpByLanguage) {
    Strings s;
    ASSERT_FALSE(s.load(Language::ZhCN, R"({"nav.home": "首页"})"));
    ASSERT_FALSE(s.load(Language::En, R"({"nav.home": "Home"})"));
    EXPECT_STREQ(s.get(Language::ZhCN, "nav.home"), "首页");
    EXPECT_STREQ(s.get(Language::En, "nav.home"), "Home");
    EXPECT_NE(s.allText().find("首页"), std::string::npos);
}

TEST(Strings, MissingKeyShowsTheKey) {
    Strings s;
    EXPECT_STREQ(s.get(Language::En, "no.such.key"), "no.such.key");
}

TEST(Strings, RejectsBadTables) {
    Strings s;
    EXPECT_EQ(s.load(Language::En, "{not json"), "not valid JSON");
    EXPECT_TRUE(s.load(Language::En, "[1,2]"));
    auto err = s.load(Language::En, R"({"a": 3})");
    ASSERT_TRUE(err);
    EXPECT_NE(err->find("\"a\""), std::string::npos);
}

TEST(Strings, FormatsPlaceholders) {
    EXPECT_EQ(Strings::format("Hello, ID {id}", {{"id", "110105********002X"}}), "Hello, ID 110105********002X");
    EXPECT_EQ(Strings::format("{a}{a}", {{"a", "{a}"}}), "{a}{a}");
}
