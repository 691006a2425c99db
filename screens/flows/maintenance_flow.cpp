#include "screens/flows/maintenance_flow.h"

#include <cstdio>
#include <ctime>

#include "kiosk/core/id_number.h"
#include "kiosk/core/log.h"
#include "kiosk/core/strings.h"

namespace kiosk {
namespace {

std::int64_t unixMs(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace

MaintenanceFlow::Fraction MaintenanceFlow::calibrationTarget(int index) {
    // Near the corners (where a panel's error shows most) and the centre;
    // far enough in that a finger reaches them past the bezel.
    static constexpr Fraction kTargets[kCalibrationTargets] = {
        {0.12f, 0.15f}, {0.88f, 0.15f}, {0.88f, 0.85f}, {0.12f, 0.85f}, {0.5f, 0.5f}};
    return kTargets[index < 0 || index >= kCalibrationTargets ? 0 : index];
}

template <typename F>
auto MaintenanceFlow::guarded(F f) {
    // The reply is dropped when the session ended, maintenance was left or
    // the screen that asked was left since (visit_ is bumped by all three).
    return [this, visit = visit_, generation = session_.generation(), f = std::move(f)](auto value) mutable {
        if (visit != visit_ || generation != session_.generation() || !maintainer_) return;
        f(std::move(value));
    };
}

bool MaintenanceFlow::owns(ScreenId screen) const {
    switch (screen) {
        case ScreenId::MaintOverview:
        case ScreenId::MaintCardTest:
        case ScreenId::MaintCodeTest:
        case ScreenId::MaintScannerTest:
        case ScreenId::MaintPrinterTest:
        case ScreenId::MaintExport:
        case ScreenId::MaintDisplay:
        case ScreenId::MaintCalibrate:
        case ScreenId::MaintServices:
            return true;
        default:
            return false;
    }
}

bool MaintenanceFlow::begin(const StaffMember& maintainer) {
    if (maintainer.role != StaffRole::Maintainer) {
        KLOG_WARN("maintenance: refused for a staff member without the maintainer role");
        return false;
    }
    if (!probe_) {
        KLOG_WARN("maintenance: no probe (the app did not wire one)");
        return false;
    }
    wipe();
    maintainer_ = maintainer;
    session_.show(ScreenId::MaintOverview);
    refresh();
    return true;
}

void MaintenanceFlow::done() {
    audit("maintenance-done");
    session_.endSession();  // wipes this flow too
}

void MaintenanceFlow::audit(std::string action, std::string detail) {
    StaffDesk* desk = session_.staffDesk();
    if (!desk || !maintainer_) return;
    desk->audit(AuditEntry{0, maintainer_->number, std::move(action), std::move(detail)});
}

void MaintenanceFlow::clearTests() {
    stopCamera();
    cardResult_.reset();
    cardErrorKey_ = nullptr;
    codeResult_.reset();
    cameraFrame_ = PageImage{};
    cameraFrames_ = 0;
    lastDecodeMs_ = -1;
    codeMessageKey_ = nullptr;
    scanState_ = Test::Idle;
    scanned_.reset();
    scanError_.clear();
    printState_ = Test::Idle;
    printed_.reset();
    exportState_ = Test::Idle;
    exported_.reset();
    calibrationIndex_ = 0;
    points_.clear();
    fit_.reset();
    residual_ = 0;
}

void MaintenanceFlow::leaving(ScreenId screen) {
    if (!maintainer_ || !owns(screen)) return;
    ++visit_;  // what the screen asked for no longer has anywhere to go
    if (screen == ScreenId::MaintOverview) {
        // Back from the overview: out of maintenance (to the staff home).
        wipe();
        return;
    }
    if (screen == ScreenId::MaintCalibrate) {
        points_.clear();
        fit_.reset();
        calibrationIndex_ = 0;
        return;  // back to the display screen, whose messages stay
    }
    clearTests();
    scannersLoad_ = scannersLoad_ == Load::Loading ? Load::Idle : scannersLoad_;
    targetsLoad_ = targetsLoad_ == Load::Loading ? Load::Idle : targetsLoad_;
    // Back on the overview: what the test may have changed (a reader that
    // came back, a printer that failed) shows at once.
    refresh();
}

void MaintenanceFlow::wipe() {
    ++visit_;
    stopCamera();
    clearTests();
    maintainer_.reset();
    statusLoad_ = Load::Idle;
    status_ = MaintenanceStatus{};
    scannersLoad_ = Load::Idle;
    scanners_.clear();
    scannersError_.clear();
    targetsLoad_ = Load::Idle;
    targets_.clear();
    displayMessageKey_ = nullptr;
}

// --- overview -------------------------------------------------------------

void MaintenanceFlow::refresh() {
    if (!probe_ || !maintainer_) return;
    // A refresh keeps what is shown until the new state arrives (no flicker).
    if (statusLoad_ != Load::Ready) statusLoad_ = Load::Loading;
    probe_->status(guarded([this](MaintenanceStatus s) {
        status_ = std::move(s);
        statusLoad_ = Load::Ready;
    }));
}

void MaintenanceFlow::openCardTest() {
    if (session_.current() != ScreenId::MaintOverview) return;
    clearTests();
    cardTestStarted_ = session_.clock().steadyNow();
    session_.show(ScreenId::MaintCardTest);
}

void MaintenanceFlow::openCodeTest() {
    if (session_.current() != ScreenId::MaintOverview || !probe_) return;
    clearTests();
    session_.show(ScreenId::MaintCodeTest);
    if (!probe_->hasCamera()) return;
    cameraWatched_ = true;
    const int visit = visit_;
    // Frames and timings come through the run queue; after stopWatchingCamera()
    // a few may still be queued, so each checks it is still wanted.
    probe_->watchCamera(
        [this, visit](CameraFrame frame) {
            if (visit != visit_ || !cameraWatched_) return;
            cameraFrame_ = std::move(frame.preview);
            ++cameraFrames_;
        },
        [this, visit](CameraDecode decode) {
            if (visit != visit_ || !cameraWatched_) return;
            lastDecodeMs_ = decode.decodeMs;
        });
}

void MaintenanceFlow::stopCamera() {
    if (cameraWatched_ && probe_) probe_->stopWatchingCamera();
    cameraWatched_ = false;
}

void MaintenanceFlow::openScannerTest() {
    if (session_.current() != ScreenId::MaintOverview) return;
    clearTests();
    session_.show(ScreenId::MaintScannerTest);
    listScanners();
}

void MaintenanceFlow::openPrinterTest() {
    if (session_.current() != ScreenId::MaintOverview) return;
    clearTests();
    session_.show(ScreenId::MaintPrinterTest);
}

void MaintenanceFlow::openExport() {
    if (session_.current() != ScreenId::MaintOverview) return;
    clearTests();
    session_.show(ScreenId::MaintExport);
    reloadTargets();
}

void MaintenanceFlow::openDisplay() {
    if (session_.current() != ScreenId::MaintOverview) return;
    clearTests();
    displayMessageKey_ = nullptr;
    session_.show(ScreenId::MaintDisplay);
}

void MaintenanceFlow::openServices() {
    if (session_.current() != ScreenId::MaintOverview) return;
    clearTests();
    session_.show(ScreenId::MaintServices);
}

// --- card test --------------------------------------------------------------

bool MaintenanceFlow::takeCard(const IdCard& card) {
    if (!maintainer_ || !owns(session_.current())) return false;
    if (session_.current() != ScreenId::MaintCardTest) return true;
    CardResult r;
    r.kind = card.kind;
    r.maskedNumber = Personal(maskIdentifier(card.idNumber.reveal()));
    r.readAtMs = unixMs(session_.clock().wallNow());
    r.afterMs =
        std::chrono::duration_cast<std::chrono::milliseconds>(session_.clock().steadyNow() - cardTestStarted_)
            .count();
    r.expired = card.isExpired(localDate(session_.clock().wallNow()));
    cardResult_ = std::move(r);
    cardErrorKey_ = nullptr;
    audit("maint-test-card", "read: " + std::string(cardKindName(card.kind)));
    return true;
}

void MaintenanceFlow::cardError(const char* messageKey) {
    if (!maintainer_ || session_.current() != ScreenId::MaintCardTest) return;
    cardResult_.reset();
    cardErrorKey_ = messageKey;
    audit("maint-test-card", std::string("failed: ") + (messageKey ? messageKey : "?"));
}

void MaintenanceFlow::useDemoCard() {
    if (!probe_ || session_.current() != ScreenId::MaintCardTest || !session_.demo()) return;
    cardResult_.reset();
    cardErrorKey_ = nullptr;
    cardTestStarted_ = session_.clock().steadyNow();
    probe_->placeDemoCard();
}

// --- code test ----------------------------------------------------------------

bool MaintenanceFlow::takeCode(const ScannedCode& code) {
    if (!maintainer_ || !owns(session_.current())) return false;
    if (session_.current() != ScreenId::MaintCodeTest || !probe_) return true;
    CodeResult r;
    r.reading = probe_->classifyCode(code.text.reveal());
    r.source = code.source;
    // The camera's decode timing was posted just before the code itself.
    r.decodeMs = code.source == CodeSource::Camera ? lastDecodeMs_ : -1;
    lastDecodeMs_ = -1;
    r.readAtMs = unixMs(session_.clock().wallNow());
    codeMessageKey_ = nullptr;
    audit("maint-test-code",
          std::string("kind: ") + codeKindName(r.reading.kind) + ", source: " + codeSourceName(r.source));
    codeResult_ = std::move(r);
    return true;
}

void MaintenanceFlow::showDemoCode() {
    if (!probe_ || session_.current() != ScreenId::MaintCodeTest || !session_.demo()) return;
    codeResult_.reset();
    codeMessageKey_ = probe_->showDemoCode();
}

// --- scanner test -----------------------------------------------------------

void MaintenanceFlow::scanPage() {
    if (!probe_ || session_.current() != ScreenId::MaintScannerTest || scanState_ == Test::Running) return;
    scanned_.reset();
    scanError_.clear();
    scanState_ = Test::Running;
    const bool started = probe_->scanTestPage(guarded([this](Result<ScanTest, std::string> r) {
        if (r) {
            scanned_ = std::move(r.value());
            scanState_ = Test::Passed;
            char detail[64];
            std::snprintf(detail, sizeof detail, "page %dx%d in %.0f ms", scanned_->width, scanned_->height,
                          scanned_->ms);
            audit("maint-test-scanner", detail);
        } else {
            scanError_ = r.error();
            scanState_ = Test::Failed;
            audit("maint-test-scanner", "failed: " + r.error());
        }
    }));
    if (!started) {
        scanState_ = Test::Failed;
        scanError_ = i18nKey("maint.scanner.unavailable");
        audit("maint-test-scanner", "failed: no scanner or busy");
    }
}

void MaintenanceFlow::listScanners() {
    if (!probe_ || scannersLoad_ == Load::Loading) return;
    scannersLoad_ = Load::Loading;
    scannersError_.clear();
    probe_->listScanners(guarded([this](Result<std::vector<ScannerInfo>, std::string> r) {
        scannersLoad_ = Load::Ready;
        if (r) {
            scanners_ = std::move(r.value());
        } else {
            scanners_.clear();
            scannersError_ = r.error();
        }
    }));
}

// --- printer test -----------------------------------------------------------

std::string MaintenanceFlow::testReceiptCode(const std::string& kioskId, std::chrono::system_clock::time_point now) {
    const std::time_t t = std::chrono::system_clock::to_time_t(now);
    std::tm utc{};
    gmtime_r(&t, &utc);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &utc);
    // Recognisably a test (never a resident's code): the kiosk and the time.
    return "KIOSK-TEST:" + kioskId + ":" + stamp;
}

Receipt MaintenanceFlow::testReceipt(const Strings& strings) const {
    const Language lang = session_.language();
    const auto now = session_.clock().wallNow();
    Receipt r;
    r.title = strings.get(lang, "maint.printer.receipt_title");
    r.rows = {{strings.get(lang, "maint.row.kiosk"), status_.kioskId},
              {strings.get(lang, "maint.printer.receipt_time"), formatLocalDateTime(now)},
              {strings.get(lang, "maint.row.versions"), status_.version + " " + status_.deployment}};
    r.qrPayload = testReceiptCode(status_.kioskId, now);
    r.qrCaption = strings.get(lang, "maint.printer.receipt_qr");
    r.footer = strings.get(lang, "maint.printer.receipt_footer");
    return r;
}

void MaintenanceFlow::printTestReceipt(Receipt receipt) {
    if (!probe_ || session_.current() != ScreenId::MaintPrinterTest || printState_ == Test::Running) return;
    printed_.reset();
    printState_ = Test::Running;
    probe_->printTestReceipt(std::move(receipt), guarded([this](PrintTest r) {
                                 printState_ = r.failureKey ? Test::Failed : Test::Passed;
                                 audit("maint-test-printer",
                                       r.failureKey ? std::string("failed: ") + r.failureKey : std::string("printed"));
                                 printed_ = std::move(r);
                             }));
}

// --- log export ---------------------------------------------------------------

void MaintenanceFlow::reloadTargets() {
    if (!probe_ || targetsLoad_ == Load::Loading) return;
    targetsLoad_ = Load::Loading;
    probe_->exportTargets(guarded([this](std::vector<ExportTarget> t) {
        targets_ = std::move(t);
        targetsLoad_ = Load::Ready;
    }));
}

void MaintenanceFlow::exportTo(size_t targetIndex) {
    if (!probe_ || session_.current() != ScreenId::MaintExport || exportState_ == Test::Running) return;
    if (targetIndex >= targets_.size()) return;
    exported_.reset();
    exportState_ = Test::Running;
    const std::string dir = targets_[targetIndex].path;
    probe_->exportLogs(dir, guarded([this, dir](ExportOutcome r) {
                           exportState_ = r.error == ExportError::None ? Test::Passed : Test::Failed;
                           audit("maint-export-logs",
                                 r.error == ExportError::None
                                     ? std::to_string(r.lines) + " lines to " + dir
                                     : std::string("failed: ") + exportErrorKey(r.error) + " (" + dir + ")");
                           exported_ = std::move(r);
                       }));
}

// --- display ----------------------------------------------------------------

Orientation MaintenanceFlow::orientation() const {
    return probe_ ? probe_->displaySettings().orientation.value_or(Orientation::Landscape) : Orientation::Landscape;
}

void MaintenanceFlow::setOrientation(Orientation o) {
    if (!probe_ || session_.current() != ScreenId::MaintDisplay) return;
    displayMessageKey_ = nullptr;
    const bool atOnce = probe_->rotatesAtOnce();
    probe_->setOrientation(o, guarded([this, atOnce](bool stored) {
                               displayMessageKey_ = !stored  ? i18nKey("maint.display.not_stored")
                                                    : atOnce ? i18nKey("maint.display.turned")
                                                             : i18nKey("maint.display.after_restart");
                           }));
    audit("maint-orientation", o == Orientation::Portrait ? "portrait" : "landscape");
}

TouchCalibration MaintenanceFlow::calibration() const {
    return probe_ ? probe_->displaySettings().touch : TouchCalibration{};
}

void MaintenanceFlow::startCalibration() {
    if (session_.current() != ScreenId::MaintDisplay) return;
    points_.clear();
    fit_.reset();
    residual_ = 0;
    calibrationIndex_ = 0;
    displayMessageKey_ = nullptr;
    session_.show(ScreenId::MaintCalibrate);
}

bool MaintenanceFlow::capturingTouch() const {
    return maintainer_ && session_.current() == ScreenId::MaintCalibrate && calibrationIndex_ >= 0;
}

void MaintenanceFlow::calibrationTap(float tapX, float tapY, float targetX, float targetY, float displayW,
                                     float displayH) {
    if (!capturingTouch()) return;
    points_.push_back({targetX, targetY, tapX, tapY});
    if (++calibrationIndex_ < kCalibrationTargets) return;
    calibrationIndex_ = -1;
    fit_ = fitTouchCalibration(points_, displayW, displayH);
    residual_ = fit_ ? kiosk::calibrationResidual(*fit_, points_) : 0;
}

void MaintenanceFlow::restartCalibration() {
    if (session_.current() != ScreenId::MaintCalibrate) return;
    points_.clear();
    fit_.reset();
    residual_ = 0;
    calibrationIndex_ = 0;
}

void MaintenanceFlow::saveCalibration() {
    if (!probe_ || session_.current() != ScreenId::MaintCalibrate || !fit_) return;
    const TouchCalibration c = *fit_;
    char detail[96];
    std::snprintf(detail, sizeof detail, "scale %.3f/%.3f offset %.1f/%.1f", c.scaleX, c.scaleY, c.offsetX, c.offsetY);
    audit("maint-calibration", detail);
    session_.back();  // to the display screen (leaving() drops the points)
    probe_->setTouchCalibration(c, guarded([this](bool stored) {
                                    displayMessageKey_ = stored ? i18nKey("maint.display.calibration_saved")
                                                                : i18nKey("maint.display.not_stored");
                                }));
}

void MaintenanceFlow::resetCalibration() {
    if (!probe_ || session_.current() != ScreenId::MaintDisplay) return;
    audit("maint-calibration", "reset");
    probe_->setTouchCalibration(TouchCalibration{}, guarded([this](bool stored) {
                                    displayMessageKey_ = stored ? i18nKey("maint.display.calibration_reset")
                                                                : i18nKey("maint.display.not_stored");
                                }));
}

void MaintenanceFlow::cancelCalibration() {
    if (session_.current() != ScreenId::MaintCalibrate) return;
    session_.back();
}

// --- services ---------------------------------------------------------------

void MaintenanceFlow::toggleService(ServiceId id) {
    if (!probe_ || session_.current() != ScreenId::MaintServices) return;
    const bool on = !session_.serviceEnabled(id);
    probe_->setService(id, on);
    audit("maint-service", std::string(serviceName(id)) + (on ? " on" : " off"));
}

}  // namespace kiosk
