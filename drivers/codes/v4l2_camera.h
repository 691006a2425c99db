#pragma once
// A USB (UVC) camera through V4L2 as a FrameSource for the code reader.
//
// start(): opens the device, checks it captures video with streaming I/O
// (VIDIOC_QUERYCAP), picks the format (chooseCaptureFormat below: YUYV,
// which needs no decoding, unless only MJPEG gives the configured size and
// frame rate), sets the frame rate (VIDIOC_S_PARM), and logs what the driver
// actually set (format()). Then mmap streaming: REQBUFS (4 buffers), QUERYBUF
// + mmap, QBUF, STREAMON, and the capture thread: poll() on the device and
// an eventfd (stop() writes it, so stop is prompt however slow the camera),
// DQBUF, grey frame (pixel_formats.h: YUYV luminance in place, MJPEG
// decoded), the callback, QBUF.
//
// A bad frame (flagged by the driver, cut short, corrupt) is skipped and
// counted. A camera that goes away (unplugged: ENODEV, POLLERR) ends the
// thread; the reason stays in failure() for health and the corner alert,
// and start() may be called again (it closes what is left first).
//
// Threads: start(), stop() and the destructor on the owner's thread;
// format(), failure() and the counters from any thread. The callback runs on
// the capture thread; the frame it sees lives in a driver buffer that goes
// back to the driver when the callback returns.
#include <linux/videodev2.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "drivers/codes/frame_source.h"

namespace kiosk::codes {

struct V4l2CameraOptions {
    std::string device = "/dev/video0";
    int width = 1280;
    int height = 720;
    int fps = 15;
    int buffers = 4;
};

// What the driver set (after start()).
struct CameraFormat {
    uint32_t pixelFormat = 0;  // V4L2_PIX_FMT_YUYV or V4L2_PIX_FMT_MJPEG
    int width = 0;
    int height = 0;
    int bytesPerLine = 0;      // YUYV stride
    double fps = 0;            // 0: the driver does not say
    std::string describe() const;  // "YUYV 1280x720 at 10 fps"
};

// One format the driver would give for the requested size: its answer to
// VIDIOC_TRY_FMT and the best frame rate it lists for that size (0: unknown).
struct FormatCandidate {
    uint32_t pixelFormat = 0;
    int width = 0;
    int height = 0;
    double maxFps = 0;
};
// Which candidate to use, or -1 when there is none. In order: the requested
// size, then the requested frame rate (a rate the driver does not list counts
// as enough), then YUYV over MJPEG (no decoding); failing the size, the
// largest picture. Pure; for tests.
int chooseCaptureFormat(std::span<const FormatCandidate> candidates, int width, int height, int fps);

std::string fourccName(uint32_t pixelFormat);  // "YUYV", "MJPG"

class V4l2Camera final : public FrameSource {
public:
    explicit V4l2Camera(V4l2CameraOptions options) : options_(std::move(options)) {}
    ~V4l2Camera() override;
    V4l2Camera(const V4l2Camera&) = delete;
    V4l2Camera& operator=(const V4l2Camera&) = delete;

    std::optional<SourceError> start(FrameCallback onFrame) override;
    void stop() override;

    // Called once on the capture thread when the camera fails while
    // streaming (after failure() is set); set it before start().
    void setOnFailure(std::function<void(const SourceError&)> onFailure) { onFailure_ = std::move(onFailure); }

    CameraFormat format() const;
    // Why streaming stopped by itself (unplugged...); empty while it runs,
    // before start and after stop().
    std::optional<SourceError> failure() const;
    bool streaming() const { return streaming_.load(); }
    uint64_t framesDelivered() const { return delivered_.load(); }
    uint64_t framesBad() const { return bad_.load(); }

private:
    struct Buffer {
        void* start = nullptr;
        size_t length = 0;
    };
    std::optional<SourceError> open();
    std::optional<SourceError> negotiate();
    std::optional<SourceError> startStreaming();
    void run(FrameCallback onFrame);
    void fail(std::string message);
    void release();  // STREAMOFF, munmap, close (owner's thread, thread joined)
    SourceError error(const std::string& what, int err) const;

    V4l2CameraOptions options_;
    std::function<void(const SourceError&)> onFailure_;
    int fd_ = -1;
    int wakeFd_ = -1;  // eventfd: stop() wakes the capture thread's poll()
    bool streamOn_ = false;
    std::vector<Buffer> buffers_;
    mutable std::mutex mutex_;  // format_, failure_
    CameraFormat format_;
    std::optional<SourceError> failure_;
    std::atomic<bool> stop_{false};
    std::atomic<bool> streaming_{false};
    std::atomic<uint64_t> delivered_{0};
    std::atomic<uint64_t> bad_{0};
    std::thread thread_;
};

}  // namespace kiosk::codes
