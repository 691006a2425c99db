// Outbox benchmark (issue 5): durable enqueue latency with 10k and then 100k
// items already queued, and the sync engine's drain throughput to a real
// kiosk-central on loopback (started here on port 0), each next to a peer
// measured in the same run so that the ratio stays meaningful on a shared,
// drifting machine:
//   - enqueue peer: a plain SQLite INSERT (WAL, synchronous=FULL, autocommit)
//     into a table of the same shape, without encryption or outbox logic;
//   - drain peer: a raw libcurl POST loop (one reused handle) of the same
//     requests to the same server, without the store around it.
// Prints a Markdown table. Reports numbers; never fails on speed.
//
// Usage: outbox_bench [--dir DIR] [--small N] [--large N] [--samples N] [--drain N]
//   DIR      where the databases go (default: a new folder under $TMPDIR or
//            /var/tmp; pick a real disk, not tmpfs, or fsync costs nothing)
//   small    items queued for the first round (default 10000)
//   large    items queued for the second round (default 100000)
//   samples  timed enqueues per round (default 1000)
//   drain    items drained per round, kiosk and peer alike (default 3000)
#include <curl/curl.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "kiosk/core/clock.h"
#include "kiosk/core/log.h"
#include "offline-cache/store.h"
#include "offline-cache/sync_engine.h"

using namespace kiosk;
using namespace kiosk::offline;
using Steady = std::chrono::steady_clock;

namespace {

// A demo resident of the reference server (synthetic, valid check digit).
constexpr const char* kResident = "330102194803161004";

std::string applicationBody(const std::string& clientRef) {
    return std::string(R"({"type":"dibao","applicant":{"name":"张秀英","idNumber":")") + kResident +
           R"(","phone":"13900000000"},"consent":true,"documents":[],"clientReference":")" + clientRef + "\"}";
}

OutboxRequest application(const std::string& clientRef) {
    return {"assistance-application", "POST", "/api/v1/assistance-applications", "application/json",
            Personal(applicationBody(clientRef))};
}

double msSince(Steady::time_point t) { return std::chrono::duration<double, std::milli>(Steady::now() - t).count(); }

struct Latency {
    double median = 0;
    double p99 = 0;
};

Latency summarise(std::vector<double> v) {
    if (v.empty()) return {};
    std::sort(v.begin(), v.end());
    size_t p99 = static_cast<size_t>(std::max<double>(0, std::ceil(0.99 * static_cast<double>(v.size())) - 1));
    return {v[v.size() / 2], v[std::min(p99, v.size() - 1)]};
}

// kiosk-central on a free loopback port; SIGTERM by its pid at the end.
class Central {
public:
    Central() {
        int fds[2];
        if (pipe(fds) != 0) return;
        pid_ = fork();
        if (pid_ == 0) {
            dup2(fds[1], STDOUT_FILENO);
            close(fds[0]);
            close(fds[1]);
            execl(KIOSK_CENTRAL_BIN, KIOSK_CENTRAL_BIN, "--port", "0", "--log-level", "warn", "--demo", "--slot-days", "7",
                  static_cast<char*>(nullptr));
            _exit(127);
        }
        close(fds[1]);
        std::string line;
        char c;
        while (read(fds[0], &c, 1) == 1 && c != '\n') line += c;
        close(fds[0]);
        auto colon = line.rfind(':');
        if (line.find("listening on") != std::string::npos && colon != std::string::npos)
            port_ = std::atoi(line.c_str() + colon + 1);
    }
    ~Central() {
        if (pid_ > 0) {
            kill(pid_, SIGTERM);
            waitpid(pid_, nullptr, 0);
        }
    }
    int port() const { return port_; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

private:
    pid_t pid_ = -1;
    int port_ = 0;
};

// ---------------------------------------------------------------- kiosk store

std::unique_ptr<Store> openStore(const std::string& dir, const std::string& name, const kiosk::Clock& clock) {
    auto s = Store::open({dir + "/" + name, dir + "/data.key"}, clock);
    if (!s) {
        std::fprintf(stderr, "outbox_bench: cannot open the store: %s\n", s.error().message.c_str());
        std::exit(1);
    }
    return std::move(s.value());
}

// Fills the outbox up to `count` pending items. Not measured: synchronous=OFF
// meanwhile, so that 100k items take seconds; FULL again afterwards.
void prefill(Store& store, int count, const std::string& tag) {
    store.databaseForTests().exec("PRAGMA synchronous=OFF");
    int have = store.stats().value().pending;
    for (int i = have; i < count; ++i) {
        if (!store.enqueue(application(tag + "-fill-" + std::to_string(i)))) {
            std::fprintf(stderr, "outbox_bench: prefill failed at %d\n", i);
            std::exit(1);
        }
    }
    store.databaseForTests().exec("PRAGMA synchronous=FULL");
}

Latency timeEnqueues(Store& store, int samples, const std::string& tag) {
    std::vector<double> ms;
    ms.reserve(static_cast<size_t>(samples));
    for (int i = 0; i < samples; ++i) {
        auto request = application(tag + "-timed-" + std::to_string(i));
        auto t = Steady::now();
        auto r = store.enqueue(std::move(request));
        ms.push_back(msSince(t));
        if (!r) {
            std::fprintf(stderr, "outbox_bench: enqueue failed: %s\n", r.error().message.c_str());
            std::exit(1);
        }
    }
    return summarise(std::move(ms));
}

// The engine on its own thread, stopped after `items` acknowledgements.
// Returns items per second.
double drainWithEngine(Store& store, const Central& central, int items) {
    SyncConfig config;
    config.baseUrl = central.url();
    config.kioskId = "kiosk-demo-01";
    config.token = "demo-token";
    config.referencePaths = {};
    std::mutex m;
    std::condition_variable cv;
    int acked = 0, failed = 0;
    SystemClock clock;
    SyncEngine engine(store, config, clock, [&](SyncResult r) {
        std::lock_guard lock(m);
        (r.state == OutboxState::Acknowledged ? acked : failed) += 1;
        cv.notify_all();
    });
    auto t = Steady::now();
    engine.start();
    {
        std::unique_lock lock(m);
        cv.wait_for(lock, std::chrono::minutes(5), [&] { return acked >= items; });
    }
    double seconds = msSince(t) / 1000;
    engine.stop();
    if (failed > 0) std::fprintf(stderr, "outbox_bench: %d item(s) not acknowledged at first try\n", failed);
    if (acked < items) std::fprintf(stderr, "outbox_bench: only %d of %d items drained\n", acked, items);
    return seconds > 0 ? acked / seconds : 0;
}

// ---------------------------------------------------------------- peers

constexpr const char* kPeerSchema =
    "CREATE TABLE IF NOT EXISTS outbox(id INTEGER PRIMARY KEY, idempotency_key TEXT NOT NULL, kind TEXT NOT NULL,"
    " path TEXT NOT NULL, body BLOB NOT NULL, state INTEGER NOT NULL, next_attempt_ms INTEGER NOT NULL,"
    " created_ms INTEGER NOT NULL)";
constexpr const char* kPeerInsert =
    "INSERT INTO outbox(idempotency_key, kind, path, body, state, next_attempt_ms, created_ms)"
    " VALUES(?, 'assistance-application', '/api/v1/assistance-applications', ?, 0, 0, ?)";

class PeerDb {
public:
    explicit PeerDb(const std::string& path) {
        sqlite3_open(path.c_str(), &db_);
        sqlite3_exec(db_, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", nullptr, nullptr, nullptr);
        sqlite3_exec(db_, kPeerSchema, nullptr, nullptr, nullptr);
        sqlite3_prepare_v2(db_, kPeerInsert, -1, &insert_, nullptr);
    }
    ~PeerDb() {
        sqlite3_finalize(insert_);
        sqlite3_close(db_);
    }
    bool insert(int n, const std::string& body) {
        std::string key = "peer-" + std::to_string(n);
        sqlite3_bind_text(insert_, 1, key.data(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
        sqlite3_bind_blob(insert_, 2, body.data(), static_cast<int>(body.size()), SQLITE_TRANSIENT);
        sqlite3_bind_int64(insert_, 3, n);
        bool ok = sqlite3_step(insert_) == SQLITE_DONE;
        sqlite3_reset(insert_);
        return ok;
    }
    void prefill(int count) {
        int have = 0;
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(db_, "SELECT COUNT(*) FROM outbox", -1, &s, nullptr);
        if (sqlite3_step(s) == SQLITE_ROW) have = sqlite3_column_int(s, 0);
        sqlite3_finalize(s);
        sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr);
        for (int i = have; i < count; ++i) insert(next_++, applicationBody("peer-fill-" + std::to_string(i)));
        sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
    }
    Latency time(int samples) {
        std::vector<double> ms;
        for (int i = 0; i < samples; ++i) {
            std::string body = applicationBody("peer-timed-" + std::to_string(next_));
            auto t = Steady::now();
            bool ok = insert(next_++, body);
            ms.push_back(msSince(t));
            if (!ok) std::fprintf(stderr, "outbox_bench: peer insert failed: %s\n", sqlite3_errmsg(db_));
        }
        return summarise(std::move(ms));
    }

private:
    sqlite3* db_ = nullptr;
    sqlite3_stmt* insert_ = nullptr;
    int next_ = 1000000;
};

size_t discard(char*, size_t size, size_t n, void*) { return size * n; }

// The same POSTs with libcurl alone: one handle (connection reused), a fresh
// Idempotency-Key each. Returns items per second.
double drainWithCurl(const Central& central, int items, const std::string& tag) {
    CURL* curl = curl_easy_init();
    std::string url = central.url() + "/api/v1/assistance-applications";
    int ok = 0;
    auto t = Steady::now();
    for (int i = 0; i < items; ++i) {
        std::string body = applicationBody(tag + "-" + std::to_string(i));
        std::string key = "Idempotency-Key: " + tag + "-" + std::to_string(i);
        curl_slist* h = nullptr;
        h = curl_slist_append(h, key.c_str());
        h = curl_slist_append(h, "Authorization: Bearer demo-token");
        h = curl_slist_append(h, "Content-Type: application/json");
        h = curl_slist_append(h, "Expect:");
        curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, h);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
        long status = 0;
        if (curl_easy_perform(curl) == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        if (status == 201) ++ok;
        curl_slist_free_all(h);
    }
    double seconds = msSince(t) / 1000;
    curl_easy_cleanup(curl);
    if (ok < items) std::fprintf(stderr, "outbox_bench: peer: %d of %d POSTs failed\n", items - ok, items);
    return seconds > 0 ? ok / seconds : 0;
}

// ---------------------------------------------------------------- report

std::string fsType(const std::string& dir) {
    struct statfs s {};
    if (statfs(dir.c_str(), &s) != 0) return "?";
    switch (static_cast<unsigned long>(s.f_type)) {
    case 0xEF53: return "ext4";
    case 0x01021994: return "tmpfs (fsync is free: not representative)";
    case 0x9123683E: return "btrfs";
    case 0x58465342: return "xfs";
    case 0x794c7630: return "overlayfs";
    default: return "other";
    }
}

std::string num(double v, int decimals = 2) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}
std::string ratio(double a, double b) { return b > 0 ? num(a / b) : "-"; }
std::string count(int n) { return n % 1000 == 0 ? std::to_string(n / 1000) + "k" : std::to_string(n); }

int argInt(int argc, char** argv, const char* name, int fallback) {
    for (int i = 1; i + 1 < argc; ++i)
        if (std::string(argv[i]) == name) return std::atoi(argv[i + 1]);
    return fallback;
}

}  // namespace

int main(int argc, char** argv) {
    kiosk::initLogging("warn");
    signal(SIGPIPE, SIG_IGN);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const int small = argInt(argc, argv, "--small", 10000);
    const int large = argInt(argc, argv, "--large", 100000);
    const int samples = argInt(argc, argv, "--samples", 1000);
    const int drain = argInt(argc, argv, "--drain", 3000);
    std::string dir;
    for (int i = 1; i + 1 < argc; ++i)
        if (std::string(argv[i]) == "--dir") dir = argv[i + 1];
    bool ownDir = dir.empty();
    if (ownDir) {
        const char* tmp = std::getenv("TMPDIR");
        std::string tmpl = std::string(tmp != nullptr ? tmp : "/var/tmp") + "/outbox-bench-XXXXXX";
        if (mkdtemp(tmpl.data()) == nullptr) {
            std::fprintf(stderr, "outbox_bench: cannot create a folder under %s\n", tmpl.c_str());
            return 1;
        }
        dir = tmpl;
    } else {
        std::filesystem::create_directories(dir);
    }

    Central central;
    if (central.port() <= 0) {
        std::fprintf(stderr, "outbox_bench: kiosk-central did not start (%s)\n", KIOSK_CENTRAL_BIN);
        return 1;
    }
    SystemClock clock;

    struct Round {
        int queued;
        Latency kiosk, peer;
        double drainKiosk = 0, drainPeer = 0;
    };
    std::vector<Round> rounds;
    for (int queued : {small, large}) {
        std::string tag = "q" + std::to_string(queued);
        std::fprintf(stderr, "outbox_bench: %s queued: filling ...\n", count(queued).c_str());
        Round r{queued, {}, {}};
        auto store = openStore(dir, tag + ".db", clock);
        prefill(*store, queued, tag);
        PeerDb peer(dir + "/" + tag + "-peer.db");
        peer.prefill(queued);
        std::fprintf(stderr, "outbox_bench: %s queued: %d timed enqueues each ...\n", count(queued).c_str(), samples);
        // Interleaved halves, so that drift hits both alike.
        Latency k1 = timeEnqueues(*store, samples / 2, tag + "a");
        Latency p1 = peer.time(samples / 2);
        Latency k2 = timeEnqueues(*store, samples - samples / 2, tag + "b");
        Latency p2 = peer.time(samples - samples / 2);
        r.kiosk = {(k1.median + k2.median) / 2, std::max(k1.p99, k2.p99)};
        r.peer = {(p1.median + p2.median) / 2, std::max(p1.p99, p2.p99)};
        std::fprintf(stderr, "outbox_bench: %s queued: draining %d ...\n", count(queued).c_str(), drain);
        r.drainKiosk = drainWithEngine(*store, central, drain);
        r.drainPeer = drainWithCurl(central, drain, tag + "-peer");
        rounds.push_back(r);
    }
    if (ownDir) std::filesystem::remove_all(dir);

    std::printf("| measure (%u cores, databases on %s, SQLite %s, loopback HTTP) | kiosk | peer | kiosk/peer | goal |\n",
                std::thread::hardware_concurrency(), fsType(ownDir ? "/var/tmp" : dir).c_str(), sqlite3_libversion());
    std::printf("|---|---|---|---|---|\n");
    for (const auto& r : rounds) {
        std::string q = count(r.queued);
        std::printf("| durable enqueue, median, %s queued (%d samples) | %s ms | %s ms | %s | |\n", q.c_str(), samples,
                    num(r.kiosk.median).c_str(), num(r.peer.median).c_str(), ratio(r.kiosk.median, r.peer.median).c_str());
        std::printf("| durable enqueue, p99, %s queued | %s ms | %s ms | %s | ≤ 10 ms |\n", q.c_str(),
                    num(r.kiosk.p99).c_str(), num(r.peer.p99).c_str(), ratio(r.kiosk.p99, r.peer.p99).c_str());
        std::printf("| drain to kiosk-central, first %d of %s queued | %s items/s | %s items/s | %s | ≥ 300 items/s |\n",
                    drain, q.c_str(), num(r.drainKiosk, 0).c_str(), num(r.drainPeer, 0).c_str(),
                    ratio(r.drainKiosk, r.drainPeer).c_str());
    }
    std::printf("\nPeers: enqueue = one plain SQLite INSERT per commit (WAL, synchronous=FULL), no encryption or outbox\n"
                "logic; drain = a raw libcurl POST loop (one reused handle) to the same server. kiosk/peer > 1 means\n"
                "slower for latency, faster for throughput.\n");
    curl_global_cleanup();
    return 0;
}
