#pragma once
// A SAM ID card reader on a pseudo-terminal: speaks the same wire protocol
// as a real reader (find, select, read text + photo, SAM status/id/reset),
// so the real driver runs unchanged against it in tests and the demo.
//
// Cards come from JSON profiles (assets/demo/cards/*.json, synthetic data
// only). Faults are switched on from the controlling thread: no card, card
// placed after N polls, bad checksum, responses split into small chunks,
// garbage before a frame, read failure, a card lifted mid-read, a silent
// reader, slow wire timing at the configured baud, unplug and replug.
//
// Threads: the emulator answers on its own thread, which sleeps in poll()
// on the pty and a wake-up eventfd (no timed polling: an idle emulator costs
// no CPU, as in the demo at the attract screen); every public method is
// safe from any other thread. unplug()/replug() return once done. Destroying
// it stops the thread and removes the pty (and its link).
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "drivers/idcard/protocol.h"
#include "drivers/serial/pty.h"
#include "drivers/serial/waker.h"
#include "kiosk/core/id_card.h"
#include "kiosk/core/result.h"

namespace kiosk::idcard {

struct CardProfile {
    std::string label;  // from the file's "label", for humans
    IdCard card;
};
// Parses a profile (see assets/demo/cards/README.md for the keys). Errors
// name the key at fault.
Result<CardProfile, std::string> parseCardProfile(std::string_view json);
Result<CardProfile, std::string> loadCardProfile(const std::string& path);

struct EmulatorOptions {
    // A symlink to the pty slave, stable across unplug/replug (like a udev
    // rule for a real reader). Empty: use the /dev/pts path.
    std::string linkPath;
    int baud = 115200;
    bool wireTiming = false;  // pace output as a UART at `baud` (the slow reader)
};

class IdCardEmulator {
public:
    static Result<std::unique_ptr<IdCardEmulator>, std::string> start(EmulatorOptions options);
    ~IdCardEmulator();
    IdCardEmulator(const IdCardEmulator&) = delete;
    IdCardEmulator& operator=(const IdCardEmulator&) = delete;

    // The path a driver opens (the link if one was asked for).
    std::string devicePath() const;

    void placeCard(const CardProfile& profile);
    // The card lands once `polls` find requests have been answered "no card".
    void placeCardAfterPolls(const CardProfile& profile, int polls);
    void liftCard();

    // Faults, each for the next `count` responses / reads.
    void corruptNextResponses(int count = 1);                           // bad checksum
    void corruptNextReadResponses(int count = 1);                       // bad checksum on the 1295-byte reply
    void garbageBeforeNextResponses(int count = 1, size_t bytes = 23);  // noise, then the frame
    void failNextReads(int count = 1);                                  // SW3 41: read card failed
    void liftDuringNextRead();                                          // answers the read with 41 and the card is gone
    // Every response is written in pieces of `bytes` with `gap` between (0: whole).
    void setChunking(size_t bytes, std::chrono::milliseconds gap);
    void setWireTiming(bool on);
    void setSilent(bool silent);  // reads requests, answers nothing

    // Unplug closes the pty (the driver sees a hang-up, the path vanishes);
    // replug opens a new one at the same link path.
    void unplug();
    Result<bool, std::string> replug();
    bool plugged() const;

    struct Counters {
        int finds = 0;
        int selects = 0;
        int reads = 0;
        int otherRequests = 0;
        int badRequests = 0;  // frames from the host with a bad checksum or length
        int responses = 0;
    };
    Counters counters() const;
    // Waits until `pred(counters())` holds or `timeout` passes; true if it held.
    bool waitFor(const std::function<bool(const Counters&)>& pred, std::chrono::milliseconds timeout) const;

private:
    explicit IdCardEmulator(EmulatorOptions options, serial::PseudoTerminal pty);
    void run();
    std::vector<uint8_t> respond(const Request& request);
    void send(std::vector<uint8_t> frame);
    bool writeRaw(std::span<const uint8_t> bytes);

    const EmulatorOptions options_;
    mutable std::mutex mutex_;
    mutable std::condition_variable changed_;
    serial::PseudoTerminal pty_;  // I/O thread only while plugged; swapped under mutex_
    std::string devicePath_;
    serial::Waker waker_;  // interrupts the I/O thread's poll() (stop, unplug)
    bool stopping_ = false;
    bool unplugRequested_ = false;

    std::optional<CardProfile> card_;
    std::optional<CardProfile> pendingCard_;
    int pendingPolls_ = 0;
    int corrupt_ = 0;
    int corruptReads_ = 0;
    bool corruptThis_ = false;  // set by respond(), consumed by send()
    int garbage_ = 0;
    size_t garbageBytes_ = 23;
    int failReads_ = 0;
    bool liftDuringRead_ = false;
    size_t chunkBytes_ = 0;
    std::chrono::milliseconds chunkGap_{0};
    bool wireTiming_ = false;
    bool silent_ = false;
    Counters counters_;
    uint32_t noise_ = 0x2545F491;

    FrameAssembler assembler_;
    std::thread thread_;
};

}  // namespace kiosk::idcard
