// The V4L2 camera without a camera: these machines have no /dev/video* and
// cannot load v4l2loopback, and the ioctls are not faked. What is tested for
// real: opening what is not a camera (a missing path, /dev/null, a regular
// file, a directory) gives a clear SourceError and leaks nothing, stop()
// without start is fine, and the format choice (pure). With a real camera,
// KIOSK_TEST_CAMERA=/dev/video0 runs the streaming test as well.
#include <gtest/gtest.h>
#include <linux/videodev2.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "codes_test_support.h"
#include "drivers/codes/v4l2_camera.h"

using namespace kiosk::codes;
using namespace std::chrono_literals;

namespace {

size_t openFds() {
    size_t n = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
    return n;
}

std::string startError(const std::string& device) {
    V4l2CameraOptions options;
    options.device = device;
    V4l2Camera camera(options);
    bool called = false;
    auto err = camera.start([&](const GrayView&) { return called = true; });
    EXPECT_FALSE(called);
    EXPECT_FALSE(camera.streaming());
    EXPECT_FALSE(camera.failure()) << "a start error is returned, not kept as a streaming failure";
    if (err) std::printf("  %s\n", err->message.c_str());
    return err ? err->message : "";
}

}  // namespace

TEST(CodesV4l2Camera, WhatIsNotACameraGivesAClearError) {
    codes_test::TempDir dir;
    const size_t fdsBefore = openFds();

    const std::string missing = (dir.path / "video0").string();
    std::string msg = startError(missing);
    EXPECT_NE(msg.find(missing), std::string::npos) << msg;
    EXPECT_NE(msg.find("cannot open"), std::string::npos) << msg;
    EXPECT_NE(msg.find("No such file"), std::string::npos) << msg;

    // A character device that is not V4L2: QUERYCAP is refused.
    msg = startError("/dev/null");
    EXPECT_NE(msg.find("not a V4L2 device"), std::string::npos) << msg;

    const auto file = dir.path / "frames.bin";
    std::ofstream(file) << "not a camera";
    msg = startError(file.string());
    EXPECT_NE(msg.find("not a device node"), std::string::npos) << msg;

    msg = startError(dir.path.string());
    EXPECT_NE(msg.find("cannot open"), std::string::npos) << msg;

    EXPECT_EQ(openFds(), fdsBefore) << "a failed start closes what it opened";
}

TEST(CodesV4l2Camera, StopWithoutStartAndStartAgainAreFine) {
    V4l2CameraOptions options;
    options.device = "/dev/null";
    V4l2Camera camera(options);
    camera.stop();
    camera.stop();
    const size_t fds = openFds();
    for (int i = 0; i < 3; ++i) {
        auto err = camera.start([](const GrayView&) { return true; });
        ASSERT_TRUE(err);
        EXPECT_NE(err->message.find("camera /dev/null"), std::string::npos) << err->message;
    }
    EXPECT_EQ(openFds(), fds);
    EXPECT_EQ(camera.format().pixelFormat, 0u) << "nothing negotiated";
    camera.stop();
}

TEST(CodesV4l2Camera, FormatChoicePrefersSizeThenRateThenYuyv) {
    const auto yuyv = V4L2_PIX_FMT_YUYV, mjpeg = V4L2_PIX_FMT_MJPEG;
    // The usual USB 2 webcam: YUYV 720p only at 10 fps, MJPEG at 30.
    std::vector<FormatCandidate> webcam = {{yuyv, 1280, 720, 10}, {mjpeg, 1280, 720, 30}};
    EXPECT_EQ(chooseCaptureFormat(webcam, 1280, 720, 15), 1);
    EXPECT_EQ(chooseCaptureFormat(webcam, 1280, 720, 10), 0) << "YUYV is fast enough: no decoding";
    // YUYV only at a smaller size (the driver's TRY_FMT answer): MJPEG has the size.
    std::vector<FormatCandidate> small = {{yuyv, 640, 480, 30}, {mjpeg, 1280, 720, 30}};
    EXPECT_EQ(chooseCaptureFormat(small, 1280, 720, 15), 1);
    // A driver that lists no frame intervals (maxFps 0) is taken at its word.
    std::vector<FormatCandidate> quiet = {{mjpeg, 1280, 720, 0}, {yuyv, 1280, 720, 0}};
    EXPECT_EQ(chooseCaptureFormat(quiet, 1280, 720, 15), 1);
    // Neither gives the size: the larger picture.
    std::vector<FormatCandidate> neither = {{yuyv, 640, 480, 30}, {mjpeg, 800, 600, 30}};
    EXPECT_EQ(chooseCaptureFormat(neither, 1280, 720, 15), 1);
    // Other formats are never chosen; nothing to choose is -1.
    std::vector<FormatCandidate> other = {{V4L2_PIX_FMT_H264, 1280, 720, 30}};
    EXPECT_EQ(chooseCaptureFormat(other, 1280, 720, 15), -1);
    EXPECT_EQ(chooseCaptureFormat({}, 1280, 720, 15), -1);
    EXPECT_EQ(fourccName(V4L2_PIX_FMT_MJPEG), "MJPG");
    EXPECT_EQ((CameraFormat{yuyv, 1280, 720, 2560, 10}.describe()), "YUYV 1280x720 at 10 fps");
}

// Only with a camera attached (never on the build machines): streams for two
// seconds and checks frames arrive at the negotiated size, then stops
// promptly and starts again.
TEST(CodesV4l2Camera, ARealCameraStreams) {
    const char* device = std::getenv("KIOSK_TEST_CAMERA");
    if (!device) GTEST_SKIP() << "set KIOSK_TEST_CAMERA=/dev/videoN to run against a real camera";
    V4l2CameraOptions options;
    options.device = device;
    V4l2Camera camera(options);
    std::atomic<int> frames{0};
    std::atomic<int> width{0};
    for (int round = 0; round < 2; ++round) {
        frames = 0;
        auto err = camera.start([&](const GrayView& f) {
            width = f.width;
            ++frames;
            return true;
        });
        ASSERT_FALSE(err) << err->message;
        std::printf("  %s\n", camera.format().describe().c_str());
        std::this_thread::sleep_for(2s);
        EXPECT_GT(frames.load(), 0);
        EXPECT_EQ(width.load(), camera.format().width);
        const auto t0 = std::chrono::steady_clock::now();
        camera.stop();
        EXPECT_LT(std::chrono::steady_clock::now() - t0, 500ms) << "stop is prompt";
        std::printf("  frames %llu, bad %llu\n", static_cast<unsigned long long>(camera.framesDelivered()),
                    static_cast<unsigned long long>(camera.framesBad()));
    }
}
