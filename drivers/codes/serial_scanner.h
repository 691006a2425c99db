#pragma once
// A code scanner in serial / USB-CDC mode (/dev/ttyACM0, /dev/ttyUSB0):
// each scan arrives as the payload bytes, as encoded (UTF-8 or GBK), ended
// by CR, LF or CRLF, or by an idle gap on scanners set up without a suffix.
//
// Protocol part (pure): ScanLineSplitter. Device part: SerialScanner, a
// thread that opens the port (reconnecting with backoff when it is missing
// or unplugged), splits messages, detects the encoding, de-duplicates
// repeats (PresentationFilter) and emits one ScannedCode per scan on its own
// thread. The thread sleeps until bytes come (or stop()): it wakes on its
// own only to end a message at the idle gap. Emulator:
// SerialScannerEmulator, a scanner on a pseudo-terminal.
// Payloads are never logged.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "drivers/serial/pty.h"
#include "drivers/serial/waker.h"
#include "kiosk/core/clock.h"
#include "kiosk/core/scanned_code.h"

namespace kiosk::codes {

class ScanLineSplitter {
public:
    static constexpr size_t kMaxMessage = 4096;  // longer: not a scan, dropped
    // Complete messages in the bytes so far; empty lines are dropped.
    std::vector<std::vector<uint8_t>> feed(std::span<const uint8_t> bytes);
    // The idle gap passed: whatever is pending is a message.
    std::optional<std::vector<uint8_t>> flush();
    bool pending() const { return !buf_.empty(); }

private:
    std::vector<uint8_t> buf_;
    bool overflow_ = false;
};

struct SerialScannerOptions {
    std::string path;
    int baud = 9600;
    std::chrono::milliseconds idleGap{80};            // no suffix: a pause ends the message
    std::chrono::milliseconds repeatGap{1000};        // the same code again within this: one scan
    std::chrono::milliseconds reconnectMax{2000};     // backoff ceiling while the port is missing
};

class SerialScanner {
public:
    using Callback = std::function<void(ScannedCode code)>;
    SerialScanner(SerialScannerOptions options, const Clock& clock, Callback onCode)
        : options_(std::move(options)), clock_(clock), onCode_(std::move(onCode)) {}
    ~SerialScanner() { stop(); }
    void start();
    void stop();
    bool connected() const { return connected_.load(); }

private:
    void run();
    SerialScannerOptions options_;
    const Clock& clock_;
    Callback onCode_;
    std::atomic<bool> stop_{false};
    std::atomic<bool> connected_{false};
    serial::Waker waker_;  // stop() interrupts the thread's waits
    std::thread thread_;
};

class SerialScannerEmulator {
public:
    static Result<SerialScannerEmulator, serial::SerialError> open(const std::string& linkPath = {});
    const std::string& devicePath() const { return pty_.devicePath(); }
    // Sends one scan: the payload bytes as they are, then the suffix.
    bool scan(std::string_view payload, std::string_view suffix = "\r\n");

private:
    explicit SerialScannerEmulator(serial::PseudoTerminal pty) : pty_(std::move(pty)) {}
    serial::PseudoTerminal pty_;
};

}  // namespace kiosk::codes
