// kiosk: the self-service kiosk program.
//   kiosk [--config FILE] [--demo] [--fullscreen] [--portrait] [--lang zh-CN|en]
//   kiosk --tour DIR        render every screen to PNG files (and .layout.json) and exit
//   kiosk --tour DIR --tour-only TEXT   only the pictures whose name contains TEXT
//   kiosk --frames N        render N frames and exit (benchmarks)
//   kiosk --check-config F  validate a config file and exit
#include <CLI/CLI.hpp>

#include <cstdio>

#include "kiosk/app/app.h"
#include "kiosk/app/assets.h"
#include "kiosk/app/maintenance_probe.h"  // maintenance
#include "kiosk/app/tour.h"
#include "kiosk/core/log.h"

int main(int argc, char** argv) {
    using namespace kiosk;
    CLI::App cli{"Civil-affairs self-service kiosk"};
    std::string configPath, tourDir, tourOnly, lang, checkConfig, assetsDir;
    bool demo = false, fullscreen = false, portrait = false, offscreen = false, continuous = false;
    int frames = -1;
    cli.add_option("--config", configPath, "Config file (TOML); see assets/config/kiosk.toml")->check(CLI::ExistingFile);
    cli.add_option("--check-config", checkConfig, "Validate a config file and exit");
    cli.add_option("--assets", assetsDir, "Assets folder (string tables, demo data)");
    cli.add_flag("--demo", demo, "Demo mode: emulated devices and demo residents");
    cli.add_flag("--fullscreen", fullscreen, "Fill the screen (kiosk hardware)");
    cli.add_flag("--portrait", portrait, "Portrait window (1080x1920) in windowed mode");
    cli.add_flag("--offscreen", offscreen, "Render without a display (SDL offscreen driver)");
    cli.add_option("--lang", lang, "Start-up language (zh-CN or en)");
    cli.add_option("--tour", tourDir, "Render every screen to PNG files in DIR and exit");
    cli.add_option("--tour-only", tourOnly, "With --tour: only the pictures whose file name contains this (e.g. portrait-en-large)");
    cli.add_option("--frames", frames, "Render N frames and exit");
    cli.add_flag("--continuous", continuous, "With --frames: render without waiting for events");
    CLI11_PARSE(cli, argc, argv);

    initLogging("info");
    if (!checkConfig.empty()) {
        auto cfg = loadConfigFile(checkConfig);
        if (!cfg) {
            std::fprintf(stderr, "kiosk: bad config: %s\n", cfg.error().c_str());
            return 2;
        }
        std::printf("%s: ok\n", checkConfig.c_str());
        return 0;
    }

    KioskConfig config;
    if (!configPath.empty()) {
        auto cfg = loadConfigFile(configPath);
        if (!cfg) {
            std::fprintf(stderr, "kiosk: bad config: %s\n", cfg.error().c_str());
            return 2;
        }
        config = cfg.value();
    }
    // fleet: a remote config (on trial, or the last good one) over the file.
    if (tourDir.empty()) config = prepareRemoteConfig(config, configPath);
    initLogging(config.logLevel);
    if (demo) config.demo = true;
    if (fullscreen) config.display.fullscreen = true;
    // maintenance: the orientation a maintainer chose at the kiosk (stored in
    // the data dir) over the file's; not for the tour, which renders both.
    if (tourDir.empty())
        if (auto stored = AppMaintenanceProbe::loadDisplaySettings(config).orientation)
            config.display.orientation = *stored;
    if (portrait) config.display.orientation = Orientation::Portrait;
    if (!lang.empty()) {
        auto l = languageFromTag(lang);
        if (!l) {
            std::fprintf(stderr, "kiosk: --lang must be zh-CN or en\n");
            return 2;
        }
        config.defaultLanguage = *l;
    }

    PlatformOptions platform;
    platform.width = config.display.width;
    platform.height = config.display.height;
    if ((config.display.orientation == Orientation::Portrait) != (platform.height > platform.width))
        std::swap(platform.width, platform.height);
    platform.fullscreen = config.display.fullscreen && tourDir.empty();
    platform.offscreen = offscreen || !tourDir.empty();

    std::string assets = locateAssetsDir(assetsDir.empty() ? config.assetsDir : assetsDir);
    if (!tourDir.empty()) {
        int n = runTour(config, assets, tourDir, tourOnly);
        if (n < 0) return 1;
        if (n == 0) {
            std::fprintf(stderr, "guided tour: no screens written (--tour-only matched nothing?)\n");
            return 1;
        }
        std::printf("guided tour: %d screens written to %s\n", n, tourDir.c_str());
        return 0;
    }
    SystemClock clock;
    App app(config, clock);
    if (auto err = app.start(assets, platform)) {
        std::fprintf(stderr, "kiosk: cannot start: %s\n", err->c_str());
        return 1;
    }
    app.run(frames, continuous);
    return app.restartRequested() ? kRestartExitCode : 0;  // fleet: systemd starts it again
}
