#include "kiosk/app/code_devices.h"

#include "drivers/codes/camera_reader.h"
#include "drivers/codes/image_folder_source.h"
#include "drivers/codes/serial_scanner.h"
#include "drivers/codes/wedge_scanner.h"
#include "kiosk/app/printer_device.h"
#include "kiosk/core/log.h"
#include "kiosk/core/strings.h"
#include "screens/flows/service_flows.h"

namespace kiosk {

CodeDevices::CodeDevices() = default;
CodeDevices::~CodeDevices() { stop(); }

std::optional<std::string> CodeDevices::start(const KioskConfig::Codes& config, const Clock& clock, RunQueue& queue,
                                              OnCode onCode) {
    clock_ = &clock;
    post_ = [&queue, onCode = std::move(onCode)](ScannedCode code) {
        queue.post([onCode, code = std::move(code)]() mutable { onCode(std::move(code)); });
    };
    using Kind = KioskConfig::CodeSourceKind;
    switch (config.source) {
        case Kind::None: return std::nullopt;
        case Kind::Serial: {
            codes::SerialScannerOptions options;
            options.path = config.device;
            options.baud = config.baud;
            serial_ = std::make_unique<codes::SerialScanner>(options, clock, post_);
            serial_->start();
            return std::nullopt;
        }
        case Kind::Wedge:
            wedge_ = std::make_unique<codes::WedgeScanner>(config.device, clock, post_);
            wedge_->start();
            return std::nullopt;
        case Kind::CameraFolder: {
            codes::ImageFolderOptions options;
            options.folder = config.folder;
            options.loop = true;  // a camera never runs out of frames
            folder_ = std::make_unique<codes::ImageFolderSource>(options);
            camera_ = std::make_unique<codes::CameraCodeReader>(
                *folder_, clock, [post = post_](ScannedCode code, const codes::DecodedCode&) { post(std::move(code)); });
            if (auto err = camera_->start()) {
                camera_.reset();
                folder_.reset();
                return "camera folder: " + err->message;
            }
            return std::nullopt;
        }
    }
    return std::nullopt;
}

std::optional<std::string> CodeDevices::showToDemoCamera(const std::filesystem::path& picture) {
    if (!clock_) return std::string("code devices not started");
    // A fresh reader per showing: the same receipt shown again is a new presentation.
    if (demoCamera_) demoCamera_->stop();
    demoCamera_.reset();
    demoFolder_.reset();
    codes::ImageFolderOptions options;
    options.folder = picture.parent_path();
    options.sequence = {picture.stem().string()};
    // Held up until the decoder has looked at a few frames, however slow the
    // machine: the demo (and its test) must not depend on the frame rate.
    options.hold = codes::ImageFolderOptions::Hold::FramesAccepted;
    options.holdFrames = 3;
    demoFolder_ = std::make_unique<codes::ImageFolderSource>(options);
    demoCamera_ = std::make_unique<codes::CameraCodeReader>(
        *demoFolder_, *clock_, [post = post_](ScannedCode code, const codes::DecodedCode&) { post(std::move(code)); });
    if (auto err = demoCamera_->start()) {
        demoCamera_.reset();
        demoFolder_.reset();
        return "demo camera: " + err->message;
    }
    return std::nullopt;
}

void CodeDevices::pumpDemo(SessionFlow& flow, const PrinterDevice& printer) {
    StatusFlow& status = flow.services().status;
    if (status.demoScanRequests() == seenDemoRequests_) return;
    seenDemoRequests_ = status.demoScanRequests();
    if (!flow.demo()) return;
    const auto picture = printer.lastPicture();
    if (!picture) {
        status.demoScanUnavailable(i18nKey("status.demo_no_receipt"));
        return;
    }
    if (auto err = showToDemoCamera(*picture)) {
        KLOG_WARN("{}", *err);
        status.demoScanUnavailable(i18nKey("status.demo_camera_failed"));
    }
}

bool CodeDevices::scannerConnected() const { return serial_ && serial_->connected(); }

void CodeDevices::stop() {
    // Readers before sources (they borrow them); both before the run queue goes.
    if (demoCamera_) demoCamera_->stop();
    demoCamera_.reset();
    demoFolder_.reset();
    if (camera_) camera_->stop();
    camera_.reset();
    folder_.reset();
    if (serial_) serial_->stop();
    serial_.reset();
    if (wedge_) wedge_->stop();
    wedge_.reset();
}

}  // namespace kiosk
