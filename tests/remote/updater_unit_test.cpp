// updates: the parts of kiosk/remote that need no OSTree: the state file,
// the launcher's choice on a damaged or half-made layout, the central
// service's answer.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "kiosk/remote/update_check.h"
#include "kiosk/remote/updater.h"

namespace {
namespace fs = std::filesystem;
using namespace kiosk::remote;

const std::string kA(64, 'a'), kB(64, 'b');

class Layout : public ::testing::Test {
protected:
    void SetUp() override {
        char tmpl[] = "/tmp/kiosk-layout-XXXXXX";
        root_ = ::mkdtemp(tmpl);
        for (const auto& c : {kA, kB}) {
            fs::create_directories(root_ / "deployments" / c / "bin");
            std::ofstream(root_ / "deployments" / c / "bin/kiosk") << "#!/bin/sh\n";
            fs::permissions(root_ / "deployments" / c / "bin/kiosk", fs::perms::owner_all);
        }
    }
    void TearDown() override { fs::remove_all(root_); }
    Updater updater() {
        UpdaterOptions o;
        o.root = root_;
        return Updater(o);
    }
    void link(const std::string& name, const std::string& commit) {
        fs::remove(root_ / name);
        fs::create_symlink(fs::path("deployments") / commit, root_ / name);
    }
    void writeState(const std::string& text) { std::ofstream(root_ / "state.json") << text; }
    fs::path root_;
};

TEST(UpdateState, RoundTripsThroughJson) {
    UpdateState s;
    s.phase = Phase::Trial;
    s.target = kA;
    s.previous = kB;
    s.deadlineSteadyMs = 1234567;
    s.bootId = "boot";
    s.starts = 2;
    s.failed = kB;
    s.lastError = "x";
    auto back = stateFromJson(stateToJson(s));
    ASSERT_TRUE(back);
    EXPECT_EQ(back->phase, Phase::Trial);
    EXPECT_EQ(back->target, kA);
    EXPECT_EQ(back->previous, kB);
    EXPECT_EQ(back->deadlineSteadyMs, 1234567);
    EXPECT_EQ(back->starts, 2);
    EXPECT_EQ(back->failed, kB);
}

TEST(UpdateState, RejectsMalformedFiles) {
    EXPECT_FALSE(stateFromJson(""));
    EXPECT_FALSE(stateFromJson("{\"phase\": \"dancing\"}"));
    EXPECT_FALSE(stateFromJson("{\"phase\": \"trial\", \"target\": \"not-a-commit\"}"));
    EXPECT_FALSE(stateFromJson("{\"phase\": \"idle\", \"starts\": \"three\"}"));
    EXPECT_TRUE(stateFromJson("{}"));  // every field defaults: idle
}

TEST_F(Layout, NoDeploymentStartsTheFactoryInstall) {
    Launch l = updater().prepareLaunch("/usr/bin/kiosk");
    EXPECT_EQ(l.program, "/usr/bin/kiosk");
    EXPECT_TRUE(l.commit.empty());
}

TEST_F(Layout, DamagedStateFileStillStartsCurrent) {
    link("current", kA);
    writeState("{\"phase\": \"tri");  // torn by something outside (ours is written atomically)
    Launch l = updater().prepareLaunch("/usr/bin/kiosk");
    EXPECT_EQ(l.commit, kA);
    EXPECT_EQ(l.program, root_ / "deployments" / kA / "bin/kiosk");
    EXPECT_EQ(l.healthFile, root_ / "health" / kA);
}

TEST_F(Layout, CurrentPointingAtNothingFallsBackToPrevious) {
    link("previous", kB);
    fs::create_symlink("deployments/" + std::string(64, 'c'), root_ / "current");
    EXPECT_EQ(updater().prepareLaunch("/usr/bin/kiosk").commit, kB);
}

TEST_F(Layout, LauncherFinishesAnInterruptedSwitch) {
    link("current", kA);
    writeState("{\"phase\": \"switching\", \"target\": \"" + kB + "\", \"previous\": \"" + kA + "\"}");
    Updater u = updater();
    Launch l = u.prepareLaunch("/usr/bin/kiosk");
    EXPECT_EQ(l.commit, kB);
    EXPECT_EQ(u.previousCommit(), kA);
    UpdateState s = u.state();
    EXPECT_EQ(s.phase, Phase::Trial);
    EXPECT_EQ(s.starts, 1);
}

TEST_F(Layout, LauncherFinishesAnInterruptedRollbackToTheFactoryInstall) {
    link("current", kB);
    writeState("{\"phase\": \"rolling-back\", \"target\": \"" + kB + "\", \"previous\": \"\"}");
    Updater u = updater();
    EXPECT_TRUE(u.prepareLaunch("/usr/bin/kiosk").commit.empty());
    EXPECT_FALSE(u.currentCommit());
    EXPECT_EQ(u.state().failed, kB);
}

TEST_F(Layout, TrialDeadlineFromAnotherBootDoesNotCondemnTheRelease) {
    link("current", kB);
    link("previous", kA);
    writeState("{\"phase\": \"trial\", \"target\": \"" + kB + "\", \"previous\": \"" + kA +
               "\", \"deadlineMonotonicMs\": 1, \"bootId\": \"an-earlier-boot\", \"starts\": 1}");
    Updater u = updater();
    EXPECT_EQ(u.prepareLaunch("/usr/bin/kiosk").commit, kB);
    EXPECT_EQ(u.state().starts, 2);
}

// #15: the trial deadline is monotonic time. With wall time an NTP step
// forward rolled back a good release mid-trial, and a step back kept a bad
// one on trial for as long as the step.
TEST_F(Layout, ClockJumpTheTrialDeadlineRunsOnMonotonicTimeWhateverTheWallClockDoes) {
    link("current", kA);
    writeState("{\"phase\": \"switching\", \"target\": \"" + kB + "\", \"previous\": \"" + kA + "\"}");
    kiosk::ManualClock clock;
    UpdaterOptions o;
    o.root = root_;
    o.clock = &clock;
    o.trialTimeout = std::chrono::seconds(300);
    Updater u(o);
    ASSERT_EQ(u.prepareLaunch("/usr/bin/kiosk").commit, kB);
    ASSERT_EQ(u.state().phase, Phase::Trial);
    clock.jumpWall(std::chrono::hours(5));  // NTP steps forward: the trial is not over
    EXPECT_EQ(u.resume(), Outcome::TrialPending);
    EXPECT_EQ(u.currentCommit(), kB);
    clock.jumpWall(-std::chrono::hours(29));  // and back by a day: it still ends on time
    clock.advance(std::chrono::seconds(299));
    EXPECT_EQ(u.resume(), Outcome::TrialPending);
    clock.advance(std::chrono::seconds(2));
    EXPECT_EQ(u.resume(), Outcome::RolledBack);
    EXPECT_EQ(u.currentCommit(), kA);
    EXPECT_EQ(u.state().failed, kB);
}

TEST_F(Layout, ATrialStateFromBeforeTheMonotonicDeadlineIsNotRolledBackAtOnce) {
    // Written by an older kiosk-update (a wall-clock "deadlineMs") in this
    // boot: its deadline means nothing now; the next launch sets one.
    link("current", kB);
    link("previous", kA);
    std::string boot;
    std::getline(std::ifstream("/proc/sys/kernel/random/boot_id"), boot);
    writeState("{\"phase\": \"trial\", \"target\": \"" + kB + "\", \"previous\": \"" + kA +
               "\", \"deadlineMs\": 1, \"bootId\": \"" + boot + "\", \"starts\": 1}");
    Updater u = updater();
    EXPECT_EQ(u.resume(), Outcome::TrialPending);
    EXPECT_EQ(u.currentCommit(), kB);
}

TEST(OfferedUpdate, ResolvesARepositoryPathAgainstTheCentralService) {
    std::string error;
    auto o = parseOfferedUpdate(
        R"({"channel":"stable","available":{"ref":"kiosk/stable","commit":")" + kA + R"(","url":"/ostree"}})",
        "http://127.0.0.1:8443/", error);
    ASSERT_TRUE(o) << error;
    EXPECT_EQ(o->commit, kA);
    EXPECT_EQ(o->url, "http://127.0.0.1:8443/ostree");
    auto none = parseOfferedUpdate(R"({"channel":"stable","available":null})", "http://x", error);
    ASSERT_TRUE(none);
    EXPECT_TRUE(none->commit.empty());
    EXPECT_FALSE(parseOfferedUpdate("<html>", "http://x", error));
}

}  // namespace
