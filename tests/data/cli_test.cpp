// The real kiosk-cli binary on a store in a temp dir, against the real
// kiosk-central on loopback: `outbox list|stats|retry ID` and `sync --once`.
// Every output is checked for the resident's personal data (which must never
// be printed: the store's bodies are encrypted and the commands show metadata).
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "offline-cache/store.h"
#include "tests/data/test_support.h"

using namespace kiosk;
using namespace kiosk::offline;
using kiosk::testing::CentralProcess;
using kiosk::testing::TempDir;
using nlohmann::json;

namespace {

// Synthetic demo resident of the reference server, and a variant with a wrong
// check digit that the server rejects (400).
constexpr const char* kResident = "330102194803161004";
constexpr const char* kBadId = "330102194803161005";
constexpr const char* kName = "张秀英";
constexpr const char* kPhone = "13912345678";

OutboxRequest application(const std::string& clientRef, const std::string& id) {
    json body{{"type", "dibao"},
              {"applicant", {{"name", kName}, {"idNumber", id}, {"phone", kPhone}}},
              {"consent", true},
              {"documents", json::array()},
              {"clientReference", clientRef}};
    return {"assistance-application", "POST", "/api/v1/assistance-applications", "application/json",
            Personal(body.dump())};
}

struct CliRun {
    int code = -1;
    std::string out;
    std::string err;
};

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

class CliTest : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_GT(central.port(), 0) << "kiosk-central did not start"; }

    // Runs kiosk-cli with `args` (and `env` assignments before it) in a shell.
    CliRun cli(const std::string& args, const std::string& env = "") {
        std::string cmd = env + " " + KIOSK_CLI + " " + args + " >" + dir.file("out") + " 2>" + dir.file("err");
        int status = std::system(cmd.c_str());
        CliRun r;
        r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        r.out = slurp(dir.file("out"));
        r.err = slurp(dir.file("err"));
        expectNoPersonalData(r, args);
        return r;
    }
    std::string storeArgs() const { return "--db " + dir.file("kiosk.db") + " --key-file " + dir.file("data.key"); }
    std::string syncArgs(const std::string& url) const { return "sync --once --url " + url + " " + storeArgs(); }

    static void expectNoPersonalData(const CliRun& r, const std::string& what) {
        for (const std::string& text : {r.out, r.err}) {
            for (const char* secret : {kResident, kBadId, kName, kPhone, "3301021948", "19480316", "demo-token"})
                EXPECT_EQ(text.find(secret), std::string::npos) << what << " printed personal data: " << text;
        }
    }

    // Two items: one the server accepts, one it rejects. The store is closed
    // again before kiosk-cli opens it.
    std::pair<std::int64_t, std::int64_t> enqueueTwo() {
        SystemClock clock;
        auto store = Store::open({dir.file("kiosk.db"), dir.file("data.key")}, clock);
        EXPECT_TRUE(store.ok());
        if (!store.ok()) return {0, 0};
        auto good = store.value()->enqueue(application("cli-good", kResident));
        auto bad = store.value()->enqueue(application("cli-bad", kBadId));
        EXPECT_TRUE(good.ok() && bad.ok());
        return {good.value().id, bad.value().id};
    }

    TempDir dir;
    CentralProcess central;
};

std::string lineWith(const std::string& text, const std::string& needle) {
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (line.find(needle) != std::string::npos) return line;
    return {};
}

}  // namespace

TEST_F(CliTest, OutboxListStatsSyncAndRetry) {
    auto [good, bad] = enqueueTwo();

    auto stats = cli("outbox stats " + storeArgs());
    EXPECT_EQ(stats.code, 0) << stats.err;
    EXPECT_NE(stats.out.find("pending 2\n"), std::string::npos) << stats.out;
    EXPECT_NE(stats.out.find("acknowledged 0\n"), std::string::npos) << stats.out;

    auto list = cli("outbox list " + storeArgs());
    EXPECT_EQ(list.code, 0) << list.err;
    EXPECT_NE(list.out.find("STATE"), std::string::npos);
    std::string goodLine = lineWith(list.out, "\n" + std::to_string(good) + " ");
    if (goodLine.empty()) goodLine = lineWith(list.out, std::to_string(good) + " ");
    EXPECT_NE(goodLine.find("pending"), std::string::npos) << list.out;
    EXPECT_NE(goodLine.find("assistance-application"), std::string::npos) << list.out;

    // One pass with the token from the environment: one acknowledged, one rejected.
    auto sync = cli(syncArgs(central.url()), "KIOSK_TOKEN=demo-token");
    EXPECT_EQ(sync.code, 0) << sync.err;
    EXPECT_NE(sync.out.find("acknowledged 1\n"), std::string::npos) << sync.out;
    EXPECT_NE(sync.out.find("rejected 1\n"), std::string::npos) << sync.out;
    EXPECT_NE(sync.out.find("queue 0\n"), std::string::npos) << sync.out;
    EXPECT_NE(sync.out.find("online yes"), std::string::npos) << sync.out;
    EXPECT_EQ(central.stats()["applications"], 1);

    list = cli("outbox list " + storeArgs());
    EXPECT_EQ(list.code, 0);
    EXPECT_NE(list.out.find("acknowledged"), std::string::npos) << list.out;
    std::string rejectedLine = lineWith(list.out, "rejected");
    EXPECT_NE(rejectedLine.find("HTTP 400"), std::string::npos) << list.out;  // the reason, for staff
    EXPECT_EQ(rejectedLine.rfind(std::to_string(bad) + " ", 0), 0u) << rejectedLine;

    stats = cli("outbox stats " + storeArgs());
    EXPECT_NE(stats.out.find("pending 0\n"), std::string::npos) << stats.out;
    EXPECT_NE(stats.out.find("acknowledged 1\n"), std::string::npos) << stats.out;
    EXPECT_NE(stats.out.find("rejected 1\n"), std::string::npos) << stats.out;

    // Staff retry: the item is queued again (and, still wrong, rejected again).
    auto retry = cli("outbox retry " + std::to_string(bad) + " " + storeArgs());
    EXPECT_EQ(retry.code, 0) << retry.err;
    EXPECT_NE(retry.out.find("item " + std::to_string(bad) + " queued again"), std::string::npos) << retry.out;
    stats = cli("outbox stats " + storeArgs());
    EXPECT_NE(stats.out.find("pending 1\n"), std::string::npos) << stats.out;
    EXPECT_NE(stats.out.find("rejected 0\n"), std::string::npos) << stats.out;

    std::ofstream(dir.file("token")) << "demo-token\n";
    sync = cli(syncArgs(central.url()) + " --token-file " + dir.file("token"));
    EXPECT_EQ(sync.code, 0) << sync.err;
    EXPECT_NE(sync.out.find("rejected 1\n"), std::string::npos) << sync.out;
    EXPECT_EQ(central.stats()["applications"], 1);  // never twice
}

TEST_F(CliTest, RetryOfAnUnknownOrAcknowledgedItemFails) {
    auto [good, bad] = enqueueTwo();
    (void)bad;
    auto unknown = cli("outbox retry 999999 " + storeArgs());
    EXPECT_NE(unknown.code, 0);
    EXPECT_NE(unknown.err.find("outbox:"), std::string::npos) << unknown.err;
    EXPECT_EQ(unknown.out, "");

    ASSERT_EQ(cli(syncArgs(central.url()), "KIOSK_TOKEN=demo-token").code, 0);
    auto acked = cli("outbox retry " + std::to_string(good) + " " + storeArgs());
    EXPECT_NE(acked.code, 0) << acked.out;
    EXPECT_FALSE(acked.err.empty());
}

TEST_F(CliTest, SyncFailuresExitNonZeroAndKeepTheItems) {
    enqueueTwo();
    // Nothing listens on port 1: offline, exit 3, the reason on stderr.
    auto down = cli(syncArgs("http://127.0.0.1:1"), "KIOSK_TOKEN=demo-token");
    EXPECT_EQ(down.code, 3);
    EXPECT_NE(down.out.find("online no"), std::string::npos) << down.out;
    EXPECT_NE(down.out.find("queue 2\n"), std::string::npos) << down.out;
    EXPECT_NE(down.err.find("network"), std::string::npos) << down.err;

    // A wrong token: the centre refuses the kiosk; items kept.
    auto wrongToken = cli(syncArgs(central.url()), "KIOSK_TOKEN=not-the-token");
    EXPECT_EQ(wrongToken.code, 3);
    EXPECT_EQ(wrongToken.out.find("not-the-token"), std::string::npos);
    EXPECT_EQ(wrongToken.err.find("not-the-token"), std::string::npos);
    EXPECT_EQ(central.stats()["applications"], 0);

    auto stats = cli("outbox stats " + storeArgs());
    EXPECT_NE(stats.out.find("pending 2\n"), std::string::npos) << stats.out;
}

TEST_F(CliTest, AWrongKeyFileIsAClearStartError) {
    enqueueTwo();
    {
        std::ofstream wrong(dir.file("wrong.key"), std::ios::binary);
        wrong << std::string(32, 'k');
    }
    std::filesystem::permissions(dir.file("wrong.key"), std::filesystem::perms::owner_read |
                                                            std::filesystem::perms::owner_write);
    std::string args = "--db " + dir.file("kiosk.db") + " --key-file " + dir.file("wrong.key");
    for (const std::string& cmd : {"outbox list " + args, "outbox stats " + args,
                                   "sync --once --url " + central.url() + " " + args}) {
        auto r = cli(cmd, "KIOSK_TOKEN=demo-token");
        EXPECT_NE(r.code, 0) << cmd;
        EXPECT_NE(r.err.find("cannot open the store"), std::string::npos) << cmd << ": " << r.err;
        EXPECT_EQ(r.out, "") << cmd;
    }
    EXPECT_EQ(central.stats()["applications"], 0);
}
