// Issue #15, fault 1: kiosk-central killed (SIGKILL) and restarted on the
// same port and database, many times over, while the real sync engine drains
// a real kiosk store. Every item ends acknowledged on the kiosk and stored
// exactly once by the centre, with the answer the kiosk holds.
//
// Kills come at random (seeded) moments of two kinds: during start-up
// (before or around "listening", while the server makes or opens its
// database), and mid-drain (just after the kiosk saw an item acknowledged in
// this life, when the next request is in flight: reserved, in its
// transaction, or answered but not yet read). The run is sized for CI (20
// kills); KIOSK_SOAK=1 runs 150. KIOSK_SEED=N replays a run.
#include <poll.h>
#include <sqlite3.h>

#include <cstdlib>
#include <map>
#include <random>

#include "kiosk/core/log.h"
#include "offline-cache/sync_engine.h"
#include "tests/data/test_support.h"

using namespace kiosk;
using namespace kiosk::offline;
using kiosk::testing::TempDir;
using kiosk::testing::waitFor;
using nlohmann::json;

namespace {

constexpr const char* kKioskId = "kiosk-restart-01";
constexpr const char* kToken = "restart-token";
// Synthetic, valid check digit (the centre checks it; it needs no resident record).
constexpr const char* kIdNumber = "330102194803161004";

constexpr const char kCountByClientRef[] =
    "SELECT client_ref, COUNT(*), MIN(reference) FROM applications GROUP BY client_ref";
constexpr const char kCountIdemByState[] = "SELECT state, COUNT(*) FROM idempotency GROUP BY state";

bool soak() {
    const char* s = std::getenv("KIOSK_SOAK");
    return s != nullptr && std::string(s) == "1";
}

unsigned seedFromEnv(unsigned fallback) {
    const char* s = std::getenv("KIOSK_SEED");
    return s != nullptr ? static_cast<unsigned>(std::strtoul(s, nullptr, 10)) : fallback;
}

std::string applicationBody(const std::string& clientRef) {
    return json{{"type", "dibao"},
                {"applicant", {{"name", "张秀英"}, {"idNumber", kIdNumber}, {"phone", "13900000000"}}},
                {"consent", true},
                {"documents", json::array()},
                {"clientReference", clientRef}}
        .dump();
}

// kiosk-central on one database file, started again and again on the port
// its first start chose; killed with SIGKILL, or stopped with SIGTERM.
class RestartableCentral {
public:
    explicit RestartableCentral(std::string dbPath) : dbPath_(std::move(dbPath)) {}
    ~RestartableCentral() { kill(SIGKILL); }

    // Forks the server; does not wait for it to listen.
    void spawn() {
        std::vector<std::string> args{"--db",  dbPath_,      "--kiosk", std::string(kKioskId) + ":" + kToken,
                                      "--admin-token", "restart-admin", "--log-level", "warn",
                                      // A write spends most of its time committed but not yet
                                      // answered, so kills lose acks (the case idempotency is for).
                                      "--ack-delay-ms", "60"};
        if (port_ > 0) args.insert(args.end(), {"--port", std::to_string(port_)});
        std::tie(pid_, out_) = kiosk::testing::spawnCentral(args, false);
        listening_ = false;
    }
    // Reads this start's "listening on" line (once); false when the process
    // ended before it, or the guard of 30 s passed.
    bool waitListening() {
        if (listening_) return true;
        std::string line;
        auto end = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (std::chrono::steady_clock::now() < end) {
            pollfd p{out_, POLLIN, 0};
            if (poll(&p, 1, 100) != 1) continue;
            char c = 0;
            if (read(out_, &c, 1) != 1) return false;  // ended before it listened
            if (c == '\n') break;
            line += c;
        }
        auto colon = line.rfind(':');
        if (line.find("listening on") == std::string::npos || colon == std::string::npos) return false;
        port_ = std::atoi(line.c_str() + colon + 1);
        listening_ = true;
        return true;
    }
    // Sends `sig` and reaps the process; true when it was running.
    bool kill(int sig) {
        if (pid_ <= 0) return false;
        ::kill(pid_, sig);
        int status = 0;
        waitpid(pid_, &status, 0);
        kiosk::testing::expectNoSanitizerExit(status, "kiosk-central");
        close(out_);
        pid_ = -1;
        return true;
    }
    int port() const { return port_; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

private:
    std::string dbPath_;
    int port_ = 0;
    pid_t pid_ = -1;
    int out_ = -1;
    bool listening_ = false;
};

struct CentralRow {
    int copies = 0;
    std::string reference;
};

// The centre's applications by client reference, and its Idempotency-Key
// rows by state, read from the file (read-only) after the server stopped.
std::map<std::string, CentralRow> storedApplications(const std::string& dbPath, std::map<int, int>& idemByState) {
    std::map<std::string, CentralRow> out;
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(dbPath.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        ADD_FAILURE() << "cannot open " << dbPath << " read-only";
        sqlite3_close(db);
        return out;
    }
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, kCountByClientRef, -1, &st, nullptr) == SQLITE_OK) {
        while (sqlite3_step(st) == SQLITE_ROW) {
            auto text = [st](int c) {
                const auto* p = sqlite3_column_text(st, c);
                return p != nullptr ? std::string(reinterpret_cast<const char*>(p)) : std::string();
            };
            out[text(0)] = {sqlite3_column_int(st, 1), text(2)};
        }
    }
    sqlite3_finalize(st);
    if (sqlite3_prepare_v2(db, kCountIdemByState, -1, &st, nullptr) == SQLITE_OK)
        while (sqlite3_step(st) == SQLITE_ROW) idemByState[sqlite3_column_int(st, 0)] = sqlite3_column_int(st, 1);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
}

}  // namespace

TEST(CentralRestart, KilledAndRestartedWhileAKioskDrainsEveryItemStoredOnce) {
    const int kills = soak() ? 150 : 20;
    // Items enough that the queue outlasts the kills (each mid-drain kill
    // waits for one acknowledgement).
    const int itemCount = soak() ? 4 * kills : 3 * kills;
    const unsigned seed = seedFromEnv(std::random_device{}());
    SCOPED_TRACE("KIOSK_SEED=" + std::to_string(seed));
    std::mt19937 rng(seed);

    TempDir dir;
    SystemClock clock;
    auto opened = Store::open({dir.file("kiosk.db"), dir.file("data.key")}, clock);
    ASSERT_TRUE(opened.ok());
    Store& store = *opened.value();
    std::map<std::int64_t, std::string> clientRefOf;  // outbox item id -> clientReference
    for (int i = 0; i < itemCount; ++i) {
        std::string ref = "restart-" + std::to_string(i);
        auto item = store.enqueue({"assistance-application", "POST", "/api/v1/assistance-applications",
                                   "application/json", Personal(applicationBody(ref))});
        ASSERT_TRUE(item.ok());
        clientRefOf[item.value().id] = ref;
    }
    auto acknowledged = [&store] {
        auto s = store.stats();
        return s.ok() ? s.value().acknowledged : -1;
    };

    RestartableCentral central(dir.file("central.db"));
    central.spawn();
    ASSERT_TRUE(central.waitListening()) << "kiosk-central did not start";
    SyncConfig config;
    config.baseUrl = central.url();
    config.kioskId = kKioskId;
    config.token = kToken;
    config.http.timeoutMs = 10000;
    config.http.connectTimeoutMs = 2000;
    config.backoff = {std::chrono::milliseconds(50), std::chrono::milliseconds(400)};
    config.idlePoll = std::chrono::milliseconds(500);
    config.referencePaths = {};
    LogCapture* log = startLogCapture();  // the engine logs acks that were the stored answer replayed
    SyncEngine engine(store, config, clock);
    engine.start();

    int killsDuringStart = 0, killsMidDrain = 0;
    std::uniform_int_distribution<int> startDelayMs(0, 120), drainDelayMs(0, 70), kind(0, 3);
    while (killsDuringStart + killsMidDrain < kills && acknowledged() < itemCount) {
        if (killsDuringStart + killsMidDrain > 0) central.spawn();
        if (kind(rng) == 0) {
            // While it opens its database and binds (or just after).
            std::this_thread::sleep_for(std::chrono::milliseconds(startDelayMs(rng)));
            ++killsDuringStart;
        } else {
            ASSERT_TRUE(central.waitListening()) << "kiosk-central did not come back after a kill";
            engine.syncNow();
            int before = acknowledged();
            // A guard, not a timing assertion: the engine's backoff is under a second.
            ASSERT_TRUE(waitFor([&] { return acknowledged() > before || acknowledged() == itemCount; }))
                << "no item acknowledged by a running kiosk-central";
            std::this_thread::sleep_for(std::chrono::milliseconds(drainDelayMs(rng)));
            ++killsMidDrain;
        }
        central.kill(SIGKILL);
    }
    EXPECT_EQ(killsDuringStart + killsMidDrain, kills) << "the queue drained before every kill was made";

    central.spawn();
    ASSERT_TRUE(central.waitListening()) << "kiosk-central did not start after the last kill";
    engine.syncNow();
    EXPECT_TRUE(waitFor([&] { return acknowledged() == itemCount; }, std::chrono::seconds(60)))
        << acknowledged() << " of " << itemCount << " acknowledged";
    engine.stop();
    EXPECT_TRUE(central.kill(SIGTERM));
    std::string logged = stopLogCapture(log);
    int replayed = 0;
    for (size_t at = 0; (at = logged.find("stored answer replayed", at)) != std::string::npos; ++at) ++replayed;

    auto stats = store.stats();
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(stats.value().rejected, 0);
    EXPECT_EQ(stats.value().pending + stats.value().sending, 0);

    std::map<int, int> idemByState;
    auto stored = storedApplications(dir.file("central.db"), idemByState);
    EXPECT_EQ(stored.size(), static_cast<size_t>(itemCount)) << "client references stored by the centre";
    int retried = 0;
    for (const auto& [id, ref] : clientRefOf) {
        auto it = stored.find(ref);
        if (it == stored.end()) {
            ADD_FAILURE() << ref << " is not stored by the centre";
            continue;
        }
        EXPECT_EQ(it->second.copies, 1) << ref << " stored " << it->second.copies << " times";
        // The kiosk holds the answer for the one row the centre kept (a
        // second insert would have its own reference).
        auto answer = store.response(id);
        ASSERT_TRUE(answer.ok());
        auto j = json::parse(answer.value().reveal(), nullptr, false);
        EXPECT_EQ(j.value("reference", std::string()), it->second.reference) << ref;
        auto item = store.item(id);
        if (item.ok() && item.value().attempts > 1) ++retried;
    }
    // Every key completed (state 1), none left claimed (state 0).
    EXPECT_EQ(idemByState[0], 0);
    EXPECT_EQ(idemByState[1], itemCount);
    // Kills did land between a commit and its answer: the retry got the stored answer.
    EXPECT_GE(replayed, 1) << "no ack was lost to a kill in this run";
    std::printf("[ restart ] seed %u: %d kills during start-up, %d mid-drain; %d of %d items needed more than one"
                " attempt, %d acks lost to a kill were replayed\n",
                seed, killsDuringStart, killsMidDrain, retried, itemCount, replayed);
}

// The smaller case on its own: kiosk-central killed while it makes a new
// database, at spread-out moments of its first start, must start on that
// file afterwards. (Before the set-up was one transaction, a kill here left
// "table idempotency already exists", or a file without its meta row that
// was refused as a demo database: a centre that never came back.)
TEST(CentralRestart, KilledDuringItsFirstStartTheDatabaseStillOpens) {
    const unsigned seed = seedFromEnv(std::random_device{}());
    SCOPED_TRACE("KIOSK_SEED=" + std::to_string(seed));
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> delayMs(0, 150);
    for (int round = 0; round < (soak() ? 60 : 12); ++round) {
        TempDir dir;
        RestartableCentral central(dir.file("central.db"));
        central.spawn();
        int delay = delayMs(rng);
        std::this_thread::sleep_for(std::chrono::milliseconds(delay));
        central.kill(SIGKILL);
        central.spawn();
        EXPECT_TRUE(central.waitListening()) << "killed " << delay << " ms into its first start, it never started again";
        central.kill(SIGTERM);
    }
}
