// kiosk-launcher: what the kiosk's systemd unit runs. Under the update lock
// it finishes an interrupted switch or rollback, counts a start of a release
// on trial (rolling it back when it keeps failing to report healthy, e.g. it
// crashes at start and systemd restarts us), then execs the release's
// bin/kiosk with KIOSK_HEALTH_FILE set, or the factory install when there is
// no usable deployment. See updater.h for the on-disk layout.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "kiosk/core/log.h"
#include "kiosk/remote/updater.h"

int main(int argc, char** argv) {
    kiosk::remote::UpdaterOptions o;
    std::string factory = "/usr/bin/kiosk";
    std::string program = "bin/kiosk";
    std::string root = o.root.string();
    int trialSeconds = static_cast<int>(o.trialTimeout.count());
    std::vector<std::string> args;
    CLI::App app{"kiosk-launcher: starts the current kiosk release, rolling back a failing one"};
    app.add_option("--root", root, "Deployment root (repo/, deployments/, current, state.json)")->capture_default_str();
    app.add_option("--factory", factory, "Program to run when no release is deployed")->capture_default_str();
    app.add_option("--program", program, "The program inside a release tree")->capture_default_str();
    app.add_option("--trial-seconds", trialSeconds, "Seconds a release on trial has to report healthy")
        ->capture_default_str();
    app.add_option("--max-starts", o.maxStarts, "Starts of an unconfirmed release before rollback")
        ->capture_default_str();
    app.add_option("args", args, "Arguments for the kiosk (after --)");
    CLI11_PARSE(app, argc, argv);
    kiosk::initLogging("info");
    o.root = root;
    o.trialTimeout = std::chrono::seconds(trialSeconds);
    if (const char* crash = std::getenv("KIOSK_UPDATE_CRASH_AT")) o.crashAt = crash;

    kiosk::remote::Updater updater(o);
    kiosk::remote::Launch launch = updater.prepareLaunch(factory, program);
    if (launch.commit.empty()) {
        ::unsetenv("KIOSK_HEALTH_FILE");
        ::setenv("KIOSK_DEPLOYMENT", "factory", 1);
    } else {
        ::setenv("KIOSK_HEALTH_FILE", launch.healthFile.c_str(), 1);
        ::setenv("KIOSK_DEPLOYMENT", launch.commit.c_str(), 1);
        // A release carries its own assets (string tables must match its code).
        std::error_code ec;
        auto assets = launch.program.parent_path().parent_path() / "share/civil-kiosk/assets";
        if (std::filesystem::is_directory(assets, ec)) ::setenv("KIOSK_ASSETS_DIR", assets.c_str(), 1);
    }
    KLOG_INFO("kiosk-launcher: starting {} ({})", launch.program.string(),
              launch.commit.empty() ? "factory" : launch.commit.substr(0, 12));
    std::vector<char*> argvOut;
    std::string prog = launch.program.string();
    argvOut.push_back(prog.data());
    for (auto& a : args) argvOut.push_back(a.data());
    argvOut.push_back(nullptr);
    ::execv(prog.c_str(), argvOut.data());
    std::fprintf(stderr, "kiosk-launcher: cannot start %s: %s\n", prog.c_str(), std::strerror(errno));
    if (prog != factory) {
        // A release that cannot even be executed: the next start counts
        // against it; run the factory install now rather than nothing.
        ::unsetenv("KIOSK_HEALTH_FILE");
        argvOut[0] = factory.data();
        ::execv(factory.c_str(), argvOut.data());
    }
    return 127;
}
