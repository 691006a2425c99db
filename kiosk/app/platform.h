#pragma once
// The window: SDL2 + an OpenGL 3 context + Dear ImGui's SDL2/OpenGL3
// backends. Works on a real display, under Xvfb, and with SDL's offscreen
// video driver (EGL on Mesa's llvmpipe) where there is no display at all.
// UI thread only.
#include <SDL.h>

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace kiosk {

struct PlatformOptions {
    int width = 1920, height = 1080;
    bool fullscreen = false;
    bool offscreen = false;  // force SDL's offscreen driver
    bool vsync = true;
};

struct Image {
    int width = 0, height = 0;
    std::vector<uint8_t> rgba;  // top row first
    bool writePng(const std::string& path) const;
};

class Platform {
public:
    Platform() = default;
    Platform(const Platform&) = delete;
    Platform& operator=(const Platform&) = delete;
    ~Platform();

    // Creates the window, the GL context and the ImGui context + backends.
    // Returns an error message on failure (no display, no GL).
    std::optional<std::string> open(const PlatformOptions& options);
    void close();

    SDL_Window* window() const { return window_; }
    int width() const;
    int height() const;
    void resize(int width, int height);
    bool offscreen() const { return offscreen_; }

    // Clears, renders ImGui's draw data, optionally reads the pixels back,
    // and presents. Call after ImGui::Render().
    void present(const float clearRgb[3], Image* capture);

    // Waits up to `timeoutMs` (0: just polls) for an event. Any thread may
    // call wake() to end the wait early.
    bool waitEvent(SDL_Event* event, int timeoutMs);
    void wake();

private:
    SDL_Window* window_ = nullptr;
    void* gl_ = nullptr;
    bool offscreen_ = false;
    uint32_t wakeEvent_ = 0;
    // SDL 2.26's offscreen driver cannot block in SDL_WaitEventTimeout (it
    // polls every millisecond, ~3% of a core); it has no input devices
    // either, so there we sleep on our own condition variable instead.
    std::mutex wakeMutex_;
    std::condition_variable wakeCv_;
    bool woken_ = false;
    bool imguiReady_ = false;
};

}  // namespace kiosk
