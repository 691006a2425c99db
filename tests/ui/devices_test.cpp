// The app's printer and code readers without a window: receipts printed to
// a folder (ESC/POS bytes and the picture they print), a printer on a pty
// that reports paper out, no printer at all, a result for an ended session,
// and the camera-folder source decoding a printed receipt. Then the corner
// device alerts in the real app: a printer that cannot write, a printer node
// that goes away and comes back, a document scanner and a code camera that
// did not open, a serial code scanner unplugged and plugged back. And the
// OCR engines, held only while a resident may scan (#17).
#include <gtest/gtest.h>
#include <poll.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <thread>

#include "../data/test_support.h"
#include "drivers/codes/decoder.h"
#include "drivers/codes/gray_image.h"
#include "drivers/printer/escpos_render.h"
#include "drivers/serial/pty.h"
#include "kiosk/app/code_devices.h"
#include "kiosk/app/printer_device.h"
#include "screens/flows/service_flows.h"
#include "ui_test_support.h"

using namespace kiosk;

namespace {

Receipt sampleReceipt(const std::string& code = "KC1.A.test-code") {
    Receipt r;
    r.title = "办理进度";
    r.rows = {{"编号", "SA-20261120-000042"}};
    r.qrPayload = code;
    r.qrCaption = "扫码可再次查询进度";
    r.footer = "footer";
    return r;
}

// Runs the queue until `done` holds (results come from worker threads).
template <typename F>
bool drainUntil(RunQueue& queue, F done) {
    return kiosk::testing::waitFor([&] {
        queue.drain();
        return done();
    });
}

class PrinterDeviceTest : public ::testing::Test {
protected:
    KioskConfig config;
    kiosk::testing::TempDir dir;
    RunQueue queue;
};

}  // namespace

TEST_F(PrinterDeviceTest, AFolderGetsTheBytesAndThePictureTheyPrint) {
    config.printer.outputDir = dir.path();
    SessionFlow flow(config);
    {
        PrinterDevice printer;
        printer.start(config, queue);
        EXPECT_FALSE(printer.lastPicture());
        flow.requestPrint(sampleReceipt());
        printer.pump(flow);
        EXPECT_EQ(flow.printState(), PrintState::Printing);
        ASSERT_TRUE(drainUntil(queue, [&] { return flow.printState() != PrintState::Printing; }));
        EXPECT_EQ(flow.printState(), PrintState::Printed);
        ASSERT_TRUE(printer.lastPicture());
        EXPECT_EQ(printer.lastPicture()->filename(), "receipt-0001.png");
    }
    std::ifstream in(dir.file("receipt-0001.escpos"), std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
    auto rendered = printer::renderEscPos(bytes);
    ASSERT_EQ(rendered.qrCodes.size(), 1u);
    EXPECT_EQ(rendered.qrCodes[0], "KC1.A.test-code");
    // The picture scans back like the paper would.
    auto picture = codes::loadGrayImage(dir.file("receipt-0001.png"));
    ASSERT_TRUE(picture.ok());
    auto decoded = codes::decodeFrame(picture.value().view());
    ASSERT_TRUE(decoded.code);
    EXPECT_EQ(decoded.code->text, "KC1.A.test-code");

    // A restart continues the numbering: no receipt is overwritten.
    PrinterDevice again;
    again.start(config, queue);
    ASSERT_TRUE(again.lastPicture());
    EXPECT_EQ(again.lastPicture()->filename(), "receipt-0001.png");
    flow.requestPrint(sampleReceipt("KC1.A.second"));
    again.pump(flow);
    ASSERT_TRUE(drainUntil(queue, [&] { return flow.printState() != PrintState::Printing; }));
    EXPECT_EQ(again.lastPicture()->filename(), "receipt-0002.png");
}

TEST_F(PrinterDeviceTest, APrinterOutOfPaperSaysSo) {
    auto pty = serial::PseudoTerminal::open();
    ASSERT_TRUE(pty.ok());
    // The printer: answers the paper sensor query (DLE EOT 4) with "paper end".
    std::atomic<bool> stop{false};
    std::thread printerSide([&] {
        uint8_t buf[64];
        while (!stop) {
            pollfd p{pty.value().masterFd(), POLLIN, 0};
            if (::poll(&p, 1, 20) != 1) continue;
            const ssize_t n = ::read(pty.value().masterFd(), buf, sizeof buf);
            for (ssize_t i = 0; i + 2 < n; ++i)
                if (buf[i] == 0x10 && buf[i + 1] == 0x04 && buf[i + 2] == 0x04) {
                    const uint8_t status = 0x72;  // bits 5-6: paper end
                    EXPECT_EQ(::write(pty.value().masterFd(), &status, 1), 1);
                }
        }
    });
    config.printer.device = pty.value().devicePath();
    config.printer.readStatus = true;
    SessionFlow flow(config);
    PrinterDevice printer;
    printer.start(config, queue);
    flow.requestPrint(sampleReceipt());
    printer.pump(flow);
    EXPECT_TRUE(drainUntil(queue, [&] { return flow.printState() != PrintState::Printing; }));
    stop = true;
    printerSide.join();
    EXPECT_EQ(flow.printState(), PrintState::Failed);
    EXPECT_STREQ(flow.printFailureKey(), "printer.error.paper_out");
    ASSERT_EQ(printer.alerts().size(), 1u);
    EXPECT_STREQ(printer.alerts()[0], "device.printer_paper_out") << "the corner alert says it too";
    ASSERT_TRUE(flow.lastReceipt());
    EXPECT_EQ(flow.lastReceipt()->qrPayload, "KC1.A.test-code") << "kept for the screen to show";
}

TEST_F(PrinterDeviceTest, NoPrinterAtAllAndAnUnpluggedOne) {
    SessionFlow flow(config);  // not demo, no device, no folder
    PrinterDevice none;
    none.start(config, queue);
    flow.requestPrint(sampleReceipt());
    none.pump(flow);
    ASSERT_TRUE(drainUntil(queue, [&] { return flow.printState() != PrintState::Printing; }));
    EXPECT_STREQ(flow.printFailureKey(), "printer.error.none");

    config.printer.device = dir.file("lp0");  // nothing there
    PrinterDevice unplugged;
    unplugged.start(config, queue);
    flow.requestPrint(sampleReceipt());
    unplugged.pump(flow);
    ASSERT_TRUE(drainUntil(queue, [&] { return flow.printState() != PrintState::Printing; }));
    EXPECT_STREQ(flow.printFailureKey(), "printer.error.offline");
}

TEST_F(PrinterDeviceTest, AResultForAnEndedSessionIsDropped) {
    config.printer.outputDir = dir.path();
    SessionFlow flow(config);
    PrinterDevice printer;
    printer.start(config, queue);
    flow.requestPrint(sampleReceipt());
    printer.pump(flow);
    flow.endSession();
    ASSERT_TRUE(drainUntil(queue, [&] { return printer.lastPicture().has_value(); }));
    EXPECT_EQ(flow.printState(), PrintState::Idle) << "the next resident must not see \"printed\"";
}

TEST_F(PrinterDeviceTest, TheCameraFolderDecodesAPrintedReceipt) {
    config.printer.outputDir = dir.path();
    SessionFlow flow(config);
    PrinterDevice printer;
    printer.start(config, queue);
    flow.requestPrint(sampleReceipt("KC1.B.from-the-folder"));
    printer.pump(flow);
    ASSERT_TRUE(drainUntil(queue, [&] { return flow.printState() == PrintState::Printed; }));

    KioskConfig::Codes codesConfig;
    codesConfig.source = KioskConfig::CodeSourceKind::CameraFolder;
    codesConfig.folder = dir.path();
    ManualClock clock;
    std::vector<std::string> seen;
    CodeDevices devices;
    auto err = devices.start(codesConfig, clock, queue, [&](ScannedCode code) { seen.push_back(code.text.reveal()); });
    ASSERT_FALSE(err) << *err;
    ASSERT_TRUE(drainUntil(queue, [&] { return !seen.empty(); }));
    devices.stop();
    EXPECT_EQ(seen.front(), "KC1.B.from-the-folder");
}

TEST_F(PrinterDeviceTest, TheDemoCameraSaysSoWhenNothingWasPrinted) {
    config.demo = true;
    config.printer.outputDir = dir.path();
    SessionFlow flow(config);
    PrinterDevice printer;
    printer.start(config, queue);
    ManualClock clock;
    CodeDevices devices;
    ASSERT_FALSE(devices.start(config.codes, clock, queue, [](ScannedCode) {}));
    StatusFlow& status = flow.services().status;
    status.requestDemoScan();
    devices.pumpDemo(flow, printer);
    EXPECT_STREQ(status.demoScanMessageKey(), "status.demo_no_receipt");
    // A folder source that cannot play says so (the app logs it).
    KioskConfig::Codes missing;
    missing.source = KioskConfig::CodeSourceKind::CameraFolder;
    missing.folder = dir.file("no-such-folder");
    CodeDevices broken;
    EXPECT_TRUE(broken.start(missing, clock, queue, [](ScannedCode) {}).has_value());
}

namespace {

bool showsAlert(const App& app, std::string_view key) {
    for (const char* shown : app.deviceAlerts())
        if (key == shown) return true;
    return false;
}

// Pixels that differ between two screenshots inside a rectangle.
size_t differingIn(const Image& a, const Image& b, int x0, int y0, int x1, int y1) {
    size_t n = 0;
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x) {
            const size_t i = (static_cast<size_t>(y) * a.width + x) * 4;
            n += a.rgba[i] != b.rgba[i] || a.rgba[i + 1] != b.rgba[i + 1] || a.rgba[i + 2] != b.rgba[i + 2];
        }
    return n;
}

class DeviceAlertsTest : public kiosk::test::UiTest {
protected:
    static KioskConfig quietConfig() {
        KioskConfig cfg;
        cfg.voice.enabled = false;  // the voice has its own tests
        return cfg;
    }
    // Where the pills sit: the header's status area (issue #14: never over a control).
    int headerBottom(const Image& a) const {
        return static_cast<int>(Layout::forDisplay(ImVec2(static_cast<float>(a.width), static_cast<float>(a.height))).headerHeight);
    }
    size_t cornerChange(const Image& a, const Image& b) const { return differingIn(a, b, 0, 0, a.width, headerBottom(a)); }
    kiosk::testing::TempDir dir;
};

}  // namespace

TEST_F(DeviceAlertsTest, APrinterThatCannotWriteShowsInTheCornerUntilItPrintsAgain) {
    KioskConfig cfg = quietConfig();
    const std::filesystem::path out = dir.file("receipts");
    cfg.printer.outputDir = out.string();
    startApp(cfg);
    tap("attract.start");  // the pills live in the header, which the attract screen has not
    ASSERT_TRUE(app->deviceAlerts().empty());
    const Image ok = screenshot();
    saveStep("printer-ok");

    // The receipts folder becomes a file: the next receipt cannot be written.
    std::filesystem::remove_all(out);
    std::ofstream(out) << "not a folder";
    app->flow().requestPrint(sampleReceipt());
    ASSERT_TRUE(waitUntil([&] { return app->flow().printState() != PrintState::Printing; }));
    EXPECT_EQ(app->flow().printState(), PrintState::Failed);
    EXPECT_TRUE(showsAlert(*app, "device.printer_failed"));
    const Image fault = screenshot();
    saveStep("printer-fault");
    EXPECT_GT(cornerChange(ok, fault), 1000u) << "the pill is drawn";
    EXPECT_LT(differingIn(ok, fault, 0, headerBottom(fault), fault.width, fault.height), 100u) << "and nothing else changes";

    // Fixed: the next receipt prints and the alert goes.
    std::filesystem::remove(out);
    std::filesystem::create_directories(out);
    app->flow().requestPrint(sampleReceipt("KC1.A.again"));
    ASSERT_TRUE(waitUntil([&] { return app->flow().printState() != PrintState::Printing; }));
    EXPECT_EQ(app->flow().printState(), PrintState::Printed);
    EXPECT_TRUE(app->deviceAlerts().empty());
    const Image recovered = screenshot();
    saveStep("printer-recovered");
    EXPECT_LT(cornerChange(ok, recovered), 100u);
}

TEST_F(DeviceAlertsTest, APrinterFolderThatCannotBeCreatedShowsFromTheStart) {
    KioskConfig cfg = quietConfig();
    std::ofstream(dir.file("blocker")) << "a file where a folder should be";
    cfg.printer.outputDir = dir.file("blocker") + "/receipts";
    startApp(cfg);
    EXPECT_TRUE(showsAlert(*app, "device.printer_failed"));
}

TEST_F(DeviceAlertsTest, AMissingPrinterNodeShowsAtOnceAndClearsWhenItIsBack) {
    KioskConfig cfg = quietConfig();
    cfg.printer.device = dir.file("lp0");
    startApp(cfg);
    EXPECT_TRUE(showsAlert(*app, "device.printer_offline"));
    saveStep("printer-unplugged");
    std::ofstream(dir.file("lp0")) << "";  // plugged in (a file stands in for the node)
    frames(2);
    EXPECT_TRUE(app->deviceAlerts().empty());
    std::filesystem::remove(dir.file("lp0"));  // and out again
    frames(2);
    EXPECT_TRUE(showsAlert(*app, "device.printer_offline"));
}

TEST_F(DeviceAlertsTest, AScannerAndACodeCameraThatDidNotOpenShowInTheCorner) {
    KioskConfig cfg = quietConfig();
    cfg.scanner.folder = dir.file("no-pages");
    cfg.codes.source = KioskConfig::CodeSourceKind::Camera;
    cfg.codes.device = dir.file("video0");  // no camera on these machines
    startApp(cfg);
    EXPECT_TRUE(showsAlert(*app, "device.scanner_not_found"));
    EXPECT_TRUE(showsAlert(*app, "device.code_camera_failed"));
    EXPECT_FALSE(app->documentDevices().available());
    saveStep("scanner-and-camera");
    // Both pills, one above the other, with their text in both languages.
    for (const char* key : app->deviceAlerts()) {
        EXPECT_TRUE(app->strings().has(Language::ZhCN, key)) << key;
        EXPECT_TRUE(app->strings().has(Language::En, key)) << key;
    }
}

// The OCR engines (~45 MB resident) are not held at the attract screen,
// where nobody scans: they load when a resident opens the assistance
// service, screens before its scan step, and go once the kiosk is back at
// the attract screen (#17).
TEST_F(DeviceAlertsTest, TheOcrEnginesLoadForTheAssistanceServiceAndGoAtTheAttractScreen) {
    KioskConfig cfg = quietConfig();
    cfg.demo = true;  // the demo pages are the scanner; the emulated card reader
    cfg.central.dataDir = dir.file("kiosk");
    startApp(cfg);
    ASSERT_TRUE(app->documentDevices().available());
    frames(2);
    EXPECT_FALSE(app->documentDevices().enginesHeld()) << "loaded at start-up";
    tap("attract.start");
    tap("identify.demo_card");
    waitForScreen(ScreenId::Menu);
    EXPECT_FALSE(app->documentDevices().enginesHeld()) << "loaded for a service that does not scan";
    tap("menu.assistance");
    EXPECT_EQ(app->flow().current(), ScreenId::AssistConsent);
    EXPECT_TRUE(app->documentDevices().enginesHeld());
    frames(3);
    EXPECT_TRUE(app->documentDevices().enginesHeld()) << "dropped in the middle of a session";
    app->flow().endSession();
    EXPECT_TRUE(waitUntil([&] { return !app->documentDevices().enginesHeld(); }));
    EXPECT_EQ(app->flow().current(), ScreenId::Attract);
    // And the next resident gets them again.
    tap("attract.start");
    tap("identify.demo_card");
    waitForScreen(ScreenId::Menu);
    tap("menu.assistance");
    EXPECT_TRUE(app->documentDevices().enginesHeld());
}

TEST_F(DeviceAlertsTest, ASerialCodeScannerShowsWhileUnplugged) {
    KioskConfig cfg = quietConfig();
    const std::string link = dir.file("ttyScanner");  // a stable name, as a udev rule gives
    cfg.codes.source = KioskConfig::CodeSourceKind::Serial;
    cfg.codes.device = link;
    startApp(cfg);
    EXPECT_TRUE(showsAlert(*app, "device.code_scanner_offline"));
    {
        auto pty = serial::PseudoTerminal::open(link);
        ASSERT_TRUE(pty.ok());
        // The scanner reconnects by itself (backoff up to 2 s).
        EXPECT_TRUE(waitUntil([&] { return app->deviceAlerts().empty(); }));
    }  // unplugged
    EXPECT_TRUE(waitUntil([&] { return showsAlert(*app, "device.code_scanner_offline"); }));
}
