// kiosk-cli scan-code, the real binary: stdout bytes and exit codes on a
// sample frame, a no-code frame and a missing file.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "codes_test_support.h"

namespace {
struct Run {
    int exitCode = -1;
    std::string out;
};
Run scanCode(const std::string& args) {
    Run run;
    const std::string command = std::string(KIOSK_CLI) + " scan-code " + args + " 2>/dev/null";
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) return run;
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) run.out.append(buf, n);
    const int status = ::pclose(pipe);
    run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
}
std::string frame(const std::string& name) { return (codes_test::qrDir() / (name + ".jpg")).string(); }
}  // namespace

TEST(CodesCli, PrintsThePayloadBytesAndOneNewline) {
    auto run = scanCode(frame("plain_2"));
    EXPECT_EQ(run.exitCode, 0);
    EXPECT_EQ(run.out, codes_test::truthOf("plain_2") + "\n");
    run = scanCode(frame("lowcontrast_2"));
    EXPECT_EQ(run.exitCode, 0);
    EXPECT_EQ(run.out, codes_test::truthOf("lowcontrast_2") + "\n");
}

TEST(CodesCli, PrintsNothingForAFrameWithoutCode) {
    auto run = scanCode(frame("nocode_3"));
    EXPECT_EQ(run.exitCode, 0);
    EXPECT_EQ(run.out, "");
}

TEST(CodesCli, FailsOnlyWhenTheFileCannotBeRead) {
    auto run = scanCode("/nonexistent/frame.png");
    EXPECT_NE(run.exitCode, 0);
    EXPECT_EQ(run.out, "");
}

TEST(CodesCli, JsonAddsFormatPositionAndTimings) {
    auto run = scanCode("--json " + frame("tiny_2"));
    ASSERT_EQ(run.exitCode, 0);
    auto j = nlohmann::json::parse(run.out);
    EXPECT_EQ(j["found"], true);
    EXPECT_EQ(j["text"], codes_test::truthOf("tiny_2"));
    EXPECT_EQ(j["format"], "QRCode");
    EXPECT_EQ(j["corners"].size(), 4u);
    EXPECT_TRUE(j["timings_ms"].contains("decode"));
}
