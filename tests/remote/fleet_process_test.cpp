// fleet: remote config rollback with the real kiosk program (offscreen) as a
// process, restarted the way systemd does (Restart=on-failure: a non-zero
// exit, including the agent's 75, starts it again), against the real
// kiosk-central. A pushed config that passes validation but with which the
// kiosk keeps crashing before it is confirmed is rolled back to the last good
// one; a config that sets a key off the remote allowlist (assets_dir) is
// refused (issue #13).
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <thread>

#include "kiosk/remote/remote_config.h"
#include "tests/data/test_support.h"

extern char** environ;

namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;
using kiosk::testing::CentralProcess;
using kiosk::testing::TempDir;
using kiosk::testing::waitFor;
namespace remote = kiosk::remote;

// Starts the kiosk again whenever it exits non-zero, like systemd would.
class Supervisor {
public:
    explicit Supervisor(std::string config) : config_(std::move(config)) {
        thread_ = std::thread([this] { loop(); });
    }
    ~Supervisor() {
        stop_ = true;
        pid_t p = pid_.load();
        if (p > 0) ::kill(p, SIGTERM);
        thread_.join();
    }
    int starts() const { return starts_.load(); }
    // A crash of the running kiosk (SIGKILL: no clean-up, no exit code).
    void crash() {
        pid_t p = pid_.load();
        if (p > 0) ::kill(p, SIGKILL);
    }
    std::vector<int> exits() {
        std::lock_guard lock(m_);
        return exits_;
    }

private:
    void loop() {
        while (!stop_) {
            std::string log = config_ + ".log";
            std::string cmd = "exec " KIOSK_BIN " --offscreen --config " + config_ + " >>" + log + " 2>&1";
            const char* argv[] = {"/bin/sh", "-c", cmd.c_str(), nullptr};
            pid_t pid = -1;
            if (posix_spawn(&pid, "/bin/sh", nullptr, nullptr, const_cast<char**>(argv), environ) != 0) return;
            pid_ = pid;
            ++starts_;
            int status = 0;
            ::waitpid(pid, &status, 0);
            pid_ = -1;
            int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
            {
                std::lock_guard lock(m_);
                exits_.push_back(code);
            }
            if (code == 0 || stop_) return;
            std::this_thread::sleep_for(100ms);
        }
    }

    std::string config_;
    std::atomic<bool> stop_{false};
    std::atomic<pid_t> pid_{-1};
    std::atomic<int> starts_{0};
    std::mutex m_;
    std::vector<int> exits_;
    std::thread thread_;
};

TEST(FleetProcess, AConfigWithWhichTheRealKioskKeepsCrashingIsRolledBack) {
    ::setenv("SDL_VIDEODRIVER", "offscreen", 1);
    // The real kiosk under the asan preset: Mesa's llvmpipe leaks at exit
    // (see kiosk_tour in tests/CMakeLists.txt), and a leak report would turn
    // its exit codes into aborts. Memory errors still abort.
    ::setenv("ASAN_OPTIONS", "detect_leaks=0:abort_on_error=1", 1);
    CentralProcess central;
    ASSERT_GT(central.port(), 0);
    TempDir dir;
    auto signing = kiosk::CodeSigningKey::generate();
    auto seed = signing.seed();
    std::string base = dir.file("kiosk.toml");
    std::ofstream(base) << "kiosk_id = \"kiosk-demo-01\"\n"
                        << "[voice]\nenabled = false\n"
                        << "[central]\nurl = \"" << central.url() << "\"\ntoken = \"demo-token\"\ndata_dir = \""
                        << dir.file("data") << "\"\n"
                        << "[fleet]\nheartbeat_seconds = 1\ntrial_seconds = 4\nmax_starts = 2\nconfig_keys = [\""
                        << kiosk::encodeCodePublicKey(signing.publicKey()) << "\"]\n";
    auto push = [&](std::int64_t version, const std::string& overlay) {
        central.admin("POST", "/admin/config",
                      json::parse(remote::envelopeToJson(remote::signConfig(seed, "kiosk-demo-01", version, overlay))));
    };
    auto heartbeat = [&] {
        auto k = central.admin("GET", "/admin/fleet/kiosks")["kiosks"];
        for (const auto& kiosk : k)
            if (kiosk["kioskId"] == "kiosk-demo-01" && kiosk["heartbeat"].is_object()) return kiosk;
        return json::object();
    };
    auto heartbeatConfig = [&] {
        auto k = heartbeat();
        return k.contains("heartbeat") ? k["heartbeat"]["config"] : json::object();
    };

    // v1 is healthy: taken, restarted into, confirmed.
    push(1, "[session]\ninactivity_seconds = 120\n");
    Supervisor kiosk(base);
    ASSERT_TRUE(waitFor([&] { return heartbeatConfig().value("good", 0) == 1; }, 60s)) << heartbeatConfig().dump();
    EXPECT_EQ(heartbeatConfig()["version"], 1);

    // v2 is valid, but the kiosk crashes whenever it runs it (killed as soon
    // as a heartbeat says v2 is on trial, before the 4 s trial confirms it).
    push(2, "[session]\ninactivity_seconds = 300\n");
    std::int64_t killedAfter = 0;  // the heartbeat time that led to the last crash
    int crashes = 0;
    ASSERT_TRUE(waitFor(
        [&] {
            auto k = heartbeat();
            if (!k.contains("heartbeat")) return false;
            auto c = k["heartbeat"]["config"];
            if (c.value("version", 0) == 2 && c.value("trial", 0) == 2 && k["lastHeartbeatMs"] != killedAfter) {
                killedAfter = k["lastHeartbeatMs"].get<std::int64_t>();
                kiosk.crash();
                ++crashes;
            }
            return c.value("version", 0) == 1 && c.contains("rolledBack") && c["rolledBack"]["version"] == 2;
        },
        90s))
        << heartbeatConfig().dump();
    EXPECT_EQ(crashes, 2);  // max_starts
    auto exits = kiosk.exits();
    // 75 (take v1), 75 (take v2), then two crashes with v2.
    EXPECT_GE(std::count(exits.begin(), exits.end(), 75), 2) << ::testing::PrintToString(exits);
    EXPECT_EQ(std::count(exits.begin(), exits.end(), -1), 2) << ::testing::PrintToString(exits);
    EXPECT_EQ(heartbeatConfig()["good"], 1);

    // v3 sets a key off the remote allowlist: refused as a whole, naming it; no restart.
    int startsBefore = kiosk.starts();
    push(3, "assets_dir = \"/nonexistent/assets\"\n[voice]\nvolume = 10\n");
    ASSERT_TRUE(waitFor([&] { return heartbeatConfig().value("refused", json::object()).value("version", 0) == 3; }, 30s))
        << heartbeatConfig().dump();
    auto refused = heartbeatConfig()["refused"];
    EXPECT_EQ(refused["version"], 3);
    EXPECT_NE(refused["reason"].get<std::string>().find("forbidden: assets_dir"), std::string::npos) << refused;
    EXPECT_EQ(heartbeatConfig()["version"], 1);
    EXPECT_EQ(kiosk.starts(), startsBefore);
}

}  // namespace
