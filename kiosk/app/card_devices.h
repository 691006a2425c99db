#pragma once
// The ID card reader as the app uses it: in demo mode an in-process
// emulator on a pseudo-terminal, with the real SAM driver reading from it,
// so a tap on "use the demo card" travels the same wire path as a real card.
// UI thread only; the driver's callbacks arrive through the run queue.
#include <memory>
#include <optional>
#include <string>

#include "kiosk/core/card_reader.h"
#include "kiosk/core/config.h"
#include "kiosk/core/run_queue.h"

namespace kiosk {
namespace idcard {
class IdCardEmulator;
}

class CardDevices {
public:
    CardDevices();
    ~CardDevices();
    // Starts the driver on the configured device (a missing device is not an
    // error: the driver reports "no device" and keeps trying).
    void startReader(const KioskConfig::IdCardReader& config, RunQueue& queue, CardReader::Callbacks ui);
    // Starts the demo emulator and the driver on it. Returns an error message.
    std::optional<std::string> startDemo(const std::string& assetsDir, RunQueue& queue, CardReader::Callbacks ui);
    // Lays a demo card (a profile in assets/demo/cards/) on the emulated reader.
    void placeDemoCard(const std::string& profile = "resident_long_term.json");
    // The emulated reader in demo mode (tests use it to lift, unplug, ...), else null.
    idcard::IdCardEmulator* demoEmulator() { return emulator_.get(); }
    void stop();

private:
    std::string assetsDir_;
    std::unique_ptr<idcard::IdCardEmulator> emulator_;
    std::unique_ptr<CardReader> reader_;
};

}  // namespace kiosk
