#pragma once
// A camera as the code reader sees it: something that delivers grey frames
// on its own thread. The V4L2 camera (v4l2_camera.h) and the image-folder
// emulator (image_folder_source.h) implement it; tests and the demo use the
// emulator, so the decoding path after it is the kiosk's real one.
//
// Threads: start() and stop() from the owner's thread; the callback runs on
// the source's thread, once per frame, and the view is valid only during the
// call (camera buffers are handed back to the driver afterwards). The
// callback returns whether it took the frame (false: skipped while busy).
#include <functional>
#include <optional>
#include <string>

#include "drivers/codes/gray_image.h"

namespace kiosk::codes {

struct SourceError {
    std::string message;  // English, for the log and the maintenance screen; no personal data
};

class FrameSource {
public:
    using FrameCallback = std::function<bool(const GrayView& frame)>;
    virtual ~FrameSource() = default;
    // Starts the source's thread; an error value when the device cannot be opened.
    virtual std::optional<SourceError> start(FrameCallback onFrame) = 0;
    // Stops and joins the thread. Idempotent; also done by the destructor.
    virtual void stop() = 0;
};

}  // namespace kiosk::codes
