#pragma once
// SamCardReader: the ID card reader driver over a serial line (a real SAM
// reader, a USB-serial one, or the emulator's pseudo-terminal), behind the
// kiosk::CardReader contract (kiosk/core/card_reader.h).
//
// Its thread loops: open the port (reconnecting with exponential backoff
// while it is missing), then every pollInterval: find card -> select ->
// read text + photo. One onCardRead per placement: while the card stays the
// reader keeps answering "found" and nothing is reported; when "no card" is
// seen removalMisses times in a row, onCardRemoved fires and the next
// placement is read again. Bad checksums and timeouts resend the command;
// a failed read (status 41, a corrupt or undecodable text block) goes
// through find -> select -> read again, readAttempts times, then onError
// once per placement (the driver keeps retrying while the card stays).
//
// Health: NoDevice while the port cannot be found; Error with a reason when
// it cannot be opened, does not answer, or the SAM reports a fault; Ok once
// the reader has answered. Personal data is never logged.
//
// Threads: construct, start() and stop() on the owner's thread; callbacks
// run on the reader thread (see card_reader.h). health() from any thread.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "drivers/idcard/protocol.h"
#include "kiosk/core/card_reader.h"

namespace kiosk::serial {
class SerialPort;
}

namespace kiosk::idcard {

class WltDecoder;

struct SamReaderConfig {
    std::string devicePath;  // e.g. /dev/ttyUSB0, /dev/idcard (udev link), or the emulator's path
    int baud = 115200;
    // 100 ms keeps card-placed-to-event under 250 ms at 115200 baud (a read is ~112 ms
    // on the wire) for ~21 bytes of find traffic per poll.
    std::chrono::milliseconds pollInterval{100};
    // Per find/select command; a read also gets twice the wire time of its
    // response at `baud` on top of readTimeout.
    std::chrono::milliseconds commandTimeout{500};
    std::chrono::milliseconds readTimeout{1500};
    int commandAttempts = 3;  // sends of one command on timeout / bad checksum
    int readAttempts = 3;     // find-select-read rounds for one placement
    int removalMisses = 2;    // consecutive "no card" answers that mean lifted
    std::chrono::milliseconds reconnectMin{250};
    std::chrono::milliseconds reconnectMax{5000};
    // Vendor WLT decoder loaded with dlopen ("" to disable); see wlt_decoder.h.
    std::string photoLibrary = "libwlt2bmp.so";
    std::string photoSymbol = "unpack";
};

class SamCardReader final : public CardReader {
public:
    explicit SamCardReader(SamReaderConfig config);
    ~SamCardReader() override;

    void start(Callbacks callbacks) override;
    void stop() override;
    ReaderHealth health() const override;

    // Counters for tests and the maintenance page (any thread).
    struct Stats {
        int opens = 0;          // successful port opens
        int cardsRead = 0;      // onCardRead events
        int retries = 0;        // commands resent and read rounds repeated
        int corruptFrames = 0;  // bad checksum / length seen
    };
    Stats stats() const;

private:
    enum class LinkError { Timeout, Corrupt, Gone, Stopped };
    enum class CardState { None, Present, Failed };

    void run();
    void pollOnce(serial::SerialPort& port);
    bool readCard(serial::SerialPort& port);
    Result<Response, LinkError> command(serial::SerialPort& port, Command cmd, std::chrono::milliseconds timeout);
    Result<Response, LinkError> transact(serial::SerialPort& port, Command cmd, std::chrono::milliseconds timeout);
    void setHealth(ReaderHealthState state, std::string reason);
    void cardGone();
    bool sleepFor(std::chrono::milliseconds d);  // false when stopping
    bool stopping() const { return stopping_.load(); }

    const SamReaderConfig config_;
    Callbacks callbacks_;
    std::thread thread_;
    std::atomic<bool> stopping_{false};
    std::mutex waitMutex_;
    std::condition_variable waitCv_;

    mutable std::mutex stateMutex_;
    ReaderHealth health_{ReaderHealthState::NoDevice, "not started"};
    Stats stats_;

    // Reader-thread state.
    CardState card_ = CardState::None;
    int misses_ = 0;
    bool linkGone_ = false;
    bool unresponsive_ = false;
    FrameAssembler assembler_;
    std::unique_ptr<WltDecoder> decoder_;
};

}  // namespace kiosk::idcard
