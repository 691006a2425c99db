// Two processes on one store (issue #15): the kiosk (here store_writer, or a
// Store in this process) and the real kiosk-cli open the same SQLite file at
// once. Writers wait for each other within the busy timeout; a lock held
// longer is a Busy value, not a crash; and a second process never resets the
// items the first is sending.
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "kiosk/core/clock.h"
#include "offline-cache/store.h"
#include "test_support.h"

using namespace kiosk;
using namespace kiosk::offline;
using kiosk::testing::TempDir;

namespace {

// Runs a command, returns its exit status and what it printed.
std::pair<int, std::string> run(const std::string& command) {
    std::string out;
    FILE* p = popen((command + " 2>&1").c_str(), "r");
    if (!p) return {-1, {}};
    char buf[4096];
    while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
    int status = pclose(p);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

std::string cliOutbox(const TempDir& dir, const std::string& sub) {
    return std::string(KIOSK_CLI) + " outbox " + sub + " --db " + dir.file("kiosk.db") + " --key-file " + dir.file("data.key");
}

OutboxRequest request(const std::string& kind) {
    return {kind, "POST", "/api/v1/assistance-applications", "application/json", Personal(std::string(500, 'p'))};
}

}  // namespace

TEST(TwoProcesses, TheKioskWritesWhileKioskCliAndAnotherWriterUseTheStore) {
    TempDir dir;
    pid_t writer = fork();
    if (writer == 0) {
        int devnull = open("/dev/null", O_WRONLY);
        dup2(devnull, STDOUT_FILENO);
        prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlives a test that died
        execl(STORE_WRITER_BIN, STORE_WRITER_BIN, dir.file("kiosk.db").c_str(), dir.file("data.key").c_str(), nullptr);
        _exit(127);
    }
    // The writer never outlives the test, whichever assertion ends it.
    struct KillOnExit {
        pid_t pid;
        ~KillOnExit() {
            if (pid > 0 && kill(pid, SIGKILL) == 0) waitpid(pid, nullptr, 0);
        }
    } guard{writer};
    // Both start at once on a new store: one key file and one schema must
    // come out of it (the second process reads the first one's key and
    // finds the migrations done).
    SystemClock clock;
    auto store = Store::open({dir.file("kiosk.db"), dir.file("data.key")}, clock);
    ASSERT_TRUE(store.ok()) << store.error().message;

    // This process writes too, while kiosk-cli reads, again and again.
    std::vector<std::int64_t> mine;
    std::thread cli([&] {
        for (int i = 0; i < 5; ++i) {
            auto [code, out] = run(cliOutbox(dir, "list"));
            EXPECT_EQ(code, 0) << out;
            auto [statsCode, stats] = run(cliOutbox(dir, "stats"));
            EXPECT_EQ(statsCode, 0) << stats;
        }
    });
    for (int i = 0; i < 100; ++i) {
        auto r = store.value()->enqueue(request("mine-" + std::to_string(i)));
        ASSERT_TRUE(r.ok()) << storeErrorName(r.error().code) << ": " << r.error().message;
        mine.push_back(r.value().id);
    }
    cli.join();
    // The writer is still at it (it did not fail on a lock) and got items in.
    EXPECT_TRUE(kiosk::testing::waitFor([&] {
        auto all = store.value()->list(100000);
        return all.ok() && all.value().size() > mine.size() + 10;
    }));
    kill(writer, SIGKILL);
    int status = 0;
    waitpid(writer, &status, 0);
    guard.pid = -1;
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "the writer stopped by itself";

    for (std::int64_t id : mine) {
        auto item = store.value()->item(id);
        ASSERT_TRUE(item.ok());
        EXPECT_EQ(item.value().kind.rfind("mine-", 0), 0u);
    }
    auto all = store.value()->list(100000);
    ASSERT_TRUE(all.ok());
    EXPECT_GT(all.value().size(), mine.size());  // the writer's items are there too
}

TEST(TwoProcesses, KioskCliNeverResetsWhatTheRunningKioskIsSending) {
    TempDir dir;
    SystemClock clock;
    auto kiosk = Store::open({dir.file("kiosk.db"), dir.file("data.key")}, clock);
    ASSERT_TRUE(kiosk.ok());
    EXPECT_FALSE(kiosk.value()->health().sharedWithOwner);
    auto item = kiosk.value()->enqueue(request("in-flight"));
    ASSERT_TRUE(item.ok());
    auto claimed = kiosk.value()->claimNext();
    ASSERT_TRUE(claimed.ok() && claimed.value().has_value());
    ASSERT_EQ(kiosk.value()->item(item.value().id).value().state, OutboxState::Sending);

    // A maintainer looks at the queue while the kiosk is mid-send.
    auto [code, out] = run(cliOutbox(dir, "list"));
    EXPECT_EQ(code, 0) << out;
    EXPECT_NE(out.find("sending"), std::string::npos) << out;
    EXPECT_EQ(kiosk.value()->item(item.value().id).value().state, OutboxState::Sending)
        << "opening the store in kiosk-cli turned the kiosk's in-flight item back to pending";

    // The kiosk dies mid-send: the next process to open the store owns it and recovers the item.
    kiosk.value().reset();
    auto next = Store::open({dir.file("kiosk.db"), dir.file("data.key")}, clock);
    ASSERT_TRUE(next.ok());
    EXPECT_FALSE(next.value()->health().sharedWithOwner);
    EXPECT_EQ(next.value()->health().recoveredSendingItems, 1);
    EXPECT_EQ(next.value()->item(item.value().id).value().state, OutboxState::Pending);
}

TEST(TwoProcesses, ALockHeldPastTheBusyTimeoutIsABusyValue) {
    TempDir dir;
    SystemClock clock;
    StoreOptions options{dir.file("kiosk.db"), dir.file("data.key")};
    options.busyTimeout = std::chrono::milliseconds(200);
    auto store = Store::open(options, clock);
    ASSERT_TRUE(store.ok());

    // Another process's long write transaction, held by a plain connection.
    sqlite3* other = nullptr;
    ASSERT_EQ(sqlite3_open(dir.file("kiosk.db").c_str(), &other), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
    auto refused = store.value()->enqueue(request("blocked"));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, StoreErrorCode::Busy) << refused.error().message;
    // Reads still work in WAL mode while the other holds its write lock.
    EXPECT_TRUE(store.value()->list().ok());
    ASSERT_EQ(sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(other);

    auto later = store.value()->enqueue(request("after"));
    ASSERT_TRUE(later.ok());
    auto items = store.value()->list();
    ASSERT_TRUE(items.ok());
    ASSERT_EQ(items.value().size(), 1u);  // the refused one left nothing behind
    EXPECT_EQ(items.value()[0].kind, "after");
}
