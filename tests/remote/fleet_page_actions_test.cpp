// fleet: a maintainer using the fleet page (issue #9). The page is served by
// the real kiosk-central and loaded in Debian's headless Chromium, driven
// over the DevTools protocol (tests/remote/cdp_browser.h): the test fills
// the page's own inputs, clicks its own buttons and reads its own feedback
// line, then checks the central's state through the endpoints a kiosk polls
// (with that kiosk's token), and where it matters lets a real fleet agent
// take what the page sent.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <mutex>

#include "kiosk/core/config.h"
#include "kiosk/core/signed_code.h"
#include "kiosk/remote/fleet_agent.h"
#include "kiosk/remote/remote_config.h"
#include "tests/data/test_support.h"
#include "tests/remote/cdp_browser.h"
#include "tests/remote/signed_commands.h"

namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;
using kiosk::testing::CdpBrowser;
using kiosk::testing::CentralProcess;
using kiosk::testing::TempDir;
namespace remote = kiosk::remote;

struct Kiosk {
    const char* id;
    const char* token;
};
constexpr Kiosk kFirst{"kiosk-demo-01", "demo-token"};
constexpr Kiosk kSecond{"kiosk-demo-02", "token-02"};
constexpr const char* kBaseToml = "kiosk_id = \"kiosk-demo-01\"\n[session]\ninactivity_seconds = 90\n";

// Stands in for the app behind a fleet agent: reports health, records the
// commands it is given.
struct RecordingHost : remote::FleetHost {
    explicit RecordingHost(std::string printer) : printer(std::move(printer)) {}
    std::string printer;
    std::mutex m;
    std::vector<std::string> calls;
    int restarts = 0;
    remote::HostHealth health() override {
        remote::HostHealth h;
        h.uiResponsive = true;
        h.frames = 100;
        h.queueDepth = 0;
        h.online = true;
        h.devices = {{"idcard", "ok"}, {"printer", printer}};
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
    void restart() override {
        std::lock_guard lock(m);
        ++restarts;
    }
};

class FleetPageActions : public ::testing::Test {
protected:
    void SetUp() override {
        if (CdpBrowser::findChromium().empty()) GTEST_SKIP() << "chromium is not installed (tools/deps)";
        central_ = std::make_unique<CentralProcess>(std::vector<std::string>{
            "--kiosk", std::string(kFirst.id) + ":" + kFirst.token, "--kiosk",
            std::string(kSecond.id) + ":" + kSecond.token});
        ASSERT_GT(central_->port(), 0);
        // One heartbeat each, so that the table has something to show.
        firstAgent_ = std::make_unique<remote::FleetAgent>(options(kFirst, firstDir_), firstHost_, nullptr);
        secondAgent_ = std::make_unique<remote::FleetAgent>(options(kSecond, secondDir_), secondHost_, nullptr);
        firstAgent_->runOnce();
        secondAgent_->runOnce();
        ASSERT_EQ(firstAgent_->heartbeatsSent(), 1);
        ASSERT_EQ(secondAgent_->heartbeatsSent(), 1);

        browser_ = std::make_unique<CdpBrowser>();
        // Signed in through the page's own form: the session cookie carries the admin token.
        ASSERT_TRUE(kiosk::testing::signInToFleetPage(*browser_, central_->url(), central_->adminToken()))
            << browser_->text("body");
        // The page refreshes its table every 500 ms here (5 s by default).
        browser_->navigate(central_->url() + "/admin/fleet?refresh=500");
        ASSERT_TRUE(browser_->waitFor("document.querySelectorAll('#kiosks tr').length === 2", 10s))
            << browser_->evaluate("document.body.innerText").dump() << "\n"
            << browser_->lastScriptError();
    }

    remote::FleetOptions options(const Kiosk& k, const TempDir& dir) const {
        remote::FleetOptions o;
        o.centralUrl = central_->url();
        o.kioskId = k.id;
        o.token = k.token;
        o.interval = 1h;  // runOnce() by hand unless a test starts the thread
        o.trialTime = 1h;
        o.stateDir = dir.path();
        o.version = "0.4.2";
        o.deployment = "factory";
        o.commandKeys = {kiosk::CodeSigningKey::fromSeed(seed_).publicKey()};
        return o;
    }

    // GET an endpoint the way the kiosk's agent does: with its own token.
    json asKiosk(const Kiosk& k, const std::string& what) {
        auto r = central_->call("GET", std::string("/api/v1/kiosks/") + k.id + "/" + what, {},
                                {{"Authorization", std::string("Bearer ") + k.token}});
        EXPECT_EQ(r.status, 200) << what << ": " << r.body.reveal();
        return json::parse(r.body.reveal(), nullptr, false);
    }
    json queuedCommands(const Kiosk& k) { return asKiosk(k, "commands")["commands"]; }
    json offeredUpdate(const Kiosk& k) { return asKiosk(k, "updates")["available"]; }

    // What a maintainer does: tick the kiosk's box in the table.
    void select(const Kiosk& k) {
        browser_->click(std::string("#kiosk-") + k.id + " input[type=checkbox]");
        ASSERT_EQ(browser_->evaluate(std::string("document.querySelector('#kiosk-") + k.id +
                                     " input[type=checkbox]').checked"),
                  true);
    }
    // Presses a page button and returns the page's feedback line. The line
    // is blanked first so that an earlier message is not read as this one's.
    std::string press(const std::string& button) {
        browser_->evaluate("document.getElementById('status').textContent = ''");
        browser_->click("#" + button);
        EXPECT_TRUE(browser_->waitFor("document.getElementById('status').textContent !== ''", 5s))
            << "no feedback after pressing " << button;
        return browser_->text("#status");
    }
    // The page marks a refused action (nothing changed) with class "error".
    bool refused() { return browser_->evaluate("document.getElementById('status').className") == "error"; }
    std::string cell(const Kiosk& k, const std::string& column) {
        return browser_->text(std::string("#kiosk-") + k.id + " td." + column);
    }

    std::array<std::uint8_t, 32> seed_ = kiosk::CodeSigningKey::generate().seed();  // the maintainers' key
    TempDir firstDir_, secondDir_;
    RecordingHost firstHost_{"no-paper"}, secondHost_{"ok"};
    std::unique_ptr<CentralProcess> central_;
    std::unique_ptr<remote::FleetAgent> firstAgent_, secondAgent_;
    std::unique_ptr<CdpBrowser> browser_;  // declared last: closed first
};

TEST_F(FleetPageActions, ShowsEveryKiosksHealthAndSendsACommandToOneKiosk) {
    EXPECT_EQ(browser_->text("#summary"), "2 kiosks, 2 online");
    EXPECT_EQ(cell(kFirst, "state"), "online");
    EXPECT_EQ(cell(kFirst, "health"), "degraded");  // its printer has no paper
    EXPECT_EQ(cell(kFirst, "problems"), "printer: no-paper");
    EXPECT_EQ(cell(kFirst, "version"), "0.4.2");
    EXPECT_EQ(cell(kSecond, "state"), "online");
    EXPECT_EQ(cell(kSecond, "health"), "ok");

    // Refused on the page, nothing queued: nothing pasted, a command that is
    // not signed, an expired one, and one signed for "*" with no kiosk chosen.
    using kiosk::testing::signedCommand;
    auto envelope = [](const remote::CommandEnvelope& e) { return remote::commandEnvelopeToJson(e); };
    browser_->setValue("#signed-command", "");
    EXPECT_NE(press("send-command").find("paste signed commands"), std::string::npos);
    EXPECT_TRUE(refused());
    browser_->setValue("#signed-command", R"({"command": "notice", "args": {"text": "Closed on Friday afternoon"}})");
    EXPECT_NE(press("send-command").find("not a signed command"), std::string::npos);
    EXPECT_TRUE(refused());
    browser_->setValue("#signed-command", envelope(signedCommand(seed_, kFirst.id, "sync-now", json::object(), -1h)));
    EXPECT_EQ(press("send-command"), "sync-now for kiosk-demo-01 has expired; sign it again");
    EXPECT_TRUE(refused());
    browser_->setValue("#signed-command", envelope(signedCommand(seed_, "*", "sync-now")));
    EXPECT_EQ(press("send-command"), "select kiosks first");
    EXPECT_TRUE(refused());
    EXPECT_EQ(queuedCommands(kFirst), json::array());
    EXPECT_EQ(queuedCommands(kSecond), json::array());

    // A signed notice and a signed sync-now for the first kiosk, pasted together
    // (the output of two kioskctl sign-command runs); the central relays them.
    auto notice = signedCommand(seed_, kFirst.id, "notice", {{"text", "Closed on Friday afternoon"}});
    auto sync = signedCommand(seed_, kFirst.id, "sync-now");
    browser_->setValue("#signed-command", envelope(notice) + "\n" + envelope(sync) + "\n");
    std::string said = press("send-command");
    EXPECT_FALSE(refused()) << said;
    EXPECT_EQ(said.rfind("queued notice for kiosk-demo-01 (id ", 0), 0u) << said;
    EXPECT_NE(said.find(", sync-now for kiosk-demo-01 (id "), std::string::npos) << said;

    json queue = queuedCommands(kFirst);
    ASSERT_EQ(queue.size(), 2u) << queue.dump();
    EXPECT_EQ(queue[0]["command"], "notice");
    EXPECT_EQ(queue[0]["args"], json::parse(envelope(notice)));  // as signed, byte for byte in its fields
    EXPECT_EQ(queue[1]["command"], "sync-now");
    EXPECT_EQ(queuedCommands(kSecond), json::array());

    // The first kiosk's agent takes them, once, in order; the queue empties.
    firstAgent_->runOnce();
    EXPECT_EQ(firstHost_.calls, (std::vector<std::string>{"notice Closed on Friday afternoon", "sync-now"}));
    EXPECT_TRUE(secondHost_.calls.empty());
    EXPECT_EQ(queuedCommands(kFirst), json::array());
}

TEST_F(FleetPageActions, PushesASignedConfigTheKioskTakesAndRefusesGarbage) {
    auto seed = kiosk::CodeSigningKey::generate().seed();
    std::vector<kiosk::CodePublicKey> keys{kiosk::CodeSigningKey::fromSeed(seed).publicKey()};

    for (const char* garbage : {"", "this is not a config", R"({"format": "kiosk-config/1", "version": 3})"}) {
        SCOPED_TRACE(garbage);
        browser_->setValue("#config", garbage);
        std::string said = press("push-config");
        EXPECT_TRUE(refused()) << said;
        EXPECT_NE(said.find("400 A signed config envelope (kioskctl sign-config) is required"), std::string::npos)
            << said;
        EXPECT_FALSE(asKiosk(kFirst, "config").contains("signed"));
    }

    // What `kioskctl sign-config` prints (the same signConfig), pasted into the page.
    auto envelope = remote::signConfig(seed, kFirst.id, 7, "[session]\ninactivity_seconds = 120\n");
    browser_->setValue("#config", remote::envelopeToJson(envelope));
    std::string said = press("push-config");
    EXPECT_FALSE(refused()) << said;
    EXPECT_EQ(said, "config version 7 pushed for kiosk-demo-01");
    json offered = asKiosk(kFirst, "config");
    EXPECT_EQ(offered["version"], 7);
    EXPECT_EQ(offered["signed"], json::parse(remote::envelopeToJson(envelope)));
    EXPECT_FALSE(asKiosk(kSecond, "config").contains("signed"));  // signed for the first kiosk only

    // The kiosk verifies it, takes it and restarts to run it on trial ...
    TempDir configDir;
    const auto base = kiosk::parseConfig(kBaseToml).value();
    remote::RemoteConfigStore store(configDir.path(), kFirst.id, kBaseToml, keys, 3);
    store.prepareStart(base);
    remote::FleetAgent(options(kFirst, firstDir_), firstHost_, &store).runOnce();
    EXPECT_EQ(firstHost_.restarts, 1);
    remote::RemoteConfigStore restarted(configDir.path(), kFirst.id, kBaseToml, keys, 3);
    auto start = restarted.prepareStart(base);
    ASSERT_TRUE(start.onTrial);
    EXPECT_EQ(start.config.session.inactivitySeconds, 120);
    // ... and its next heartbeat shows the maintainer the trial, on the page's own refresh.
    remote::FleetAgent(options(kFirst, firstDir_), firstHost_, &restarted).runOnce();
    EXPECT_TRUE(browser_->waitFor(
        "document.querySelector('#kiosk-kiosk-demo-01 td.config').textContent === '7 (v7 on trial)'", 5s))
        << cell(kFirst, "config");
}

TEST_F(FleetPageActions, RollsOutAnUpdateToOneKioskThenToAll) {
    const std::string canary(64, 'a'), release = "3b5e" + std::string(60, '7');
    EXPECT_TRUE(offeredUpdate(kFirst).is_null());

    // Refused on the page, nothing published: no commit, a commit that is
    // not 64 hex digits, no kiosk chosen for "selected".
    for (const std::string& commit : {std::string(), std::string(64, 'z'), std::string(63, 'a'), canary + "0"}) {
        SCOPED_TRACE(commit);
        browser_->setValue("#commit", commit);
        EXPECT_EQ(press("rollout-all"), "the commit is 64 hex digits (tools/kioskctl release prints it)");
        EXPECT_TRUE(refused());
    }
    browser_->setValue("#commit", canary);
    EXPECT_EQ(press("rollout-selected"), "select kiosks first");
    EXPECT_TRUE(refused());
    EXPECT_TRUE(offeredUpdate(kFirst).is_null());
    EXPECT_TRUE(offeredUpdate(kSecond).is_null());

    // A canary: the second kiosk only.
    select(kSecond);
    EXPECT_EQ(press("rollout-selected"), "release " + canary + " published for kiosk-demo-02");
    EXPECT_FALSE(refused());
    EXPECT_EQ(offeredUpdate(kSecond), json({{"ref", "kiosk/stable"}, {"commit", canary}, {"url", "/ostree"}}));
    EXPECT_TRUE(offeredUpdate(kFirst).is_null());

    // Then everyone, on another channel; an emptied URL field means the
    // server's default repository, not "".
    browser_->setValue("#commit", release);
    browser_->setValue("#ref", "kiosk/beta");
    browser_->setValue("#url", "");
    EXPECT_EQ(press("rollout-all"), "release " + release + " published for *");
    for (const Kiosk& k : {kFirst, kSecond}) {
        SCOPED_TRACE(k.id);
        EXPECT_EQ(offeredUpdate(k), json({{"ref", "kiosk/beta"}, {"commit", release}, {"url", "/ostree"}}));
        EXPECT_EQ(asKiosk(k, "updates")["channel"], "beta");
    }
}

TEST_F(FleetPageActions, AKioskThatStopsHeartbeatingTurnsOfflineWithoutAReload) {
    auto o = options(kFirst, firstDir_);
    o.interval = 300ms;  // offline after three missed heartbeats: ~1 s
    firstAgent_ = std::make_unique<remote::FleetAgent>(o, firstHost_, nullptr);
    firstAgent_->start();
    // A mark in this document: if the page reloaded itself the mark is gone.
    browser_->evaluate("window.notReloaded = true");
    const std::string isOnline = "document.getElementById('kiosk-kiosk-demo-01').dataset.state === 'online'";
    const std::string isOffline = "document.getElementById('kiosk-kiosk-demo-01').dataset.state === 'offline'";
    ASSERT_TRUE(browser_->waitFor(isOnline, 5s));

    firstAgent_->stop();  // the kiosk goes away
    EXPECT_TRUE(browser_->waitFor(isOffline, 10s)) << cell(kFirst, "state") << " " << cell(kFirst, "last");
    EXPECT_EQ(browser_->text("#summary"), "2 kiosks, 1 online");
    EXPECT_EQ(browser_->evaluate("window.notReloaded === true"), true);

    firstAgent_ = std::make_unique<remote::FleetAgent>(o, firstHost_, nullptr);
    firstAgent_->start();  // and comes back
    EXPECT_TRUE(browser_->waitFor(isOnline, 10s)) << cell(kFirst, "state");
    EXPECT_EQ(browser_->evaluate("window.notReloaded === true"), true);
    firstAgent_->stop();
}

}  // namespace
