// Maintenance mode as a model (screens/flows/maintenance_flow.h) over a probe
// that answers from the test, and the pure parts of kiosk/core/maintenance.h:
// the calibration fit, the stored display settings, the export file name.
#include <gtest/gtest.h>

#include <cerrno>
#include <deque>
#include <functional>

#include "kiosk/core/maintenance.h"
#include "screens/flows/maintenance_flow.h"

using namespace kiosk;

namespace {

const StaffMember kMaintainer{"00000042", "陈工", StaffRole::Maintainer};

// Replies are held until the test delivers them, like the run queue would.
class FakeProbe final : public MaintenanceProbe {
public:
    std::deque<std::function<void()>> pending;
    void deliver() {
        while (!pending.empty()) {
            auto f = std::move(pending.front());
            pending.pop_front();
            f();
        }
    }
    KioskConfig* config = nullptr;
    bool cameraWatched = false;
    int demoCards = 0;
    std::function<void(CameraFrame)> onFrame;
    std::function<void(CameraDecode)> onDecode;
    DisplaySettings display{Orientation::Landscape, {}};

    void status(Reply<MaintenanceStatus> done) override {
        pending.push_back([done] {
            MaintenanceStatus s;
            s.kioskId = "kiosk-test";
            s.version = "9.9";
            done(s);
        });
    }
    void placeDemoCard() override { ++demoCards; }
    bool hasCamera() const override { return true; }
    void watchCamera(std::function<void(CameraFrame)> f, std::function<void(CameraDecode)> d) override {
        cameraWatched = true;
        onFrame = std::move(f);
        onDecode = std::move(d);
    }
    void stopWatchingCamera() override { cameraWatched = false; }
    CodeReading classifyCode(const std::string& text) const override {
        CodeReading r;
        r.kind = text.rfind("MZBK1.", 0) == 0 ? CodeKindSeen::Booking : CodeKindSeen::Unknown;
        return r;
    }
    const char* showDemoCode() override { return nullptr; }
    bool scanTestPage(Reply<Result<ScanTest, std::string>> done) override {
        pending.push_back([done] { done(std::string("scan.error.jammed")); });
        return true;
    }
    void listScanners(Reply<Result<std::vector<ScannerInfo>, std::string>> done) override {
        pending.push_back([done] {
            done(std::vector<ScannerInfo>{{"test:0", "Noname", "frontend-tester", "virtual"}});
        });
    }
    void printTestReceipt(Receipt receipt, Reply<PrintTest> done) override {
        lastReceipt = receipt;
        pending.push_back([done] { done(PrintTest{}); });
    }
    void exportTargets(Reply<std::vector<ExportTarget>> done) override {
        pending.push_back([done] { done(std::vector<ExportTarget>{{"/media/x/STICK", true}}); });
    }
    void exportLogs(std::string dir, Reply<ExportOutcome> done) override {
        pending.push_back([done, dir] { done(ExportOutcome{ExportError::None, dir + "/f.txt", 3}); });
    }
    DisplaySettings displaySettings() const override { return display; }
    void setOrientation(Orientation o, Reply<bool> done) override {
        display.orientation = o;
        pending.push_back([done] { done(true); });
    }
    void setTouchCalibration(TouchCalibration c, Reply<bool> done) override {
        display.touch = c;
        pending.push_back([done] { done(true); });
    }
    bool rotatesAtOnce() const override { return false; }
    void setService(ServiceId id, bool enabled) override { config->service(id).enabled = enabled; }

    Receipt lastReceipt;
};

class MaintenanceFlowTest : public ::testing::Test {
protected:
    void SetUp() override {
        config.demo = true;
        probe.config = &config;
        flow().setProbe(&probe);
    }
    MaintenanceFlow& flow() { return session.maintenance(); }
    void enter() {
        ASSERT_TRUE(flow().begin(kMaintainer));
        probe.deliver();
    }

    KioskConfig config;
    SessionFlow session{config};
    FakeProbe probe;
};

TEST_F(MaintenanceFlowTest, RefusesStaffWithoutTheMaintainerRole) {
    EXPECT_FALSE(flow().begin(StaffMember{"00000017", "王芳", StaffRole::Staff}));
    EXPECT_EQ(session.current(), ScreenId::Attract);
    EXPECT_FALSE(flow().active());
}

TEST_F(MaintenanceFlowTest, RefusesWithoutAProbe) {
    flow().setProbe(nullptr);
    EXPECT_FALSE(flow().begin(kMaintainer));
    EXPECT_EQ(session.current(), ScreenId::Attract);
}

TEST_F(MaintenanceFlowTest, OverviewLoadsAndHomeEndsTheSession) {
    enter();
    EXPECT_EQ(session.current(), ScreenId::MaintOverview);
    EXPECT_EQ(flow().statusLoad(), MaintenanceFlow::Load::Ready);
    EXPECT_EQ(flow().status().kioskId, "kiosk-test");
    EXPECT_TRUE(session.stepBar().empty()) << "maintenance screens are not steps of a resident's visit";
    session.home();
    EXPECT_EQ(session.current(), ScreenId::Attract);
    EXPECT_FALSE(flow().active());
}

TEST_F(MaintenanceFlowTest, BackFromTheOverviewLeavesMaintenance) {
    enter();
    session.back();
    EXPECT_EQ(session.current(), ScreenId::Attract);
    EXPECT_FALSE(flow().active());
}

TEST_F(MaintenanceFlowTest, ACardIsMaskedAndWipedWhenTheTestIsLeft) {
    enter();
    IdCard card;
    card.idNumber = Personal("330109195201300053");
    // On the overview a card is taken (no resident session starts) but kept nowhere.
    EXPECT_TRUE(flow().takeCard(card));
    EXPECT_FALSE(flow().cardResult());
    flow().openCardTest();
    flow().useDemoCard();
    EXPECT_EQ(probe.demoCards, 1);
    EXPECT_TRUE(flow().takeCard(card));
    ASSERT_TRUE(flow().cardResult());
    EXPECT_EQ(flow().cardResult()->maskedNumber.reveal(), "330109********0053");
    session.back();
    EXPECT_EQ(session.current(), ScreenId::MaintOverview);
    EXPECT_FALSE(flow().cardResult());
}

TEST_F(MaintenanceFlowTest, TheCardTestReadsTheSessionsClockAndTimesOnItsMonotonicSide) {
    ManualClock clock;  // 2025-12-01
    session.setClock(clock);
    enter();
    flow().openCardTest();
    clock.advance(std::chrono::milliseconds(1200));
    clock.jumpWall(std::chrono::hours(-3));  // NTP steps back meanwhile: not a negative wait (#15)
    IdCard card;
    card.idNumber = Personal("330109195201300053");
    card.validTo = std::chrono::year(2025) / std::chrono::December / std::chrono::day(1);
    ASSERT_TRUE(flow().takeCard(card));
    ASSERT_TRUE(flow().cardResult());
    EXPECT_EQ(flow().cardResult()->afterMs, 1200);
    EXPECT_EQ(flow().cardResult()->readAtMs,
              std::chrono::duration_cast<std::chrono::milliseconds>(clock.wallNow().time_since_epoch()).count());
    EXPECT_FALSE(flow().cardResult()->expired) << "the clock reads 2025-11-30 21:16Z: the card is valid to 12-01 (in any time zone)";
    clock.jumpWall(std::chrono::hours(48));
    ASSERT_TRUE(flow().takeCard(card));
    EXPECT_TRUE(flow().cardResult()->expired) << "judged by the session's clock, not the machine's";
}

TEST_F(MaintenanceFlowTest, CardsOutsideMaintenanceAreNotTaken) {
    IdCard card;
    card.idNumber = Personal("330109195201300053");
    EXPECT_FALSE(flow().takeCard(card));
}

TEST_F(MaintenanceFlowTest, ACodeShowsItsKindAndTheCameraTiming) {
    enter();
    flow().openCodeTest();
    ASSERT_TRUE(probe.cameraWatched);
    PageImage frame;
    frame.width = 2, frame.height = 1;
    frame.pixels = {10, 200};
    probe.onFrame(CameraFrame{frame});
    probe.onDecode(CameraDecode{7.5});
    EXPECT_EQ(flow().cameraFrames(), 1);
    EXPECT_TRUE(flow().takeCode(ScannedCode{Personal("MZBK1.ABC.def"), CodeSource::Camera, {}}));
    ASSERT_TRUE(flow().codeResult());
    EXPECT_EQ(flow().codeResult()->reading.kind, CodeKindSeen::Booking);
    EXPECT_DOUBLE_EQ(flow().codeResult()->decodeMs, 7.5);
    // A serial scanner decodes by itself: no decoder time to show.
    EXPECT_TRUE(flow().takeCode(ScannedCode{Personal("hello"), CodeSource::SerialScanner, {}}));
    EXPECT_EQ(flow().codeResult()->decodeMs, -1);
    session.back();
    EXPECT_FALSE(probe.cameraWatched) << "the camera watch outlived the screen";
    EXPECT_FALSE(flow().codeResult());
    // A frame still queued from before is dropped.
    probe.onFrame(CameraFrame{frame});
    EXPECT_EQ(flow().cameraFrames(), 0);
}

TEST_F(MaintenanceFlowTest, AReplyForALeftScreenIsDropped) {
    enter();
    flow().openScannerTest();
    flow().scanPage();
    EXPECT_EQ(flow().scanState(), MaintenanceFlow::Test::Running);
    session.back();
    probe.deliver();
    EXPECT_EQ(flow().scanState(), MaintenanceFlow::Test::Idle);
    flow().openScannerTest();
    flow().scanPage();
    probe.deliver();
    EXPECT_EQ(flow().scanState(), MaintenanceFlow::Test::Failed);
    EXPECT_EQ(flow().scanErrorKey(), "scan.error.jammed");
    ASSERT_EQ(flow().scanners().size(), 1u);
}

TEST_F(MaintenanceFlowTest, TheTestReceiptCarriesTheKioskAndATestCode) {
    enter();
    flow().openPrinterTest();
    Strings strings;
    Receipt r = flow().testReceipt(strings);
    EXPECT_EQ(r.qrPayload.rfind("KIOSK-TEST:kiosk-test:", 0), 0u) << r.qrPayload;
    ASSERT_FALSE(r.rows.empty());
    EXPECT_EQ(r.rows[0].second, "kiosk-test");
    flow().printTestReceipt(r);
    probe.deliver();
    EXPECT_EQ(flow().printState(), MaintenanceFlow::Test::Passed);
}

TEST_F(MaintenanceFlowTest, CalibrationFitsTheTapsAndIsStored) {
    enter();
    flow().openDisplay();
    flow().startCalibration();
    ASSERT_EQ(session.current(), ScreenId::MaintCalibrate);
    EXPECT_TRUE(flow().capturingTouch());
    for (int i = 0; i < MaintenanceFlow::kCalibrationTargets; ++i) {
        const auto f = MaintenanceFlow::calibrationTarget(i);
        const float tx = f.x * 1920, ty = f.y * 1080;
        flow().calibrationTap(tx - 20, ty + 10, tx, ty, 1920, 1080);  // the panel reads 20 px left, 10 px low
    }
    EXPECT_FALSE(flow().capturingTouch());
    ASSERT_TRUE(flow().calibrationFit());
    EXPECT_NEAR(flow().calibrationFit()->offsetX, 20, 0.01);
    EXPECT_NEAR(flow().calibrationFit()->offsetY, -10, 0.01);
    EXPECT_NEAR(flow().calibrationResidual(), 0, 0.01);
    flow().saveCalibration();
    EXPECT_EQ(session.current(), ScreenId::MaintDisplay);
    probe.deliver();
    EXPECT_NEAR(probe.display.touch.offsetX, 20, 0.01);
    EXPECT_STREQ(flow().displayMessageKey(), "maint.display.calibration_saved");
}

TEST_F(MaintenanceFlowTest, ServicesToggle) {
    enter();
    flow().openServices();
    EXPECT_TRUE(session.serviceEnabled(ServiceId::Status));
    flow().toggleService(ServiceId::Status);
    EXPECT_FALSE(session.serviceEnabled(ServiceId::Status));
    flow().toggleService(ServiceId::Status);
    EXPECT_TRUE(session.serviceEnabled(ServiceId::Status));
}

// --- pure parts ---------------------------------------------------------------

TEST(TouchCalibrationFit, IdealTapsGiveIdentity) {
    std::vector<CalibrationPoint> pts;
    for (int i = 0; i < MaintenanceFlow::kCalibrationTargets; ++i) {
        const auto f = MaintenanceFlow::calibrationTarget(i);
        pts.push_back({f.x * 1080, f.y * 1920, f.x * 1080, f.y * 1920});
    }
    auto c = fitTouchCalibration(pts, 1080, 1920);
    ASSERT_TRUE(c);
    EXPECT_TRUE(c->identity());
}

TEST(TouchCalibrationFit, ScaleAndOffsetAreRecovered) {
    // The panel reports x' = (x - 30) / 1.05, y' = y / 0.95 + 12.
    std::vector<CalibrationPoint> pts;
    for (int i = 0; i < MaintenanceFlow::kCalibrationTargets; ++i) {
        const auto f = MaintenanceFlow::calibrationTarget(i);
        const float x = f.x * 1920, y = f.y * 1080;
        pts.push_back({x, y, (x - 30) / 1.05f, y / 0.95f + 12});
    }
    auto c = fitTouchCalibration(pts, 1920, 1080);
    ASSERT_TRUE(c);
    EXPECT_NEAR(c->scaleX, 1.05, 0.002);
    EXPECT_NEAR(c->offsetX, 30, 0.5);
    EXPECT_NEAR(c->scaleY, 0.95, 0.002);
    EXPECT_NEAR(c->mapY(540 / 0.95f + 12), 540, 0.5);
}

TEST(TouchCalibrationFit, TapsThatCannotBeTrustedAreRefused) {
    // All on one spot: no scale can be told.
    std::vector<CalibrationPoint> same(5, CalibrationPoint{100, 100, 500, 500});
    for (int i = 0; i < 5; ++i)
        same[static_cast<size_t>(i)].targetX = same[static_cast<size_t>(i)].targetY = 100.0f * i;
    EXPECT_FALSE(fitTouchCalibration(same, 1920, 1080));
    // A mirrored panel (scale -1) is broken, not miscalibrated.
    std::vector<CalibrationPoint> mirrored;
    for (int i = 0; i < 5; ++i) {
        const auto f = MaintenanceFlow::calibrationTarget(i);
        mirrored.push_back({f.x * 1920, f.y * 1080, 1920 - f.x * 1920, f.y * 1080});
    }
    EXPECT_FALSE(fitTouchCalibration(mirrored, 1920, 1080));
    EXPECT_FALSE(fitTouchCalibration({}, 1920, 1080));
}

TEST(DisplaySettingsJson, RoundTripsAndRefusesNonsense) {
    DisplaySettings s;
    s.orientation = Orientation::Portrait;
    s.touch = {1.02f, 0.98f, -12.5f, 7.0f};
    auto back = displaySettingsFromJson(displaySettingsToJson(s));
    ASSERT_TRUE(back);
    EXPECT_EQ(back->orientation, Orientation::Portrait);
    EXPECT_EQ(back->touch, s.touch);
    EXPECT_FALSE(displaySettingsFromJson("not json"));
    EXPECT_FALSE(displaySettingsFromJson(R"({"orientation": "sideways"})"));
    EXPECT_FALSE(displaySettingsFromJson(R"({"touch": {"scaleX": 40}})"));
    auto none = displaySettingsFromJson("{}");
    ASSERT_TRUE(none);
    EXPECT_FALSE(none->orientation);
    EXPECT_TRUE(none->touch.identity());
}

TEST(LogExport, FileNameAndErrors) {
    const auto t = std::chrono::system_clock::time_point(std::chrono::seconds(1764547200));  // 2025-12-01T00:00:00Z
    EXPECT_EQ(logExportFileName("kiosk-demo-01", t), "kiosk-logs-kiosk-demo-01-20251201T000000Z.txt");
    EXPECT_EQ(logExportFileName("hall 3/west", t), "kiosk-logs-hall_3_west-20251201T000000Z.txt");
    EXPECT_EQ(exportErrorFromErrno(ENOENT), ExportError::Missing);
    EXPECT_EQ(exportErrorFromErrno(EROFS), ExportError::ReadOnly);
    EXPECT_EQ(exportErrorFromErrno(EACCES), ExportError::ReadOnly);
    EXPECT_EQ(exportErrorFromErrno(ENOSPC), ExportError::Full);
    EXPECT_EQ(exportErrorFromErrno(EIO), ExportError::Failed);
}

TEST(MaintenanceConfig, ExportDirIsReadAndMustBeAbsolute) {
    auto ok = parseConfig("[maintenance]\nexport_dir = \"/media/kiosk/LOGS\"\n");
    ASSERT_TRUE(ok) << ok.error().describe();
    EXPECT_EQ(ok.value().maintenanceTools.exportDir, "/media/kiosk/LOGS");
    EXPECT_TRUE(parseConfig("").value().maintenanceTools.exportDir.empty());
    auto relative = parseConfig("[maintenance]\nexport_dir = \"logs\"\n");
    ASSERT_FALSE(relative);
    EXPECT_EQ(relative.error().key, "maintenance.export_dir");
    auto unknown = parseConfig("[maintenance]\nexport = \"/x\"\n");
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().key, "maintenance.export");
}

}  // namespace
