// The peer the shell benchmarks compare against: Dear ImGui's own SDL2 +
// OpenGL3 example loop (as shipped in libimgui-dev) showing the demo window,
// with ImGui's default font, rendering continuously. Same machine, same
// driver, same run: the ratio kiosk/peer is what tools/bench reports.
//   imgui_peer --frames N [--width W --height H]
#include <SDL.h>
#include <SDL_opengl.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

int main(int argc, char** argv) {
    int frames = 100, width = 1920, height = 1080;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--frames")) frames = atoi(argv[i + 1]);
        if (!strcmp(argv[i], "--width")) width = atoi(argv[i + 1]);
        if (!strcmp(argv[i], "--height")) height = atoi(argv[i + 1]);
    }
    if (!getenv("DISPLAY")) setenv("SDL_VIDEODRIVER", "offscreen", 1);
    if (SDL_Init(SDL_INIT_VIDEO) != 0) return 1;
    const bool offscreen = std::string(SDL_GetCurrentVideoDriver()) == "offscreen";
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    SDL_Window* window = SDL_CreateWindow("peer", 0, 0, width, height, SDL_WINDOW_OPENGL);
    SDL_GLContext gl = SDL_GL_CreateContext(window);
    SDL_GL_MakeCurrent(window, gl);
    SDL_GL_SetSwapInterval(0);
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    ImGui_ImplSDL2_InitForOpenGL(window, gl);
    ImGui_ImplOpenGL3_Init("#version 130");
    for (int f = 0; f < frames; ++f) {
        SDL_Event e;
        bool quit = false;
        while (SDL_PollEvent(&e)) {
            ImGui_ImplSDL2_ProcessEvent(&e);
            quit |= e.type == SDL_QUIT;
        }
        if (quit) break;
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplSDL2_NewFrame();
        ImGui::NewFrame();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
        ImGui::ShowDemoWindow();
        ImGui::Render();
        glViewport(0, 0, width, height);
        glClearColor(0.45f, 0.55f, 0.6f, 1.f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        SDL_GL_SwapWindow(window);
        if (offscreen) glFinish();  // a pbuffer swap does not throttle llvmpipe (see kiosk/app/platform.cpp)
        if (f == 0) fprintf(stderr, "peer: first frame\n");
    }
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplSDL2_Shutdown();
    ImGui::DestroyContext();
    SDL_GL_DeleteContext(gl);
    SDL_DestroyWindow(window);
    SDL_Quit();
    return 0;
}
