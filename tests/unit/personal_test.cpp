#include "kiosk/core/personal.h"

#include <gtest/gtest.h>

#include "kiosk/core/log.h"

using namespace kiosk;

TEST(Personal, FormatsAsRedacted) {
    Personal id("330106199001011210");
    EXPECT_EQ(fmt::format("{}", id), "[redacted]");
    EXPECT_EQ(id.reveal(), "330106199001011210");
}

TEST(Personal, NeverReachesTheLog) {
    initLogging("debug");
    LogCapture* capture = startLogCapture();
    Personal name("张三");
    Personal id("330106199001011210");
    KLOG_INFO("identified {} with {}", name, id);
    std::string logged = stopLogCapture(capture);
    EXPECT_NE(logged.find("identified [redacted] with [redacted]"), std::string::npos) << logged;
    EXPECT_EQ(logged.find("3301061990"), std::string::npos);
    EXPECT_EQ(logged.find("张三"), std::string::npos);
    EXPECT_EQ(logged.rfind("<6>", 0), 0u) << "journald priority prefix: " << logged;
}

TEST(Personal, WipeZeroesTheBuffer) {
    std::string s = "330106199001011210";
    const char* buffer = s.data();
    size_t capacity = s.capacity();
    secureWipe(s);
    EXPECT_TRUE(s.empty());
    for (size_t i = 0; i < capacity; ++i) EXPECT_EQ(buffer[i], '\0') << "byte " << i;
}

TEST(Personal, MoveLeavesTheSourceEmpty) {
    Personal a("11010519491231002X");
    Personal b(std::move(a));
    EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): checking the moved-from state is the point
    EXPECT_EQ(b.reveal(), "11010519491231002X");
    b.wipe();
    EXPECT_TRUE(b.empty());
}

TEST(Personal, TypingInPlaceNeverReallocates) {
    Personal p;
    p.append('1');
    const char* buffer = p.reveal().data();
    for (int i = 0; i < 17; ++i) p.append('2');
    EXPECT_EQ(p.reveal().data(), buffer) << "growing moved the digits and left a copy behind";
    p.popBack();
    EXPECT_EQ(p.size(), 17u);
    EXPECT_EQ(buffer[17], '\0') << "the removed character is zeroed";
}
