#include "kiosk/app/code_devices.h"

#include <unistd.h>

#include <mutex>  // maintenance: the camera watch

#include "drivers/codes/camera_reader.h"
#include "drivers/codes/image_folder_source.h"
#include "drivers/codes/serial_scanner.h"
#include "drivers/codes/v4l2_camera.h"
#include "drivers/codes/wedge_scanner.h"
#include "drivers/printer/escpos_render.h"
#include "drivers/printer/receipt.h"
#include "kiosk/app/printer_device.h"
#include "kiosk/core/log.h"
#include "kiosk/core/strings.h"
#include "screens/flows/service_flows.h"

namespace kiosk {

// maintenance: the watch a maintainer's code test sets (watchCamera). The
// callbacks run under the mutex, so clearing them waits for one running.
struct CameraWatchSlot {
    std::mutex mutex;
    CodeDevices::FrameWatch onFrame;
    CodeDevices::DecodeWatch onDecoded;

    void frame(const codes::GrayView& f) {
        std::lock_guard lock(mutex);
        if (onFrame) onFrame(f);
    }
    void decoded(const codes::DecodedCode& d) {
        std::lock_guard lock(mutex);
        if (onDecoded) onDecoded(d);
    }
};

namespace {

// A frame source that shows each frame to the watch before the reader gets it.
class WatchedSource final : public codes::FrameSource {
public:
    WatchedSource(codes::FrameSource& inner, std::shared_ptr<CameraWatchSlot> watch)
        : inner_(inner), watch_(std::move(watch)) {}
    std::optional<codes::SourceError> start(FrameCallback onFrame) override {
        return inner_.start([watch = watch_, onFrame = std::move(onFrame)](const codes::GrayView& frame) {
            watch->frame(frame);
            return onFrame(frame);
        });
    }
    void stop() override { inner_.stop(); }

private:
    codes::FrameSource& inner_;
    std::shared_ptr<CameraWatchSlot> watch_;
};

}  // namespace

CodeDevices::CodeDevices() : watch_(std::make_shared<CameraWatchSlot>()) {}
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
            watchedFolder_ = std::make_unique<WatchedSource>(*folder_, watch_);
            camera_ = std::make_unique<codes::CameraCodeReader>(
                *watchedFolder_, clock, [post = post_, watch = watch_](ScannedCode code, const codes::DecodedCode& details) {
                    watch->decoded(details);
                    post(std::move(code));
                });
            if (auto err = camera_->start()) {
                camera_.reset();
                watchedFolder_.reset();
                folder_.reset();
                cameraStartFailed_ = true;
                return "camera folder: " + err->message;
            }
            return std::nullopt;
        }
        case Kind::Camera: {
            codes::V4l2CameraOptions options;
            options.device = config.device;
            options.width = config.width;
            options.height = config.height;
            options.fps = config.fps;
            v4l2_ = std::make_unique<codes::V4l2Camera>(options);
            // An unplugged camera ends its thread; an empty task wakes the UI
            // thread so that the corner alert shows at once.
            v4l2_->setOnFailure([&queue](const codes::SourceError&) { queue.post([] {}); });
            watchedV4l2_ = std::make_unique<WatchedSource>(*v4l2_, watch_);
            camera_ = std::make_unique<codes::CameraCodeReader>(
                *watchedV4l2_, clock, [post = post_, watch = watch_](ScannedCode code, const codes::DecodedCode& details) {
                    watch->decoded(details);
                    post(std::move(code));
                });
            if (auto err = camera_->start()) {
                camera_.reset();
                watchedV4l2_.reset();
                v4l2_.reset();
                cameraStartFailed_ = true;
                return err->message;
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
    watchedDemoFolder_.reset();
    demoFolder_.reset();
    codes::ImageFolderOptions options;
    options.folder = picture.parent_path();
    options.sequence = {picture.stem().string()};
    // Held up until the decoder has looked at a few frames, however slow the
    // machine: the demo (and its test) must not depend on the frame rate.
    options.hold = codes::ImageFolderOptions::Hold::FramesAccepted;
    options.holdFrames = 3;
    demoFolder_ = std::make_unique<codes::ImageFolderSource>(options);
    watchedDemoFolder_ = std::make_unique<WatchedSource>(*demoFolder_, watch_);
    demoCamera_ = std::make_unique<codes::CameraCodeReader>(
        *watchedDemoFolder_, *clock_, [post = post_, watch = watch_](ScannedCode code, const codes::DecodedCode& details) {
            watch->decoded(details);
            post(std::move(code));
        });
    if (auto err = demoCamera_->start()) {
        demoCamera_.reset();
        watchedDemoFolder_.reset();
        demoFolder_.reset();
        return "demo camera: " + err->message;
    }
    return std::nullopt;
}

std::optional<std::string> CodeDevices::showCodeToDemoCamera(const std::string& code) {
    // Drawn the way the printer would print it, so the picture is one the
    // camera path reads like any printed card.
    Receipt card;
    card.title = "工作证 Staff card";
    card.qrPayload = code;
    const auto rendered = printer::renderEscPos(printer::encodeReceipt(card));
    std::error_code ec;
    const auto dir = std::filesystem::temp_directory_path(ec) / ("kiosk-demo-staff-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir, ec);
    demoCardDir_ = dir;  // removed in stop()
    const auto picture = dir / "staff-card.png";
    if (ec || !printer::writeReceiptPng(picture, rendered)) return "demo staff card: cannot write " + picture.string();
    return showToDemoCamera(picture);
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

std::vector<const char*> CodeDevices::alerts() const {
    std::vector<const char*> keys;
    if (cameraStartFailed_) keys.push_back(i18nKey("device.code_camera_failed"));
    else if (v4l2_ && v4l2_->failure()) keys.push_back(i18nKey("device.code_camera_lost"));
    if (serial_ && !serial_->connected()) keys.push_back(i18nKey("device.code_scanner_offline"));
    return keys;
}

void CodeDevices::watchCamera(FrameWatch onFrame, DecodeWatch onDecoded) {
    std::lock_guard lock(watch_->mutex);
    watch_->onFrame = std::move(onFrame);
    watch_->onDecoded = std::move(onDecoded);
}

void CodeDevices::stop() {
    // Readers before sources (they borrow them); both before the run queue goes.
    if (demoCamera_) demoCamera_->stop();
    demoCamera_.reset();
    watchedDemoFolder_.reset();
    demoFolder_.reset();
    if (camera_) camera_->stop();
    camera_.reset();
    watchedFolder_.reset();
    folder_.reset();
    watchedV4l2_.reset();
    v4l2_.reset();
    cameraStartFailed_ = false;
    if (serial_) serial_->stop();
    serial_.reset();
    if (wedge_) wedge_->stop();
    wedge_.reset();
    if (!demoCardDir_.empty()) {
        std::error_code ec;
        std::filesystem::remove_all(demoCardDir_, ec);
        demoCardDir_.clear();
    }
}

}  // namespace kiosk
