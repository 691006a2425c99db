#include "kiosk/app/platform.h"

#include <SDL_opengl.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>
#include <png.h>

#include <cstdlib>

#include "kiosk/core/log.h"

namespace kiosk {

bool Image::writePng(const std::string& path) const {
    // libpng's fast mode: the tour and the tests write hundreds of 1080p
    // screens, and a general-purpose encoder spent most of the tour's time
    // searching for a few per cent smaller files.
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    image.width = static_cast<png_uint_32>(width);
    image.height = static_cast<png_uint_32>(height);
    image.format = PNG_FORMAT_RGBA;
    image.flags = PNG_IMAGE_FLAG_FAST;
    bool ok = png_image_write_to_file(&image, path.c_str(), 0, rgba.data(), width * 4, nullptr) != 0;
    png_image_free(&image);
    return ok;
}

Platform::~Platform() { close(); }

std::optional<std::string> Platform::open(const PlatformOptions& options) {
    // Without a display, fall back to SDL's offscreen driver instead of failing.
    bool haveDisplay = std::getenv("DISPLAY") || std::getenv("WAYLAND_DISPLAY");
    if (options.offscreen || !haveDisplay) setenv("SDL_VIDEODRIVER", "offscreen", 1);
    // Touchscreens arrive as mouse events in the 1.86 backend; keep SDL from
    // also synthesising touch events from the mouse.
    SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
    SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER | SDL_INIT_EVENTS) != 0)
        return std::string("SDL could not start: ") + SDL_GetError();
    const char* driver = SDL_GetCurrentVideoDriver();
    offscreen_ = driver && std::string(driver) == "offscreen";

    SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, 0);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);
    SDL_GL_SetAttribute(SDL_GL_STENCIL_SIZE, 0);  // ImGui draws with scissors only

    Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_ALLOW_HIGHDPI;
    if (options.fullscreen) flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    else flags |= SDL_WINDOW_RESIZABLE;
    window_ = SDL_CreateWindow("Civil affairs self-service", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                               options.width, options.height, flags);
    if (!window_) return std::string("cannot create the window: ") + SDL_GetError();
    gl_ = SDL_GL_CreateContext(window_);
    if (!gl_) return std::string("cannot create an OpenGL 3 context: ") + SDL_GetError();
    SDL_GL_MakeCurrent(window_, gl_);
    SDL_GL_SetSwapInterval(options.vsync && !offscreen_ ? 1 : 0);
    if (options.fullscreen) SDL_ShowCursor(SDL_DISABLE);  // a touchscreen has no pointer to show

    wakeEvent_ = SDL_RegisterEvents(1);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // a kiosk keeps no window layout state
    io.LogFilename = nullptr;
    ImGui_ImplSDL2_InitForOpenGL(window_, gl_);
    ImGui_ImplOpenGL3_Init("#version 130");
    // Create the backend's GL objects now rather than lazily in the first
    // NewFrame(), so that the font texture the app uploads is not replaced.
    ImGui_ImplOpenGL3_CreateDeviceObjects();
    imguiReady_ = true;
    KLOG_INFO("window {}x{} on SDL video driver '{}', GL {}", width(), height(), driver ? driver : "?",
              reinterpret_cast<const char*>(glGetString(GL_VERSION)));
    return std::nullopt;
}

void Platform::close() {
    if (imguiReady_) {
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplSDL2_Shutdown();
        ImGui::DestroyContext();
        imguiReady_ = false;
    }
    if (gl_) SDL_GL_DeleteContext(gl_);
    if (window_) SDL_DestroyWindow(window_);
    if (gl_ || window_) SDL_Quit();
    gl_ = nullptr;
    window_ = nullptr;
}

int Platform::width() const {
    int w = 0, h = 0;
    SDL_GetWindowSize(window_, &w, &h);
    return w;
}

int Platform::height() const {
    int w = 0, h = 0;
    SDL_GetWindowSize(window_, &w, &h);
    return h;
}

bool Platform::waitEvent(SDL_Event* event, int timeoutMs) {
    if (SDL_PollEvent(event)) return true;
    if (timeoutMs <= 0) return false;
    if (!offscreen_) return SDL_WaitEventTimeout(event, timeoutMs) != 0;
    std::unique_lock lock(wakeMutex_);
    wakeCv_.wait_for(lock, std::chrono::milliseconds(timeoutMs), [this] { return woken_; });
    woken_ = false;
    lock.unlock();
    return SDL_PollEvent(event);
}

void Platform::wake() {
    SDL_Event e{};
    e.type = wakeEvent_;
    SDL_PushEvent(&e);  // thread-safe in SDL2
    {
        std::lock_guard lock(wakeMutex_);
        woken_ = true;
    }
    wakeCv_.notify_one();
}

void Platform::resize(int width, int height) { SDL_SetWindowSize(window_, width, height); }

void Platform::present(const float clearRgb[3], Image* capture) {
    int w = 0, h = 0;
    SDL_GL_GetDrawableSize(window_, &w, &h);
    glViewport(0, 0, w, h);
    glClearColor(clearRgb[0], clearRgb[1], clearRgb[2], 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (capture) {
        capture->width = w;
        capture->height = h;
        capture->rgba.assign(static_cast<size_t>(w) * h * 4, 0);
        std::vector<uint8_t> flipped(capture->rgba.size());
        glPixelStorei(GL_PACK_ALIGNMENT, 1);
        glReadBuffer(GL_BACK);
        glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, flipped.data());
        // GL's origin is the bottom-left corner; images start at the top.
        size_t row = static_cast<size_t>(w) * 4;
        for (int y = 0; y < h; ++y)
            std::copy_n(flipped.data() + (h - 1 - y) * row, row, capture->rgba.data() + y * row);
    }
    SDL_GL_SwapWindow(window_);
    // Offscreen, the swap is a no-op on an EGL pbuffer and nothing throttles
    // the renderer: without a finish, llvmpipe queues frame after frame
    // (gigabytes within seconds when rendering continuously).
    if (offscreen_) glFinish();
}

}  // namespace kiosk
