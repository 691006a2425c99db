#pragma once
// The camera path: a frame source, the decode worker and the presentation
// filter wired together. Frames arrive on the source's thread, are decoded
// on the worker (skipped while it is busy; a still scene is decoded only
// every half presentation gap, see decode_worker.h), and each new presentation of a
// code becomes one ScannedCode through the callback, on the worker thread:
// the app posts it to the UI thread's RunQueue.
//
//   ImageFolderOptions options;
//   options.folder = "assets/demo/codes";
//   ImageFolderSource camera(options);
//   CameraCodeReader reader(camera, clock, [&](ScannedCode c) { queue.post(...); });
//   if (auto err = reader.start()) KLOG_WARN("camera: {}", err->message);
//
// Ownership: borrows the source and the clock (both must outlive the
// reader); owns the worker. stop() or the destructor stops the source first,
// then the worker, so no callback runs after stop() returns.
#include <functional>
#include <mutex>
#include <optional>

#include "drivers/codes/decode_worker.h"
#include "drivers/codes/frame_source.h"
#include "drivers/codes/presentation_filter.h"
#include "kiosk/core/clock.h"
#include "kiosk/core/scanned_code.h"

namespace kiosk::codes {

class CameraCodeReader {
public:
    using Callback = std::function<void(ScannedCode code, const DecodedCode& details)>;

    CameraCodeReader(FrameSource& source, const Clock& clock, Callback onCode,
                     std::chrono::milliseconds presentationGap = std::chrono::milliseconds(1500),
                     DecodeOptions options = {});
    ~CameraCodeReader();

    std::optional<SourceError> start();
    void stop();
    // After the session ends: the same code shown again is a new event.
    void resetPresentation();
    // Waits until the worker has finished the frame it holds (tests).
    void waitIdle() { worker_.waitIdle(); }

    uint64_t framesDecoded() const { return worker_.framesDecoded(); }
    uint64_t framesSkipped() const { return worker_.framesSkipped(); }
    uint64_t framesStill() const { return worker_.framesStill(); }

private:
    void onResult(const DecodeOutcome& outcome);

    FrameSource& source_;
    const Clock& clock_;
    Callback onCode_;
    std::mutex filterMutex_;
    PresentationFilter filter_;
    DecodeWorker worker_;  // last: destroyed (joined) first
};

}  // namespace kiosk::codes
