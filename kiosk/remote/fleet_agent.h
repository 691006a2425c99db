#pragma once
// fleet: the fleet agent (issue #9, item 3). On its own thread, every
// heartbeat period:
//   1. POST /api/v1/kiosks/{id}/heartbeat with the kiosk's health: versions,
//      uptime, whether the UI answers and renders, queue depth, online,
//      devices, disk free, the remote config state, the last errors.
//      NEVER personal data: only counts, states and versions; the error
//      texts are scrubbed of anything shaped like an ID number or a phone
//      number before they leave (tests/remote/fleet_test.cpp checks bodies).
//   2. GET .../config (If-None-Match): a signed config overlay is handed to
//      the RemoteConfigStore; accepted, it becomes the candidate and the
//      kiosk restarts to run it; refused, the reason goes into the next
//      heartbeat and the kiosk keeps its config.
//   3. A config on trial is confirmed once the kiosk ran healthy for
//      trialTime; if it is not healthy by 3 x trialTime it is rolled back
//      and the kiosk restarts (a kiosk that crashes at start is rolled back
//      by RemoteConfigStore::prepareStart, counting starts).
//   4. GET .../commands and each command executed once and acknowledged
//      with POST .../commands/{id}/result (Idempotency-Key "command-<id>").
//      A ledger (<stateDir>/commands.json) remembers results not yet
//      acknowledged, so a restart (the "restart" command itself, or a crash)
//      re-sends the result instead of running the command again.
//
// Commands are signed end to end (signed_command.h, issue #13): the agent
// runs only an envelope signed for this kiosk (or "*") by one of
// commandKeys, not expired, whose nonce it has not run before
// (<stateDir>/command-nonces.json); anything else is answered
// {"ok": false, "refused": "<reason>", "message": ...} and not run.
//
// Central answers are read with kiosk/core/json_read.h: a malformed answer
// (wrong types, truncated, huge, deeply nested) is reported in the next
// heartbeat's lastErrors and the agent keeps its period; answers over 1 MiB
// are not buffered. The thread also catches anything that escapes a round.
// A plain http:// central that is not loopback is refused (url_policy.h).
//
// Commands: sync-now; restart; upload-logs {lines?} (the agent's ring of
// recent log lines, scrubbed, returned in the result); maintenance {on};
// service {service, enabled, reason?}; notice {text} ("" clears).
// The host (the app) executes what touches the UI on its own thread.
//
// Threads: start()/stop()/wake() from any thread; the host's methods are
// called on the agent's thread and must be safe there.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "kiosk/core/clock.h"
#include "kiosk/core/signed_code.h"
#include "kiosk/core/time_floor.h"
#include "kiosk/remote/remote_config.h"

namespace kiosk::remote {

class CommandNonces;

// What the app knows about itself. No personal data in any field.
struct HostHealth {
    bool uiResponsive = false;                   // the UI thread ran a task posted to it, in time
    std::uint64_t frames = 0;                    // frames rendered since start
    int queueDepth = -1;                         // outbox items waiting (-1: no store)
    int rejected = 0;                            // outbox items waiting for staff
    bool online = false;                         // the sync engine's last contact got an answer
    std::map<std::string, std::string> devices;  // "idcard": "ok", "printer": "no-paper", ...
    bool maintenance = false;
    std::vector<std::string> servicesOff;
    bool noticeShown = false;
    std::vector<std::string> errors;  // recent problems (scrubbed again before sending)
};

struct CommandResult {
    bool ok = false;
    std::string message;
};

class FleetHost {
public:
    virtual ~FleetHost() = default;
    virtual HostHealth health() = 0;
    virtual CommandResult syncNow() = 0;
    virtual CommandResult setMaintenance(bool on) = 0;
    virtual CommandResult setService(const std::string& service, bool enabled, const std::string& reason) = 0;
    virtual CommandResult setNotice(const std::string& text) = 0;
    // Ends the process so that its supervisor starts it again (systemd, the
    // launcher); called after the result was recorded (and sent, if possible).
    virtual void restart() = 0;
};

struct FleetOptions {
    std::string centralUrl;
    std::string kioskId;
    std::string token;  // a secret: never logged, never in a heartbeat
    std::string caFile;
    std::chrono::milliseconds interval{std::chrono::seconds(60)};
    std::chrono::milliseconds trialTime{std::chrono::seconds(60)};
    std::filesystem::path stateDir;
    std::string version;               // the kiosk software version
    std::string deployment;            // the OSTree commit running, or "factory"
    std::filesystem::path diskPath;    // statvfs for disk free ("" = stateDir)
    std::filesystem::path updateRoot;  // OSTree deploy root for the update state ("" = none)
    std::vector<CodePublicKey> commandKeys;  // who may sign commands: [fleet] config_keys (empty: none runs)
    // Uptime and the config trial run on its steady time, command expiry on
    // its wall time. Null: the system clock. Must outlive the agent (tests
    // pass a ManualClock and move it instead of sleeping through a trial).
    const Clock* clock = nullptr;
    // The trusted time floor (kiosk/core/time_floor.h) that command expiry is
    // judged by. The agent notes the centre's time from each heartbeat
    // answer in it and keeps the newest in <stateDir>/time-floor, which it
    // raises the floor from at construction (the kiosk's time floor across
    // restarts). Null: a floor of the agent's own, on its clock. Must
    // outlive the agent; the app passes the one its flows judge cards by.
    TimeFloor* timeFloor = nullptr;
};

class FleetAgent {
public:
    // `config` may be null (no remote config: config_keys empty).
    FleetAgent(FleetOptions options, FleetHost& host, RemoteConfigStore* config);
    ~FleetAgent();
    FleetAgent(const FleetAgent&) = delete;
    FleetAgent& operator=(const FleetAgent&) = delete;

    void start();
    void stop();
    // Runs a round now instead of at the next period.
    void wake();
    // One round on the caller's thread (tests; not while the thread runs).
    void runOnce();

    // The last heartbeat body sent (tests look for personal data in it).
    std::string lastHeartbeat() const;
    int heartbeatsSent() const { return heartbeats_.load(); }
    int commandsAcknowledged() const { return acknowledged_.load(); }

    // The body of a heartbeat (pure apart from the clock and statvfs).
    std::string heartbeatBody(const HostHealth& health);

    // Adds a ring of the last log lines to the default logger (for
    // upload-logs). Call after initLogging. Idempotent.
    static void captureLogs(size_t lines = 500);
    static std::vector<std::string> recentLogs(size_t lines);

private:
    struct Http;
    void threadMain();
    void heartbeat(const HostHealth& health);
    void pollConfig();
    void settleTrial(const HostHealth& health);
    void pollCommands();
    CommandResult execute(const std::string& name, const std::string& argsJson, std::string& extra, bool& restart);
    // Verifies the envelope (args of a queued command), runs it if it passes;
    // `result` is what goes back to the central service.
    CommandResult runSigned(const nlohmann::json* envelope, bool& restart, nlohmann::json& result);
    void noteError(const std::string& text);
    const Clock& clock() const { return options_.clock ? *options_.clock : systemClock(); }
    void noteServerTime(const std::string& answer);

    FleetOptions options_;
    FleetHost& host_;
    RemoteConfigStore* config_;
    std::unique_ptr<Http> http_;
    std::unique_ptr<CommandNonces> nonces_;
    std::unique_ptr<TimeFloor> ownFloor_;
    TimeFloor* floor_;
    std::optional<std::chrono::system_clock::time_point> floorSaved_;  // the server time last kept on disk
    std::chrono::steady_clock::time_point started_;
    std::string configEtag_;
    std::string lastRefusal_;  // the last config refused (reason), for the heartbeat
    std::int64_t lastRefusedVersion_ = 0;
    bool restartPending_ = false;

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    bool triggered_ = false;
    std::thread thread_;
    std::string lastHeartbeat_;
    std::vector<std::string> errors_;  // ring of recent errors (scrubbed)
    std::atomic<int> heartbeats_{0};
    std::atomic<int> acknowledged_{0};
};

// Masks runs of digits that look like an ID number (17 digits + check) or a
// mainland mobile number (11 digits from 1), whatever surrounds them.
std::string scrubPersonal(std::string text);

}  // namespace kiosk::remote
