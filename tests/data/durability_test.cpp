// What was acknowledged to a resident is never lost (issue #15):
// - power loss, simulated under SQLite by a VFS shim that drops every write
//   made after the last fsync (crash_vfs.h), at random points, then reopened;
// - the process killed with SIGKILL at random moments while it enqueues
//   single items and chains (store_writer.cpp), then reopened.
// Each cycle checks that the store opens cleanly (no corruption recovery),
// that every acknowledged submission is there with its idempotency key, and
// that no chain is half there. 20 cycles per case; KIOSK_SOAK=1 runs 200.
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "crash_vfs.h"
#include "kiosk/core/clock.h"
#include "offline-cache/store.h"
#include "test_support.h"

using namespace kiosk;
using namespace kiosk::offline;
using kiosk::testing::CrashVfs;
using kiosk::testing::TempDir;

namespace {

int cycles() { return std::getenv("KIOSK_SOAK") ? 200 : 20; }

struct Acked {
    std::int64_t id = 0;
    std::string key;
    std::string group;  // "single-N" or "chain-N"
};

// Opens the store again and checks everything the resident was told.
void checkSurvived(const TempDir& dir, const std::vector<Acked>& acked, const Clock& clock, const std::string& cycle) {
    auto reopened = Store::open({dir.file("kiosk.db"), dir.file("data.key")}, clock);
    ASSERT_TRUE(reopened.ok()) << cycle;
    Store& store = *reopened.value();
    EXPECT_FALSE(store.health().recoveredFromCorruption) << cycle << ": the file had to be moved aside";
    for (const Acked& a : acked) {
        auto item = store.item(a.id);
        ASSERT_TRUE(item.ok()) << cycle << ": acknowledged item " << a.id << " (" << a.group << ") is lost";
        EXPECT_EQ(item.value().idempotencyKey, a.key) << cycle;
    }
    // Chains: all three items or none.
    std::map<std::string, int> chainSizes;
    auto items = store.list(100000);
    ASSERT_TRUE(items.ok()) << cycle;
    const std::vector<OutboxItem> all = items.value();
    for (const OutboxItem& item : all) {
        if (item.kind.rfind("chain-", 0) != 0) continue;
        chainSizes[item.kind.substr(0, item.kind.rfind('-'))]++;
    }
    for (const auto& [chain, size] : chainSizes) EXPECT_EQ(size, 3) << cycle << ": " << chain << " is half there";
    // And it still takes new submissions.
    EXPECT_TRUE(store.enqueue({"after", "POST", "/api/v1/x", "application/json", Personal("{}")}).ok()) << cycle;
}

}  // namespace

TEST(Durability, AcknowledgedSubmissionsSurvivePowerLossAtAnyWrite) {
    std::mt19937 rng(20261203);
    SystemClock clock;
    int crashes = 0, undone = 0;
    for (int cycle = 0; cycle < cycles(); ++cycle) {
        for (CrashVfs::Loss mode : {CrashVfs::Loss::Strict, CrashVfs::Loss::Torn}) {
            const std::string name = "cycle " + std::to_string(cycle) + (mode == CrashVfs::Loss::Strict ? " strict" : " torn");
            TempDir dir;
            std::vector<Acked> acked;
            CrashVfs vfs;
            // One cycle in four loses power while the store is being created
            // and migrated; the others after it opened, while residents submit.
            const bool duringOpen = cycle % 4 == 0;
            if (duringOpen) vfs.crashAfterWrites(1 + static_cast<std::int64_t>(rng() % 40));
            {
                auto opened = Store::open({dir.file("kiosk.db"), dir.file("data.key")}, clock);
                if (opened.ok()) {
                    Store& store = *opened.value();
                    if (!duringOpen) vfs.crashAfterWrites(1 + static_cast<std::int64_t>(rng() % 120));
                    for (int n = 0; n < 40 && !vfs.crashed(); ++n) {
                        const std::string body(200 + rng() % 3000, 'b');
                        if (n % 3 == 2) {
                            std::vector<OutboxRequest> chain;
                            for (int i = 0; i < 3; ++i)
                                chain.push_back({"chain-" + std::to_string(n) + "-" + std::to_string(i), "POST", "/api/v1/documents",
                                                 "application/json", Personal(body)});
                            auto r = store.enqueueChain(std::move(chain));
                            if (r.ok())
                                for (const auto& item : r.value()) acked.push_back({item.id, item.idempotencyKey, "chain"});
                        } else {
                            auto r = store.enqueue({"single-" + std::to_string(n), "POST", "/api/v1/assistance-applications",
                                                    "application/json", Personal(body)});
                            if (r.ok()) acked.push_back({r.value().id, r.value().idempotencyKey, "single"});
                        }
                    }
                }
            }  // the store closes; with the power gone, nothing more is written
            crashes += vfs.crashed() ? 1 : 0;
            undone += vfs.powerLoss(mode, rng);
            checkSurvived(dir, acked, clock, name);
            if (HasFatalFailure()) return;
        }
    }
    // The test is only worth something if power really went mid-work and
    // unsynced writes really were thrown away.
    EXPECT_GT(crashes, cycles());
    EXPECT_GT(undone, 0);
    std::printf("power loss: %d cycles, %d crashes, %d unsynced writes undone\n", 2 * cycles(), crashes, undone);
}

TEST(Durability, AcknowledgedSubmissionsSurviveSigkillDuringEnqueueAndChains) {
    std::mt19937 rng(4242);
    SystemClock clock;
    for (int cycle = 0; cycle < cycles(); ++cycle) {
        const std::string name = "kill cycle " + std::to_string(cycle);
        TempDir dir;
        int out[2];
        ASSERT_EQ(pipe(out), 0);
        pid_t pid = fork();
        if (pid == 0) {
            dup2(out[1], STDOUT_FILENO);
            close(out[0]);
            close(out[1]);
            prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlives a test that died
        execl(STORE_WRITER_BIN, STORE_WRITER_BIN, dir.file("kiosk.db").c_str(), dir.file("data.key").c_str(), nullptr);
            _exit(127);
        }
        close(out[1]);
        FILE* lines = fdopen(out[0], "r");
        std::vector<Acked> acked;
        const int killAfter = 1 + static_cast<int>(rng() % 25);
        char line[256];
        bool ready = false;
        while (std::fgets(line, sizeof line, lines)) {
            std::string text(line);
            if (text == "ready\n") {
                ready = true;
                continue;
            }
            std::istringstream in(text);
            std::string ok;
            Acked a;
            if (in >> ok >> a.id >> a.key >> a.group && ok == "ok") acked.push_back(a);
            if (static_cast<int>(acked.size()) >= killAfter) {
                // Land the kill anywhere in the next enqueue or chain.
                usleep(static_cast<useconds_t>(rng() % 3000));
                kill(pid, SIGKILL);
                break;
            }
        }
        // Lines written before the kill are acknowledged too.
        while (std::fgets(line, sizeof line, lines)) {
            std::istringstream in{std::string(line)};
            std::string ok;
            Acked a;
            if (in >> ok >> a.id >> a.key >> a.group && ok == "ok") acked.push_back(a);
        }
        std::fclose(lines);
        int status = 0;
        waitpid(pid, &status, 0);
        ASSERT_TRUE(ready) << name << ": the writer did not start";
        ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << name << ": the writer ended by itself";
        checkSurvived(dir, acked, clock, name);
        if (HasFatalFailure()) return;
    }
}
