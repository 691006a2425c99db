#pragma once
// maintenance: the app's side of maintenance mode (kiosk/core/maintenance.h),
// over the App's own parts: the card reader (CardDevices), the camera path
// (CodeDevices' camera watch), the document scanner (DocumentDevices), the
// printer (PrinterDevice), the data link and the fleet link (whose health()
// already gathers device states, queue depth and sync state for heartbeats),
// and the platform (window orientation, touch calibration).
//
// Threads: every MaintenanceProbe method on the UI thread. Slow work
// (health(), which itself waits for the UI thread; statvfs; SANE listing;
// rendering receipts; writing files) runs on this object's one worker
// thread, and replies are posted to the App's run queue. Device work runs
// on the devices' threads. stop() (also the destructor) stops the camera
// watch and joins the worker: nothing is posted afterwards.
//
// The display settings (orientation, touch calibration) are stored in
// <central.data_dir>/maintenance/display.json; without a data dir they last
// until the kiosk restarts.
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <mutex>
#include <thread>

#include "kiosk/core/config.h"
#include "kiosk/core/maintenance.h"

namespace kiosk {

class App;

class AppMaintenanceProbe final : public MaintenanceProbe {
public:
    // Reads the stored display settings; starts the worker. After App::start
    // has started the devices.
    explicit AppMaintenanceProbe(App& app);
    ~AppMaintenanceProbe() override;
    AppMaintenanceProbe(const AppMaintenanceProbe&) = delete;
    AppMaintenanceProbe& operator=(const AppMaintenanceProbe&) = delete;
    void stop();

    // The stored settings (defaults when there are none or they are unreadable).
    static DisplaySettings loadDisplaySettings(const KioskConfig& config);
    static std::filesystem::path displaySettingsPath(const KioskConfig& config);  // "" without a data dir

    // Writes the recent log lines, each scrubbed of anything shaped like an
    // ID or phone number, to a new file in `dir`. Pure apart from the files;
    // any thread (tests call it directly).
    static ExportOutcome writeLogExport(const std::filesystem::path& dir, const std::string& kioskId,
                                        const std::vector<std::string>& lines,
                                        std::chrono::system_clock::time_point now);
    // Folders under `roots` (e.g. /media, /run/media) two levels down that
    // are mount points: removable media as desktop systems mount them.
    static std::vector<ExportTarget> mountedMedia(const std::vector<std::filesystem::path>& roots);

    void status(Reply<MaintenanceStatus> done) override;
    void placeDemoCard() override;
    bool hasCamera() const override;
    void watchCamera(std::function<void(CameraFrame)> onFrame, std::function<void(CameraDecode)> onDecode) override;
    void stopWatchingCamera() override;
    CodeReading classifyCode(const std::string& text) const override;
    const char* showDemoCode() override;
    bool scanTestPage(Reply<Result<ScanTest, std::string>> done) override;
    void listScanners(Reply<Result<std::vector<ScannerInfo>, std::string>> done) override;
    void printTestReceipt(Receipt receipt, Reply<PrintTest> done) override;
    void exportTargets(Reply<std::vector<ExportTarget>> done) override;
    void exportLogs(std::string dir, Reply<ExportOutcome> done) override;
    DisplaySettings displaySettings() const override;
    void setOrientation(Orientation orientation, Reply<bool> done) override;
    void setTouchCalibration(TouchCalibration calibration, Reply<bool> done) override;
    bool rotatesAtOnce() const override;
    void setService(ServiceId id, bool enabled) override;

private:
    void onWorker(std::function<void()> task);
    void post(std::function<void()> task);  // to the UI thread
    void storeDisplaySettings(Reply<bool> done);
    void workerMain();

    App& app_;
    DisplaySettings display_;  // UI thread; orientation always set (the one in effect)
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> tasks_;
    bool stopping_ = false;
    bool watching_ = false;  // UI thread
    std::thread worker_;
};

}  // namespace kiosk
