#pragma once
// The camera emulator: plays the PNG/JPEG pictures of a folder (in name
// order) as camera frames, each one "held up" for a number of frames, at a
// frame rate, once or in a loop. A picture without a code (tests/data/qr's
// nocode frames) stands for "nothing in front of the camera".
//
// Two ways to count the frames of a showing:
//   FramesSent      like a camera: `holdFrames` frames at `fps`, whether the
//                   reader took them or skipped them (demo)
//   FramesAccepted  until the reader took `holdFrames` of them (tests: the
//                   same frames are decoded on any machine, however slow)
// Pictures are decoded once, when the source starts. Ownership: owns its
// thread; stop() or the destructor joins it.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

#include "drivers/codes/frame_source.h"

namespace kiosk::codes {

struct ImageFolderOptions {
    std::filesystem::path folder;
    // Only files whose name (without extension) is in this list, in this
    // order, repeats allowed; empty: every picture of the folder.
    std::vector<std::string> sequence;
    double fps = 15;
    int holdFrames = 15;
    enum class Hold { FramesSent, FramesAccepted } hold = Hold::FramesSent;
    bool loop = false;
};

class ImageFolderSource final : public FrameSource {
public:
    explicit ImageFolderSource(ImageFolderOptions options) : options_(std::move(options)) {}
    ~ImageFolderSource() override { stop(); }

    std::optional<SourceError> start(FrameCallback onFrame) override;
    void stop() override;
    // Blocks until a non-looping source has played everything (or stop()).
    void waitFinished();

private:
    void run(FrameCallback onFrame);

    ImageFolderOptions options_;
    std::vector<GrayImage> frames_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool stop_ = false;
    bool finished_ = false;
    std::thread thread_;
};

// One picture shown to the reader until it takes it once: the path
// `kiosk-cli scan-code` runs a file through, the same as the camera's.
class StillImageSource final : public FrameSource {
public:
    explicit StillImageSource(GrayImage image) : image_(std::move(image)) {}
    ~StillImageSource() override { stop(); }
    std::optional<SourceError> start(FrameCallback onFrame) override;
    void stop() override;

private:
    GrayImage image_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

}  // namespace kiosk::codes
