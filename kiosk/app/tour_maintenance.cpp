#include "kiosk/app/tour_maintenance.h"

#include <chrono>

#include "drivers/printer/escpos_render.h"
#include "drivers/printer/receipt.h"
#include "kiosk/app/document_devices.h"
#include "kiosk/core/strings.h"

namespace kiosk {
namespace {

std::int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// A camera frame with a code in it: grey background, a dark square with the
// three finder patterns of a QR code (enough to look like one at 200 px).
PageImage cameraPicture() {
    PageImage p;
    p.width = 200, p.height = 112, p.channels = 1;
    p.pixels.assign(static_cast<size_t>(p.width * p.height), 150);
    auto box = [&](int x0, int y0, int size, uint8_t v) {
        for (int y = y0; y < y0 + size; ++y)
            for (int x = x0; x < x0 + size; ++x) p.pixels[static_cast<size_t>(y * p.width + x)] = v;
    };
    box(70, 26, 60, 245);  // the paper
    for (auto [x, y] : {std::pair{74, 30}, std::pair{108, 30}, std::pair{74, 64}}) {
        box(x, y, 18, 20);
        box(x + 3, y + 3, 12, 245);
        box(x + 6, y + 6, 6, 20);
    }
    for (int i = 0; i < 14; ++i) box(96 + (i * 7) % 28, 56 + (i * 11) % 26, 4, 20);
    return p;
}

// A scanned page: white paper with a heading and lines of text.
PageImage scannedPage() {
    PageImage p;
    p.width = 170, p.height = 240, p.channels = 1;
    p.pixels.assign(static_cast<size_t>(p.width * p.height), 250);
    for (int y = 20; y < 228; y += (y < 40 ? 24 : 14))
        for (int x = (y < 40 ? 40 : 16); x < (y < 40 ? 130 : 150 - (y * 7) % 40); ++x)
            for (int dy = 0; dy < (y < 40 ? 8 : 5); ++dy) p.pixels[static_cast<size_t>((y + dy) * p.width + x)] = 60;
    return p;
}

}  // namespace

void TourMaintenanceProbe::status(Reply<MaintenanceStatus> done) {
    MaintenanceStatus s;
    s.kioskId = config_.kioskId;
    s.version = "1.4.2";
    s.deployment = "a41c9e0";
    s.schemaVersion = 7;
    s.centralConfigured = true;
    s.contacted = true;
    s.online = !trouble_;
    s.lastSyncMs = nowMs() - (trouble_ ? 3 * 3600 * 1000 : 40 * 1000);
    s.lastError = trouble_ ? "connect to central.example port 443 failed: timed out" : "";
    s.queueDepth = trouble_ ? 14 : 0;
    s.rejected = trouble_ ? 2 : 0;
    s.dataDir = "/var/lib/civil-kiosk";
    s.diskFreeMB = trouble_ ? 120 : 18400;
    s.diskTotalMB = 29800;
    s.store = StoreHealthState::Ok;
    s.cardReader = {trouble_ ? "no-device" : "ok", "/dev/ttyUSB0"};
    s.codes = {"ok", "/dev/ttyACM0"};
    s.scanner = {"ok", "genesys:libusb:001:004"};
    s.printer = {trouble_ ? "error" : "ok", "/dev/usb/lp0"};
    later(std::move(done), std::move(s));
}

void TourMaintenanceProbe::watchCamera(std::function<void(CameraFrame)> onFrame,
                                       std::function<void(CameraDecode)> onDecode) {
    later(std::move(onFrame), CameraFrame{cameraPicture()});
    later(std::move(onDecode), CameraDecode{6.4});
}

CodeReading TourMaintenanceProbe::classifyCode(const std::string&) const {
    CodeReading r;
    r.kind = CodeKindSeen::Booking;
    r.signedCode = r.verified = true;
    return r;
}

bool TourMaintenanceProbe::scanTestPage(Reply<Result<ScanTest, std::string>> done) {
    if (failNext_) {
        failNext_ = false;
        later<Result<ScanTest, std::string>>(std::move(done), std::string(scanErrorKey(ScanError::Jammed)));
        return true;
    }
    ScanTest t;
    t.preview = scannedPage();
    t.width = 1240, t.height = 1754;
    t.ms = 4120;
    later<Result<ScanTest, std::string>>(std::move(done), std::move(t));
    return true;
}

void TourMaintenanceProbe::listScanners(Reply<Result<std::vector<ScannerInfo>, std::string>> done) {
    std::vector<ScannerInfo> found = {{"genesys:libusb:001:004", "Canon", "LiDE 300", "flatbed scanner"}};
    later<Result<std::vector<ScannerInfo>, std::string>>(std::move(done), std::move(found));
}

void TourMaintenanceProbe::printTestReceipt(Receipt receipt, Reply<PrintTest> done) {
    PrintTest t;
    if (failNext_) {
        failNext_ = false;
        t.failureKey = i18nKey("printer.error.paper_out");
        later(std::move(done), std::move(t));
        return;
    }
    // The real picture of the real bytes: the tour shows what a kiosk prints.
    const auto rendered = printer::renderEscPos(printer::encodeReceipt(receipt));
    PageImage page;
    page.width = rendered.width;
    page.height = rendered.height;
    page.pixels = rendered.pixels;
    t.preview = makePreview(page, 600);
    t.qrCodes = rendered.qrCodes;
    t.picture = "/var/lib/civil-kiosk/receipts/receipt-0042.png";
    t.ms = 870;
    later(std::move(done), std::move(t));
}

void TourMaintenanceProbe::exportTargets(Reply<std::vector<ExportTarget>> done) {
    later(std::move(done), std::vector<ExportTarget>{{"/media/kiosk/USB-STICK", true}, {"/srv/kiosk-logs", false}});
}

void TourMaintenanceProbe::exportLogs(std::string dir, Reply<ExportOutcome> done) {
    ExportOutcome out;
    if (dir.find("USB") != std::string::npos) {
        out.file = dir + "/" + logExportFileName(config_.kioskId, std::chrono::system_clock::now());
        out.lines = 312;
    } else {
        out.error = ExportError::ReadOnly;
    }
    later(std::move(done), std::move(out));
}

void TourMaintenanceProbe::setOrientation(Orientation orientation, Reply<bool> done) {
    display_.orientation = orientation;
    later(std::move(done), true);
}

void TourMaintenanceProbe::setTouchCalibration(TouchCalibration calibration, Reply<bool> done) {
    display_.touch = calibration;
    later(std::move(done), true);
}

void TourMaintenanceProbe::setService(ServiceId id, bool enabled) {
    config_.service(id) = ServiceConfig{enabled, UnavailableReason::Maintenance};
}

}  // namespace kiosk
