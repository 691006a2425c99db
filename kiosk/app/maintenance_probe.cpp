#include "kiosk/app/maintenance_probe.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <ctime>

#include "drivers/codes/decoder.h"
#include "drivers/codes/gray_image.h"
#include "drivers/codes/payload.h"
#include "drivers/documents/sane_scanner.h"
#include "drivers/printer/escpos_render.h"
#include "drivers/printer/receipt.h"
#include "kiosk/app/app.h"
#include "kiosk/core/log.h"
#include "kiosk/remote/fleet_agent.h"
#include "kiosk/remote/remote_config.h"
#include "offline-cache/store.h"
#include "offline-cache/sync_engine.h"

#ifndef KIOSK_VERSION
#define KIOSK_VERSION "dev"
#endif

namespace kiosk {
namespace {

using Steady = std::chrono::steady_clock;

constexpr size_t kExportLines = 2000;  // the whole ring the fleet agent keeps (and more, should it grow)
constexpr int kTestPageDpi = 150;      // enough to see the scanner works; quick on any scanner
constexpr int kReceiptPreviewSide = 600;
constexpr auto kPreviewInterval = std::chrono::milliseconds(150);  // camera preview: a few frames a second

double msSince(Steady::time_point start) {
    return std::chrono::duration<double, std::milli>(Steady::now() - start).count();
}

std::int64_t unixMs(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

// A small grey copy of a camera frame (box filter), whatever its strides.
PageImage framePreview(const codes::GrayView& f, int side) {
    PageImage out;
    if (f.empty()) return out;
    const int factor = std::max(1, (std::max(f.width, f.height) + side - 1) / side);
    out.width = std::max(1, f.width / factor);
    out.height = std::max(1, f.height / factor);
    out.channels = 1;
    out.pixels.resize(static_cast<size_t>(out.width) * static_cast<size_t>(out.height));
    for (int y = 0; y < out.height; ++y)
        for (int x = 0; x < out.width; ++x) {
            unsigned sum = 0;
            for (int dy = 0; dy < factor; ++dy) {
                const uint8_t* row = f.data + static_cast<ptrdiff_t>(y * factor + dy) * f.rowStride;
                for (int dx = 0; dx < factor; ++dx) sum += row[static_cast<ptrdiff_t>(x * factor + dx) * f.pixStride];
            }
            out.pixels[static_cast<size_t>(y) * static_cast<size_t>(out.width) + static_cast<size_t>(x)] =
                static_cast<uint8_t>(sum / static_cast<unsigned>(factor * factor));
        }
    return out;
}

CodeKindSeen kindOf(codes::PayloadKind k) {
    switch (k) {
        case codes::PayloadKind::Receipt:
            return CodeKindSeen::Receipt;
        case codes::PayloadKind::Booking:
            return CodeKindSeen::Booking;
        case codes::PayloadKind::StaffCard:
            return CodeKindSeen::StaffCard;
        case codes::PayloadKind::DoorPlate:
            return CodeKindSeen::DoorPlate;
        case codes::PayloadKind::Url:
            return CodeKindSeen::Url;
        case codes::PayloadKind::Unknown:
            return CodeKindSeen::Unknown;
    }
    return CodeKindSeen::Unknown;
}

// The kind letter of a signed code that failed its check (KC1.<letter>....):
// enough to say what it claims to be, without trusting it.
CodeKindSeen signedKindLetter(const std::string& text) {
    if (text.size() < 6) return CodeKindSeen::Unknown;
    switch (text[4]) {
        case 'A':
            return CodeKindSeen::Receipt;
        case 'B':
            return CodeKindSeen::Booking;
        case 'S':
            return CodeKindSeen::StaffCard;
        default:
            return CodeKindSeen::Unknown;
    }
}

bool isMountPoint(const std::filesystem::path& dir) {
    struct stat self {
    }, parent{};
    if (::stat(dir.c_str(), &self) != 0 || !S_ISDIR(self.st_mode)) return false;
    if (::stat(dir.parent_path().c_str(), &parent) != 0) return false;
    return self.st_dev != parent.st_dev;
}

}  // namespace

AppMaintenanceProbe::AppMaintenanceProbe(App& app) : app_(app) {
    display_ = loadDisplaySettings(app.config());
    if (!display_.orientation) display_.orientation = app.config().display.orientation;
    // The export reads the ring the fleet agent keeps for upload-logs; a
    // kiosk without a central URL has no agent, so start the ring here too.
    remote::FleetAgent::captureLogs();
    worker_ = std::thread([this] { workerMain(); });
}

AppMaintenanceProbe::~AppMaintenanceProbe() { stop(); }

void AppMaintenanceProbe::stop() {
    if (watching_) stopWatchingCamera();
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        tasks_.clear();
    }
    wake_.notify_all();
    if (worker_.joinable()) worker_.join();
}

void AppMaintenanceProbe::workerMain() {
    for (;;) {
        std::function<void()> task;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
            if (stopping_) return;
            task = std::move(tasks_.front());
            tasks_.pop_front();
        }
        task();
    }
}

void AppMaintenanceProbe::onWorker(std::function<void()> task) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        tasks_.push_back(std::move(task));
    }
    wake_.notify_one();
}

void AppMaintenanceProbe::post(std::function<void()> task) { app_.runQueue().post(std::move(task)); }

// --- display settings ---------------------------------------------------------

std::filesystem::path AppMaintenanceProbe::displaySettingsPath(const KioskConfig& config) {
    if (config.central.dataDir.empty()) return {};
    return std::filesystem::path(config.central.dataDir) / "maintenance" / "display.json";
}

DisplaySettings AppMaintenanceProbe::loadDisplaySettings(const KioskConfig& config) {
    const auto path = displaySettingsPath(config);
    if (path.empty()) return {};
    auto text = remote::readWholeFile(path);
    if (!text) return {};
    auto settings = displaySettingsFromJson(*text);
    if (!settings) {
        KLOG_WARN("maintenance: {} is unreadable; the config's display settings apply", path.string());
        return {};
    }
    return *settings;
}

DisplaySettings AppMaintenanceProbe::displaySettings() const { return display_; }

bool AppMaintenanceProbe::rotatesAtOnce() const {
    // A window can change its size; a full-screen output cannot be turned
    // from here (that is the display server's job), nor can SDL's offscreen
    // surface: those take the new orientation at the next start.
    return !app_.config().display.fullscreen && !app_.platform().offscreen();
}

void AppMaintenanceProbe::setOrientation(Orientation orientation, Reply<bool> done) {
    display_.orientation = orientation;
    app_.config().display.orientation = orientation;
    if (rotatesAtOnce()) {
        const int w = app_.platform().width(), h = app_.platform().height();
        if ((orientation == Orientation::Portrait) != (h > w)) app_.platform().resize(h, w);
    }
    storeDisplaySettings(std::move(done));
}

void AppMaintenanceProbe::setTouchCalibration(TouchCalibration calibration, Reply<bool> done) {
    display_.touch = calibration;
    app_.setTouchCalibration(calibration);
    storeDisplaySettings(std::move(done));
}

void AppMaintenanceProbe::storeDisplaySettings(Reply<bool> done) {
    const auto path = displaySettingsPath(app_.config());
    if (path.empty()) {
        post([done] { done(false); });
        return;
    }
    onWorker([this, path, text = displaySettingsToJson(display_), done] {
        std::error_code ec;
        std::filesystem::create_directories(path.parent_path(), ec);
        const bool stored = !ec && remote::writeFileAtomic(path, text);
        if (!stored) KLOG_WARN("maintenance: cannot store {}", path.string());
        post([done, stored] { done(stored); });
    });
}

// --- overview -------------------------------------------------------------

void AppMaintenanceProbe::status(Reply<MaintenanceStatus> done) {
    // What the worker needs, read here: the config belongs to the UI thread.
    const KioskConfig& c = app_.config();
    auto s = std::make_shared<MaintenanceStatus>();
    s->kioskId = c.kioskId;
    s->version = KIOSK_VERSION;
    const char* deployment = std::getenv("KIOSK_DEPLOYMENT");
    s->deployment = deployment ? deployment : "factory";
    s->centralConfigured = !c.central.url.empty();
    s->dataDir = c.central.dataDir;
    s->fleetMaintenance = c.maintenance;
    s->cardReader.detail = c.demo ? "demo emulator" : c.idcard.device;
    using Kind = KioskConfig::CodeSourceKind;
    switch (c.codes.source) {
        case Kind::None:
            s->codes = c.demo ? DeviceRow{"ok", "demo camera"} : DeviceRow{"none", ""};
            break;
        case Kind::CameraFolder:
        case Kind::Camera: {
            // A camera that did not open or was lost raises the corner alert.
            const bool ok = app_.codeDevices().cameraRunning() && app_.codeDevices().alerts().empty();
            s->codes = {ok ? "ok" : "error", c.codes.source == Kind::Camera ? c.codes.device : c.codes.folder};
            break;
        }
        case Kind::Wedge:
            s->codes = {"ok", c.codes.device};
            break;
        case Kind::Serial:
            s->codes.detail = c.codes.device;
            break;  // its state: from health()
    }
    s->scanner.detail = app_.documentDevices().scannerName();
    s->printer.detail = !c.printer.device.empty() ? c.printer.device : app_.printerDevice().outputDir().string();
    offline::Store* store = app_.dataLink().store();
    offline::SyncEngine* sync = app_.dataLink().sync();
    const bool storeFailed = !store && !c.central.dataDir.empty();
    onWorker([this, s, store, sync, storeFailed, done] {
        // The heartbeat's view (devices, queue, online); it asks the UI thread
        // itself, which is why this runs here.
        remote::HostHealth h = app_.fleet().health();
        auto device = [&h](const char* name) {
            auto it = h.devices.find(name);
            return it == h.devices.end() ? std::string("none") : it->second;
        };
        s->cardReader.state = device("idcard");
        s->scanner.state = device("scanner");
        s->printer.state = device("printer");
        if (h.devices.count("codes")) s->codes.state = device("codes");
        s->queueDepth = h.queueDepth;
        s->rejected = h.rejected;
        s->online = h.online;
        if (sync) {
            offline::SyncStatus st = sync->status();
            s->contacted = st.contacted;
            if (st.lastSuccess) s->lastSyncMs = unixMs(*st.lastSuccess);
            s->lastError = remote::scrubPersonal(st.lastError);
        }
        if (store) {
            const offline::StoreHealth sh = store->health();
            s->schemaVersion = store->schemaVersion();
            s->store = sh.corruptionSeen            ? StoreHealthState::Corrupt
                       : sh.diskFull                ? StoreHealthState::DiskFull
                       : sh.recoveredFromCorruption ? StoreHealthState::Recovered
                                                    : StoreHealthState::Ok;
            // Without a sync engine the heartbeat has no queue: count the outbox.
            if (s->queueDepth < 0)
                if (auto stats = store->stats()) {
                    s->queueDepth = stats.value().pending + stats.value().sending;
                    s->rejected = stats.value().rejected;
                }
        } else {
            s->store = storeFailed ? StoreHealthState::Failed : StoreHealthState::None;
        }
        // In MB, as the heartbeat reports it.
        struct statvfs vfs {};
        if (!s->dataDir.empty() && ::statvfs(s->dataDir.c_str(), &vfs) == 0) {
            s->diskFreeMB =
                static_cast<std::int64_t>(static_cast<std::uint64_t>(vfs.f_bavail) * vfs.f_frsize / (1024 * 1024));
            s->diskTotalMB =
                static_cast<std::int64_t>(static_cast<std::uint64_t>(vfs.f_blocks) * vfs.f_frsize / (1024 * 1024));
        }
        post([s, done] { done(std::move(*s)); });
    });
}

// --- card -----------------------------------------------------------------

void AppMaintenanceProbe::placeDemoCard() {
    if (app_.config().demo) app_.cardDevices().placeDemoCard();
}

// --- codes ----------------------------------------------------------------

bool AppMaintenanceProbe::hasCamera() const { return app_.codeDevices().cameraRunning() || app_.config().demo; }

void AppMaintenanceProbe::watchCamera(std::function<void(CameraFrame)> onFrame,
                                      std::function<void(CameraDecode)> onDecode) {
    watching_ = true;
    RunQueue* queue = &app_.runQueue();
    // Called under the watch's lock, one source at a time: the throttle needs no lock of its own.
    auto last = std::make_shared<Steady::time_point>();
    app_.codeDevices().watchCamera(
        [queue, last, onFrame](const codes::GrayView& frame) {
            const auto now = Steady::now();
            if (now - *last < kPreviewInterval) return;
            *last = now;
            auto shown = std::make_shared<CameraFrame>();
            shown->preview = framePreview(frame, kCameraPreviewSide);
            queue->post([onFrame, shown] { onFrame(std::move(*shown)); });
        },
        [queue, onDecode](const codes::DecodedCode& code) {
            queue->post([onDecode, ms = code.stats.totalMs] { onDecode(CameraDecode{ms}); });
        });
}

void AppMaintenanceProbe::stopWatchingCamera() {
    watching_ = false;
    app_.codeDevices().watchCamera({}, {});
}

CodeReading AppMaintenanceProbe::classifyCode(const std::string& text) const {
    CodeReading r;
    const auto& keys = app_.flow().codeKeys();
    auto p = codes::classifyPayload(text, keys, app_.flow().clock().wallNow());
    if (p) {
        r.kind = kindOf(p.value().kind);
        r.signedCode = r.verified = p.value().verified;
    } else {
        // A code that looks signed but failed (a key the kiosk does not hold,
        // expired, tampered): what it claims to be, and why it was refused.
        r.signedCode = true;
        r.kind = signedKindLetter(text);
        r.refusalKey = codes::payloadErrorKey(p.error());
    }
    return r;
}

const char* AppMaintenanceProbe::showDemoCode() {
    if (!app_.config().demo) return i18nKey("maint.code.demo_only");
    const auto picture = app_.printerDevice().lastPicture();
    if (!picture) return i18nKey("maint.code.demo_no_receipt");
    if (auto err = app_.codeDevices().showToDemoCamera(*picture)) {
        KLOG_WARN("maintenance: {}", *err);
        return i18nKey("maint.code.demo_failed");
    }
    return nullptr;
}

// --- scanner --------------------------------------------------------------

bool AppMaintenanceProbe::scanTestPage(Reply<Result<ScanTest, std::string>> done) {
    const auto start = Steady::now();
    return app_.documentDevices().scanPreview(kTestPageDpi,
                                              [start, done](Result<DocumentDevices::ScannedPreview, std::string> r) {
                                                  if (!r) {
                                                      done(r.error());
                                                      return;
                                                  }
                                                  ScanTest t;
                                                  t.preview = std::move(r.value().preview);
                                                  t.width = r.value().width;
                                                  t.height = r.value().height;
                                                  t.ms = msSince(start);
                                                  done(std::move(t));
                                              });
}

void AppMaintenanceProbe::listScanners(Reply<Result<std::vector<ScannerInfo>, std::string>> done) {
    onWorker([this, done] {
        auto list = documents::listSaneDevices();
        if (!list) {
            post([done, key = std::string(scanErrorKey(list.error()))] { done(key); });
            return;
        }
        post([done, found = std::move(list.value())] { done(found); });
    });
}

// --- printer --------------------------------------------------------------

void AppMaintenanceProbe::printTestReceipt(Receipt receipt, Reply<PrintTest> done) {
    const auto start = Steady::now();
    app_.printerDevice().print(
        receipt, [this, start, receipt, done](const char* failure, std::optional<std::filesystem::path> picture) {
            if (failure) {
                PrintTest t;
                t.failureKey = failure;
                t.ms = msSince(start);
                done(std::move(t));
                return;
            }
            // The picture of exactly the bytes the printer was given, rendered on
            // the worker (escpos_render is pure but not instant).
            const double ms = msSince(start);
            onWorker([this, receipt, picture, ms, done] {
                auto t = std::make_shared<PrintTest>();
                const auto rendered = printer::renderEscPos(printer::encodeReceipt(receipt));
                PageImage page;
                page.width = rendered.width;
                page.height = rendered.height;
                page.pixels = rendered.pixels;
                t->preview = makePreview(page, kReceiptPreviewSide);
                t->qrCodes = rendered.qrCodes;
                if (picture) t->picture = picture->string();
                t->ms = ms;
                post([t, done] { done(std::move(*t)); });
            });
        });
}

// --- log export -------------------------------------------------------------

std::vector<ExportTarget> AppMaintenanceProbe::mountedMedia(const std::vector<std::filesystem::path>& roots) {
    std::vector<ExportTarget> out;
    for (const auto& root : roots) {
        std::error_code ec;
        for (const auto& user : std::filesystem::directory_iterator(root, ec)) {
            std::error_code ec2;
            if (!user.is_directory(ec2)) continue;
            for (const auto& medium : std::filesystem::directory_iterator(user.path(), ec2)) {
                std::error_code ec3;
                if (medium.is_directory(ec3) && isMountPoint(medium.path()))
                    out.push_back({medium.path().string(), true});
            }
        }
    }
    std::sort(out.begin(), out.end(), [](const ExportTarget& a, const ExportTarget& b) { return a.path < b.path; });
    return out;
}

void AppMaintenanceProbe::exportTargets(Reply<std::vector<ExportTarget>> done) {
    const std::string configured = app_.config().maintenanceTools.exportDir;
    onWorker([this, configured, done] {
        auto targets = mountedMedia({"/media", "/run/media"});
        if (!configured.empty()) targets.push_back({configured, false});
        post([done, targets = std::move(targets)] { done(targets); });
    });
}

ExportOutcome AppMaintenanceProbe::writeLogExport(const std::filesystem::path& dir, const std::string& kioskId,
                                                  const std::vector<std::string>& lines,
                                                  std::chrono::system_clock::time_point now) {
    ExportOutcome out;
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
        out.error = ExportError::Missing;
        return out;
    }
    // Never over an earlier export (two within a second get "-2", "-3", ...).
    const std::string name = logExportFileName(kioskId, now);
    std::filesystem::path file;
    int fd = -1;
    for (int n = 1; n <= 9 && fd < 0; ++n) {
        file = dir / (n == 1 ? name : name.substr(0, name.size() - 4) + "-" + std::to_string(n) + ".txt");
        fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd < 0 && errno != EEXIST) break;
    }
    if (fd < 0) {
        out.error = exportErrorFromErrno(errno);
        return out;
    }
    std::string text;
    const std::time_t t = std::chrono::system_clock::to_time_t(now);
    std::tm utc{};
    gmtime_r(&t, &utc);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &utc);
    text += "# kiosk " + kioskId + ", software " + KIOSK_VERSION + ", logs exported " + stamp + "\n";
    text += "# redacted: digit runs shaped like ID or phone numbers are [number]\n";
    for (const std::string& line : lines) {
        // Log lines never hold personal data by design (kiosk::Personal);
        // scrubbing again is the second lock on a file that leaves the kiosk.
        text += remote::scrubPersonal(line);
        if (text.empty() || text.back() != '\n') text += '\n';
    }
    int error = 0;
    for (size_t done = 0; done < text.size() && !error;) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n > 0)
            done += static_cast<size_t>(n);
        else if (n < 0 && errno != EINTR)
            error = errno;
    }
    // A USB stick is pulled as soon as the screen says "written": flush first.
    if (!error && ::fsync(fd) != 0) error = errno;
    if (::close(fd) != 0 && !error) error = errno;
    if (error) {
        ::unlink(file.c_str());  // no half file left to be mistaken for the logs
        out.error = exportErrorFromErrno(error);
        if (out.error == ExportError::None) out.error = ExportError::Failed;
        return out;
    }
    out.file = file.string();
    out.lines = static_cast<int>(lines.size());
    return out;
}

void AppMaintenanceProbe::exportLogs(std::string dir, Reply<ExportOutcome> done) {
    const std::string kioskId = app_.config().kioskId;
    const auto now = app_.flow().clock().wallNow();
    onWorker([this, dir, kioskId, now, done] {
        ExportOutcome out = writeLogExport(dir, kioskId, remote::FleetAgent::recentLogs(kExportLines), now);
        if (out.error == ExportError::None)
            KLOG_INFO("maintenance: {} log lines exported to {}", out.lines, out.file);
        else
            KLOG_WARN("maintenance: log export to {} failed ({})", dir, exportErrorKey(out.error));
        post([done, out = std::move(out)] { done(out); });
    });
}

// --- services ---------------------------------------------------------------

void AppMaintenanceProbe::setService(ServiceId id, bool enabled) {
    app_.fleet().applyService(id, enabled, UnavailableReason::Maintenance);
}

}  // namespace kiosk
