// kiosk-cli read-card against the emulator on a real pty: what it prints,
// and its exit codes for timeout and a missing reader.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "idcard_test_support.h"

using namespace idcard_test;

namespace {
struct Run {
    int exitCode = -1;
    std::string out;
};
// stderr goes to the test log; stdout is captured.
Run runCli(const std::string& args) {
    Run run;
    std::string command = std::string(KIOSK_CLI) + " read-card " + args;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) return run;
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) run.out.append(buf, n);
    int status = ::pclose(pipe);
    run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
}

std::unique_ptr<kiosk::idcard::IdCardEmulator> emulator(const TempDir& dir) {
    kiosk::idcard::EmulatorOptions options;
    options.linkPath = (dir.path / "reader").string();
    auto emu = kiosk::idcard::IdCardEmulator::start(options);
    EXPECT_TRUE(emu);
    return std::move(emu.value());
}
}  // namespace

TEST(IdcardCli, ReadCardPrintsOneJsonLineWithTheNumberMasked) {
    TempDir dir;
    auto emu = emulator(dir);
    emu->placeCard(profile("resident_expired.json"));
    auto run = runCli("--device " + emu->devicePath() + " --json --timeout 20 --photo-library ''");
    ASSERT_EQ(run.exitCode, 0) << run.out;
    ASSERT_FALSE(run.out.empty());
    EXPECT_EQ(run.out.find('\n'), run.out.size() - 1) << "one line";
    auto j = nlohmann::json::parse(run.out);
    EXPECT_EQ(j["type"], "resident");
    EXPECT_EQ(j["name"], "陈玥");
    EXPECT_EQ(j["gender"], "female");
    EXPECT_EQ(j["nation"], "回");
    EXPECT_EQ(j["birth_date"], "1998-06-15");
    EXPECT_EQ(j["id_number"], "330108********0029");
    EXPECT_EQ(j["valid_from"], "2014-02-10");
    EXPECT_EQ(j["valid_to"], "2019-02-10");
    EXPECT_EQ(j["expired"], true);
    EXPECT_FALSE(j.contains("english_name"));
    EXPECT_FALSE(j.contains("pass_number"));
}

TEST(IdcardCli, ReadCardForeignAndLongTerm) {
    TempDir dir;
    auto emu = emulator(dir);
    emu->placeCard(profile("foreign_y.json"));
    auto run = runCli("--port " + emu->devicePath() + " --json --timeout 20 --photo-library ''");
    ASSERT_EQ(run.exitCode, 0);
    auto j = nlohmann::json::parse(run.out);
    EXPECT_EQ(j["type"], "foreign_permanent_resident");
    EXPECT_EQ(j["english_name"], "MUELLER-SCHMIDT, ALEXANDER MAXIMILIAN JOHANNES");
    EXPECT_EQ(j["nationality"], "DEU");
    EXPECT_EQ(j["id_number"], "933276********0015");

    emu->placeCard(profile("resident_long_term.json"));
    auto lt = runCli("--device " + emu->devicePath() + " --json --timeout 20 --photo-library ''");
    ASSERT_EQ(lt.exitCode, 0);
    auto k = nlohmann::json::parse(lt.out);
    EXPECT_EQ(k["valid_to"], "long-term");
    EXPECT_EQ(k["expired"], false);
}

TEST(IdcardCli, TimeoutAndMissingReaderFailClearly) {
    TempDir dir;
    auto emu = emulator(dir);
    auto timeout = runCli("--device " + emu->devicePath() + " --timeout 0.5 --photo-library ''");
    EXPECT_EQ(timeout.exitCode, 1);
    EXPECT_TRUE(timeout.out.empty());
    auto missing = runCli("--device " + (dir.path / "nothing").string() + " --timeout 20 --photo-library ''");
    EXPECT_EQ(missing.exitCode, 2);
}
