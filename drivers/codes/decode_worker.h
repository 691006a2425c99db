#pragma once
// Decoding off the caller's thread. A frame source hands each frame to
// submit(); when the worker is idle the frame is copied into its slot and
// decoded on the worker thread, and when it is busy the frame is skipped (a
// camera delivers more frames than are worth decoding; latency matters more
// than reading every one). Results go to the callback on the worker thread.
//
// Threads: submit() from any one thread (the source's); the callback runs on
// the worker thread and must not block for long (post to the RunQueue).
// The destructor stops and joins the worker; a decode in progress finishes
// first (tens of milliseconds at most).
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

#include "drivers/codes/decoder.h"

namespace kiosk::codes {

class DecodeWorker {
public:
    using Callback = std::function<void(const DecodeOutcome&)>;

    explicit DecodeWorker(Callback onResult, DecodeOptions options = {});
    ~DecodeWorker();
    DecodeWorker(const DecodeWorker&) = delete;
    DecodeWorker& operator=(const DecodeWorker&) = delete;

    // True when the frame was taken; false when the worker was busy (skipped).
    bool submit(const GrayView& frame);

    // Blocks until no frame is queued or being decoded (tests, shutdown).
    void waitIdle();

    uint64_t framesDecoded() const { return decoded_.load(); }
    uint64_t framesSkipped() const { return skipped_.load(); }

private:
    void run();

    Callback onResult_;
    DecodeOptions options_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable idle_;
    GrayImage slot_;
    bool busy_ = false;     // the slot is taken: being filled, queued or decoded
    bool pending_ = false;  // the slot is filled and waits for the worker
    bool stop_ = false;
    std::atomic<uint64_t> decoded_{0};
    std::atomic<uint64_t> skipped_{0};
    std::thread thread_;
};

}  // namespace kiosk::codes
