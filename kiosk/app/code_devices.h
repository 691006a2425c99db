#pragma once
// The code readers as the app uses them (like CardDevices for the card).
// One source is chosen by the config ([codes] source):
//   serial         a scanner in serial / USB-CDC mode (reconnects by itself)
//   wedge          a keyboard-wedge scanner on an evdev node (grabbed)
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

#include "kiosk/core/clock.h"
#include "kiosk/core/config.h"
#include "kiosk/core/run_queue.h"
#include "kiosk/core/scanned_code.h"

namespace kiosk {

class SessionFlow;
class PrinterDevice;
namespace codes {
class CameraCodeReader;
class ImageFolderSource;
class SerialScanner;
class WedgeScanner;
}  // namespace codes

class CodeDevices {
public:
    using OnCode = std::function<void(ScannedCode code)>;  // runs on the UI thread

    CodeDevices();
    ~CodeDevices();
    CodeDevices(const CodeDevices&) = delete;
    CodeDevices& operator=(const CodeDevices&) = delete;

    // Starts the configured source. A scanner whose device is missing is not
    // an error (it keeps trying); a camera folder that cannot be played is
    // (the message names it, for the log).
    std::optional<std::string> start(const KioskConfig::Codes& config, const Clock& clock, RunQueue& queue, OnCode onCode);
    // Demo: plays `picture` to an emulated camera (held up for about a
    // second), decoded by the real camera path. Returns an error message
    // when the picture cannot be played.
    std::optional<std::string> showToDemoCamera(const std::filesystem::path& picture);
    // Each frame in demo mode: answers the status flow's "show my receipt to
    // the camera" with the last printed receipt, or tells it why not.
    void pumpDemo(SessionFlow& flow, const PrinterDevice& printer);
    // A serial scanner is configured and its port is open (health, tests).
    bool scannerConnected() const;
    void stop();

private:
    const Clock* clock_ = nullptr;
    OnCode post_;  // posts to the run queue, then calls onCode
    std::unique_ptr<codes::SerialScanner> serial_;
    std::unique_ptr<codes::WedgeScanner> wedge_;
    std::unique_ptr<codes::ImageFolderSource> folder_;
    std::unique_ptr<codes::CameraCodeReader> camera_;
    std::unique_ptr<codes::ImageFolderSource> demoFolder_;
    std::unique_ptr<codes::CameraCodeReader> demoCamera_;
    int seenDemoRequests_ = 0;
};

}  // namespace kiosk
