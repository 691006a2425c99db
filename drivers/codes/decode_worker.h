#pragma once
// Decoding off the caller's thread. A frame source hands each frame to
// submit(); when the worker is idle the frame is copied into its slot and
// decoded on the worker thread, and when it is busy the frame is skipped (a
// camera delivers more frames than are worth decoding; latency matters more
// than reading every one). Results go to the callback on the worker thread.
//
// Still scenes (#17): a camera that watches an empty counter delivers frame
// after frame that differ only by sensor noise, and decoding each one (all
// retry passes fail on a frame without a code) is most of an idle kiosk's
// CPU. submit() compares a grid of samples of each frame with the frame it
// last decoded and takes a frame that has not changed as "still", without
// copying or decoding it, until `recheck` has passed since that decode. A
// code brought up changes the frame and is decoded at once; a code held
// perfectly still is read again every `recheck` (keep it under the
// presentation gap so that it stays one presentation).
//
// Threads: submit() from any one thread (the source's); the callback runs on
// the worker thread and must not block for long (post to the RunQueue).
// The destructor stops and joins the worker; a decode in progress finishes
// first (tens of milliseconds at most).
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "drivers/codes/decoder.h"
#include "kiosk/core/clock.h"

namespace kiosk::codes {

struct StillFrames {
    bool enabled = true;
    std::chrono::milliseconds recheck{750};  // a still scene is decoded this often
    // A sample changed when it moved by more than this many grey levels
    // (sensor noise stays well under it); a frame changed when more than
    // `changedFraction` of its samples did (a small code far away is ~2%).
    int levelDelta = 24;
    double changedFraction = 0.005;
};

class DecodeWorker {
public:
    using Callback = std::function<void(const DecodeOutcome&)>;

    // `clock` times the still-scene recheck; it must outlive the worker.
    explicit DecodeWorker(Callback onResult, DecodeOptions options = {}, StillFrames still = {},
                          const Clock& clock = systemClock());
    ~DecodeWorker();
    DecodeWorker(const DecodeWorker&) = delete;
    DecodeWorker& operator=(const DecodeWorker&) = delete;

    // True when the frame was taken (queued for decoding, or seen to be
    // still); false when the worker was busy (skipped).
    bool submit(const GrayView& frame);

    // Blocks until no frame is queued or being decoded (tests, shutdown).
    void waitIdle();

    uint64_t framesDecoded() const { return decoded_.load(); }
    uint64_t framesSkipped() const { return skipped_.load(); }
    uint64_t framesStill() const { return still_.load(); }

private:
    void run();
    // Samples `frame` into probe_; true when it is still against reference_.
    bool isStill(const GrayView& frame);

    Callback onResult_;
    DecodeOptions options_;
    const StillFrames stillOptions_;
    const Clock& clock_;
    // Source thread only: the samples of the frame last decoded, and when.
    std::vector<uint8_t> probe_, reference_;
    int referenceWidth_ = 0, referenceHeight_ = 0;
    std::chrono::steady_clock::time_point referenceAt_{};
    std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable idle_;
    GrayImage slot_;
    bool busy_ = false;     // the slot is taken: being filled, queued or decoded
    bool pending_ = false;  // the slot is filled and waits for the worker
    bool stop_ = false;
    std::atomic<uint64_t> decoded_{0};
    std::atomic<uint64_t> skipped_{0};
    std::atomic<uint64_t> still_{0};
    std::thread thread_;
};

}  // namespace kiosk::codes
