#include "drivers/codes/decode_worker.h"

#include <cstring>

namespace kiosk::codes {

DecodeWorker::DecodeWorker(Callback onResult, DecodeOptions options)
    : onResult_(std::move(onResult)), options_(options), thread_([this] { run(); }) {}

DecodeWorker::~DecodeWorker() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

bool DecodeWorker::submit(const GrayView& frame) {
    if (frame.empty()) return false;
    {
        std::lock_guard lock(mutex_);
        if (busy_ || stop_) {
            ++skipped_;
            return false;
        }
        busy_ = true;
    }
    // The worker does not touch the slot while busy_ is set and it has not
    // been woken, so the copy happens outside the lock. The slot's buffer is
    // reused from frame to frame.
    slot_.width = frame.width;
    slot_.height = frame.height;
    slot_.pixels.resize(static_cast<size_t>(frame.width) * frame.height);
    for (int y = 0; y < frame.height; ++y) {
        const uint8_t* row = frame.data + static_cast<ptrdiff_t>(y) * frame.rowStride;
        uint8_t* dst = slot_.pixels.data() + static_cast<size_t>(y) * frame.width;
        if (frame.pixStride == 1) {
            std::memcpy(dst, row, static_cast<size_t>(frame.width));
        } else {
            for (int x = 0; x < frame.width; ++x) dst[x] = row[static_cast<ptrdiff_t>(x) * frame.pixStride];
        }
    }
    {
        std::lock_guard lock(mutex_);
        pending_ = true;
    }
    wake_.notify_one();
    return true;
}

void DecodeWorker::waitIdle() {
    std::unique_lock lock(mutex_);
    idle_.wait(lock, [this] { return !busy_ || stop_; });
}

void DecodeWorker::run() {
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return pending_ || stop_; });
            if (stop_) {
                busy_ = false;
                idle_.notify_all();
                return;
            }
            pending_ = false;
        }
        DecodeOutcome outcome = decodeFrame(slot_.view(), options_);
        ++decoded_;
        if (onResult_) onResult_(outcome);
        {
            std::lock_guard lock(mutex_);
            busy_ = false;
        }
        idle_.notify_all();
    }
}

}  // namespace kiosk::codes
