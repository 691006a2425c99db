#pragma once
// Where receipt bytes go: a printer's device node (/dev/usb/lpN from usblp,
// or a serial printer's tty) or a file (tests, demo, maintenance).
//
// Failures are values; each has an i18n key. When printing fails the app
// shows the receipt's QR code on screen for the resident to photograph.
// Threads: one user at a time; writes block up to a timeout, so call them
// off the UI thread.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>

#include "kiosk/core/result.h"

namespace kiosk::printer {

enum class PrinterError {
    Offline,   // no device node, unplugged, or it does not take bytes in time
    PaperOut,  // the printer says so (status read-back)
    Io,        // anything else (a file that cannot be written)
};
const char* printerErrorName(PrinterError e);
const char* printerErrorKey(PrinterError e);  // "printer.error.*"

// What DLE EOT 4 (paper roll sensor status) answered; pure, for tests.
// Bits 5-6 set: paper end. Bits 2-3: near end (still prints).
bool paperOutFromStatus(uint8_t status);

class PrinterSink {
public:
    virtual ~PrinterSink() = default;
    virtual Result<size_t, PrinterError> print(std::span<const uint8_t> bytes) = 0;
};

// Appends each receipt to a file (created if missing).
class FileSink final : public PrinterSink {
public:
    explicit FileSink(std::filesystem::path path) : path_(std::move(path)) {}
    Result<size_t, PrinterError> print(std::span<const uint8_t> bytes) override;

private:
    std::filesystem::path path_;
};

// A device node, opened for each receipt (a printer that was unplugged and
// plugged back works again without a restart). With `readStatus` the paper
// sensor is asked first (DLE EOT 4); a printer that does not answer within
// the timeout is taken as not supporting read-back, not as offline.
class DeviceSink final : public PrinterSink {
public:
    explicit DeviceSink(std::string path, bool readStatus = false,
                        std::chrono::milliseconds timeout = std::chrono::milliseconds(3000))
        : path_(std::move(path)), readStatus_(readStatus), timeout_(timeout) {}
    Result<size_t, PrinterError> print(std::span<const uint8_t> bytes) override;

private:
    std::string path_;
    bool readStatus_;
    std::chrono::milliseconds timeout_;
};

}  // namespace kiosk::printer
