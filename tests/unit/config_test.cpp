#include "kiosk/core/config.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

using namespace kiosk;

namespace {
ConfigError errorOf(std::string_view text) {
    auto r = parseConfig(text);
    EXPECT_FALSE(r.ok()) << text;
    return r.ok() ? ConfigError{} : r.error();
}
}  // namespace

TEST(Config, EmptyFileGivesDefaults) {
    auto r = parseConfig("");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.value().session.inactivitySeconds, 90);
    EXPECT_EQ(r.value().defaultLanguage, Language::ZhCN);
    EXPECT_TRUE(r.value().service(ServiceId::Marriage).enabled);
}

TEST(Config, TheDocumentedSampleParsesToTheDefaults) {
    std::ifstream in(KIOSK_SOURCE_DIR "/assets/config/kiosk.toml");
    std::stringstream ss;
    ss << in.rdbuf();
    auto r = parseConfig(ss.str());
    ASSERT_TRUE(r.ok()) << r.error().describe();
    KioskConfig defaults;
    EXPECT_EQ(r.value().session.inactivitySeconds, defaults.session.inactivitySeconds);
    EXPECT_EQ(r.value().session.warningSeconds, defaults.session.warningSeconds);
    EXPECT_EQ(r.value().display.width, defaults.display.width);
    EXPECT_EQ(r.value().kioskId, defaults.kioskId);
}

TEST(Config, ReadsValues) {
    auto r = parseConfig(R"(
        kiosk_id = "hall-07"
        language = "en"
        [display]
        orientation = "portrait"
        [session]
        inactivity_seconds = 120
        warning_seconds = 30
        [services.marriage]
        enabled = false
        unavailable_reason = "outside_hours"
    )");
    ASSERT_TRUE(r.ok()) << r.error().describe();
    EXPECT_EQ(r.value().kioskId, "hall-07");
    EXPECT_EQ(r.value().defaultLanguage, Language::En);
    EXPECT_EQ(r.value().display.orientation, Orientation::Portrait);
    EXPECT_EQ(r.value().session.inactivitySeconds, 120);
    EXPECT_FALSE(r.value().service(ServiceId::Marriage).enabled);
    EXPECT_EQ(r.value().service(ServiceId::Marriage).reason, UnavailableReason::OutsideHours);
    EXPECT_TRUE(r.value().service(ServiceId::Balances).enabled);
}

TEST(Config, ErrorsNameTheKey) {
    EXPECT_EQ(errorOf("[session]\ninactivity_seconds = \"ninety\"").key, "session.inactivity_seconds");
    EXPECT_EQ(errorOf("[session]\ninactivity_seconds = 5").key, "session.inactivity_seconds");
    EXPECT_EQ(errorOf("[session]\ninactivity_seconds = 30\nwarning_seconds = 40").key, "session.warning_seconds");
    EXPECT_EQ(errorOf("language = \"fr\"").key, "language");
    EXPECT_EQ(errorOf("[display]\norientation = \"sideways\"").key, "display.orientation");
    EXPECT_EQ(errorOf("[display]\nfullscren = true").key, "display.fullscren");  // typo: unknown key
    EXPECT_EQ(errorOf("colour = \"red\"").key, "colour");
    EXPECT_EQ(errorOf("[services.weddings]\nenabled = false").key, "services.weddings");
    EXPECT_EQ(errorOf("[services.marriage]\nunavailable_reason = \"tired\"").key, "services.marriage.unavailable_reason");
    EXPECT_EQ(errorOf("display = 3").key, "display");
    EXPECT_EQ(errorOf("log_level = \"loud\"").key, "log_level");
}

TEST(Config, SyntaxErrorsSayWhere) {
    ConfigError e = errorOf("[session\ninactivity_seconds = 30");
    EXPECT_EQ(e.key, "");
    EXPECT_NE(e.message.find("line 1"), std::string::npos) << e.message;
}
