#include "drivers/codes/decode_worker.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <utility>

namespace kiosk::codes {
namespace {
// About this many samples per frame: 16k of a 1280x720 frame take ~20 us.
constexpr double kSamples = 16384;
}  // namespace

DecodeWorker::DecodeWorker(Callback onResult, DecodeOptions options, StillFrames still, const Clock& clock)
    : onResult_(std::move(onResult)),
      options_(options),
      stillOptions_(still),
      clock_(clock),
      thread_([this] { run(); }) {}

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
    if (isStill(frame)) {
        ++still_;
        {
            std::lock_guard lock(mutex_);
            busy_ = false;
        }
        idle_.notify_all();
        return true;
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

bool DecodeWorker::isStill(const GrayView& frame) {
    if (!stillOptions_.enabled) return false;
    const int step = std::max(1, static_cast<int>(std::sqrt(double(frame.width) * frame.height / kSamples)));
    probe_.clear();
    for (int y = step / 2; y < frame.height; y += step) {
        const uint8_t* row = frame.data + static_cast<ptrdiff_t>(y) * frame.rowStride;
        for (int x = step / 2; x < frame.width; x += step) probe_.push_back(row[static_cast<ptrdiff_t>(x) * frame.pixStride]);
    }
    const auto now = clock_.steadyNow();
    bool still = frame.width == referenceWidth_ && frame.height == referenceHeight_ &&
                 probe_.size() == reference_.size() && now - referenceAt_ < stillOptions_.recheck;
    if (still) {
        const auto limit = static_cast<size_t>(stillOptions_.changedFraction * static_cast<double>(probe_.size()));
        size_t changed = 0;
        for (size_t i = 0; i < probe_.size() && changed <= limit; ++i)
            changed += std::abs(int(probe_[i]) - int(reference_[i])) > stillOptions_.levelDelta;
        still = changed <= limit;
    }
    if (!still) {
        // This frame is decoded: it is what the next ones are compared with.
        std::swap(probe_, reference_);
        referenceWidth_ = frame.width;
        referenceHeight_ = frame.height;
        referenceAt_ = now;
    }
    return still;
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
