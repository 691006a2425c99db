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
    std::printf("  frames decoded %llu, skipped while busy %llu\n",
                static_cast<unsigned long long>(reader.framesDecoded()),
                static_cast<unsigned long long>(reader.framesSkipped()));
    EXPECT_EQ(reader.framesDecoded(), 60u);
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

TEST(CodesCamera, FolderWithoutPicturesIsAnErrorValue) {
    codes_test::TempDir dir;
    ImageFolderOptions options;
    options.folder = dir.path;
    ImageFolderSource camera(options);
    auto err = camera.start([](const GrayView&) { return true; });
    ASSERT_TRUE(err);
    EXPECT_NE(err->message.find("no PNG"), std::string::npos);
}
