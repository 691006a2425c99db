// The camera path end to end with the image-folder emulator: one event per
// presentation, decoding on the worker, frames skipped while busy.
#include <gtest/gtest.h>

#include <mutex>
#include <thread>

#include "codes_test_support.h"
#include "drivers/codes/camera_reader.h"
#include "drivers/codes/image_folder_source.h"

using namespace kiosk;
using namespace kiosk::codes;
using namespace std::chrono_literals;

TEST(CodesPresentation, SameCodeIsOneEventUntilAwayLongerThanTheGap) {
    PresentationFilter f(1500ms);
    const auto t0 = std::chrono::steady_clock::time_point(10s);
    EXPECT_TRUE(f.seen("A", t0));
    for (int i = 1; i <= 30; ++i) EXPECT_FALSE(f.seen("A", t0 + i * 33ms)) << i;
    EXPECT_TRUE(f.seen("B", t0 + 2s));
    EXPECT_TRUE(f.seen("A", t0 + 2100ms));      // another code in between
    EXPECT_TRUE(f.seen("A", t0 + 2100ms + 2s));  // away longer than the gap
    EXPECT_FALSE(f.seen("A", t0 + 2100ms + 3s));
    f.reset();
    EXPECT_TRUE(f.seen("A", t0 + 2100ms + 3100ms));
}

namespace {
struct Events {
    std::mutex mutex;
    std::vector<std::string> texts;
    std::vector<std::thread::id> threads;
};
}  // namespace

TEST(CodesCamera, EmulatedCameraGivesOneEventPerPresentation) {
    // plain_1 held up for 12 decoded frames, a moment with nothing, plain_1
    // again (same showing: the gap has not passed), then small_2 and dark_1.
    ImageFolderOptions options;
    options.folder = codes_test::qrDir();
    options.sequence = {"plain_1", "nocode_1", "plain_1", "small_2", "dark_1"};
    options.fps = 200;
    options.holdFrames = 12;
    options.hold = ImageFolderOptions::Hold::FramesAccepted;
    ImageFolderSource camera(options);
    ManualClock clock;  // time stands still: everything happens within one gap
    Events events;
    CameraCodeReader reader(camera, clock, [&](ScannedCode code, const DecodedCode&) {
        std::lock_guard lock(events.mutex);
        events.texts.push_back(code.text.reveal());
        events.threads.push_back(std::this_thread::get_id());
        EXPECT_EQ(code.source, CodeSource::Camera);
    });
    ASSERT_FALSE(reader.start());
    camera.waitFinished();
    reader.stop();
    std::printf("  frames decoded %llu, still %llu, skipped while busy %llu\n",
                static_cast<unsigned long long>(reader.framesDecoded()),
                static_cast<unsigned long long>(reader.framesStill()),
                static_cast<unsigned long long>(reader.framesSkipped()));
    // Each picture is decoded once; its 11 repeats are seen to be still (the
    // manual clock never reaches the recheck), and no frame goes unlooked at.
    EXPECT_EQ(reader.framesDecoded(), 5u);
    EXPECT_EQ(reader.framesStill(), 55u);
    ASSERT_EQ(events.texts.size(), 3u);
    EXPECT_EQ(events.texts[0], codes_test::truthOf("plain_1"));
    EXPECT_EQ(events.texts[1], codes_test::truthOf("small_2"));
    EXPECT_EQ(events.texts[2], codes_test::truthOf("dark_1"));
    for (auto id : events.threads) EXPECT_NE(id, std::this_thread::get_id()) << "decoded on the caller's thread";
}

TEST(CodesCamera, WorkerSkipsFramesWhileBusy) {
    auto img = loadGrayImage(codes_test::qrDir() / "nocode_2.jpg");
    ASSERT_TRUE(img);
    std::mutex gate;
    gate.lock();  // the first decode's callback waits here: the worker stays busy
    DecodeWorker worker([&](const DecodeOutcome&) {
        std::lock_guard hold(gate);
    });
    EXPECT_TRUE(worker.submit(img.value().view()));
    int skipped = 0;
    for (int i = 0; i < 5; ++i) skipped += !worker.submit(img.value().view());
    EXPECT_EQ(skipped, 5);
    gate.unlock();
    worker.waitIdle();
    EXPECT_EQ(worker.framesDecoded(), 1u);
    EXPECT_EQ(worker.framesSkipped(), 5u);
    EXPECT_TRUE(worker.submit(img.value().view()));
    worker.waitIdle();
}

namespace {
// A grey frame with a noise pattern (a stand-in for sensor noise) of at
// most `amplitude` levels around `level`.
GrayImage noisyFrame(int width, int height, uint8_t level, int amplitude, uint32_t seed) {
    GrayImage img;
    img.width = width;
    img.height = height;
    img.pixels.resize(static_cast<size_t>(width) * height);
    for (auto& p : img.pixels) {
        seed ^= seed << 13, seed ^= seed >> 17, seed ^= seed << 5;
        p = static_cast<uint8_t>(level + static_cast<int>(seed % (2 * amplitude + 1)) - amplitude);
    }
    return img;
}
}  // namespace

TEST(CodesCamera, StillSceneIsDecodedOncePerRecheckAndAChangeAtOnce) {
    // An empty counter: frames that differ only by noise are not decoded
    // again until the recheck interval has passed.
    ManualClock clock;
    StillFrames still;
    still.recheck = 750ms;
    std::atomic<int> decoded{0};
    DecodeWorker worker([&](const DecodeOutcome&) { ++decoded; }, {}, still, clock);
    auto submitAndWait = [&](const GrayImage& img) {
        const bool taken = worker.submit(img.view());
        worker.waitIdle();
        return taken;
    };
    EXPECT_TRUE(submitAndWait(noisyFrame(640, 480, 120, 6, 1)));
    for (uint32_t i = 2; i < 30; ++i) {
        clock.advance(20ms);
        EXPECT_TRUE(submitAndWait(noisyFrame(640, 480, 120, 6, i))) << i;
    }
    EXPECT_EQ(decoded.load(), 1);
    EXPECT_EQ(worker.framesStill(), 28u);
    clock.advance(200ms);  // 760 ms since the decode
    EXPECT_TRUE(submitAndWait(noisyFrame(640, 480, 120, 6, 40)));
    EXPECT_EQ(decoded.load(), 2);

    // Something comes up in a corner (a small code far away: 60x60 of
    // 640x480, ~1.2%): decoded at once, not at the next recheck.
    clock.advance(20ms);
    GrayImage withCard = noisyFrame(640, 480, 120, 6, 41);
    for (int y = 400; y < 460; ++y)
        for (int x = 560; x < 620; ++x) withCard.pixels[static_cast<size_t>(y) * 640 + x] = (x / 6 + y / 6) % 2 ? 10 : 245;
    EXPECT_TRUE(submitAndWait(withCard));
    EXPECT_EQ(decoded.load(), 3);
    clock.advance(20ms);
    EXPECT_TRUE(submitAndWait(withCard));  // and held there: still again
    EXPECT_EQ(decoded.load(), 3);

    // Off: every frame is decoded.
    StillFrames off;
    off.enabled = false;
    std::atomic<int> decodedOff{0};
    DecodeWorker every([&](const DecodeOutcome&) { ++decodedOff; }, {}, off, clock);
    for (uint32_t i = 1; i <= 5; ++i) {
        EXPECT_TRUE(every.submit(noisyFrame(320, 240, 120, 6, i).view()));
        every.waitIdle();
    }
    EXPECT_EQ(decodedOff.load(), 5);
    EXPECT_EQ(every.framesStill(), 0u);
}

TEST(CodesCamera, CodeHeldStillStaysOnePresentationAcrossRechecks) {
    // A code held perfectly still for 5 s of camera time: rechecked every
    // half gap, so the filter keeps seeing it and reports it once.
    ImageFolderOptions options;
    options.folder = codes_test::qrDir();
    options.sequence = {"plain_1"};
    options.fps = 200;
    options.holdFrames = 150;
    options.hold = ImageFolderOptions::Hold::FramesAccepted;
    ImageFolderSource camera(options);
    ManualClock clock;
    std::atomic<int> events{0};
    // Camera time moves with the frames the reader looks at: 33 ms a frame.
    struct Ticking final : FrameSource {
        FrameSource& inner;
        ManualClock& clock;
        Ticking(FrameSource& i, ManualClock& c) : inner(i), clock(c) {}
        std::optional<SourceError> start(FrameCallback cb) override {
            return inner.start([this, cb = std::move(cb)](const GrayView& f) {
                const bool taken = cb(f);
                if (taken) clock.advance(33ms);
                return taken;
            });
        }
        void stop() override { inner.stop(); }
    };
    Ticking ticking(camera, clock);
    CameraCodeReader ticked(
        ticking, clock, [&](ScannedCode, const DecodedCode&) { ++events; }, 1500ms);
    ASSERT_FALSE(ticked.start());
    camera.waitFinished();
    ticked.stop();
    EXPECT_EQ(events.load(), 1);
    // 150 frames over ~5 s: decoded about every 750 ms, not 150 times.
    EXPECT_GE(ticked.framesDecoded(), 5u);
    EXPECT_LE(ticked.framesDecoded(), 12u);
    EXPECT_EQ(ticked.framesDecoded() + ticked.framesStill(), 150u);
}

TEST(CodesCamera, FolderWithoutPicturesIsAnErrorValue) {
    codes_test::TempDir dir;
    ImageFolderOptions options;
    options.folder = dir.path;
    ImageFolderSource camera(options);
    auto err = camera.start([](const GrayView&) { return true; });
    ASSERT_TRUE(err);
    EXPECT_NE(err->message.find("no PNG"), std::string::npos);
}
