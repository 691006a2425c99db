#pragma once
// maintenance: the kiosk's parts as the guided tour's maintenance steps see
// them: canned states (healthy, or a kiosk in trouble), a camera picture, a
// scanned page, the real picture of a printed test receipt, USB sticks to
// export to, so every maintenance screen can be shown in both orientations
// without devices. The kiosk and the tests use AppMaintenanceProbe.
//
// UI thread only; replies are posted to the run queue like the real ones.
#include <functional>

#include "kiosk/core/config.h"
#include "kiosk/core/maintenance.h"
#include "kiosk/core/run_queue.h"

namespace kiosk {

class TourMaintenanceProbe final : public MaintenanceProbe {
public:
    TourMaintenanceProbe(RunQueue& queue, KioskConfig& config) : queue_(queue), config_(config) {}

    // A kiosk in trouble: offline, items refused, a reader unplugged, the disk low.
    void setTrouble(bool on) { trouble_ = on; }
    // The next scan or print fails (jammed, out of paper).
    void failNext(bool on) { failNext_ = on; }

    void status(Reply<MaintenanceStatus> done) override;
    void placeDemoCard() override {}
    bool hasCamera() const override { return true; }
    void watchCamera(std::function<void(CameraFrame)> onFrame, std::function<void(CameraDecode)> onDecode) override;
    void stopWatchingCamera() override {}
    CodeReading classifyCode(const std::string& text) const override;
    const char* showDemoCode() override { return nullptr; }
    bool scanTestPage(Reply<Result<ScanTest, std::string>> done) override;
    void listScanners(Reply<Result<std::vector<ScannerInfo>, std::string>> done) override;
    void printTestReceipt(Receipt receipt, Reply<PrintTest> done) override;
    void exportTargets(Reply<std::vector<ExportTarget>> done) override;
    void exportLogs(std::string dir, Reply<ExportOutcome> done) override;
    DisplaySettings displaySettings() const override { return display_; }
    void setOrientation(Orientation orientation, Reply<bool> done) override;
    void setTouchCalibration(TouchCalibration calibration, Reply<bool> done) override;
    bool rotatesAtOnce() const override { return false; }  // a full-screen kiosk
    void setService(ServiceId id, bool enabled) override;

private:
    template <typename T>
    void later(Reply<T> done, T value) {
        queue_.post([done = std::move(done), value = std::move(value)]() mutable { done(std::move(value)); });
    }

    RunQueue& queue_;
    KioskConfig& config_;
    bool trouble_ = false;
    bool failNext_ = false;
    DisplaySettings display_{Orientation::Landscape, {}};
};

}  // namespace kiosk
