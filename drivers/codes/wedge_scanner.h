#pragma once
// A code scanner in keyboard-wedge mode: it types the payload as key
// presses on an evdev device (/dev/input/eventN), US layout, Shift for
// capitals and symbols, Enter at the end.
//
// Protocol part (pure): WedgeDecoder turns struct input_event into text,
// tracking Shift itself (the kiosk takes the device exclusively, so no
// keyboard layer does it). Device part: WedgeScanner opens the node, grabs
// it (EVIOCGRAB: the scanner's keystrokes never reach the UI as typing) and
// runs the decoder on its own thread, which sleeps until key events come
// (or stop()). Chinese payloads do not survive a
// keyboard wedge (Alt+keypad); use serial mode for them. Not tested against
// a device here: no /dev/input nodes in the build container.
#include <linux/input.h>

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <thread>

#include "drivers/serial/waker.h"
#include "kiosk/core/clock.h"
#include "kiosk/core/scanned_code.h"

namespace kiosk::codes {

class WedgeDecoder {
public:
    static constexpr size_t kMaxMessage = 4096;
    // One event in; the finished payload when it was Enter (empty lines dropped).
    std::optional<std::string> feed(const input_event& ev);

private:
    std::string buf_;
    bool leftShift_ = false;
    bool rightShift_ = false;
};

// The character of a key with or without Shift on a US layout, 0 if none.
char usKeyChar(unsigned code, bool shift);

class WedgeScanner {
public:
    using Callback = std::function<void(ScannedCode code)>;
    WedgeScanner(std::string path, const Clock& clock, Callback onCode)
        : path_(std::move(path)), clock_(clock), onCode_(std::move(onCode)) {}
    ~WedgeScanner() { stop(); }
    void start();
    void stop();

private:
    void run();
    std::string path_;
    const Clock& clock_;
    Callback onCode_;
    std::atomic<bool> stop_{false};
    serial::Waker waker_;  // stop() interrupts the thread's waits
    std::thread thread_;
};

}  // namespace kiosk::codes
