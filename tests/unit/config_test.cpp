#include "kiosk/core/config.h"
#include "kiosk/core/signed_code.h"

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

TEST(Config, ReadsPrinterAndCodeSources) {
    // A key the reference server could publish (any 32 bytes, base64url).
    const std::string key = encodeCodePublicKey(CodeSigningKey::generate().publicKey());
    auto r = parseConfig("[printer]\ndevice = \"/dev/usb/lp0\"\nread_status = true\n"
                         "[codes]\nsource = \"serial\"\ndevice = \"/dev/ttyACM0\"\nbaud = 115200\n"
                         "public_keys = [\"" + key + "\"]\n");
    ASSERT_TRUE(r.ok()) << r.error().describe();
    EXPECT_EQ(r.value().printer.device, "/dev/usb/lp0");
    EXPECT_TRUE(r.value().printer.readStatus);
    EXPECT_EQ(r.value().codes.source, KioskConfig::CodeSourceKind::Serial);
    EXPECT_EQ(r.value().codes.device, "/dev/ttyACM0");
    EXPECT_EQ(r.value().codes.baud, 115200);
    ASSERT_EQ(r.value().codes.publicKeys.size(), 1u);
    EXPECT_EQ(r.value().codes.publicKeys[0], key);

    auto folder = parseConfig("[codes]\nsource = \"camera-folder\"\nfolder = \"/srv/frames\"\n[printer]\noutput_dir = \"/tmp/r\"");
    ASSERT_TRUE(folder.ok()) << folder.error().describe();
    EXPECT_EQ(folder.value().codes.source, KioskConfig::CodeSourceKind::CameraFolder);
    EXPECT_EQ(folder.value().printer.outputDir, "/tmp/r");
    // No section: no printer, no code source.
    auto none = parseConfig("");
    EXPECT_EQ(none.value().codes.source, KioskConfig::CodeSourceKind::None);
    EXPECT_TRUE(none.value().printer.device.empty());
}

TEST(Config, PrinterAndCodeErrorsNameTheKey) {
    EXPECT_EQ(errorOf("[codes]\nsource = \"telepathy\"").key, "codes.source");
    EXPECT_EQ(errorOf("[codes]\nsource = \"serial\"").key, "codes.device");
    EXPECT_EQ(errorOf("[codes]\nsource = \"camera-folder\"").key, "codes.folder");
    EXPECT_EQ(errorOf("[codes]\npublic_keys = [\"not a key\"]").key, "codes.public_keys");
    EXPECT_EQ(errorOf("[codes]\npublic_keys = \"one\"").key, "codes.public_keys");
    EXPECT_EQ(errorOf("[codes]\nsorce = \"none\"").key, "codes.sorce");
    EXPECT_EQ(errorOf("[printer]\ndevice = \"/dev/usb/lp0\"\noutput_dir = \"/tmp\"").key, "printer.output_dir");
    EXPECT_EQ(errorOf("[printer]\nread_status = \"yes\"").key, "printer.read_status");
}

TEST(Config, ReadsTheV4l2CameraAndRefusesBadValues) {
    auto r = parseConfig("[codes]\nsource = \"camera\"\ndevice = \"/dev/video2\"\nwidth = 1920\nheight = 1080\nfps = 30\n");
    ASSERT_TRUE(r.ok()) << r.error().describe();
    EXPECT_EQ(r.value().codes.source, KioskConfig::CodeSourceKind::Camera);
    EXPECT_EQ(r.value().codes.device, "/dev/video2");
    EXPECT_EQ(r.value().codes.width, 1920);
    EXPECT_EQ(r.value().codes.height, 1080);
    EXPECT_EQ(r.value().codes.fps, 30);
    // Unset: 1280x720 at 15 fps.
    auto defaults = parseConfig("[codes]\nsource = \"camera\"\ndevice = \"/dev/video0\"\n");
    ASSERT_TRUE(defaults.ok()) << defaults.error().describe();
    EXPECT_EQ(defaults.value().codes.width, 1280);
    EXPECT_EQ(defaults.value().codes.height, 720);
    EXPECT_EQ(defaults.value().codes.fps, 15);

    const std::string camera = "[codes]\nsource = \"camera\"\ndevice = \"/dev/video0\"\n";
    EXPECT_EQ(errorOf("[codes]\nsource = \"camera\"").key, "codes.device");
    EXPECT_EQ(errorOf(camera + "width = 1281").key, "codes.width");  // odd: YUYV pairs pixels
    const auto tooWide = errorOf(camera + "width = 100000");
    EXPECT_EQ(tooWide.key, "codes.width");
    EXPECT_NE(tooWide.message.find("between"), std::string::npos) << tooWide.message;
    EXPECT_EQ(errorOf(camera + "height = 0").key, "codes.height");
    EXPECT_EQ(errorOf(camera + "fps = 0").key, "codes.fps");
    EXPECT_EQ(errorOf(camera + "fps = 240").key, "codes.fps");
    EXPECT_EQ(errorOf(camera + "fps = 15.5").key, "codes.fps");
    EXPECT_EQ(errorOf(camera + "width = \"1280\"").key, "codes.width");
    EXPECT_NE(errorOf("[codes]\nsource = \"webcam\"").message.find("camera,"), std::string::npos);
}
