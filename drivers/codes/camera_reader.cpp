#include "drivers/codes/camera_reader.h"

namespace kiosk::codes {
namespace {
// A code held still is read again every half gap: it stays one presentation.
StillFrames stillFramesFor(std::chrono::milliseconds presentationGap) {
    StillFrames still;
    still.recheck = presentationGap / 2;
    return still;
}
}  // namespace

CameraCodeReader::CameraCodeReader(FrameSource& source, const Clock& clock, Callback onCode,
                                   std::chrono::milliseconds presentationGap, DecodeOptions options)
    : source_(source),
      clock_(clock),
      onCode_(std::move(onCode)),
      filter_(presentationGap),
      worker_([this](const DecodeOutcome& outcome) { onResult(outcome); }, options, stillFramesFor(presentationGap),
              clock) {}

CameraCodeReader::~CameraCodeReader() { stop(); }

std::optional<SourceError> CameraCodeReader::start() {
    return source_.start([this](const GrayView& frame) { return worker_.submit(frame); });
}

void CameraCodeReader::stop() {
    source_.stop();
    worker_.waitIdle();
}

void CameraCodeReader::resetPresentation() {
    std::lock_guard lock(filterMutex_);
    filter_.reset();
}

void CameraCodeReader::onResult(const DecodeOutcome& outcome) {
    if (!outcome.code) return;
    const auto now = clock_.steadyNow();
    {
        std::lock_guard lock(filterMutex_);
        if (!filter_.seen(outcome.code->text, now)) return;
    }
    if (onCode_) onCode_(ScannedCode{Personal(outcome.code->text), CodeSource::Camera, now}, *outcome.code);
}

}  // namespace kiosk::codes
