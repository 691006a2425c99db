#pragma once
// Maintenance mode (issue #9): what a signed-in maintainer checks and
// changes at the kiosk itself, as one small asynchronous contract (like
// CentralApi for the resident flows and StaffDesk for staff). The
// maintenance screens (screens/flows/maintenance_flow.*) see only this
// interface; the app implements it over its own parts (devices, data link,
// fleet link, platform) in kiosk/app/maintenance_probe.*.
//
// Nothing here carries personal data: device states, counts, versions,
// paths, timings, masked or redacted values only.
//
// Threads: call from the UI thread. Every Reply runs later on the UI thread
// (through the app's run queue), never inside the call. Device work runs on
// the devices' own threads or on the probe's worker, never on the UI thread.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/config.h"
#include "kiosk/core/documents.h"
#include "kiosk/core/receipt.h"
#include "kiosk/core/scanned_code.h"
#include "kiosk/core/services.h"

namespace kiosk {

// One device on the overview. `state` uses the heartbeat's words
// (fleet_link.cpp): "ok", "none" (not configured), "no-device", "error",
// "disconnected"; `detail` says what is configured ("/dev/ttyUSB0",
// "test:0", "demo emulator"), never personal data.
struct DeviceRow {
    std::string state = "none";
    std::string detail;
};

enum class StoreHealthState { None, Ok, Recovered, Corrupt, DiskFull, Failed };

// The overview: gathered off the UI thread (FleetLink::health() plus what a
// heartbeat does not carry: versions, disk, the store, the last sync).
struct MaintenanceStatus {
    std::string kioskId;
    std::string version;     // the kiosk software
    std::string deployment;  // the OSTree deployment running, or "factory"
    int schemaVersion = 0;   // the local store's (0: no store)
    bool centralConfigured = false;
    bool contacted = false;  // the sync engine has tried at least once
    bool online = false;
    std::int64_t lastSyncMs = 0;  // Unix ms of the last good answer (0: none yet)
    std::string lastError;        // scrubbed of anything shaped like an ID or phone number
    int queueDepth = -1;          // outbox items waiting (-1: no store)
    int rejected = 0;             // outbox items refused, waiting for staff
    std::string dataDir;
    std::int64_t diskFreeMB = -1;  // of the data dir (-1: unknown)
    std::int64_t diskTotalMB = -1;
    StoreHealthState store = StoreHealthState::None;
    bool fleetMaintenance = false;  // the fleet switched every service off for maintenance
    DeviceRow cardReader, codes, scanner, printer;
};

// A code shown during the code test: what kind it is, never its payload.
enum class CodeKindSeen { Receipt, Booking, StaffCard, DoorPlate, Url, Unknown };
struct CodeReading {
    CodeKindSeen kind = CodeKindSeen::Unknown;
    bool signedCode = false;           // a code the central service signs (KC1.*)
    bool verified = false;             // its signature checked with a key the kiosk holds
    const char* refusalKey = nullptr;  // i18n key when a signed-looking code failed its check
};

// What the camera path saw, for the code test (the app's camera watch).
struct CameraFrame {
    PageImage preview;  // grey, small (kCameraPreviewSide on the long side)
};
inline constexpr int kCameraPreviewSide = 200;
struct CameraDecode {
    double decodeMs = 0;  // the decoder's time for the frame the code was read from
};

struct ScanTest {
    PageImage preview;          // grey, at most kPreviewSide on its long side
    int width = 0, height = 0;  // the page as scanned
    double ms = 0;              // from start to the last byte
};

struct PrintTest {
    const char* failureKey = nullptr;  // "printer.error.*" when the printer failed
    PageImage preview;                 // what the bytes print (escpos_render), grey, small
    std::vector<std::string> qrCodes;  // the QR codes in those bytes
    std::string picture;               // the rendered PNG written next to the bytes ("" with a device)
    double ms = 0;
};

// Somewhere logs can go: a mounted removable medium or the configured folder.
struct ExportTarget {
    std::string path;
    bool removable = false;  // under /media or /run/media
};

enum class ExportError { None, Missing, ReadOnly, Full, Failed };
struct ExportOutcome {
    ExportError error = ExportError::None;
    std::string file;  // the file written (its full path)
    int lines = 0;     // log lines in it
};

// Touch calibration: a tap the panel reports at `raw` is where the person
// touched at map(raw) (per axis: scale, then offset), in window pixels.
struct TouchCalibration {
    float scaleX = 1, scaleY = 1;
    float offsetX = 0, offsetY = 0;
    bool identity() const { return scaleX == 1 && scaleY == 1 && offsetX == 0 && offsetY == 0; }
    float mapX(float x) const { return x * scaleX + offsetX; }
    float mapY(float y) const { return y * scaleY + offsetY; }
    friend bool operator==(const TouchCalibration&, const TouchCalibration&) = default;
};

// One calibration target and where the panel said it was touched.
struct CalibrationPoint {
    float targetX = 0, targetY = 0;
    float tapX = 0, tapY = 0;
};

// The least-squares fit per axis (target = scale * tap + offset) over the
// points; nullopt when they cannot give one (fewer than two distinct taps
// on an axis) or the result is implausible for a touch panel that works
// (scale outside 0.8..1.25, an offset over a quarter of the display).
std::optional<TouchCalibration> fitTouchCalibration(const std::vector<CalibrationPoint>& points, float displayW,
                                                    float displayH);
// The largest distance (px) between a target and its mapped tap.
float calibrationResidual(const TouchCalibration& c, const std::vector<CalibrationPoint>& points);

// The display settings a maintainer sets at the kiosk; stored in
// <data dir>/maintenance/display.json and applied at start (the orientation)
// and to every touch (the calibration).
struct DisplaySettings {
    std::optional<Orientation> orientation;  // unset: the config's
    TouchCalibration touch;
};
std::string displaySettingsToJson(const DisplaySettings& settings);
std::optional<DisplaySettings> displaySettingsFromJson(std::string_view json);

// "kiosk-logs-<kiosk id>-<UTC yyyymmddThhmmssZ>.txt"; characters of the id
// that do not belong in a file name become '_'.
std::string logExportFileName(std::string_view kioskId, std::chrono::system_clock::time_point now);
// The error for an errno from creating or writing the file.
ExportError exportErrorFromErrno(int error);

// i18n keys.
const char* deviceStateKey(std::string_view state);  // "maint.device.state.*"
const char* storeHealthKey(StoreHealthState state);  // "maint.store.*"
const char* codeKindKey(CodeKindSeen kind);          // "maint.code.kind.*"
const char* codeKindName(CodeKindSeen kind);         // "receipt", "booking", ... (logs, audit)
const char* exportErrorKey(ExportError error);       // "maint.export.error.*"

class MaintenanceProbe {
public:
    template <typename T>
    using Reply = std::function<void(T)>;

    virtual ~MaintenanceProbe() = default;

    virtual void status(Reply<MaintenanceStatus> done) = 0;

    // Card test: the reader always listens (its reads reach the flow through
    // the app). In demo mode this lays the emulator's demo card down.
    virtual void placeDemoCard() = 0;

    // Code test. While watching, the camera path reports its frames (a
    // small preview, a few a second) and each decode's timing; serial and
    // wedge scanners have no frames. stopWatchingCamera() stops both.
    virtual bool hasCamera() const = 0;
    virtual void watchCamera(std::function<void(CameraFrame)> onFrame, std::function<void(CameraDecode)> onDecode) = 0;
    virtual void stopWatchingCamera() = 0;
    // What a scanned code is (pure, quick: classification and a signature check).
    virtual CodeReading classifyCode(const std::string& text) const = 0;
    // Demo: the last receipt printed, played to the emulated camera. Returns
    // the i18n key of why it cannot, or nullptr.
    virtual const char* showDemoCode() = 0;

    // Scanner test: one page, no OCR; the error is a "scan.error.*" key.
    virtual bool scanTestPage(Reply<Result<ScanTest, std::string>> done) = 0;
    // The scanners SANE finds (local only); the error is a "scan.error.*" key.
    virtual void listScanners(Reply<Result<std::vector<ScannerInfo>, std::string>> done) = 0;

    virtual void printTestReceipt(Receipt receipt, Reply<PrintTest> done) = 0;

    virtual void exportTargets(Reply<std::vector<ExportTarget>> done) = 0;
    // Writes the recent log lines, redacted, to a new file in `dir`.
    virtual void exportLogs(std::string dir, Reply<ExportOutcome> done) = 0;

    virtual DisplaySettings displaySettings() const = 0;
    // Applies the setting (a window is turned at once; a full-screen display
    // turns at the next start) and stores it. Reply: stored (false: no data
    // dir, or it cannot be written; the setting then lasts until restart).
    virtual void setOrientation(Orientation orientation, Reply<bool> done) = 0;
    virtual void setTouchCalibration(TouchCalibration calibration, Reply<bool> done) = 0;
    // Whether a change of orientation takes effect at once (a window) or at
    // the next start (full screen: the platform cannot turn the output).
    virtual bool rotatesAtOnce() const = 0;

    // Switches a resident service on or off (like the fleet's "service"
    // command: reason "maintenance"; during fleet maintenance the change
    // waits for its end). Until the next start.
    virtual void setService(ServiceId id, bool enabled) = 0;
};

}  // namespace kiosk
