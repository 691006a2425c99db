// Maintenance mode end to end (issue #9): the real app offscreen in demo mode
// against the reference central service, with real devices behind the
// tests: the demo card on the emulated reader, a camera-folder camera playing
// code pictures, SANE's own `test` backend as the document scanner, the
// printer writing ESC/POS bytes and their picture to a folder. A maintainer
// enters from the model (the staff home's button calls the same begin()),
// taps each test and the outcome is checked where it really lands: the model,
// the files, the audit log, the menu.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "central_e2e_support.h"
#include "drivers/codes/decoder.h"
#include "drivers/codes/gray_image.h"
#include "drivers/printer/escpos_render.h"
#include "kiosk/app/maintenance_probe.h"
#include "kiosk/core/id_number.h"
#include "kiosk/core/log.h"
#include "screens/flows/maintenance_flow.h"

using namespace kiosk;
using namespace kiosk::test;
namespace fs = std::filesystem;

namespace {

constexpr const char* kDemoCardNumber = "330109195201300053";  // assets/demo/cards/resident_long_term.json
const StaffMember kMaintainer{"00000042", "陈工", StaffRole::Maintainer};

std::string readFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), {});
}

std::uintmax_t escposBytes(const fs::path& dir) {
    std::uintmax_t total = 0;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.path().extension() == ".escpos") total += e.file_size();
    return total;
}

std::optional<fs::path> newest(const fs::path& dir, const std::string& extension) {
    std::optional<fs::path> best;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.path().extension() == extension && (!best || e.path().filename() > best->filename())) best = e.path();
    return best;
}

class MaintenanceTest : public CentralE2eTest {
protected:
    void SetUp() override {
        CentralE2eTest::SetUp();
        ASSERT_GT(central.port(), 0) << "kiosk-central did not start";
        // SANE with its `test` backend only (no network discovery), read at
        // the first sane_init: before the app opens the scanner.
        fs::create_directories(saneDir());
        std::ofstream(saneDir() / "dll.conf") << "test\n";
        std::ofstream(saneDir() / "test.conf") << "number_of_devices 2\nmode Gray\ndepth 8\nhand-scanner false\n"
                                                  "three-pass false\nthree-pass-order RGB\nresolution_min 1.0\n"
                                                  "resolution_max 1200.0\nresolution_quant 1.0\nresolution 50.0\n";
        ::setenv("SANE_CONFIG_DIR", saneDir().c_str(), 1);
        // The camera: two different codes in turn (a booking and an
        // unsigned receipt), so each showing is a new presentation.
        fs::create_directories(cameraDir());
        for (const char* frame : {"plain_1.jpg", "plain_2.jpg"})
            fs::copy_file(fs::path(KIOSK_SOURCE_DIR) / "tests/data/qr" / frame, cameraDir() / frame,
                          fs::copy_options::overwrite_existing);
        fs::create_directories(exportDir());
    }
    void TearDown() override {
        CentralE2eTest::TearDown();
        fs::remove_all(saneDir());
        fs::remove_all(cameraDir());
        fs::remove_all(exportDir());
    }
    fs::path saneDir() const { return dataDir_.string() + "-sane"; }
    fs::path cameraDir() const { return dataDir_.string() + "-camera"; }
    fs::path exportDir() const { return dataDir_.string() + "-export"; }

    KioskConfig maintenanceConfig() {
        KioskConfig cfg = config();
        cfg.codes.source = KioskConfig::CodeSourceKind::CameraFolder;
        cfg.codes.folder = cameraDir().string();
        cfg.scanner.device = "test:0";
        cfg.maintenanceTools.exportDir = exportDir().string();
        return cfg;
    }
    MaintenanceFlow& m() { return app->flow().maintenance(); }

    void enter() {
        ASSERT_TRUE(m().begin(kMaintainer));
        frames(2);
        ASSERT_EQ(app->flow().current(), ScreenId::MaintOverview);
        ASSERT_TRUE(waitUntil([&] { return m().statusLoad() == MaintenanceFlow::Load::Ready; }));
    }
    // A tap where the panel reports it (the touch calibration maps it).
    void tapAt(ImVec2 raw) {
        ScriptedPointer p{raw, true};
        app->frame(&p);
        p.down = false;
        app->frame(&p);
        app->frame();
    }
    ImVec2 centre(const std::string& target) {
        auto it = app->targets().find(target);
        EXPECT_NE(it, app->targets().end()) << target;
        return it == app->targets().end() ? ImVec2(-1, -1) : it->second.center();
    }
    std::vector<AuditEntry> audit() {
        std::optional<std::vector<AuditEntry>> entries;
        app->flow().staffDesk()->recentAudit(100, [&](std::vector<AuditEntry> e) { entries = std::move(e); });
        EXPECT_TRUE(waitUntil([&] { return entries.has_value(); }));
        return entries.value_or(std::vector<AuditEntry>{});
    }
    bool audited(const std::string& action) {
        for (const AuditEntry& e : audit())
            if (e.action == action && e.staffNumber == kMaintainer.number) return true;
        return false;
    }
};

TEST_F(MaintenanceTest, OnlyAMaintainerGetsIn) {
    startApp(config());
    EXPECT_FALSE(m().begin(StaffMember{"00000017", "王芳", StaffRole::Staff}));
    EXPECT_EQ(app->flow().current(), ScreenId::Attract);
    EXPECT_TRUE(m().begin(kMaintainer));
    EXPECT_EQ(app->flow().current(), ScreenId::MaintOverview);
}

TEST_F(MaintenanceTest, EachDeviceTestShowsTheRealOutcome) {
    startApp(maintenanceConfig());
    ASSERT_NE(app->flow().staffDesk(), nullptr);
    enter();
    const MaintenanceStatus& st = m().status();
    EXPECT_EQ(st.kioskId, "kiosk-demo-01");
    EXPECT_FALSE(st.version.empty());
    EXPECT_TRUE(st.centralConfigured);
    EXPECT_GE(st.queueDepth, 0);
    EXPECT_GT(st.diskTotalMB, 0);
    EXPECT_EQ(st.store, StoreHealthState::Ok);
    EXPECT_EQ(st.scanner.state, "ok");
    EXPECT_EQ(st.scanner.detail, "test:0");
    EXPECT_EQ(st.codes.state, "ok");
    saveStep("overview");

    // Card: the demo card through the emulated reader and the real driver.
    tap("maint.test.card");
    ASSERT_EQ(app->flow().current(), ScreenId::MaintCardTest);
    tap("maint.card.demo");
    ASSERT_TRUE(waitUntil([&] { return m().cardResult().has_value(); }));
    EXPECT_EQ(m().cardResult()->kind, CardKind::Resident);
    EXPECT_EQ(m().cardResult()->maskedNumber.reveal(), maskIdentifier(kDemoCardNumber));
    EXPECT_EQ(m().cardResult()->maskedNumber.reveal(), "330109********0053");
    EXPECT_GT(m().cardResult()->readAtMs, 0);
    saveStep("card");
    tap("header.back");
    EXPECT_EQ(app->flow().current(), ScreenId::MaintOverview);
    EXPECT_FALSE(m().cardResult()) << "the card test's result outlived the screen";

    // Code: the camera folder's frames, decoded by the real camera path.
    tap("maint.test.code");
    ASSERT_EQ(app->flow().current(), ScreenId::MaintCodeTest);
    ASSERT_TRUE(m().cameraAvailable());
    ASSERT_TRUE(waitUntil([&] { return m().codeResult().has_value() && m().cameraFrames() > 0; }));
    const auto kind = m().codeResult()->reading.kind;
    EXPECT_TRUE(kind == CodeKindSeen::Booking || kind == CodeKindSeen::Receipt) << codeKindName(kind);
    EXPECT_EQ(m().codeResult()->source, CodeSource::Camera);
    EXPECT_GE(m().codeResult()->decodeMs, 0);
    EXPECT_FALSE(m().cameraFrame().empty());
    EXPECT_TRUE(m().cameraFrame().consistent());
    EXPECT_LE(std::max(m().cameraFrame().width, m().cameraFrame().height), kCameraPreviewSide);
    saveStep("code");
    tap("header.back");

    // Scanner: SANE's test backend lists two devices and scans a page.
    tap("maint.test.scanner");
    ASSERT_EQ(app->flow().current(), ScreenId::MaintScannerTest);
    ASSERT_TRUE(waitUntil([&] { return m().scannersLoad() == MaintenanceFlow::Load::Ready; }));
    std::vector<std::string> names;
    for (const ScannerInfo& s : m().scanners()) names.push_back(s.name);
    EXPECT_NE(std::find(names.begin(), names.end(), "test:0"), names.end());
    EXPECT_NE(std::find(names.begin(), names.end(), "test:1"), names.end());
    tap("maint.scanner.scan");
    ASSERT_TRUE(waitUntil([&] { return m().scanState() != MaintenanceFlow::Test::Running; }));
    ASSERT_EQ(m().scanState(), MaintenanceFlow::Test::Passed) << m().scanErrorKey();
    EXPECT_GT(m().scanned()->width, 0);
    EXPECT_FALSE(m().scanned()->preview.empty());
    EXPECT_TRUE(m().scanned()->preview.consistent());
    saveStep("scanner");
    tap("header.back");

    // Printer: the bytes go to the receipts folder; their picture holds the QR.
    const fs::path receipts = dataDir_ / "receipts";
    const auto before = escposBytes(receipts);
    tap("maint.test.printer");
    ASSERT_EQ(app->flow().current(), ScreenId::MaintPrinterTest) << screenName(app->flow().current());
    tap("maint.printer.print");
    ASSERT_TRUE(waitUntil([&] { return m().printState() != MaintenanceFlow::Test::Running; }));
    ASSERT_EQ(m().printState(), MaintenanceFlow::Test::Passed);
    EXPECT_GT(escposBytes(receipts), before) << "the printer file did not grow";
    ASSERT_EQ(m().printed()->qrCodes.size(), 1u);
    const std::string code = m().printed()->qrCodes.front();
    EXPECT_EQ(code.rfind("KIOSK-TEST:kiosk-demo-01:", 0), 0u) << code;
    const auto bytesFile = newest(receipts, ".escpos");
    ASSERT_TRUE(bytesFile);
    const std::string bytes = readFile(*bytesFile);
    const auto rendered = printer::renderEscPos(std::vector<uint8_t>(bytes.begin(), bytes.end()));
    ASSERT_EQ(rendered.qrCodes.size(), 1u);
    EXPECT_EQ(rendered.qrCodes.front(), code);
    // The picture the screen shows is the printed one, and its QR scans back.
    ASSERT_FALSE(m().printed()->picture.empty());
    auto picture = codes::loadGrayImage(m().printed()->picture);
    ASSERT_TRUE(picture);
    auto decoded = codes::decodeFrame(picture.value().view());
    ASSERT_TRUE(decoded.code);
    EXPECT_EQ(decoded.code->text, code);
    EXPECT_FALSE(m().printed()->preview.empty());
    saveStep("printer");
    tap("header.back");

    for (const char* action : {"maint-test-card", "maint-test-code", "maint-test-scanner", "maint-test-printer"})
        EXPECT_TRUE(audited(action)) << action;
    // Done ends the session (and with it the maintainer's sign-in).
    tap("maint.done");
    EXPECT_EQ(app->flow().current(), ScreenId::Attract);
    EXPECT_FALSE(m().active());
    EXPECT_TRUE(audited("maintenance-done"));
}

TEST_F(MaintenanceTest, TheDemoCameraShowsThePrintedTestReceipt) {
    startApp(config());  // demo: no camera configured, the emulated one plays receipts
    enter();
    tap("maint.test.code");
    tap("maint.code.demo");
    EXPECT_STREQ(m().codeMessageKey(), "maint.code.demo_no_receipt");
    tap("header.back");
    tap("maint.test.printer");
    tap("maint.printer.print");
    ASSERT_TRUE(waitUntil([&] { return m().printState() == MaintenanceFlow::Test::Passed; }));
    const std::string code = m().printed()->qrCodes.at(0);
    tap("header.back");
    tap("maint.test.code");
    ASSERT_TRUE(m().cameraAvailable());
    tap("maint.code.demo");
    EXPECT_EQ(m().codeMessageKey(), nullptr);
    ASSERT_TRUE(waitUntil([&] { return m().codeResult().has_value(); }));
    EXPECT_EQ(m().codeResult()->reading.kind, CodeKindSeen::Unknown);  // a test code, no resident's
    EXPECT_GE(m().codeResult()->decodeMs, 0);
    EXPECT_GT(m().cameraFrames(), 0) << "the preview did not show the demo frames";
    EXPECT_FALSE(m().cameraFrame().empty());
    saveStep("demo-code");
}

TEST_F(MaintenanceTest, LogsExportRedactedOrSayWhyNot) {
    startApp(maintenanceConfig());
    // A careless line with a resident's number: the export must not carry it.
    KLOG_INFO("maintenance test: an ID number that slipped into a log line: {}", kDemoCardNumber);
    enter();
    // The card test reads the demo card: its number travels the driver path too.
    tap("maint.test.card");
    tap("maint.card.demo");
    ASSERT_TRUE(waitUntil([&] { return m().cardResult().has_value(); }));
    tap("header.back");

    tap("maint.open.export");
    ASSERT_EQ(app->flow().current(), ScreenId::MaintExport);
    ASSERT_TRUE(waitUntil([&] { return m().targetsLoad() == MaintenanceFlow::Load::Ready; }));
    size_t index = m().targets().size();
    for (size_t i = 0; i < m().targets().size(); ++i)
        if (m().targets()[i].path == exportDir().string()) index = i;
    ASSERT_LT(index, m().targets().size()) << "the configured folder is not offered";
    tap("maint.export.target." + std::to_string(index));
    ASSERT_TRUE(waitUntil([&] { return m().exportState() != MaintenanceFlow::Test::Running; }));
    ASSERT_EQ(m().exportState(), MaintenanceFlow::Test::Passed);
    const ExportOutcome& out = *m().exported();
    EXPECT_GT(out.lines, 0);
    const fs::path file = out.file;
    EXPECT_EQ(file.parent_path(), exportDir());
    EXPECT_EQ(file.filename().string().rfind("kiosk-logs-kiosk-demo-01-", 0), 0u) << file;
    EXPECT_EQ(file.extension(), ".txt");
    const std::string text = readFile(file);
    EXPECT_NE(text.find("an ID number that slipped into a log line"), std::string::npos) << "the ring missed the line";
    EXPECT_EQ(text.find(kDemoCardNumber), std::string::npos) << "an ID number left the kiosk";
    EXPECT_NE(text.find("[number]"), std::string::npos);
    saveStep("export");
    EXPECT_TRUE(audited("maint-export-logs"));

    // The stick pulled out: a clear message, nothing written.
    fs::remove_all(exportDir());
    tap("maint.export.target." + std::to_string(index));
    ASSERT_TRUE(waitUntil([&] { return m().exportState() != MaintenanceFlow::Test::Running; }));
    EXPECT_EQ(m().exportState(), MaintenanceFlow::Test::Failed);
    EXPECT_EQ(m().exported()->error, ExportError::Missing);
    EXPECT_FALSE(fs::exists(exportDir()));
    saveStep("export-missing");
}

TEST_F(MaintenanceTest, OrientationCalibrationAndServices) {
    startApp(maintenanceConfig());
    enter();
    tap("maint.open.display");
    ASSERT_EQ(app->flow().current(), ScreenId::MaintDisplay);
    tap("maint.display.portrait");
    ASSERT_TRUE(waitUntil([&] { return m().displayMessageKey() != nullptr; }));
    // Offscreen there is no window to turn: stored for the next start.
    EXPECT_STREQ(m().displayMessageKey(), "maint.display.after_restart");
    EXPECT_EQ(app->config().display.orientation, Orientation::Portrait);
    EXPECT_EQ(AppMaintenanceProbe::loadDisplaySettings(app->config()).orientation, Orientation::Portrait);
    saveStep("display");

    // A panel that reports every touch 150 px above the finger.
    constexpr float kPanelShiftY = -150;
    tap("maint.display.calibrate");
    ASSERT_EQ(app->flow().current(), ScreenId::MaintCalibrate);
    const float w = static_cast<float>(app->platform().width()), h = static_cast<float>(app->platform().height());
    for (int i = 0; i < MaintenanceFlow::kCalibrationTargets; ++i) {
        ASSERT_EQ(m().calibrationIndex(), i);
        if (i == 1) saveStep("calibrate");
        const auto f = MaintenanceFlow::calibrationTarget(i);
        tapAt(ImVec2(f.x * w + (i % 2 ? 2.0f : -2.0f), f.y * h + kPanelShiftY));  // a finger is never exact
    }
    ASSERT_TRUE(m().calibrationFit());
    EXPECT_NEAR(m().calibrationFit()->offsetY, -kPanelShiftY, 3.0);
    EXPECT_NEAR(m().calibrationFit()->offsetX, 0, 3.0);
    EXPECT_NEAR(m().calibrationFit()->scaleY, 1.0, 0.01);
    saveStep("calibrate-result");
    tap("maint.calibrate.save");
    ASSERT_TRUE(waitUntil([&] { return m().displayMessageKey() != nullptr; }));
    EXPECT_STREQ(m().displayMessageKey(), "maint.display.calibration_saved");
    EXPECT_NEAR(app->touchCalibration().offsetY, -kPanelShiftY, 3.0);
    EXPECT_NEAR(AppMaintenanceProbe::loadDisplaySettings(app->config()).touch.offsetY, -kPanelShiftY, 3.0);
    EXPECT_TRUE(audited("maint-calibration"));

    // The calibration moves the tap: where the panel says "150 px above the
    // Services button" (a device tile is there), the finger was on the button.
    tapAt(ImVec2(centre("header.back").x, centre("header.back").y + kPanelShiftY));
    ASSERT_EQ(app->flow().current(), ScreenId::MaintOverview);
    const ImVec2 services = centre("maint.open.services");
    const ImVec2 raw(services.x, services.y + kPanelShiftY);
    const ImVec2 mapped = app->touchPoint(raw);
    EXPECT_NEAR(mapped.y, services.y, 3.0);
    bool rawOnATile = false;
    for (const auto& [id, r] : app->targets())
        if (id.rfind("maint.test.", 0) == 0 && raw.x >= r.min.x && raw.x <= r.max.x && raw.y >= r.min.y &&
            raw.y <= r.max.y)
            rawOnATile = true;
    EXPECT_TRUE(rawOnATile) << "the uncorrected tap would not have gone elsewhere: the check proves nothing";
    tapAt(raw);
    ASSERT_EQ(app->flow().current(), ScreenId::MaintServices) << screenName(app->flow().current());

    // Services: marriage switched off here shows as unavailable on the menu.
    app->setTouchCalibration(TouchCalibration{});  // the taps below are the helper's, at the targets
    tap("maint.service.marriage");
    EXPECT_FALSE(app->config().service(ServiceId::Marriage).enabled);
    EXPECT_EQ(app->config().service(ServiceId::Marriage).reason, UnavailableReason::Maintenance);
    saveStep("services");
    EXPECT_TRUE(audited("maint-service"));
    tap("header.home");  // leaves maintenance: the session ends
    EXPECT_EQ(app->flow().current(), ScreenId::Attract);
    tap("attract.start");
    tap("identify.demo_card");
    waitForScreen(ScreenId::Menu);
    ASSERT_EQ(app->flow().current(), ScreenId::Menu);
    ASSERT_TRUE(hasTarget("menu.marriage"));
    EXPECT_FALSE(app->targets().at("menu.marriage").enabled);
    EXPECT_TRUE(app->targets().at("menu.balances").enabled);
    saveStep("menu-marriage-off");
}

TEST_F(MaintenanceTest, InactivityEndsMaintenance) {
    startApp(config());
    enter();
    tap("maint.test.card");
    tap("maint.card.demo");
    ASSERT_TRUE(waitUntil([&] { return m().cardResult().has_value(); }));
    clock.advance(
        std::chrono::seconds(app->config().session.inactivitySeconds + app->config().session.warningSeconds + 1));
    frames(2);
    EXPECT_EQ(app->flow().current(), ScreenId::Attract);
    EXPECT_FALSE(m().active());
    EXPECT_FALSE(m().cardResult());
}

TEST(MaintenanceLogExport, NeverOverwritesAndScrubs) {
    kiosk::testing::TempDir dir;
    const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1764547200));
    const std::vector<std::string> lines = {"card read for 330109195201300053", "phone 13912345678 keyed",
                                            "plain line"};
    const ExportOutcome first = AppMaintenanceProbe::writeLogExport(dir.path(), "kiosk-demo-01", lines, now);
    const ExportOutcome second = AppMaintenanceProbe::writeLogExport(dir.path(), "kiosk-demo-01", lines, now);
    ASSERT_EQ(first.error, ExportError::None);
    ASSERT_EQ(second.error, ExportError::None);
    EXPECT_EQ(fs::path(first.file).filename(), "kiosk-logs-kiosk-demo-01-20251201T000000Z.txt");
    EXPECT_EQ(fs::path(second.file).filename(), "kiosk-logs-kiosk-demo-01-20251201T000000Z-2.txt");
    EXPECT_EQ(first.lines, 3);
    const std::string text = readFile(first.file);
    EXPECT_EQ(text.find("330109195201300053"), std::string::npos);
    EXPECT_EQ(text.find("13912345678"), std::string::npos);
    EXPECT_NE(text.find("plain line"), std::string::npos);
    EXPECT_EQ(AppMaintenanceProbe::writeLogExport(dir.file("gone"), "k", lines, now).error, ExportError::Missing);
    // A file where the folder should be is no folder either.
    std::ofstream(dir.file("plain")) << "x";
    EXPECT_EQ(AppMaintenanceProbe::writeLogExport(dir.file("plain"), "k", lines, now).error, ExportError::Missing);
}

// Every maintenance screen in landscape and portrait, normal and large
// text: every target on the display, none smaller than a finger.
TEST_F(MaintenanceTest, EveryScreenFitsEveryLayout) {
    struct Shape {
        int w, h;
        bool large;
    };
    for (const Shape& shape :
         {Shape{1920, 1080, false}, Shape{1920, 1080, true}, Shape{1080, 1920, false}, Shape{1080, 1920, true}}) {
        app.reset();
        startApp(config(), shape.w, shape.h);
        enter();
        app->flow().setLargeText(shape.large);
        frames(2);
        const Layout layout =
            Layout::forDisplay(ImVec2(static_cast<float>(shape.w), static_cast<float>(shape.h)), shape.large);
        auto check = [&](const char* screen) {
            frames(2);
            saveStep(std::string(screen) + "-" + std::to_string(shape.w) + "x" + std::to_string(shape.h) +
                     (shape.large ? "-large" : ""));
            for (const auto& [id, r] : app->targets()) {
                SCOPED_TRACE(std::string(screen) + " " + id + " at " + std::to_string(shape.w) + "x" +
                             std::to_string(shape.h) + (shape.large ? " large" : ""));
                EXPECT_GE(r.min.x, -0.5f);
                EXPECT_GE(r.min.y, -0.5f);
                EXPECT_LE(r.max.x, static_cast<float>(shape.w) + 0.5f);
                EXPECT_LE(r.max.y, static_cast<float>(shape.h) + 0.5f);
                if (id.rfind("maint.", 0) == 0) {
                    EXPECT_GE(r.max.y - r.min.y, layout.minTarget - 0.5f);
                }
            }
        };
        using Open = void (MaintenanceFlow::*)();
        const std::pair<const char*, Open> screens[] = {
            {"overview", nullptr},
            {"card", &MaintenanceFlow::openCardTest},
            {"code", &MaintenanceFlow::openCodeTest},
            {"scanner", &MaintenanceFlow::openScannerTest},
            {"printer", &MaintenanceFlow::openPrinterTest},
            {"export", &MaintenanceFlow::openExport},
            {"display", &MaintenanceFlow::openDisplay},
            {"services", &MaintenanceFlow::openServices},
        };
        for (const auto& [name, open] : screens) {
            if (open) (m().*open)();
            check(name);
            if (open) app->flow().back();
        }
        m().openDisplay();
        m().startCalibration();
        check("calibrate");
    }
}

}  // namespace
