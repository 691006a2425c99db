#include "ui_test_support.h"

#include <dlfcn.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>

#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/lsan_interface.h>

// Under the asan preset leaks are checked after each test, once the app and
// its threads are gone (TearDown), not at exit. LeakSanitizer's tracer (GCC
// 12, glibc 2.36) crashed now and then in CI ("Tracer caught signal 11",
// after the test had passed) while scanning thread-local storage with Mesa
// loaded; use_tls=0 skips that scan. What only TLS holds (the loader's,
// OpenSSL's, googletest's) is named in tests/lsan.supp.
extern "C" const char* __lsan_default_options() { return "leak_check_at_exit=0:use_tls=0"; }
#endif

namespace kiosk::test {

// Under the asan preset: Mesa's driver is unloaded when the app closes its
// GL context, and LeakSanitizer then blames "unknown module" for the memory
// Mesa kept in its globals, beyond any suppression (tests/lsan.supp names the
// libraries, not addresses). Pinning Mesa's libraries for the life of the
// test process keeps them loaded: their memory stays reachable and named, so
// leak detection stays on for every test here, GL or not, app restarts
// included. (Outside the sanitizer build this changes nothing that matters.)
void UiTest::SetUp() {
    setenv("SDL_VIDEODRIVER", "offscreen", 1);
    static const bool pinned = [] {
        for (const char* lib : {"libEGL_mesa.so.0", "libGLX_mesa.so.0", "libglapi.so.0",
                                "/usr/lib/x86_64-linux-gnu/dri/swrast_dri.so",
                                "/usr/lib/x86_64-linux-gnu/dri/kms_swrast_dri.so"})
            (void)dlopen(lib, RTLD_NOW | RTLD_NODELETE);
        return true;
    }();
    (void)pinned;
}

void UiTest::TearDown() {
    app.reset();
#ifdef __SANITIZE_ADDRESS__
    EXPECT_EQ(__lsan_do_recoverable_leak_check(), 0) << "LeakSanitizer found leaks (listed above)";
#endif
}

void UiTest::startApp(const KioskConfig& config, int width, int height) {
    app = std::make_unique<App>(config, clock);
    PlatformOptions options;
    options.width = width;
    options.height = height;
    options.offscreen = true;
    auto err = app->start(KIOSK_SOURCE_DIR "/assets", options);
    ASSERT_FALSE(err) << *err;
    frames(2);
}

void UiTest::frames(int n) {
    for (int i = 0; i < n; ++i) app->frame();
}

void UiTest::waitForScreen(ScreenId screen) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (app->flow().current() != screen && std::chrono::steady_clock::now() < deadline) {
        app->runQueue().drain();
        app->frame();
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    frames(1);
}

bool UiTest::waitUntil(const std::function<bool()>& done) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!done() && std::chrono::steady_clock::now() < deadline) {
        app->runQueue().drain();
        app->frame();
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    frames(1);
    return done();
}

void UiTest::saveStep(const std::string& step) {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::filesystem::path dir = std::filesystem::path(KIOSK_ARTIFACT_DIR) /
                                (std::string(info->test_suite_name()) + "." + info->name());
    std::filesystem::create_directories(dir);
    char prefix[16];
    std::snprintf(prefix, sizeof prefix, "%02d-", ++savedSteps_);
    EXPECT_TRUE(screenshot().writePng((dir / (prefix + step + ".png")).string())) << "cannot save " << step;
}

bool UiTest::hasTarget(const std::string& targetId) const { return app->targets().count(targetId) > 0; }

void UiTest::tap(const std::string& targetId) {
    auto it = app->targets().find(targetId);
    ASSERT_NE(it, app->targets().end()) << "no target '" << targetId << "' on screen " << screenName(app->flow().current());
    ScriptedPointer p{it->second.center(), true};
    app->frame(&p);
    p.down = false;
    app->frame(&p);
    app->frame();  // draw the result of the tap
}

void UiTest::drag(const std::string& targetId, float dy) {
    auto it = app->targets().find(targetId);
    ASSERT_NE(it, app->targets().end()) << "no target '" << targetId << "' on screen " << screenName(app->flow().current());
    ScriptedPointer p{it->second.center(), true};
    app->frame(&p);
    for (int step = 0; step < 4; ++step) {
        p.pos.y += dy / 4;
        app->frame(&p);
    }
    p.down = false;
    app->frame(&p);
    app->frame();
}

Image UiTest::screenshot() {
    Image image;
    app->frame(nullptr, &image);
    return image;
}

size_t inkPixels(const Image& image, Rgb bg, int x0, int y0, int x1, int y1) {
    if (x1 < 0) x1 = image.width;
    if (y1 < 0) y1 = image.height;
    size_t n = 0;
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x) {
            const uint8_t* p = &image.rgba[(static_cast<size_t>(y) * image.width + x) * 4];
            if (std::abs(p[0] - bg.r) + std::abs(p[1] - bg.g) + std::abs(p[2] - bg.b) > 24) ++n;
        }
    return n;
}

size_t differingPixels(const Image& a, const Image& b) {
    if (a.width != b.width || a.height != b.height) return SIZE_MAX;
    size_t n = 0;
    for (size_t i = 0; i < a.rgba.size(); i += 4)
        if (a.rgba[i] != b.rgba[i] || a.rgba[i + 1] != b.rgba[i + 1] || a.rgba[i + 2] != b.rgba[i + 2]) ++n;
    return n;
}

}  // namespace kiosk::test
