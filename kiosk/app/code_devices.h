#pragma once
// The code readers as the app uses them (like CardDevices for the card).
// One source is chosen by the config ([codes] source):
//   serial         a scanner in serial / USB-CDC mode (reconnects by itself)
//   wedge          a keyboard-wedge scanner on an evdev node (grabbed)
//   camera         a UVC camera through V4L2 (drivers/codes/v4l2_camera.h)
//   camera-folder  pictures played as camera frames through the camera path
// and in demo mode an emulated camera that plays, on request, the picture of
// the last printed receipt (PrinterDevice writes them), so a receipt printed
// in the demo can be "shown to the camera" again. Every source ends in the
// real decoding (ZXing on the decode worker for pictures) and emits one
// ScannedCode per presentation; it is posted to the UI thread and handed to
// `onCode` there.
//
// Threads: everything here on the UI thread; the devices run their own
// threads. stop() (also the destructor) joins them: no callback is posted
// after it returns.
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/clock.h"
#include "kiosk/core/config.h"
#include "kiosk/core/run_queue.h"
#include "kiosk/core/scanned_code.h"

namespace kiosk {

class SessionFlow;
class PrinterDevice;
namespace codes {
class CameraCodeReader;
class FrameSource;
class ImageFolderSource;
class SerialScanner;
class V4l2Camera;
class WedgeScanner;
struct DecodedCode;
struct GrayView;
}  // namespace codes
struct CameraWatchSlot;  // code_devices.cpp

class CodeDevices {
public:
    using OnCode = std::function<void(ScannedCode code)>;  // runs on the UI thread

    CodeDevices();
    ~CodeDevices();
    CodeDevices(const CodeDevices&) = delete;
    CodeDevices& operator=(const CodeDevices&) = delete;

    // Starts the configured source. A scanner whose device is missing is not
    // an error (it keeps trying); a camera (V4L2 or folder) that cannot be
    // opened is (the message names it, for the log; alerts() shows it). A
    // V4L2 camera that is unplugged later is not reopened by itself.
    std::optional<std::string> start(const KioskConfig::Codes& config, const Clock& clock, RunQueue& queue, OnCode onCode);
    // Demo: plays `picture` to an emulated camera (held up for about a
    // second), decoded by the real camera path. Returns an error message
    // when the picture cannot be played.
    std::optional<std::string> showToDemoCamera(const std::filesystem::path& picture);
    // Demo: draws `code` as a QR code on a card-sized picture and shows it to
    // the emulated camera (the demo staff cards).
    std::optional<std::string> showCodeToDemoCamera(const std::string& code);
    // Each frame in demo mode: answers the status flow's "show my receipt to
    // the camera" with the last printed receipt, or tells it why not.
    void pumpDemo(SessionFlow& flow, const PrinterDevice& printer);
    // A serial scanner is configured and its port is open (health, tests).
    bool scannerConnected() const;
    // i18n keys of what is wrong with the configured code source, for the
    // corner alerts and health: a camera that could not be opened or stopped
    // delivering (unplugged), a serial scanner that is not connected.
    std::vector<const char*> alerts() const;
    // maintenance: the configured camera (a camera folder) is running.
    bool cameraRunning() const { return camera_ != nullptr; }
    // maintenance: watches the camera paths (the configured camera and the
    // demo camera) for the maintainer's code test. `onFrame` sees every
    // frame a source delivers, on the source's thread (copy what is needed,
    // quickly); `onDecoded` the details of each code read, on the decode
    // worker, just before the code itself is posted. Empty functions stop
    // watching; once this returns, the old ones are not called any more.
    // Any thread.
    using FrameWatch = std::function<void(const codes::GrayView& frame)>;
    using DecodeWatch = std::function<void(const codes::DecodedCode& code)>;
    void watchCamera(FrameWatch onFrame, DecodeWatch onDecoded);
    void stop();

private:
    const Clock* clock_ = nullptr;
    OnCode post_;  // posts to the run queue, then calls onCode
    std::unique_ptr<codes::SerialScanner> serial_;
    std::unique_ptr<codes::WedgeScanner> wedge_;
    std::unique_ptr<codes::ImageFolderSource> folder_;
    std::unique_ptr<codes::FrameSource> watchedFolder_;  // maintenance: folder_ with the watch
    std::unique_ptr<codes::V4l2Camera> v4l2_;            // [codes] source = "camera"
    std::unique_ptr<codes::FrameSource> watchedV4l2_;    // v4l2_ with the watch
    bool cameraStartFailed_ = false;  // the configured camera (V4L2 or folder) could not be opened
    std::unique_ptr<codes::CameraCodeReader> camera_;
    std::unique_ptr<codes::ImageFolderSource> demoFolder_;
    std::unique_ptr<codes::FrameSource> watchedDemoFolder_;  // maintenance: demoFolder_ with the watch
    std::unique_ptr<codes::CameraCodeReader> demoCamera_;
    std::shared_ptr<CameraWatchSlot> watch_;  // maintenance
    int seenDemoRequests_ = 0;
    std::filesystem::path demoCardDir_;  // the demo staff card's picture
};

}  // namespace kiosk
