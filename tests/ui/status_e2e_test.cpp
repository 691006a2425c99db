// Progress lookup end to end: the real app offscreen, the demo card on the
// emulated reader, the reference central service on loopback, and real code
// paths in: the demo camera decoding a printed receipt's picture, and a
// serial scanner emulated on a pty. Applications are created on the central
// service directly over HTTP, as another kiosk would have sent them.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

#include "drivers/codes/decoder.h"
#include "drivers/codes/serial_scanner.h"
#include "drivers/printer/receipt.h"
#include "screens/flows/service_flows.h"
#include "central_e2e_support.h"

using namespace kiosk;
using namespace kiosk::test;
using nlohmann::json;

namespace {

constexpr const char* kDemoResident = "330109195201300053";  // the demo card (赵堃)
constexpr const char* kOtherResident = "330102194803161004";

struct CreatedApplication {
    std::string reference, code, submittedAt;
};

class StatusE2eTest : public CentralE2eTest {
protected:
    void SetUp() override {
        CentralE2eTest::SetUp();
        ASSERT_GT(central.port(), 0) << "kiosk-central did not start";
    }
    // An application sent to the centre the way a kiosk sends it.
    CreatedApplication createApplication(const std::string& idNumber, const std::string& type) {
        static int n = 0;
        char key[64];
        std::snprintf(key, sizeof key, "7c2f9a1e-3b4d-4e5f-8a6b-%012d", ++n);
        std::string body = json{{"type", type},
                                {"applicant", {{"name", "赵堃"}, {"idNumber", idNumber}, {"phone", "13900000000"}}},
                                {"consent", true}}
                               .dump();
        auto r = central.call("POST", "/api/v1/assistance-applications", body,
                              {{"Authorization", "Bearer demo-token"}, {"Idempotency-Key", key},
                               {"Content-Type", "application/json"}, {"X-Kiosk-Id", "kiosk-demo-01"}});
        EXPECT_EQ(r.status, 201);
        json answer = json::parse(r.body.reveal(), nullptr, false);
        if (!answer.is_object()) return {};
        return {answer.value("reference", ""), answer.value("receiptCode", ""), answer.value("submittedAt", "")};
    }
    std::string centralPublicKey() {
        auto r = central.call("GET", "/api/v1/keys/code-signing", {}, {{"Authorization", "Bearer demo-token"}});
        json doc = json::parse(r.body.reveal(), nullptr, false);
        return doc.is_object() ? doc["keys"][0].value("publicKey", "") : "";
    }
    void identifyWithTheDemoCard() {
        tap("attract.start");
        tap("identify.demo_card");
        waitForScreen(ScreenId::Menu);
        ASSERT_EQ(app->flow().current(), ScreenId::Menu);
    }
    void openScan() {
        tap("menu.status");
        ASSERT_EQ(app->flow().current(), ScreenId::StatusStart);
        saveStep("status-start");
        tap("status.scan");
        ASSERT_EQ(app->flow().current(), ScreenId::StatusScan);
    }
    StatusFlow& status() { return app->flow().services().status; }
    std::filesystem::path artifactDir() {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        auto dir = std::filesystem::path(KIOSK_ARTIFACT_DIR) / (std::string(info->test_suite_name()) + "." + info->name());
        std::filesystem::create_directories(dir);
        return dir;
    }
};

}  // namespace

TEST_F(StatusE2eTest, AReceiptQrOpensTheRightApplicationsProgress) {
    const CreatedApplication mine = createApplication(kDemoResident, "dibao");
    const CreatedApplication other = createApplication(kOtherResident, "linshi");
    ASSERT_FALSE(mine.code.empty());
    ASSERT_NE(mine.reference, other.reference);
    KioskConfig cfg = config();
    cfg.codes.publicKeys = {centralPublicKey()};  // checked here first, then by the centre
    startApp(cfg);
    identifyWithTheDemoCard();

    // The receipt, printed through the app's printer: in demo mode the bytes
    // go to a file and the picture they print to a PNG.
    app->flow().requestPrint(printer::applicationReceipt(mine.reference, "最低生活保障", mine.submittedAt, mine.code));
    ASSERT_TRUE(waitUntil([&] { return app->flow().printState() != PrintState::Printing; }));
    ASSERT_EQ(app->flow().printState(), PrintState::Printed);
    const auto picture = app->printerDevice().lastPicture();
    ASSERT_TRUE(picture);
    EXPECT_EQ(picture->parent_path(), dataDir_ / "receipts");
    std::filesystem::copy_file(*picture, artifactDir() / "printed-receipt.png",
                               std::filesystem::copy_options::overwrite_existing);

    openScan();
    saveStep("status-scan");
    // "Show my receipt to the camera": the printed picture goes through the
    // camera path (frame source, ZXing on the decode worker) into the flow.
    tap("status.demo_scan");
    waitForScreen(ScreenId::StatusDetail);
    ASSERT_EQ(app->flow().current(), ScreenId::StatusDetail);
    const StatusItem* shown = status().shown();
    ASSERT_NE(shown, nullptr);
    EXPECT_EQ(shown->reference, mine.reference);
    EXPECT_EQ(shown->type, "dibao");
    ASSERT_FALSE(shown->steps.empty());
    EXPECT_EQ(shown->steps.front().step, "submitted");
    EXPECT_EQ(status().shownCode(), mine.code);
    EXPECT_TRUE(hasTarget("status.print"));
    saveStep("status-detail");

    // Back, and the list by person finds the same application (and not the other's).
    tap("header.back");
    tap("header.back");
    ASSERT_EQ(app->flow().current(), ScreenId::StatusStart);
    tap("status.list");
    ASSERT_TRUE(waitUntil([&] { return status().state() != StatusFlow::State::Loading; }));
    ASSERT_EQ(status().state(), StatusFlow::State::Listed);
    ASSERT_EQ(status().items().size(), 1u);
    EXPECT_EQ(status().items()[0].reference, mine.reference);
    EXPECT_TRUE(hasTarget("status.item.0"));
    saveStep("status-list");
}

TEST_F(StatusE2eTest, APrinterFailureShowsTheQrOnScreen) {
    const CreatedApplication mine = createApplication(kDemoResident, "yiliao");
    auto scanner = codes::SerialScannerEmulator::open();
    ASSERT_TRUE(scanner.ok());
    KioskConfig cfg = config();
    cfg.codes.source = KioskConfig::CodeSourceKind::Serial;
    cfg.codes.device = scanner.value().devicePath();
    cfg.printer.device = (dataDir_ / "no-printer-here").string();  // unplugged
    startApp(cfg);
    identifyWithTheDemoCard();
    openScan();
    ASSERT_TRUE(waitUntil([&] { return app->codeDevices().scannerConnected(); }));
    ASSERT_TRUE(scanner.value().scan(mine.code));
    waitForScreen(ScreenId::StatusDetail);
    ASSERT_EQ(app->flow().current(), ScreenId::StatusDetail);
    ASSERT_NE(status().shown(), nullptr);
    EXPECT_EQ(status().shown()->reference, mine.reference);
    EXPECT_FALSE(hasTarget("status.qr")) << "no QR on screen while nothing failed";

    tap("status.print");
    ASSERT_TRUE(waitUntil([&] { return app->flow().printState() != PrintState::Printing; }));
    ASSERT_EQ(app->flow().printState(), PrintState::Failed);
    EXPECT_STREQ(app->flow().printFailureKey(), "printer.error.offline");
    frames(2);
    ASSERT_TRUE(hasTarget("status.qr"));
    saveStep("print-failed-qr-on-screen");

    // The code on the screen reads back as the receipt's code, as a phone would read it.
    const TargetRect qr = app->targets().at("status.qr");
    Image shot = screenshot();
    const int x0 = static_cast<int>(qr.min.x), y0 = static_cast<int>(qr.min.y);
    const int w = static_cast<int>(qr.max.x - qr.min.x), h = static_cast<int>(qr.max.y - qr.min.y);
    ASSERT_GT(w, 100);
    codes::GrayView view{shot.rgba.data() + (static_cast<size_t>(y0) * shot.width + x0) * 4 + 1, w, h, shot.width * 4, 4};
    auto decoded = codes::decodeFrame(view);
    ASSERT_TRUE(decoded.code) << "the QR on screen does not scan";
    EXPECT_EQ(decoded.code->text, mine.code);
}

TEST_F(StatusE2eTest, ATamperedCodeIsRefusedHereAndByTheCentre) {
    const CreatedApplication mine = createApplication(kDemoResident, "tekun");
    std::string tampered = mine.code;
    const auto at = tampered.find(mine.reference);
    ASSERT_NE(at, std::string::npos);
    tampered[at + mine.reference.size() - 1] = tampered[at + mine.reference.size() - 1] == '9' ? '8' : '9';
    auto scanner = codes::SerialScannerEmulator::open();
    ASSERT_TRUE(scanner.ok());
    KioskConfig cfg = config();
    cfg.codes.source = KioskConfig::CodeSourceKind::Serial;
    cfg.codes.device = scanner.value().devicePath();
    cfg.codes.publicKeys = {centralPublicKey()};
    startApp(cfg);
    identifyWithTheDemoCard();
    openScan();
    ASSERT_TRUE(waitUntil([&] { return app->codeDevices().scannerConnected(); }));

    // With the centre's key on the kiosk: refused here, at once.
    ASSERT_TRUE(scanner.value().scan(tampered));
    ASSERT_TRUE(waitUntil([&] { return status().state() == StatusFlow::State::Refused; }));
    EXPECT_STREQ(status().refusalKey(), "codes.error.tampered");
    EXPECT_EQ(app->flow().current(), ScreenId::StatusScan);
    EXPECT_EQ(status().shown(), nullptr);
    EXPECT_TRUE(hasTarget("status.scan_again"));
    saveStep("tampered-refused-locally");

    // Without the key (not fetched yet): the centre verifies and refuses it.
    app->flow().setCodeKeys({});
    tap("status.scan_again");
    clock.advance(std::chrono::seconds(5));  // the scanner's repeat filter: a new showing
    ASSERT_TRUE(scanner.value().scan(tampered));
    ASSERT_TRUE(waitUntil([&] { return status().state() == StatusFlow::State::Refused; }));
    EXPECT_STREQ(status().refusalKey(), "codes.error.tampered");
    saveStep("tampered-refused-by-centre");

    // The genuine code with the centre down: said plainly, nothing invented.
    central.faults({{"unavailableForMs", 60000}});
    tap("status.scan_again");
    ASSERT_TRUE(scanner.value().scan(mine.code));
    ASSERT_TRUE(waitUntil([&] { return status().state() == StatusFlow::State::Offline; }));
    EXPECT_EQ(status().shown(), nullptr);
    EXPECT_TRUE(hasTarget("status.retry"));
    saveStep("centre-offline");
    central.faults({{"unavailableForMs", 0}});
    tap("status.retry");
    waitForScreen(ScreenId::StatusDetail);
    ASSERT_NE(status().shown(), nullptr);
    EXPECT_EQ(status().shown()->reference, mine.reference);
    saveStep("detail-after-retry");
}
