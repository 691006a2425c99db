// kiosk-central's storage (issue #16): the versioned schema on a SQLite file
// made before versioning, and a schema from the future refused; and, on
// PostgreSQL (the pg. tests), two kiosk-central processes on one database
// behaving as one service while kiosks send to both at once.
#include <sqlite3.h>

#include <barrier>
#include <fstream>
#include <latch>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "kiosk/core/id_number.h"
#include "kiosk/core/staff.h"  // kMaxPinFailures
#include "tests/data/test_support.h"

namespace {

using json = nlohmann::json;
using kiosk::testing::CentralProcess;
using kiosk::testing::runCentral;
using kiosk::testing::TempDir;
using kiosk::testing::waitFor;

const std::vector<std::pair<std::string, std::string>> kKiosk{{"Authorization", "Bearer t"},
                                                              {"Content-Type", "application/json"}};

// The first release's file: the tables of then (no updates, staff or fleet
// tables, no later columns), a meta table saying "not demo", two offices in
// an order that is not alphabetical, and one application.
constexpr const char* kFirstRelease = R"SQL(
CREATE TABLE idempotency(kiosk_id TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL,
  state INTEGER NOT NULL, status INTEGER, content_type TEXT, body BLOB, created_ms INTEGER NOT NULL,
  PRIMARY KEY(kiosk_id, key));
CREATE TABLE residents(id_number TEXT PRIMARY KEY, name TEXT NOT NULL, phone TEXT NOT NULL);
CREATE TABLE balances(id INTEGER PRIMARY KEY, id_number TEXT NOT NULL, kind TEXT NOT NULL, name_zh TEXT NOT NULL,
  unit TEXT NOT NULL, balance_cents INTEGER NOT NULL, monthly_credit_cents INTEGER NOT NULL, expires TEXT);
CREATE TABLE transactions(balance_id INTEGER NOT NULL, date TEXT NOT NULL, merchant TEXT NOT NULL,
  amount_cents INTEGER NOT NULL);
CREATE TABLE offices(id TEXT PRIMARY KEY, name_zh TEXT NOT NULL, district_zh TEXT NOT NULL, address TEXT NOT NULL,
  phone TEXT NOT NULL);
CREATE TABLE slots(office_id TEXT NOT NULL, date TEXT NOT NULL, slot TEXT NOT NULL, capacity INTEGER NOT NULL,
  booked INTEGER NOT NULL, PRIMARY KEY(office_id, date, slot));
CREATE TABLE documents(kiosk_id TEXT NOT NULL, id TEXT NOT NULL, content_type TEXT NOT NULL, size INTEGER NOT NULL,
  sha256 TEXT NOT NULL, data BLOB NOT NULL, created_ms INTEGER NOT NULL, PRIMARY KEY(kiosk_id, id));
CREATE TABLE applications(id INTEGER PRIMARY KEY, reference TEXT UNIQUE, kiosk_id TEXT NOT NULL, type TEXT NOT NULL,
  applicant_digest TEXT NOT NULL, client_ref TEXT, body TEXT NOT NULL, created_ms INTEGER NOT NULL);
CREATE TABLE bookings(id INTEGER PRIMARY KEY, reference TEXT UNIQUE, kiosk_id TEXT NOT NULL, office_id TEXT NOT NULL,
  date TEXT NOT NULL, slot TEXT NOT NULL, status TEXT NOT NULL, party_a TEXT NOT NULL, party_b TEXT NOT NULL,
  created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL);
CREATE TABLE heartbeats(kiosk_id TEXT PRIMARY KEY, last_ms INTEGER NOT NULL, body TEXT NOT NULL);
CREATE TABLE commands(id INTEGER PRIMARY KEY, kiosk_id TEXT NOT NULL, command TEXT NOT NULL, args TEXT NOT NULL,
  state TEXT NOT NULL, result TEXT, created_ms INTEGER NOT NULL);
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta VALUES('demo', '0');
INSERT INTO offices VALUES('xihu', '西湖区婚姻登记处', '西湖区', '杭州市西湖区文三路 150 号', '0571-87963208');
INSERT INTO offices VALUES('binjiang', '滨江区婚姻登记处', '滨江区', '杭州市滨江区江汉路 1785 号', '0571-87702396');
INSERT INTO applications(reference, kiosk_id, type, applicant_digest, client_ref, body, created_ms)
  VALUES('SA-20250101-000001', 'k', 'dibao', 'x', 'old', '{}', 1735689600000);
)SQL";

// Runs `sql` on the file; the first column of each row as text.
std::vector<std::string> column(const std::string& file, const std::string& sql) {
    sqlite3* db = nullptr;
    std::vector<std::string> out;
    if (sqlite3_open(file.c_str(), &db) == SQLITE_OK) {
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK)
            while (sqlite3_step(st) == SQLITE_ROW) {
                const unsigned char* t = sqlite3_column_text(st, 0);
                out.emplace_back(t != nullptr ? reinterpret_cast<const char*>(t) : "");
            }
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return out;
}

bool execFile(const std::string& file, const char* sql) {
    sqlite3* db = nullptr;
    bool ok = sqlite3_open(file.c_str(), &db) == SQLITE_OK && sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
    sqlite3_close(db);
    return ok;
}

TEST(CentralSchema, AFileFromBeforeVersioningMigratesKeepingItsData) {
    TempDir dir;
    const std::string db = dir.file("central.db");
    ASSERT_TRUE(execFile(db, kFirstRelease));
    for (int start = 0; start < 2; ++start) {  // the second start finds it migrated
        CentralProcess central({"--db", db, "--kiosk", "k:t"}, CentralProcess::Demo::No);
        ASSERT_GT(central.port(), 0) << "start " << start;
        auto offices = json::parse(central.call("GET", "/api/v1/offices", {}, kKiosk).body.reveal());
        ASSERT_EQ(offices["offices"].size(), 2u) << offices;
        EXPECT_EQ(offices["offices"][0]["id"], "xihu");  // the order they were stored in
        EXPECT_EQ(offices["offices"][1]["id"], "binjiang");
        // Tables of later releases (staff, audit, fleet) are there and work.
        EXPECT_EQ(central.call("GET", "/api/v1/staff", {}, kKiosk).status, 200);
        EXPECT_EQ(central.admin("GET", "/admin/fleet/kiosks")["kiosks"].size(), 1u);
        auto r = central.call("POST", "/api/v1/assistance-applications",
                              json{{"type", "dibao"},
                                   {"applicant", {{"name", "张秀英"}, {"idNumber", "330102194803161004"}}},
                                   {"consent", true}}
                                  .dump(),
                              {{"Authorization", "Bearer t"}, {"Idempotency-Key", "after-" + std::to_string(start)}});
        ASSERT_EQ(r.status, 201) << r.body.reveal();
        // Numbered on from the old application.
        EXPECT_EQ(std::stoi(json::parse(r.body.reveal())["reference"].get<std::string>().substr(12)), start + 2)
            << r.body.reveal();
    }
    EXPECT_EQ(column(db, "SELECT value FROM meta WHERE key = 'schema_version'"), std::vector<std::string>{"2"});
    EXPECT_EQ(column(db, "SELECT name FROM pragma_table_info('idempotency') WHERE name = 'claim'").size(), 1u);
    EXPECT_EQ(column(db, "SELECT name FROM pragma_table_info('updates') WHERE name = 'rollback'").size(), 1u);
    EXPECT_EQ(column(db, "SELECT name FROM pragma_table_info('audit_entries') WHERE name = 'session_id'").size(), 1u);
    EXPECT_EQ(column(db, "SELECT client_ref FROM applications ORDER BY id"),
              (std::vector<std::string>{"old", "", ""}));
}

TEST(CentralSchema, ADatabaseFromANewerVersionIsRefused) {
    TempDir dir;
    const std::string db = dir.file("central.db");
    {
        CentralProcess central({"--db", db, "--kiosk", "k:t"}, CentralProcess::Demo::No);
        ASSERT_GT(central.port(), 0);
        // Answered: it is serving, so the SIGTERM that ends it is not lost.
        EXPECT_EQ(central.call("GET", "/api/v1/catalog", {}, kKiosk).status, 200);
    }
    ASSERT_TRUE(execFile(db, "UPDATE meta SET value = '99' WHERE key = 'schema_version'"));
    auto r = runCentral({"--db", db, "--kiosk", "k:t"});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.out.find("schema version 99"), std::string::npos) << r.out;
}

// Servers sharing a database share its keys: one with other key files is refused.
TEST(CentralSharedKeys, AServerWithOtherKeyFilesIsRefused) {
    TempDir dir;
    const std::string db = kiosk::testing::centralTestDatabase().empty() ? dir.file("central.db")
                                                                         : kiosk::testing::freshPostgresDatabase();
    ASSERT_FALSE(db.empty());
    auto args = [&](const char* signing, const char* digest) {
        return std::vector<std::string>{"--db", db, "--kiosk", "k:t", "--signing-key", dir.file(signing), "--digest-key",
                                        dir.file(digest)};
    };
    {
        CentralProcess first(args("signing", "digest"), CentralProcess::Demo::No);
        ASSERT_GT(first.port(), 0);
        EXPECT_EQ(first.call("GET", "/api/v1/catalog", {}, kKiosk).status, 200);
    }
    auto otherDigest = runCentral(args("signing", "other-digest"));
    EXPECT_EQ(otherDigest.exitCode, 1);
    EXPECT_NE(otherDigest.out.find("the same --digest-key file"), std::string::npos) << otherDigest.out;
    auto otherSigner = runCentral(args("other-signing", "digest"));
    EXPECT_EQ(otherSigner.exitCode, 1);
    EXPECT_NE(otherSigner.out.find("the same --signing-key file"), std::string::npos) << otherSigner.out;
    CentralProcess again(args("signing", "digest"), CentralProcess::Demo::No);
    EXPECT_GT(again.port(), 0);
    EXPECT_EQ(again.call("GET", "/api/v1/catalog", {}, kKiosk).status, 200);
}

// ---- two servers, one PostgreSQL database ------------------------------------

const std::vector<std::pair<std::string, std::string>> kDemoKiosk{{"Authorization", "Bearer demo-token"},
                                                                  {"Content-Type", "application/json"}};

// Two kiosk-central processes on a new database of KIOSK_TEST_CENTRAL_DB's
// cluster, with the same key files (the demo data is set up once).
class TwoServers : public ::testing::Test {
protected:
    void SetUp() override {
        if (kiosk::testing::centralTestDatabase().empty())
            GTEST_SKIP() << "needs PostgreSQL: runs as pg.TwoServers.* (KIOSK_TEST_CENTRAL_DB)";
        // That test starts its own pairs, both at once.
        if (std::string_view(::testing::UnitTest::GetInstance()->current_test_info()->name()).rfind("StartedAtOnce", 0) == 0)
            return;
        const std::string db = kiosk::testing::freshPostgresDatabase();
        ASSERT_FALSE(db.empty());
        const std::vector<std::string> args{"--db", db, "--signing-key", keys.file("signing"), "--digest-key",
                                            keys.file("digest"), "--slot-capacity", "4"};
        // One after the other: a server started from another thread would
        // die with that thread (spawnCentral's PR_SET_PDEATHSIG).
        a = std::make_unique<CentralProcess>(args);
        b = std::make_unique<CentralProcess>(args);
        ASSERT_GT(a->port(), 0);
        ASSERT_GT(b->port(), 0);
    }

    CentralProcess& server(int n) { return n % 2 == 0 ? *a : *b; }

    // POST with an Idempotency-Key, again while the answer is 409 (in
    // progress at either server), as a kiosk's outbox would.
    kiosk::offline::HttpResponse post(CentralProcess& central, const std::string& path, const std::string& body,
                                      const std::string& key) {
        auto headers = kDemoKiosk;
        headers.emplace_back("Idempotency-Key", key);
        kiosk::offline::HttpResponse r;
        waitFor([&] {
            r = central.call("POST", path, body, headers);
            return r.status != 409;
        });
        return r;
    }

    TempDir keys;
    std::unique_ptr<CentralProcess> a, b;
};

// Started at the same moment on a new database: the set-up (migrations, the
// demo data, the key check) runs in one transaction under the schema lock
// (pg_advisory_xact_lock, central/sql_postgres.cpp), so one sets it up, the
// other waits and then finds it made; both serve it. A few rounds, since the
// race is in the timing.
TEST_F(TwoServers, StartedAtOnceOnANewDatabaseBothComeUpAndServeTheSameData) {
    for (int round = 0; round < 4; ++round) {
        const std::string db = kiosk::testing::freshPostgresDatabase();
        ASSERT_FALSE(db.empty());
        TempDir k;
        // Operators give both the same key files; made here first, or each
        // server would make its own.
        std::random_device random;
        for (const char* name : {"signing", "digest"}) {
            std::string bytes;
            for (int i = 0; i < 32; ++i) bytes += static_cast<char>(random() & 0xff);
            std::ofstream(k.file(name), std::ios::binary) << bytes;
        }
        const std::vector<std::string> args{"--log-level", "warn", "--demo", "--db", db, "--signing-key",
                                            k.file("signing"), "--digest-key", k.file("digest")};
        std::pair<pid_t, int> started[2] = {kiosk::testing::spawnCentral(args, true),
                                            kiosk::testing::spawnCentral(args, true)};
        for (int n = 0; n < 2; ++n) {
            auto [pid, out] = started[n];
            ASSERT_GT(pid, 0);
            std::string text;
            char c;
            while (text.find("listening on") == std::string::npos && read(out, &c, 1) == 1) text += c;
            std::string line;
            while (read(out, &c, 1) == 1 && c != '\n') line += c;
            close(out);
            const int port = std::atoi(line.c_str() + line.rfind(':') + 1);
            EXPECT_NE(text.find("listening on"), std::string::npos) << "round " << round << ", server " << n << ": " << text;
            if (text.find("listening on") != std::string::npos) {
                kiosk::offline::HttpClient http({});
                kiosk::offline::HttpRequest req;
                req.method = "GET";
                req.url = "http://127.0.0.1:" + std::to_string(port) + "/api/v1/offices";
                req.headers = kDemoKiosk;
                const std::string none;
                req.body = &none;
                auto r = http.perform(req);
                ASSERT_EQ(r.status, 200) << "round " << round << ", server " << n;
                EXPECT_EQ(json::parse(r.body.reveal())["offices"].size(), 13u) << "round " << round << ", server " << n;
            }
        }
        for (auto [pid, out] : started) {
            (void)out;
            kill(pid, SIGTERM);
            int status = 0;
            waitpid(pid, &status, 0);
        }
    }
}

TEST_F(TwoServers, TheDemoDataIsSetUpOnceAndBothServeIt) {
    for (int n = 0; n < 2; ++n) {
        auto offices = json::parse(server(n).call("GET", "/api/v1/offices", {}, kDemoKiosk).body.reveal());
        EXPECT_EQ(offices["offices"].size(), 13u) << "server " << n;
        EXPECT_EQ(offices["offices"][0]["id"], "shangcheng");
    }
    // A receipt signed by one verifies at the other (the shared key files).
    auto r = post(*a, "/api/v1/assistance-applications",
                  json{{"type", "dibao"},
                       {"applicant", {{"name", "张秀英"}, {"idNumber", "330102194803161004"}}},
                       {"consent", true}}
                      .dump(),
                  "receipt-1");
    ASSERT_EQ(r.status, 201) << r.body.reveal();
    auto lookup = b->call("POST", "/api/v1/status/lookup",
                          json{{"code", json::parse(r.body.reveal())["receiptCode"]}}.dump(), kDemoKiosk);
    EXPECT_EQ(lookup.status, 200) << lookup.body.reveal();
}

TEST_F(TwoServers, EachIdempotencyKeyIsStoredOnceWhenBothServersGetItAtOnce) {
    constexpr int kKeys = 40, kSenders = 6;  // even senders to one server, odd ones to the other
    std::map<std::string, std::vector<std::string>> references;  // key -> the reference each sender was given
    std::mutex mutex;
    std::barrier together(kSenders);  // every key leaves all senders at once
    std::vector<std::thread> senders;
    for (int s = 0; s < kSenders; ++s)
        senders.emplace_back([&, s] {
            for (int k = 0; k < kKeys; ++k) {
                together.arrive_and_wait();
                const std::string key = "race-" + std::to_string(k);
                json body{{"type", "linshi"},
                          {"applicant", {{"name", "张秀英"}, {"idNumber", "330102194803161004"}}},
                          {"consent", true},
                          {"clientReference", key}};
                auto r = post(server(s), "/api/v1/assistance-applications", body.dump(), key);
                auto j = json::parse(r.body.reveal(), nullptr, false);
                std::lock_guard lock(mutex);
                references[key].push_back(r.status == 201 && j.contains("reference") ? j["reference"].get<std::string>()
                                                                                     : "status " + std::to_string(r.status));
            }
        });
    for (auto& t : senders) t.join();
    ASSERT_EQ(references.size(), static_cast<size_t>(kKeys));
    std::set<std::string> distinct;
    for (const auto& [key, refs] : references) {
        ASSERT_EQ(refs.size(), static_cast<size_t>(kSenders));
        for (const auto& ref : refs) EXPECT_EQ(ref, refs.front()) << key;  // one answer, replayed
        EXPECT_EQ(refs.front().rfind("SA-", 0), 0u) << key << ": " << refs.front();
        distinct.insert(refs.front());
    }
    EXPECT_EQ(distinct.size(), static_cast<size_t>(kKeys));
    auto stats = a->stats();  // one database: the same counts from either server
    EXPECT_EQ(stats["applications"], kKeys);
    EXPECT_EQ(stats["distinctClientReferences"], kKeys);
    EXPECT_EQ(b->stats()["applications"], kKeys);
    EXPECT_EQ(a->stats()["processed"].get<int>() + b->stats()["processed"].get<int>(), kKeys);
}

TEST_F(TwoServers, TheLastPlacesOfASlotAreNeverBookedTwice) {
    auto make = [](const std::string& first17) { return first17 + *kiosk::idCheckCharacter(first17); };
    const std::string idA = make("33010919850911107"), idB = make("33011019900504108");
    auto slotsAt = [&](CentralProcess& central) {
        return json::parse(
            central.call("GET", "/api/v1/offices/xihu/slots?days=30", {}, kDemoKiosk).body.reveal())["slots"];
    };
    int raced = 0;
    for (const auto& slot : slotsAt(*a)) {
        const int places = slot["available"].get<int>();
        if (places <= 0) continue;
        constexpr int kRequests = 10;  // for the last `places` places, from both servers at once
        std::atomic<int> confirmed{0}, declined{0}, other{0};
        std::latch start(kRequests);
        std::vector<std::thread> kiosks;
        for (int n = 0; n < kRequests; ++n)
            kiosks.emplace_back([&, n] {
                json booking{{"officeId", "xihu"},
                             {"date", slot["date"]},
                             {"slot", slot["slot"]},
                             {"partyA", {{"name", "刘志强"}, {"idNumber", idA}}},
                             {"partyB", {{"name", "陈静"}, {"idNumber", idB}}},
                             {"phone", "13900000000"}};
                const std::string key = "book-" + std::to_string(raced) + "-" + std::to_string(n);
                start.arrive_and_wait();
                auto r = post(server(n), "/api/v1/marriage-bookings", booking.dump(), key);
                auto j = json::parse(r.body.reveal(), nullptr, false);
                std::string status = r.status == 201 && j.is_object() ? j.value("status", "") : "";
                if (status == "confirmed") ++confirmed;
                else if (status == "declined") ++declined;
                else ++other;
            });
        for (auto& t : kiosks) t.join();
        EXPECT_EQ(confirmed.load(), places) << slot;
        EXPECT_EQ(declined.load(), kRequests - places) << slot;
        EXPECT_EQ(other.load(), 0) << slot;
        for (int n = 0; n < 2; ++n)
            for (const auto& now : slotsAt(server(n)))
                if (now["date"] == slot["date"] && now["slot"] == slot["slot"]) {
                    EXPECT_EQ(now["available"], 0) << now;
                }
        if (++raced == 3) break;
    }
    EXPECT_EQ(raced, 3);
}

TEST_F(TwoServers, AClaimOlderThanTheRequestTimeoutIsTakenOverAndTheLateAnswerUndone) {
    const std::string body = json{{"type", "yiliao"},
                                  {"applicant", {{"name", "张秀英"}, {"idNumber", "330102194803161004"}}},
                                  {"consent", true},
                                  {"clientReference", "slow"}}
                                 .dump();
    auto headers = kDemoKiosk;
    headers.emplace_back("Idempotency-Key", "slow-1");
    // Server a claims the key, then dawdles before processing it.
    a->faults({{"latencyMs", 3000}});
    kiosk::offline::HttpResponse late;
    std::jthread slow([&] { late = a->call("POST", "/api/v1/assistance-applications", body, headers); });
    ASSERT_TRUE(waitFor([&] { return a->stats()["inflight"] == 1; }));  // claimed, now in its latency
    // While a holds it, b answers "in progress" ...
    EXPECT_EQ(b->call("POST", "/api/v1/assistance-applications", body, headers).status, 409);
    // ... until the claim is older than the request timeout (b's clock moves on).
    b->admin("POST", "/admin/time", {{"advanceSeconds", 31}});
    auto taken = b->call("POST", "/api/v1/assistance-applications", body, headers);
    EXPECT_EQ(taken.status, 201) << taken.body.reveal();
    slow.join();
    // a's late completion found the claim gone: undone, not a second application.
    EXPECT_EQ(late.status, 409) << late.body.reveal();
    a->faults({{"reset", true}});
    auto replay = a->call("POST", "/api/v1/assistance-applications", body, headers);
    EXPECT_EQ(replay.status, 201);
    EXPECT_EQ(replay.body.reveal(), taken.body.reveal());
    EXPECT_EQ(a->stats()["applications"], 1);
}

TEST_F(TwoServers, WrongPinsAtBothServersAtOnceAllCountTowardsTheLock) {
    constexpr const char* kClerk = "00000017";  // demo staff, PIN 246810
    auto cards = json::parse(a->call("GET", "/api/v1/demo/staff-cards", {}, kDemoKiosk).body.reveal());
    ASSERT_EQ(cards[0]["number"], kClerk);
    auto signIn = [&](CentralProcess& central, const char* pin) {
        return central
            .call("POST", "/api/v1/staff/sign-in",
                  json{{"staffNumber", kClerk}, {"pin", pin}, {"card", cards[0]["code"]}}.dump(), kDemoKiosk)
            .status;
    };
    // As many wrong PINs as lock the number, sent to both servers at once.
    std::latch start(kiosk::kMaxPinFailures);
    std::vector<int> statuses(kiosk::kMaxPinFailures);
    std::vector<std::thread> kiosks;
    for (int n = 0; n < kiosk::kMaxPinFailures; ++n)
        kiosks.emplace_back([&, n] {
            start.arrive_and_wait();
            statuses[static_cast<size_t>(n)] = signIn(server(n), "111111");
        });
    for (auto& t : kiosks) t.join();
    EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 423), 1) << "the last one locks";
    EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 403), kiosk::kMaxPinFailures - 1);
    // Locked at both: the right PIN is refused too.
    EXPECT_EQ(signIn(*a, "246810"), 423);
    EXPECT_EQ(signIn(*b, "246810"), 423);
}

// ---- probes for a load balancer ---------------------------------------------

TEST(CentralProbes, LivenessAndReadinessNeedNoCredentials) {
    CentralProcess central;
    ASSERT_GT(central.port(), 0);
    EXPECT_EQ(central.call("GET", "/healthz").status, 200);
    auto ready = central.call("GET", "/readyz");
    ASSERT_EQ(ready.status, 200);
    EXPECT_EQ(json::parse(ready.body.reveal())["store"],
              kiosk::testing::centralTestDatabase().empty() ? "sqlite" : "postgresql");
}

TEST(PostgresStore, AServerWhoseDatabaseGoesAwayIsNotReadyAndReconnectsWhenItIsBack) {
    if (kiosk::testing::centralTestDatabase().empty()) GTEST_SKIP() << "needs PostgreSQL (pg.PostgresStore.*)";
    const std::string db = kiosk::testing::freshPostgresDatabase();
    ASSERT_FALSE(db.empty());
    const size_t query = db.find('?'), slash = db.rfind('/', query);
    const std::string name = db.substr(slash + 1, query - slash - 1);
    TempDir keys;
    CentralProcess central({"--db", db, "--signing-key", keys.file("s"), "--digest-key", keys.file("d")});
    ASSERT_GT(central.port(), 0);
    auto ready = [&] { return central.call("GET", "/readyz").status; };
    EXPECT_EQ(ready(), 200);
    // The database refuses connections and drops this server's.
    ASSERT_TRUE(kiosk::testing::psqlAdmin("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false"));
    ASSERT_TRUE(kiosk::testing::psqlAdmin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" +
                                          name + "'"));
    EXPECT_TRUE(waitFor([&] { return ready() == 503; }));
    auto during = central.call("GET", "/api/v1/offices", {}, kDemoKiosk);
    EXPECT_EQ(during.status, 500);  // a problem the kiosk retries, and the server stays up
    ASSERT_TRUE(kiosk::testing::psqlAdmin("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true"));
    EXPECT_TRUE(waitFor([&] { return ready() == 200; }));
    EXPECT_EQ(central.call("GET", "/api/v1/offices", {}, kDemoKiosk).status, 200);
}

}  // namespace
