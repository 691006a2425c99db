#include "drivers/codes/v4l2_camera.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <tuple>

#include "drivers/codes/pixel_formats.h"
#include "kiosk/core/log.h"

namespace kiosk::codes {
namespace {

// ioctl, again when a signal interrupted it.
int xioctl(int fd, unsigned long request, void* arg) {
    int r;
    do r = ::ioctl(fd, request, arg);
    while (r < 0 && errno == EINTR);
    return r;
}

double fpsOf(const v4l2_fract& interval) {
    return interval.numerator == 0 ? 0 : static_cast<double>(interval.denominator) / interval.numerator;
}

// The best frame rate the driver lists for a format and size (0: it lists none).
double maxFps(int fd, uint32_t pixelFormat, int width, int height) {
    v4l2_frmivalenum iv{};
    iv.pixel_format = pixelFormat;
    iv.width = static_cast<uint32_t>(width);
    iv.height = static_cast<uint32_t>(height);
    double best = 0;
    for (iv.index = 0; xioctl(fd, VIDIOC_ENUM_FRAMEINTERVALS, &iv) == 0; ++iv.index) {
        if (iv.type == V4L2_FRMIVAL_TYPE_DISCRETE) {
            best = std::max(best, fpsOf(iv.discrete));
        } else {  // stepwise or continuous: the shortest interval, listed once
            best = std::max(best, fpsOf(iv.stepwise.min));
            break;
        }
    }
    return best;
}

// How many consecutive poll timeouts (of kPollMs) before a stalled camera is logged.
constexpr int kPollMs = 1000;
constexpr int kStallLogAfter = 5;
// EIO from DQBUF is a transient error per the V4L2 spec (signal loss); this
// many in a row is a camera that is gone in all but name.
constexpr int kMaxConsecutiveIoErrors = 50;

}  // namespace

std::string fourccName(uint32_t f) {
    std::string s;
    for (int i = 0; i < 4; ++i) {
        const char c = static_cast<char>((f >> (8 * i)) & 0xFF);
        s += (c >= 0x20 && c < 0x7F) ? c : '?';
    }
    return s;
}

std::string CameraFormat::describe() const {
    std::string s = fourccName(pixelFormat) + " " + std::to_string(width) + "x" + std::to_string(height);
    if (fps > 0) s += " at " + std::to_string(static_cast<int>(std::lround(fps))) + " fps";
    return s;
}

int chooseCaptureFormat(std::span<const FormatCandidate> candidates, int width, int height, int fps) {
    auto rank = [&](const FormatCandidate& c) {
        const bool exactSize = c.width == width && c.height == height;
        const bool fastEnough = c.maxFps == 0 || c.maxFps + 0.5 >= fps;
        const bool yuyv = c.pixelFormat == V4L2_PIX_FMT_YUYV;
        const int64_t area = static_cast<int64_t>(c.width) * c.height;
        // Lexicographic: the size; failing it the bigger picture; then the
        // rate, then no decoding.
        return std::make_tuple(exactSize, exactSize ? int64_t{0} : area, fastEnough, yuyv);
    };
    int best = -1;
    for (size_t i = 0; i < candidates.size(); ++i) {
        const auto& c = candidates[i];
        if (c.pixelFormat != V4L2_PIX_FMT_YUYV && c.pixelFormat != V4L2_PIX_FMT_MJPEG) continue;
        if (c.width <= 0 || c.height <= 0) continue;
        if (best < 0 || rank(c) > rank(candidates[static_cast<size_t>(best)])) best = static_cast<int>(i);
    }
    return best;
}

V4l2Camera::~V4l2Camera() { stop(); }

SourceError V4l2Camera::error(const std::string& what, int err) const {
    return SourceError{"camera " + options_.device + ": " + what + (err ? std::string(": ") + std::strerror(err) : "")};
}

CameraFormat V4l2Camera::format() const {
    std::lock_guard lock(mutex_);
    return format_;
}

std::optional<SourceError> V4l2Camera::failure() const {
    std::lock_guard lock(mutex_);
    return failure_;
}

std::optional<SourceError> V4l2Camera::start(FrameCallback onFrame) {
    stop();
    stop_ = false;
    if (auto err = open()) {
        release();
        return err;
    }
    if (auto err = negotiate()) {
        release();
        return err;
    }
    if (auto err = startStreaming()) {
        release();
        return err;
    }
    streaming_ = true;
    thread_ = std::thread([this, cb = std::move(onFrame)] { run(cb); });
    return std::nullopt;
}

void V4l2Camera::stop() {
    stop_ = true;
    if (wakeFd_ >= 0) {
        const uint64_t one = 1;
        (void)!::write(wakeFd_, &one, sizeof one);
    }
    if (thread_.joinable()) thread_.join();
    release();
    streaming_ = false;
    std::lock_guard lock(mutex_);
    failure_.reset();
}

std::optional<SourceError> V4l2Camera::open() {
    fd_ = ::open(options_.device.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd_ < 0) return error("cannot open", errno);
    struct stat st {};
    if (::fstat(fd_, &st) != 0) return error("cannot stat", errno);
    if (!S_ISCHR(st.st_mode)) return error("not a device node (expected a V4L2 device such as /dev/video0)", 0);
    v4l2_capability cap{};
    if (xioctl(fd_, VIDIOC_QUERYCAP, &cap) != 0) {
        const int err = errno;
        if (err == ENOTTY || err == EINVAL) return error("not a V4L2 device (VIDIOC_QUERYCAP refused)", err);
        return error("VIDIOC_QUERYCAP failed", err);
    }
    // device_caps describe this node; capabilities the whole physical device.
    const uint32_t caps = (cap.capabilities & V4L2_CAP_DEVICE_CAPS) ? cap.device_caps : cap.capabilities;
    if (!(caps & V4L2_CAP_VIDEO_CAPTURE))
        return error(std::string("\"") + reinterpret_cast<const char*>(cap.card) +
                         "\" is not a video capture node (UVC cameras also have a metadata node: try the other /dev/videoN)",
                     0);
    if (!(caps & V4L2_CAP_STREAMING)) return error("does not support streaming I/O", 0);
    KLOG_INFO("camera {}: \"{}\" ({})", options_.device, reinterpret_cast<const char*>(cap.card),
              reinterpret_cast<const char*>(cap.driver));
    return std::nullopt;
}

std::optional<SourceError> V4l2Camera::negotiate() {
    std::vector<uint32_t> offered;
    v4l2_fmtdesc desc{};
    desc.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    for (desc.index = 0; xioctl(fd_, VIDIOC_ENUM_FMT, &desc) == 0; ++desc.index) offered.push_back(desc.pixelformat);

    std::vector<FormatCandidate> candidates;
    for (uint32_t wanted : {V4L2_PIX_FMT_YUYV, V4L2_PIX_FMT_MJPEG}) {
        if (std::find(offered.begin(), offered.end(), wanted) == offered.end()) continue;
        v4l2_format f{};
        f.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        f.fmt.pix.width = static_cast<uint32_t>(options_.width);
        f.fmt.pix.height = static_cast<uint32_t>(options_.height);
        f.fmt.pix.pixelformat = wanted;
        f.fmt.pix.field = V4L2_FIELD_ANY;
        // TRY_FMT asks without changing anything; a driver without it gets S_FMT.
        if (xioctl(fd_, VIDIOC_TRY_FMT, &f) != 0 && xioctl(fd_, VIDIOC_S_FMT, &f) != 0) continue;
        if (f.fmt.pix.pixelformat != wanted) continue;
        const int w = static_cast<int>(f.fmt.pix.width), h = static_cast<int>(f.fmt.pix.height);
        candidates.push_back({wanted, w, h, maxFps(fd_, wanted, w, h)});
    }
    const int chosen = chooseCaptureFormat(candidates, options_.width, options_.height, options_.fps);
    if (chosen < 0) {
        std::string list;
        for (uint32_t f : offered) list += (list.empty() ? "" : ", ") + fourccName(f);
        return error("offers neither YUYV nor MJPEG (it lists: " + (list.empty() ? std::string("nothing") : list) + ")", 0);
    }
    const FormatCandidate& c = candidates[static_cast<size_t>(chosen)];

    v4l2_format f{};
    f.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    f.fmt.pix.width = static_cast<uint32_t>(c.width);
    f.fmt.pix.height = static_cast<uint32_t>(c.height);
    f.fmt.pix.pixelformat = c.pixelFormat;
    f.fmt.pix.field = V4L2_FIELD_ANY;
    if (xioctl(fd_, VIDIOC_S_FMT, &f) != 0) return error("VIDIOC_S_FMT " + fourccName(c.pixelFormat) + " failed", errno);
    if (f.fmt.pix.pixelformat != c.pixelFormat)
        return error("asked for " + fourccName(c.pixelFormat) + ", the driver set " + fourccName(f.fmt.pix.pixelformat), 0);
    CameraFormat actual;
    actual.pixelFormat = f.fmt.pix.pixelformat;
    actual.width = static_cast<int>(f.fmt.pix.width);
    actual.height = static_cast<int>(f.fmt.pix.height);
    actual.bytesPerLine = static_cast<int>(f.fmt.pix.bytesperline);
    // Some drivers leave bytesperline 0 for packed formats: it is then the packed width.
    if (actual.pixelFormat == V4L2_PIX_FMT_YUYV && actual.bytesPerLine < 2 * actual.width)
        actual.bytesPerLine = 2 * actual.width;

    v4l2_streamparm parm{};
    parm.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    if (xioctl(fd_, VIDIOC_G_PARM, &parm) == 0 && (parm.parm.capture.capability & V4L2_CAP_TIMEPERFRAME)) {
        parm.parm.capture.timeperframe = {1, static_cast<uint32_t>(std::max(1, options_.fps))};
        // S_PARM answers with the interval the driver chose.
        if (xioctl(fd_, VIDIOC_S_PARM, &parm) != 0)
            KLOG_WARN("camera {}: cannot set {} fps: {}", options_.device, options_.fps, std::strerror(errno));
        else
            actual.fps = fpsOf(parm.parm.capture.timeperframe);
    } else if (parm.parm.capture.timeperframe.numerator) {
        actual.fps = fpsOf(parm.parm.capture.timeperframe);
    }
    if (actual.width != options_.width || actual.height != options_.height || std::lround(actual.fps) != options_.fps)
        KLOG_WARN("camera {}: asked for {}x{} at {} fps, the driver set {}", options_.device, options_.width,
                  options_.height, options_.fps, actual.describe());
    else
        KLOG_INFO("camera {}: {}", options_.device, actual.describe());
    std::lock_guard lock(mutex_);
    format_ = actual;
    return std::nullopt;
}

std::optional<SourceError> V4l2Camera::startStreaming() {
    v4l2_requestbuffers req{};
    req.count = static_cast<uint32_t>(std::max(2, options_.buffers));
    req.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    req.memory = V4L2_MEMORY_MMAP;
    if (xioctl(fd_, VIDIOC_REQBUFS, &req) != 0) return error("VIDIOC_REQBUFS (mmap) failed", errno);
    // Two is the least that streams: one with the driver while the other is read.
    if (req.count < 2) return error("the driver gave " + std::to_string(req.count) + " buffer(s), at least 2 are needed", 0);
    for (uint32_t i = 0; i < req.count; ++i) {
        v4l2_buffer b{};
        b.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        b.memory = V4L2_MEMORY_MMAP;
        b.index = i;
        if (xioctl(fd_, VIDIOC_QUERYBUF, &b) != 0) return error("VIDIOC_QUERYBUF failed", errno);
        void* p = ::mmap(nullptr, b.length, PROT_READ | PROT_WRITE, MAP_SHARED, fd_, b.m.offset);
        if (p == MAP_FAILED) return error("mmap of a capture buffer failed", errno);
        buffers_.push_back({p, b.length});
    }
    for (uint32_t i = 0; i < buffers_.size(); ++i) {
        v4l2_buffer b{};
        b.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        b.memory = V4L2_MEMORY_MMAP;
        b.index = i;
        if (xioctl(fd_, VIDIOC_QBUF, &b) != 0) return error("VIDIOC_QBUF failed", errno);
    }
    wakeFd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (wakeFd_ < 0) return error("eventfd failed", errno);
    int type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    if (xioctl(fd_, VIDIOC_STREAMON, &type) != 0) return error("VIDIOC_STREAMON failed", errno);
    streamOn_ = true;
    return std::nullopt;
}

void V4l2Camera::run(FrameCallback onFrame) {
    const CameraFormat fmt = format();
    int timeouts = 0;
    int ioErrors = 0;
    while (!stop_) {
        pollfd fds[2] = {{fd_, POLLIN, 0}, {wakeFd_, POLLIN, 0}};
        const int n = ::poll(fds, 2, kPollMs);
        if (n < 0) {
            if (errno == EINTR) continue;
            return fail("poll failed: " + std::string(std::strerror(errno)));
        }
        if (stop_ || (fds[1].revents & POLLIN)) return;
        if (n == 0) {
            if (++timeouts == kStallLogAfter)
                KLOG_WARN("camera {}: no frame for {} s", options_.device, kStallLogAfter * kPollMs / 1000);
            continue;
        }
        timeouts = 0;
        if (fds[0].revents & POLLNVAL) return fail("the device was closed under the capture thread");
        // POLLERR alone: DQBUF below says why (ENODEV when unplugged).
        v4l2_buffer b{};
        b.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        b.memory = V4L2_MEMORY_MMAP;
        if (xioctl(fd_, VIDIOC_DQBUF, &b) != 0) {
            const int err = errno;
            if (err == EAGAIN) {
                if (fds[0].revents & (POLLERR | POLLHUP)) return fail("the camera reported an error (POLLERR); unplugged?");
                continue;
            }
            if (err == ENODEV) return fail("unplugged (ENODEV)");
            if (err == EIO && ++ioErrors < kMaxConsecutiveIoErrors) {
                bad_++;
                continue;
            }
            return fail("VIDIOC_DQBUF failed: " + std::string(std::strerror(err)));
        }
        ioErrors = 0;
        if (b.index < buffers_.size()) {
            const Buffer& buf = buffers_[b.index];
            // bytesused beyond the buffer would be a driver bug; never read past it.
            const size_t used = std::min<size_t>(b.bytesused, buf.length);
            std::span<const uint8_t> bytes(static_cast<const uint8_t*>(buf.start), used);
            bool good = false;
            if (!(b.flags & V4L2_BUF_FLAG_ERROR)) {
                if (fmt.pixelFormat == V4L2_PIX_FMT_YUYV) {
                    auto view = yuyvLuma(bytes, fmt.width, fmt.height, fmt.bytesPerLine);
                    if (view) {
                        good = true;
                        onFrame(view.value());
                    } else {
                        KLOG_DEBUG("camera {}: bad YUYV frame: {}", options_.device, frameErrorName(view.error()));
                    }
                } else {
                    auto image = mjpegToGray(bytes);
                    if (image) {
                        good = true;
                        onFrame(image.value().view());
                    } else {
                        KLOG_DEBUG("camera {}: bad MJPEG frame: {}", options_.device, frameErrorName(image.error()));
                    }
                }
            }
            (good ? delivered_ : bad_)++;
        }
        if (xioctl(fd_, VIDIOC_QBUF, &b) != 0) {
            const int err = errno;
            return fail(err == ENODEV ? std::string("unplugged (ENODEV)")
                                      : "VIDIOC_QBUF failed: " + std::string(std::strerror(err)));
        }
    }
}

void V4l2Camera::fail(std::string message) {
    SourceError err = error(message, 0);
    KLOG_WARN("{}", err.message);
    {
        std::lock_guard lock(mutex_);
        failure_ = err;
    }
    streaming_ = false;
    if (onFailure_) onFailure_(err);
}

void V4l2Camera::release() {
    if (fd_ >= 0 && streamOn_) {
        int type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        (void)xioctl(fd_, VIDIOC_STREAMOFF, &type);  // fails with ENODEV when unplugged: nothing to do then
    }
    streamOn_ = false;
    for (const Buffer& b : buffers_) ::munmap(b.start, b.length);
    buffers_.clear();
    if (fd_ >= 0) ::close(fd_);  // also frees the driver's buffers
    fd_ = -1;
    if (wakeFd_ >= 0) ::close(wakeFd_);
    wakeFd_ = -1;
}

}  // namespace kiosk::codes
