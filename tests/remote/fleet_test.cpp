// fleet: the fleet agent against the real kiosk-central on loopback, with
// real files (the remote config store, the command ledger) and a host that
// stands in for the app (tests/remote/fleet_app_test.cpp runs the real app).
// The fleet page is loaded in Debian's headless Chromium.
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <fstream>
#include <regex>
#include <sstream>

#include "central/fleet.h"
#include "kiosk/core/log.h"
#include "kiosk/remote/fleet_agent.h"
#include "kiosk/remote/remote_config.h"
#include "kiosk/remote/updater.h"
#include "tests/data/test_support.h"
#include "tests/remote/signed_commands.h"
#include "tests/remote/cdp_browser.h"

extern char** environ;

namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;
using kiosk::testing::CdpBrowser;
using kiosk::testing::CentralProcess;
using kiosk::testing::signInToFleetPage;
using kiosk::testing::TempDir;
using kiosk::testing::waitFor;
namespace remote = kiosk::remote;

constexpr const char* kKiosk = "kiosk-demo-01";
constexpr const char* kBaseToml = R"(kiosk_id = "kiosk-demo-01"
[session]
inactivity_seconds = 90
[services.marriage]
enabled = true
)";

struct FakeHost : remote::FleetHost {
    std::atomic<bool> responsive{true};
    std::atomic<int> restarts{0};
    std::vector<std::string> calls;
    std::vector<std::string> errors;
    std::mutex m;
    remote::HostHealth health() override {
        remote::HostHealth h;
        h.uiResponsive = responsive;
        h.frames = responsive ? 100 : 0;
        h.queueDepth = 2;
        h.online = true;
        h.devices = {{"idcard", "ok"}, {"printer", "no-paper"}};
        std::lock_guard lock(m);
        h.errors = errors;
        return h;
    }
    remote::CommandResult record(std::string what) {
        std::lock_guard lock(m);
        calls.push_back(what);
        return {true, what};
    }
    remote::CommandResult syncNow() override { return record("sync-now"); }
    remote::CommandResult setMaintenance(bool on) override { return record(on ? "maintenance on" : "maintenance off"); }
    remote::CommandResult setService(const std::string& s, bool e, const std::string&) override {
        return record(s + (e ? " on" : " off"));
    }
    remote::CommandResult setNotice(const std::string& text) override { return record("notice " + text); }
    void restart() override { ++restarts; }
};

std::array<std::uint8_t, 32> newSeed() { return kiosk::CodeSigningKey::generate().seed(); }

std::vector<kiosk::CodePublicKey> keysOf(const std::array<std::uint8_t, 32>& seed) {
    return {kiosk::CodeSigningKey::fromSeed(seed).publicKey()};
}

remote::FleetOptions agentOptions(const CentralProcess& central, const TempDir& dir,
                                  const std::array<std::uint8_t, 32>& commandSeed = {}) {
    remote::FleetOptions o;
    o.centralUrl = central.url();
    o.kioskId = kKiosk;
    o.token = "demo-token";
    o.interval = 1h;  // runOnce() by hand
    o.trialTime = 300ms;
    o.stateDir = dir.path();
    o.version = "0.1.0-test";
    o.deployment = "factory";
    o.commandKeys = keysOf(commandSeed);  // the maintainers' key that signs commands
    return o;
}

remote::CommandEnvelope signedCommand(const std::array<std::uint8_t, 32>& seed, const std::string& name,
                                      const json& args = json::object(), const std::string& kiosk = kKiosk,
                                      std::chrono::seconds validFor = 1h) {
    return kiosk::testing::signedCommand(seed, kiosk, name, args, validFor);
}

std::int64_t queue(CentralProcess& central, const remote::CommandEnvelope& e) {
    return central.admin("POST", std::string("/admin/kiosks/") + kKiosk + "/commands", kiosk::testing::queueBody(e))["id"]
        .get<std::int64_t>();
}

json push(CentralProcess& central, const remote::ConfigEnvelope& e) {
    return central.admin("POST", "/admin/config", json::parse(remote::envelopeToJson(e)));
}

json config(const std::string& heartbeat) { return json::parse(heartbeat)["config"]; }

TEST(FleetConfig, TheFleetSectionIsParsedAndCheckedLikeTheRest) {
    auto key = kiosk::encodeCodePublicKey(kiosk::CodeSigningKey::generate().publicKey());
    auto ok = kiosk::parseConfig(
        "[fleet]\nheartbeat_seconds = 30\ntrial_seconds = 20\nmax_starts = 2\nconfig_keys = [\"" + key + "\"]\n");
    ASSERT_TRUE(ok) << ok.error().describe();
    EXPECT_EQ(ok.value().fleet.heartbeatSeconds, 30);
    EXPECT_EQ(ok.value().fleet.configKeys, std::vector<std::string>{key});
    for (const auto& [text, key] : std::vector<std::pair<std::string, std::string>>{
             {"[fleet]\nheartbeat_seconds = 0\n", "fleet.heartbeat_seconds"},
             {"[fleet]\nconfig_keys = [\"not-a-key\"]\n", "fleet.config_keys"},
             {"[fleet]\nheartbeat = 5\n", "fleet.heartbeat"}}) {
        auto bad = kiosk::parseConfig(text);
        ASSERT_FALSE(bad) << text;
        EXPECT_EQ(bad.error().key, key);
    }
}

TEST(FleetConfig, BadRemoteConfigsAreRefusedAndTheKioskKeepsItsConfig) {
    CentralProcess central;
    ASSERT_GT(central.port(), 0);
    TempDir dir;
    auto seed = newSeed();
    remote::RemoteConfigStore store(dir.path(), kKiosk, kBaseToml, keysOf(seed), 3);
    store.prepareStart(kiosk::parseConfig(kBaseToml).value());
    FakeHost host;
    remote::FleetAgent agent(agentOptions(central, dir), host, &store);

    struct Case {
        remote::ConfigEnvelope envelope;
        const char* refusal;
    };
    std::vector<Case> cases;
    auto tampered = remote::signConfig(seed, kKiosk, 2, "[session]\ninactivity_seconds = 120\n");
    tampered.config = "[session]\ninactivity_seconds = 3600\n";  // changed after signing
    cases.push_back({tampered, "bad-signature"});
    cases.push_back({remote::signConfig(newSeed(), kKiosk, 3, "[voice]\nenabled = false\n"), "unknown-key"});
    cases.push_back({remote::signConfig(seed, kKiosk, 4, "[display]\nfullscren = true\n"),
                     "forbidden: display.fullscren"});  // not on the allowlist (a typo, here)
    cases.push_back({remote::signConfig(seed, kKiosk, 5, "[session]\ninactivity_seconds = 5\n"),
                     "invalid: session.inactivity_seconds"});
    cases.push_back(
        {remote::signConfig(seed, kKiosk, 6, "[central]\nurl = \"https://elsewhere.example\"\n"), "forbidden"});
    for (const auto& c : cases) {
        SCOPED_TRACE(c.refusal);
        ASSERT_EQ(push(central, c.envelope)["version"], c.envelope.version);
        agent.runOnce();
        agent.runOnce();  // the heartbeat after the refusal carries it
        auto s = store.status();
        EXPECT_EQ(s.trialVersion, 0);
        EXPECT_EQ(s.runningVersion, 0);
        EXPECT_FALSE(std::filesystem::exists(store.dir() / "config/candidate.json"));
        EXPECT_EQ(host.restarts, 0);
        auto refused = config(agent.lastHeartbeat())["refused"];
        EXPECT_EQ(refused["version"], c.envelope.version);
        EXPECT_NE(refused["reason"].get<std::string>().find(c.refusal), std::string::npos) << refused.dump();
    }
    // Signed for another kiosk (central files it under that kiosk; here it is handed over directly).
    auto other =
        store.offer(remote::envelopeToJson(remote::signConfig(seed, "kiosk-other", 7, "[voice]\nenabled = false\n")));
    ASSERT_FALSE(other);
    EXPECT_EQ(other.error().reason, remote::ConfigRefusal::WrongKiosk);
    // A good one is taken: the candidate is written and the kiosk restarts to run it.
    ASSERT_EQ(push(central, remote::signConfig(seed, kKiosk, 8, "[services.marriage]\nenabled = false\n"))["version"],
              8);
    agent.runOnce();
    EXPECT_EQ(store.status().trialVersion, 8);
    EXPECT_EQ(host.restarts, 1);
    remote::RemoteConfigStore next(dir.path(), kKiosk, kBaseToml, keysOf(seed), 3);
    auto started = next.prepareStart(kiosk::parseConfig(kBaseToml).value());
    EXPECT_TRUE(started.onTrial);
    EXPECT_EQ(started.version, 8);
    EXPECT_FALSE(started.config.service(kiosk::ServiceId::Marriage).enabled);
}

TEST(FleetConfig, AConfigThatLeavesTheKioskUnhealthyIsRolledBack) {
    CentralProcess central;
    ASSERT_GT(central.port(), 0);
    TempDir dir;
    auto seed = newSeed();
    const auto base = kiosk::parseConfig(kBaseToml).value();
    // The trial runs on this clock: it moves only when told, so "not yet"
    // and "past the deadline" hold on any machine, however slow (#15).
    kiosk::ManualClock clock;
    auto options = [&] {
        auto o = agentOptions(central, dir);
        o.clock = &clock;
        return o;
    };
    auto boot = [&] {  // a start of the kiosk process: a new store, as main() makes it
        auto store = std::make_unique<remote::RemoteConfigStore>(dir.path(), kKiosk, kBaseToml, keysOf(seed), 3);
        auto s = store->prepareStart(base);
        return std::make_pair(std::move(store), s);
    };

    // v1 runs healthy for the trial time: it becomes the good config.
    auto [store1, s0] = boot();
    FakeHost host;
    auto agent = std::make_unique<remote::FleetAgent>(options(), host, store1.get());
    push(central, remote::signConfig(seed, kKiosk, 1, "[session]\ninactivity_seconds = 120\n"));
    agent->runOnce();
    ASSERT_EQ(host.restarts, 1);
    agent.reset();
    auto [store2, s1] = boot();
    ASSERT_TRUE(s1.onTrial);
    EXPECT_EQ(s1.config.session.inactivitySeconds, 120);
    agent = std::make_unique<remote::FleetAgent>(options(), host, store2.get());
    agent->runOnce();
    EXPECT_EQ(store2->status().goodVersion, 0);  // not yet: the trial time has not passed
    clock.advance(299ms);
    agent->runOnce();
    EXPECT_EQ(store2->status().goodVersion, 0);  // a millisecond short
    clock.advance(1ms);
    agent->runOnce();
    EXPECT_EQ(store2->status().goodVersion, 1);
    EXPECT_EQ(store2->status().trialVersion, 0);

    // v2 crashes the kiosk at every start (nothing ever confirms it): after
    // max_starts starts the next start runs v1 again and remembers v2 as failed.
    push(central, remote::signConfig(seed, kKiosk, 2, "[session]\ninactivity_seconds = 300\n"));
    agent->runOnce();
    ASSERT_EQ(host.restarts, 2);
    agent.reset();
    for (int start = 1; start <= 3; ++start) {
        auto [store, s] = boot();
        EXPECT_TRUE(s.onTrial) << "start " << start;
        EXPECT_EQ(s.version, 2);
    }
    auto [store3, s3] = boot();
    EXPECT_FALSE(s3.onTrial);
    EXPECT_EQ(s3.version, 1);
    EXPECT_EQ(s3.config.session.inactivitySeconds, 120);
    EXPECT_EQ(store3->status().failedVersion, 2);
    // The central service still offers v2: it is not tried again.
    agent = std::make_unique<remote::FleetAgent>(options(), host, store3.get());
    agent->runOnce();
    agent->runOnce();
    EXPECT_EQ(host.restarts, 2);
    EXPECT_EQ(config(agent->lastHeartbeat())["rolledBack"]["version"], 2);
    EXPECT_EQ(config(agent->lastHeartbeat())["version"], 1);

    // v3 starts but the UI never renders: the agent rolls it back at 3 x the trial time.
    push(central, remote::signConfig(seed, kKiosk, 3, "[voice]\nenabled = false\n"));
    agent->runOnce();
    ASSERT_EQ(host.restarts, 3);
    agent.reset();
    auto [store4, s4] = boot();
    ASSERT_EQ(s4.version, 3);
    host.responsive = false;
    agent = std::make_unique<remote::FleetAgent>(options(), host, store4.get());
    agent->runOnce();
    EXPECT_EQ(host.restarts, 3);
    clock.advance(899ms);
    agent->runOnce();
    EXPECT_EQ(host.restarts, 3) << "still within 3 x the trial time";
    clock.advance(1ms);
    agent->runOnce();
    EXPECT_EQ(host.restarts, 4);
    EXPECT_EQ(store4->status().failedVersion, 3);
    agent.reset();
    auto [store5, s5] = boot();
    EXPECT_EQ(s5.version, 1);
    EXPECT_TRUE(s5.config.voice.enabled);
}

TEST(FleetCommands, EachCommandIsExecutedOnceAndAcknowledged) {
    CentralProcess central;
    ASSERT_GT(central.port(), 0);
    TempDir dir;
    FakeHost host;
    auto seed = newSeed();
    auto options = agentOptions(central, dir, seed);
    remote::FleetAgent::captureLogs();
    KLOG_INFO("fleet test: a log line for upload-logs");
    std::vector<std::pair<std::string, json>> commands = {
        {"sync-now", json::object()},
        {"enter-maintenance", json::object()},
        {"leave-maintenance", json::object()},
        {"service", {{"service", "marriage"}, {"enabled", false}}},
        {"notice", {{"text", "Closed on Friday afternoon"}}},
        {"upload-logs", {{"lines", 50}}},
        {"restart", json::object()},
    };
    std::vector<std::int64_t> ids;
    for (const auto& [name, args] : commands) ids.push_back(queue(central, signedCommand(seed, name, args)));
    {
        remote::FleetAgent agent(options, host, nullptr);
        agent.runOnce();
        EXPECT_EQ(host.restarts, 1);
        EXPECT_EQ(agent.commandsAcknowledged(), static_cast<int>(commands.size()));
    }
    EXPECT_EQ(host.calls, (std::vector<std::string>{"sync-now", "maintenance on", "maintenance off", "marriage off",
                                                    "notice Closed on Friday afternoon"}));
    auto list = central.admin("GET", std::string("/admin/kiosks/") + kKiosk + "/commands")["commands"];
    ASSERT_EQ(list.size(), commands.size());
    std::map<std::string, json> byName;
    for (const auto& c : list) byName[c["command"]] = c;
    for (const auto& [name, args] : commands) {
        SCOPED_TRACE(name);
        EXPECT_EQ(byName[name]["state"], "done");
        EXPECT_TRUE(byName[name]["result"].contains("message"));
    }
    auto logs = byName["upload-logs"]["result"]["logs"];
    ASSERT_TRUE(logs.is_array());
    EXPECT_NE(logs.dump().find("a log line for upload-logs"), std::string::npos);

    // After the restart a new agent finds nothing to do (each command ran once).
    remote::FleetAgent again(options, host, nullptr);
    again.runOnce();
    EXPECT_EQ(host.restarts, 1);
    EXPECT_EQ(host.calls.size(), 5u);
}

// issue #13: a compromised centre cannot make up, change, re-target, revive
// or replay a command: the kiosk refuses each with a reported reason.
TEST(FleetCommands, UnsignedTamperedMisdirectedExpiredAndReplayedCommandsAreRefused) {
    CentralProcess central;
    ASSERT_GT(central.port(), 0);
    TempDir dir;
    FakeHost host;
    auto seed = newSeed();
    auto options = agentOptions(central, dir, seed);
    const json phishing{{"text", "Subsidy refunds: call 400-000-0000"}};

    std::vector<std::pair<std::int64_t, std::string>> refusals;
    // Unsigned: what the central used to queue (and a compromised one still can).
    refusals.emplace_back(central
                              .admin("POST", std::string("/admin/kiosks/") + kKiosk + "/commands",
                                     {{"command", "notice"}, {"args", phishing}})["id"]
                              .get<std::int64_t>(),
                          "unsigned");
    auto tampered = signedCommand(seed, "notice", {{"text", "Closed on Friday afternoon"}});
    tampered.args = phishing.dump();  // the arguments changed after signing
    refusals.emplace_back(queue(central, tampered), "bad-signature");
    auto retargeted = signedCommand(seed, "notice", {{"text", "For the other hall"}}, "kiosk-other");
    refusals.emplace_back(queue(central, retargeted), "wrong-kiosk");
    auto moved = signedCommand(seed, "notice", {{"text", "For the other hall"}}, "kiosk-other");
    moved.kioskId = kKiosk;  // re-targeted by editing the envelope
    refusals.emplace_back(queue(central, moved), "bad-signature");
    refusals.emplace_back(queue(central, signedCommand(newSeed(), "notice", phishing)), "unknown-key");
    refusals.emplace_back(queue(central, signedCommand(seed, "notice", phishing, kKiosk, -1h)), "expired");
    refusals.emplace_back(queue(central, signedCommand(seed, "notice", phishing, kKiosk, 24h * 30)), "too-long");
    auto good = signedCommand(seed, "notice", {{"text", "Closed on Friday afternoon"}});
    auto goodId = queue(central, good);
    refusals.emplace_back(queue(central, good), "replayed");  // the same envelope queued again

    remote::FleetAgent agent(options, host, nullptr);
    agent.runOnce();
    EXPECT_EQ(agent.commandsAcknowledged(), static_cast<int>(refusals.size()) + 1);
    EXPECT_EQ(host.calls, std::vector<std::string>{"notice Closed on Friday afternoon"});

    auto list = central.admin("GET", std::string("/admin/kiosks/") + kKiosk + "/commands")["commands"];
    std::map<std::int64_t, json> byId;
    for (const auto& c : list) byId[c["id"].get<std::int64_t>()] = c;
    EXPECT_EQ(byId[goodId]["state"], "done");
    for (const auto& [id, reason] : refusals) {
        SCOPED_TRACE(reason);
        EXPECT_EQ(byId[id]["state"], "failed");
        EXPECT_EQ(byId[id]["result"]["refused"], reason) << byId[id].dump();
        EXPECT_EQ(byId[id]["result"]["ok"], false);
    }
    // The replay is refused by a new agent too (the nonce is remembered on disk).
    auto again = queue(central, good);
    remote::FleetAgent restarted(options, host, nullptr);
    restarted.runOnce();
    EXPECT_EQ(host.calls.size(), 1u);
    list = central.admin("GET", std::string("/admin/kiosks/") + kKiosk + "/commands")["commands"];
    for (const auto& c : list) {
        if (c["id"] == again) {
            EXPECT_EQ(c["result"]["refused"], "replayed");
        }
    }
}

// #15: command expiry is judged against the time floor, fed by the centre's
// time in each heartbeat answer, not by the kiosk's bare wall clock.
// The kiosk's commands as the centre lists them, by id.
std::map<std::int64_t, json> commandsById(CentralProcess& central) {
    std::map<std::int64_t, json> byId;
    const json list = central.admin("GET", std::string("/admin/kiosks/") + kKiosk + "/commands");
    for (const auto& c : list["commands"]) byId[c["id"].get<std::int64_t>()] = c;
    return byId;
}

TEST(FleetCommands, ClockJumpAClockSetBackDoesNotReviveACommandNorDoesOneSetForwardRefuseIt) {
    CentralProcess central;
    ASSERT_GT(central.port(), 0);
    TempDir dir;
    FakeHost host;
    auto seed = newSeed();
    auto options = agentOptions(central, dir, seed);
    kiosk::ManualClock clock;
    clock.setWallNow(std::chrono::system_clock::now());  // agrees with the real central's time
    options.clock = &clock;
    // An NTP correction two hours back: by the wall clock, a command that
    // expired an hour ago is valid again.
    clock.jumpWall(-2h);
    const auto stale = queue(central, signedCommand(seed, "notice", {{"text", "Stale"}}, kKiosk, -1h));
    remote::FleetAgent agent(options, host, nullptr);
    agent.runOnce();  // the heartbeat answer (the centre's time) comes before the commands
    EXPECT_TRUE(host.calls.empty()) << host.calls.front();
    EXPECT_EQ(commandsById(central)[stale]["result"]["refused"], "expired");

    // Set forward by two days: by the wall clock a command valid for an hour
    // has expired; by the centre's time it has not, and it runs.
    clock.jumpWall(2h + 48h);
    const auto fresh = queue(central, signedCommand(seed, "notice", {{"text", "Fresh"}}));
    agent.runOnce();
    EXPECT_EQ(host.calls, std::vector<std::string>{"notice Fresh"});
    EXPECT_EQ(commandsById(central)[fresh]["state"], "done");

    // The centre's time is kept on disk: an agent started with the clock at
    // 1970 (an RTC reset) raises its floor from it before any answer.
    std::ifstream kept(dir.file("time-floor"));
    std::int64_t keptMs = 0;
    ASSERT_TRUE(kept >> keptMs) << "no time-floor file";
    EXPECT_GT(keptMs, std::chrono::duration_cast<std::chrono::milliseconds>(
                          (std::chrono::system_clock::now() - 1h).time_since_epoch())
                          .count());
    kiosk::ManualClock rtc;
    rtc.setWallEpochSeconds(0);
    kiosk::TimeFloor floor(rtc);
    options.clock = &rtc;
    options.timeFloor = &floor;
    remote::FleetAgent restarted(options, host, nullptr);
    EXPECT_EQ(floor.notBefore(), std::chrono::system_clock::time_point(std::chrono::milliseconds(keptMs)));
    EXPECT_EQ(floor.judge(std::chrono::system_clock::now() - 2h), kiosk::TimeFloor::Expiry::Expired);
}

TEST(FleetCommands, ClockJumpAClockSetForwardAndBackDoesNotLetACommandRunTwice) {
    // Nonces are forgotten once their command expired. By the wall clock a
    // jump forward forgot them, and the jump back let the same envelope run
    // again; by the trusted floor nothing is forgotten early.
    CentralProcess central;
    ASSERT_GT(central.port(), 0);
    TempDir dir;
    FakeHost host;
    auto seed = newSeed();
    auto options = agentOptions(central, dir, seed);
    kiosk::ManualClock clock;
    clock.setWallNow(std::chrono::system_clock::now());
    options.clock = &clock;
    remote::FleetAgent agent(options, host, nullptr);
    const auto good = signedCommand(seed, "notice", {{"text", "Closed on Friday afternoon"}});
    queue(central, good);
    agent.runOnce();
    ASSERT_EQ(host.calls.size(), 1u);
    // Thirty days ahead, a command valid for thirty days and an hour: by
    // the wall clock it expires within the hour and runs, and forgets the
    // nonces expired by then; by the centre's time it lives too long.
    clock.jumpWall(24h * 30);
    const auto far = queue(central, signedCommand(seed, "notice", {{"text", "Far"}}, kKiosk, 24h * 30 + 1h));
    agent.runOnce();
    EXPECT_EQ(commandsById(central)[far]["result"]["refused"], "too-long");
    // Back to the right time; the maintainer's envelope is queued again.
    clock.setWallNow(std::chrono::system_clock::now());
    const auto again = queue(central, good);
    agent.runOnce();
    EXPECT_EQ(host.calls, std::vector<std::string>{"notice Closed on Friday afternoon"});
    EXPECT_EQ(commandsById(central)[again]["result"]["refused"], "replayed");
}

TEST(FleetCommands, AResultNotYetSentIsSentAfterARestartWithoutRunningTheCommandAgain) {
    CentralProcess central;
    ASSERT_GT(central.port(), 0);
    TempDir dir;
    FakeHost host;
    auto id =
        central.admin("POST", std::string("/admin/kiosks/") + kKiosk + "/commands", {{"command", "restart"}})["id"];
    // The process ran the restart and recorded its result, then died before the result got out.
    json ledger{{std::to_string(id.get<std::int64_t>()),
                 {{"result", {{"ok", true}, {"message", "restarting"}}}, {"acked", false}}}};
    ASSERT_TRUE(remote::writeFileAtomic(dir.file("commands.json"), ledger.dump()));
    remote::FleetAgent agent(agentOptions(central, dir), host, nullptr);
    agent.runOnce();
    EXPECT_EQ(host.restarts, 0);  // not restarted a second time
    EXPECT_EQ(agent.commandsAcknowledged(), 1);
    auto list = central.admin("GET", std::string("/admin/kiosks/") + kKiosk + "/commands")["commands"];
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0]["state"], "done");
    EXPECT_EQ(list[0]["result"]["message"], "restarting");
}

// Personal data never leaves in a heartbeat, even when it shows up in an
// error text (the scrubber), and the body has no field that could carry it.
TEST(FleetHeartbeat, BodiesCarryNoPersonalData) {
    CentralProcess central;
    ASSERT_GT(central.port(), 0);
    TempDir dir;
    FakeHost host;
    host.errors = {"printer failed while printing for 330106199003070014", "call 13912345678 back",
                   "id 11010519491231002X"};
    remote::FleetAgent agent(agentOptions(central, dir), host, nullptr);
    agent.runOnce();
    std::string body = agent.lastHeartbeat();
    std::regex idNumber(R"((^|[^0-9])[0-9]{17}[0-9Xx]([^0-9]|$))"), phone(R"((^|[^0-9])1[3-9][0-9]{9}([^0-9]|$))");
    EXPECT_FALSE(std::regex_search(body, idNumber)) << body;
    EXPECT_FALSE(std::regex_search(body, phone)) << body;
    auto j = json::parse(body);
    for (const char* field :
         {"version", "health", "queueDepth", "online", "devices", "diskFreeMB", "config", "lastErrors"})
        EXPECT_TRUE(j.contains(field)) << field;
    EXPECT_EQ(j["health"], "degraded");  // the printer has no paper
    // What central stored is the same body.
    auto fleet = central.admin("GET", "/admin/fleet/kiosks");
    EXPECT_EQ(fleet["kiosks"][0]["heartbeat"], j);
    EXPECT_EQ(fleet["kiosks"][0]["queueDepth"], 2);
}

TEST(FleetHeartbeat, ReportsTheUpdateStateWithoutTakingTheUpdateLock) {
    CentralProcess central;
    ASSERT_GT(central.port(), 0);
    TempDir dir, deploy;
    remote::UpdateState st;
    st.phase = remote::Phase::Trial;
    st.target = std::string(64, 'b');
    st.failed = std::string(64, 'c');
    ASSERT_TRUE(remote::writeFileAtomic(deploy.file("state.json"), remote::stateToJson(st)));
    std::filesystem::create_directory_symlink("deployments/" + std::string(64, 'b'), deploy.file("current"));
    FakeHost host;
    auto o = agentOptions(central, dir);
    o.updateRoot = deploy.path();
    remote::FleetAgent agent(o, host, nullptr);
    auto update = json::parse(agent.heartbeatBody(host.health()))["update"];
    EXPECT_EQ(update["phase"], "trial");
    EXPECT_EQ(update["current"], std::string(64, 'b'));
    EXPECT_EQ(update["failed"], std::string(64, 'c'));
}

// ---- the fleet page in headless Chromium ------------------------------------

// The <tr> of a kiosk in the dumped DOM.
std::string row(const std::string& dom, const std::string& kiosk) {
    auto start = dom.find("<tr id=\"kiosk-" + kiosk + "\"");
    if (start == std::string::npos) return {};
    return dom.substr(start, dom.find("</tr>", start) - start);
}

TEST(FleetPage, ShowsAKioskGoingOfflineAndBackInHeadlessChromium) {
    if (CdpBrowser::findChromium().empty()) GTEST_SKIP() << "chromium is not installed (tools/deps)";
    CentralProcess central({"--kiosk", "kiosk-demo-01:demo-token", "--kiosk", "kiosk-demo-02:token-02"});
    ASSERT_GT(central.port(), 0);
    TempDir dir;
    FakeHost host;
    auto options = agentOptions(central, dir);
    options.interval = 300ms;  // offline after 3 missed heartbeats: ~1 s
    auto agent = std::make_unique<remote::FleetAgent>(options, host, nullptr);
    agent->start();
    ASSERT_TRUE(waitFor([&] { return agent->heartbeatsSent() > 0; }));

    CdpBrowser browser;
    ASSERT_TRUE(signInToFleetPage(browser, central.url(), central.adminToken())) << browser.text("body");
    browser.navigate(central.url() + "/admin/fleet?refresh=300");
    const std::string state = "(document.querySelector('#kiosk-" + std::string(kKiosk) + "') || {dataset: {}}).dataset.state";
    ASSERT_TRUE(browser.waitFor(state + " === 'online'", 10s)) << browser.text("body");
    auto dom = [&browser] { return browser.evaluate("document.documentElement.outerHTML").get<std::string>(); };
    std::string r = row(dom(), kKiosk);
    EXPECT_NE(r.find("0.1.0-test"), std::string::npos) << r;
    EXPECT_NE(r.find("degraded"), std::string::npos) << r;  // the printer has no paper
    EXPECT_NE(r.find("printer: no-paper"), std::string::npos) << r;
    EXPECT_NE(row(dom(), "kiosk-demo-02").find("data-state=\"offline\""), std::string::npos);  // never seen

    agent->stop();  // the kiosk goes away
    EXPECT_TRUE(browser.waitFor(state + " === 'offline'", 20s)) << row(dom(), kKiosk);

    agent = std::make_unique<remote::FleetAgent>(options, host, nullptr);
    agent->start();  // and comes back
    ASSERT_TRUE(waitFor([&] { return agent->heartbeatsSent() > 0; }));
    EXPECT_TRUE(browser.waitFor(state + " === 'online'", 20s)) << row(dom(), kKiosk);
    agent->stop();
}

// Loopback is no credential: every /admin request needs the admin token (or
// the sign-in form's cookie), comes from this server's own pages, and sends JSON.
TEST(FleetPage, TheAdminApiNeedsTheAdminTokenEvenFromLoopback) {
    CentralProcess central({"--admin-token", "s3cret"});
    ASSERT_GT(central.port(), 0);
    using Headers = std::vector<std::pair<std::string, std::string>>;
    const Headers bearer{{"Authorization", "Bearer s3cret"}};
    auto status = [&](const std::string& method, const std::string& path, const Headers& h, const std::string& body = {}) {
        return central.call(method, path, body, h).status;
    };
    EXPECT_EQ(status("GET", "/admin/stats", {}), 401);
    EXPECT_EQ(status("GET", "/admin/fleet/kiosks", {{"Authorization", "Bearer wrong"}}), 401);
    EXPECT_EQ(status("GET", "/admin/fleet/kiosks", bearer), 200);
    // The token never travels in a URL, not even the right one.
    EXPECT_EQ(status("GET", "/admin/fleet/kiosks?token=s3cret", {}), 400);
    EXPECT_EQ(status("GET", "/admin/fleet/kiosks?token=s3cret", bearer), 400);
    // Another site's page (CSRF), or this server under a foreign name (DNS rebinding).
    Headers evil = bearer;
    evil.emplace_back("Origin", "http://evil.example");
    EXPECT_EQ(status("GET", "/admin/fleet/kiosks", evil), 403);
    EXPECT_EQ(status("GET", "/admin/fleet/kiosks", {{"Authorization", "Bearer s3cret"}, {"Host", "evil.example"}}), 403);
    Headers sameOrigin = bearer;
    sameOrigin.emplace_back("Origin", central.url());
    EXPECT_EQ(status("GET", "/admin/fleet/kiosks", sameOrigin), 200);
    // A JSON body sent as text/plain (what a cross-site form can send) is refused.
    const std::string faults = R"({"latencyMs": 0})";
    EXPECT_EQ(status("POST", "/admin/faults", {{"Authorization", "Bearer s3cret"}, {"Content-Type", "text/plain"}}, faults),
              415);
    EXPECT_EQ(status("POST", "/admin/faults", {{"Authorization", "Bearer s3cret"}, {"Content-Type", "application/json"}},
                     faults),
              200);

    // Not signed in, the page sends a browser to the sign-in form.
    auto page = central.call("GET", "/admin/fleet");
    EXPECT_EQ(page.status, 303);
    auto form = central.call("GET", "/admin/login");
    EXPECT_EQ(form.status, 200);
    EXPECT_NE(form.body.reveal().find("action=\"/admin/session\""), std::string::npos);
    // The form's answer is a session cookie, HttpOnly and SameSite=Strict.
    auto wrong = central.call("POST", "/admin/session", "token=nope", {{"Content-Type", "application/x-www-form-urlencoded"}});
    EXPECT_EQ(wrong.status, 401);
    auto signIn = central.call("POST", "/admin/session", "token=s3cret",
                               {{"Content-Type", "application/x-www-form-urlencoded"}, {"Origin", central.url()}});
    EXPECT_EQ(signIn.status, 303);
    const std::string cookie = signIn.header("set-cookie");
    ASSERT_NE(cookie.find("kiosk_admin="), std::string::npos) << cookie;
    EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
    EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
    const std::string session = cookie.substr(0, cookie.find(';'));
    page = central.call("GET", "/admin/fleet", {}, {{"Cookie", session}});
    ASSERT_EQ(page.status, 200);
    EXPECT_NE(page.body.reveal().find("Kiosk fleet"), std::string::npos);
    const std::string csp = page.header("content-security-policy");
    EXPECT_NE(csp.find("default-src 'none'"), std::string::npos) << csp;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
    EXPECT_EQ(page.header("x-frame-options"), "DENY");
    EXPECT_EQ(page.header("x-content-type-options"), "nosniff");
    // The script carries this answer's nonce, and nothing runs without one.
    auto nonceAt = csp.find("'nonce-");
    ASSERT_NE(nonceAt, std::string::npos);
    std::string nonce = csp.substr(nonceAt + 7, csp.find('\'', nonceAt + 7) - nonceAt - 7);
    EXPECT_NE(page.body.reveal().find("<script nonce=\"" + nonce + "\">"), std::string::npos);
    EXPECT_EQ(page.body.reveal().find("<script>"), std::string::npos);
    // With the cookie, a state change must also come from this server's page (Origin).
    EXPECT_EQ(status("POST", "/admin/faults", {{"Cookie", session}, {"Content-Type", "application/json"}}, faults), 403);
    EXPECT_EQ(status("POST", "/admin/faults",
                     {{"Cookie", session}, {"Content-Type", "application/json"}, {"Origin", central.url()}}, faults),
              200);
}

// Guessing the admin token: after 20 wrong ones in a minute the address is turned away, right token or not.
TEST(FleetPage, WrongAdminTokensAreThrottled) {
    CentralProcess central({"--admin-token", "s3cret"});
    ASSERT_GT(central.port(), 0);
    auto withToken = [&](const std::string& token) {
        return central.call("GET", "/admin/stats", {}, {{"Authorization", "Bearer " + token}}).status;
    };
    for (int i = 0; i < 20; ++i) ASSERT_EQ(withToken("guess-" + std::to_string(i)), 401) << i;
    EXPECT_EQ(withToken("guess-20"), 429);
    EXPECT_EQ(withToken("s3cret"), 429);
    auto form = central.call("POST", "/admin/session", "token=s3cret", {{"Content-Type", "application/x-www-form-urlencoded"}});
    EXPECT_EQ(form.status, 429);
}

}  // namespace
