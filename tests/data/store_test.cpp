#include "offline-cache/store.h"

#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <fstream>

#include "kiosk/core/log.h"
#include "offline-cache/schema.h"
#include "offline-cache/sync_engine.h"
#include "tests/data/test_support.h"

using namespace kiosk;
using namespace kiosk::offline;
using kiosk::testing::TempDir;

namespace {

constexpr const char* kSecret = "330106199001011210";

std::unique_ptr<Store> openStore(const TempDir& dir, const Clock& clock, std::chrono::hours retention = std::chrono::hours(24)) {
    auto s = Store::open({dir.file("kiosk.db"), dir.file("data.key"), retention}, clock);
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
    return s.ok() ? std::move(s.value()) : nullptr;
}

OutboxRequest application(const std::string& idNumber = kSecret) {
    return OutboxRequest{"assistance-application", "POST", "/api/v1/assistance-applications", "application/json",
                         Personal(R"({"applicant":{"idNumber":")" + idNumber + R"("}})")};
}

std::string fileBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST(Store, EnqueueIsDurableAndEncryptedAtRest) {
    TempDir dir;
    ManualClock clock;
    {
        auto store = openStore(dir, clock);
        auto item = store->enqueue(application());
        ASSERT_TRUE(item.ok());
        EXPECT_EQ(item.value().idempotencyKey.size(), 36u);
        EXPECT_EQ(item.value().idempotencyKey[14], '4');  // UUID version 4
        EXPECT_EQ(store->schemaVersion(), kSchemaVersion);
    }
    // Checkpointed on close: the main file and any WAL hold no plaintext.
    std::string bytes = fileBytes(dir.file("kiosk.db")) + fileBytes(dir.file("kiosk.db-wal"));
    EXPECT_EQ(bytes.find(kSecret), std::string::npos);
    EXPECT_NE(bytes.find("/api/v1/assistance-applications"), std::string::npos);

    struct stat st {};
    ASSERT_EQ(stat(dir.file("data.key").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    ASSERT_EQ(stat(dir.file("kiosk.db").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0077, 0u);

    auto store = openStore(dir, clock);
    auto claimed = store->claimNext();
    ASSERT_TRUE(claimed.ok() && claimed.value().has_value());
    EXPECT_NE(claimed.value()->body.reveal().find(kSecret), std::string::npos);
    EXPECT_EQ(claimed.value()->item.state, OutboxState::Sending);
    EXPECT_EQ(claimed.value()->item.attempts, 1);
    EXPECT_EQ(fmt::format("{}", claimed.value()->body), "[redacted]");
}

TEST(Store, KeyFileProblemsAreClearStartupErrors) {
    TempDir dir;
    ManualClock clock;
    { ASSERT_NE(openStore(dir, clock), nullptr); }
    chmod(dir.file("data.key").c_str(), 0644);
    auto open = Store::open({dir.file("kiosk.db"), dir.file("data.key")}, clock);
    ASSERT_FALSE(open.ok());
    EXPECT_EQ(open.error().code, StoreErrorCode::KeyFile);

    // Another key: the data cannot be read, and the store says so at start.
    std::filesystem::remove(dir.file("data.key"));
    open = Store::open({dir.file("kiosk.db"), dir.file("data.key")}, clock);
    ASSERT_FALSE(open.ok());
    EXPECT_EQ(open.error().code, StoreErrorCode::WrongKey);
}

TEST(Store, InterruptedSendGoesBackToPending) {
    TempDir dir;
    ManualClock clock;
    {
        auto store = openStore(dir, clock);
        ASSERT_TRUE(store->enqueue(application()).ok());
        ASSERT_TRUE(store->claimNext().value().has_value());
        EXPECT_EQ(store->stats().value().sending, 1);
    }  // "killed" while sending
    auto store = openStore(dir, clock);
    EXPECT_EQ(store->health().recoveredSendingItems, 1);
    auto stats = store->stats().value();
    EXPECT_EQ(stats.sending, 0);
    EXPECT_EQ(stats.pending, 1);
    auto again = store->claimNext();
    ASSERT_TRUE(again.value().has_value());
    EXPECT_EQ(again.value()->item.attempts, 2);
}

TEST(Store, KilledProcessMidSendLeavesNothingStuck) {
    TempDir dir;
    ManualClock clock;
    { ASSERT_TRUE(openStore(dir, clock)->enqueue(application()).ok()); }
    int ready[2];
    ASSERT_EQ(pipe(ready), 0);
    pid_t child = fork();
    if (child == 0) {
        ManualClock childClock;
        auto store = Store::open({dir.file("kiosk.db"), dir.file("data.key")}, childClock);
        bool claimed = store.ok() && store.value()->claimNext().ok();
        char c = claimed ? 'y' : 'n';
        (void)!write(ready[1], &c, 1);
        pause();  // "sending" until killed
        _exit(0);
    }
    char c = 0;
    ASSERT_EQ(read(ready[0], &c, 1), 1);
    ASSERT_EQ(c, 'y');
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    close(ready[0]);
    close(ready[1]);
    auto store = openStore(dir, clock);
    EXPECT_EQ(store->health().recoveredSendingItems, 1);
    EXPECT_EQ(store->stats().value().pending, 1);
}

TEST(Store, BackoffDelaysTheNextAttemptOnTheStoreClock) {
    TempDir dir;
    ManualClock clock;
    auto store = openStore(dir, clock);
    auto id = store->enqueue(application()).value().id;
    ASSERT_TRUE(store->claimNext().value().has_value());
    ASSERT_TRUE(store->markRetry(id, store->nowMs() + 5000, "HTTP 503").ok());
    EXPECT_FALSE(store->claimNext().value().has_value());
    EXPECT_EQ(store->nextDueMs(), store->nowMs() + 5000);
    clock.advance(std::chrono::milliseconds(4999));
    EXPECT_FALSE(store->claimNext().value().has_value());
    clock.advance(std::chrono::milliseconds(1));
    auto claimed = store->claimNext();
    ASSERT_TRUE(claimed.value().has_value());
    EXPECT_EQ(claimed.value()->item.lastError, "HTTP 503");
}

// #15: the wall clock jumping back by hours (or to 1970) must not turn a
// seconds-long backoff into an hours-long stall; a forward jump just makes
// the retry due, never earlier than asked while the clock is steady.
TEST(Store, BackoffSurvivesWallClockJumps) {
    TempDir dir;
    ManualClock clock;
    auto store = openStore(dir, clock);
    auto id = store->enqueue(application()).value().id;
    ASSERT_TRUE(store->claimNext().value().has_value());
    ASSERT_TRUE(store->markRetry(id, store->nowMs() + 5000, "HTTP 503").ok());
    EXPECT_FALSE(store->claimNext().value().has_value());
    clock.setWallEpochSeconds(1'764'547'200 - 3 * 3600);  // NTP steps back 3 h
    EXPECT_EQ(store->nextDueMs(), store->nowMs());
    auto claimed = store->claimNext();
    ASSERT_TRUE(claimed.value().has_value());
    ASSERT_TRUE(store->markRetry(id, store->nowMs() + 5000, "HTTP 503").ok());
    clock.setWallEpochSeconds(0);  // RTC reset to 1970
    EXPECT_TRUE(store->claimNext().value().has_value());
    ASSERT_TRUE(store->markRetry(id, store->nowMs() + 5000, "HTTP 503").ok());
    clock.setWallEpochSeconds(1'764'547'200);  // and forward again by decades
    EXPECT_TRUE(store->claimNext().value().has_value());
    // A backoff up to the cap still waits as asked when the clock is steady.
    ASSERT_TRUE(store->markRetry(id, store->nowMs() + 30 * 60 * 1000, "HTTP 503").ok());
    EXPECT_FALSE(store->claimNext().value().has_value());
    EXPECT_EQ(store->nextDueMs(), store->nowMs() + 30 * 60 * 1000);
}

TEST(Store, FullJitterBackoffStaysUnderTheCap) {
    BackoffPolicy p{std::chrono::milliseconds(1000), std::chrono::milliseconds(60000)};
    EXPECT_EQ(backoffDelay(1, p, 0.0).count(), 0);
    EXPECT_EQ(backoffDelay(1, p, 0.999).count(), 999);
    EXPECT_EQ(backoffDelay(3, p, 0.5).count(), 2000);
    EXPECT_EQ(backoffDelay(30, p, 0.5).count(), 30000);  // capped at 60 s, then jittered
    EXPECT_EQ(backoffDelay(1000, p, 1.0).count(), 60000);
}

TEST(Store, ClassifiesAnswers) {
    auto answer = [](int status, std::string body = "{}", std::string type = "application/json") {
        HttpResponse r;
        r.status = status;
        r.body = Personal(std::move(body));
        r.headers["content-type"] = type;
        return r;
    };
    EXPECT_EQ(classifyResponse(answer(201)), SendOutcome::Acknowledged);
    EXPECT_EQ(classifyResponse(answer(200, "<html>")), SendOutcome::Retry);  // garbage is no ack
    for (int s : {408, 429, 500, 502, 503, 504}) EXPECT_EQ(classifyResponse(answer(s)), SendOutcome::Retry) << s;
    for (int s : {400, 404, 410, 413, 415, 422}) EXPECT_EQ(classifyResponse(answer(s)), SendOutcome::Rejected) << s;
    EXPECT_EQ(classifyResponse(answer(401)), SendOutcome::AuthProblem);
    EXPECT_EQ(classifyResponse(answer(409, R"({"type":"urn:civil-kiosk:problem:request-in-progress"})")),
              SendOutcome::Retry);
    EXPECT_EQ(classifyResponse(answer(409, R"({"type":"urn:civil-kiosk:problem:slot-full"})")), SendOutcome::Rejected);
    HttpResponse dropped;
    dropped.transportError = true;
    EXPECT_EQ(classifyResponse(dropped), SendOutcome::Retry);
}

TEST(Store, ChainsSendInOrderAndRejectionCascades) {
    TempDir dir;
    ManualClock clock;
    auto store = openStore(dir, clock);
    std::vector<OutboxRequest> chain;
    chain.push_back({"document", "PUT", "/api/v1/documents/d1", "image/png", Personal("png-1")});
    chain.push_back({"document", "PUT", "/api/v1/documents/d2", "image/png", Personal("png-2")});
    chain.push_back(application());
    auto items = store->enqueueChain(std::move(chain)).value();
    ASSERT_EQ(items.size(), 3u);

    auto first = store->claimNext().value();
    ASSERT_TRUE(first.has_value());
    EXPECT_EQ(first->item.id, items[0].id);
    EXPECT_FALSE(store->claimNext().value().has_value());  // d2 waits for d1's ack
    ASSERT_TRUE(store->markAcknowledged(first->item.id, 201, Personal("{}")).ok());
    auto second = store->claimNext().value();
    ASSERT_TRUE(second.has_value());
    EXPECT_EQ(second->item.path, "/api/v1/documents/d2");
    EXPECT_EQ(second->item.method, "PUT");
    ASSERT_TRUE(store->markRejected(second->item.id, 415, "HTTP 415").ok());
    EXPECT_EQ(store->item(items[2].id).value().state, OutboxState::Rejected);
    EXPECT_EQ(store->stats().value().rejected, 2);

    // Staff fix the cause and retry: the chain continues.
    ASSERT_TRUE(store->retry(items[1].id).ok());
    ASSERT_TRUE(store->retry(items[2].id).ok());
    EXPECT_EQ(store->claimNext().value()->item.id, items[1].id);
    EXPECT_EQ(store->retry(9999).error().code, StoreErrorCode::NotFound);
}

TEST(Store, PurgesAcknowledgedItemsAfterRetention) {
    TempDir dir;
    ManualClock clock;
    auto store = openStore(dir, clock, std::chrono::hours(24));
    auto acked = store->enqueue(application()).value();
    auto waiting = store->enqueue(application()).value();
    auto claimed = store->claimNext().value();
    ASSERT_TRUE(store->markAcknowledged(claimed->item.id, 201, Personal(R"({"reference":"SA-1"})")).ok());
    EXPECT_EQ(store->response(acked.id).value().reveal(), R"({"reference":"SA-1"})");
    ASSERT_TRUE(store->putSnapshot("balances", Personal(kSecret), Personal(R"({"balance":1})")).ok());

    clock.advance(std::chrono::hours(23));
    EXPECT_EQ(store->purge().value(), 0);
    clock.advance(std::chrono::hours(2));
    EXPECT_EQ(store->purge().value(), 2);  // the acknowledged item and the snapshot
    EXPECT_EQ(store->item(acked.id).error().code, StoreErrorCode::NotFound);
    EXPECT_EQ(store->item(waiting.id).value().state, OutboxState::Pending);  // never purged unsent
    EXPECT_FALSE(store->snapshot("balances", Personal(kSecret)).has_value());
}

TEST(Store, ReferenceCacheAndSnapshotsKeepTheirAsOfTime) {
    TempDir dir;
    ManualClock clock;
    auto store = openStore(dir, clock);
    ASSERT_TRUE(store->putReference("/api/v1/offices", "\"abc\"", R"({"offices":[]})").ok());
    auto first = store->reference("/api/v1/offices");
    ASSERT_TRUE(first.has_value());
    EXPECT_EQ(first->etag, "\"abc\"");
    clock.advance(std::chrono::minutes(5));
    ASSERT_TRUE(store->touchReference("/api/v1/offices").ok());
    EXPECT_EQ(store->reference("/api/v1/offices")->asOfMs, first->asOfMs + 5 * 60 * 1000);

    ASSERT_TRUE(store->putSnapshot("balances", Personal(kSecret), Personal(R"({"balance":12.5})")).ok());
    auto snap = store->snapshot("balances", Personal(kSecret));
    ASSERT_TRUE(snap.has_value());
    EXPECT_EQ(snap->first.reveal(), R"({"balance":12.5})");
    EXPECT_FALSE(store->snapshot("balances", Personal("110101199003077777")).has_value());
    store.reset();
    std::string bytes = fileBytes(dir.file("kiosk.db")) + fileBytes(dir.file("kiosk.db-wal"));
    EXPECT_EQ(bytes.find(kSecret), std::string::npos);
    EXPECT_EQ(bytes.find("12.5"), std::string::npos);
}

TEST(Store, MigratesFromTheFirstSchemaVersion) {
    TempDir dir;
    ManualClock clock;
    auto key = AtRestKey::loadOrCreate(dir.file("data.key"));
    ASSERT_TRUE(key.ok());
    {
        // A database as the first release wrote it (frozen copy of schema 1).
        auto db = Database::open(dir.file("kiosk.db"));
        ASSERT_TRUE(db.ok());
        auto& d = *db.value();
        ASSERT_TRUE(d.exec("CREATE TABLE meta(key TEXT PRIMARY KEY NOT NULL, value NOT NULL);"
                           "INSERT INTO meta(key, value) VALUES('schema_version', 1);"
                           "CREATE TABLE outbox(id INTEGER PRIMARY KEY, idempotency_key TEXT NOT NULL UNIQUE,"
                           " kind TEXT NOT NULL, path TEXT NOT NULL, payload BLOB NOT NULL, state INTEGER NOT NULL"
                           " DEFAULT 0, attempts INTEGER NOT NULL DEFAULT 0, next_attempt_ms INTEGER NOT NULL DEFAULT 0,"
                           " last_error TEXT NOT NULL DEFAULT '', created_ms INTEGER NOT NULL, acked_ms INTEGER,"
                           " response BLOB)")
                        .ok());
        auto ins = d.prepare("INSERT INTO outbox(idempotency_key, kind, path, payload, state, created_ms)"
                             " VALUES(?, 'assistance-application', '/api/v1/assistance-applications', ?, 1, 1)");
        std::string k = newUuidV4();
        ins.bind(1, k).bindBlob(2, key.value().seal(R"({"v1":true})", k));
        ASSERT_TRUE(ins.run().ok());
    }
    auto store = openStore(dir, clock);
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(store->health().schemaVersionAtOpen, 1);
    EXPECT_EQ(store->schemaVersion(), kSchemaVersion);
    auto claimed = store->claimNext().value();  // was "sending" in v1: recovered, then migrated columns defaulted
    ASSERT_TRUE(claimed.has_value());
    EXPECT_EQ(claimed->item.method, "POST");
    EXPECT_EQ(claimed->item.contentType, "application/json");
    EXPECT_EQ(claimed->body.reveal(), R"({"v1":true})");
    EXPECT_TRUE(store->putReference("k", "", "{}").ok());  // v3 table exists
}

TEST(Store, MigratesFromSchemaThreeKeepingItsItems) {
    TempDir dir;
    ManualClock clock;
    auto key = AtRestKey::loadOrCreate(dir.file("data.key"));
    ASSERT_TRUE(key.ok());
    std::string pendingKey = newUuidV4(), rejectedKey = newUuidV4();
    {
        // A database as the version-3 release left it: the shipped migrations
        // 1-3 (append-only, never edited), an item waiting, one refused, and
        // a cached reference.
        auto db = Database::open(dir.file("kiosk.db"));
        ASSERT_TRUE(db.ok());
        auto& d = *db.value();
        ASSERT_TRUE(d.exec(sql::kCreateMeta).ok());
        for (const char* m : {sql::kMigration1, sql::kMigration2, sql::kMigration3}) ASSERT_TRUE(d.exec(m).ok());
        ASSERT_TRUE(d.exec("INSERT INTO meta(key, value) VALUES('schema_version', 3)").ok());
        auto ins = d.prepare("INSERT INTO outbox(idempotency_key, kind, path, payload, state, created_ms, http_status,"
                             " last_error) VALUES(?, 'assistance-application', '/api/v1/assistance-applications', ?, ?,"
                             " 1, ?, ?)");
        ins.bind(1, pendingKey).bindBlob(2, key.value().seal(R"({"v3":"pending"})", pendingKey));
        ins.bind(3, std::int64_t{0}).bind(4, std::int64_t{0}).bind(5, std::string_view(""));
        ASSERT_TRUE(ins.run().ok());
        auto rej = d.prepare("INSERT INTO outbox(idempotency_key, kind, path, payload, state, created_ms, http_status,"
                             " last_error) VALUES(?, 'document', '/api/v1/documents/x', ?, 3, 2, 415, 'unsupported')");
        rej.bind(1, rejectedKey).bindBlob(2, key.value().seal("png", rejectedKey));
        ASSERT_TRUE(rej.run().ok());
        ASSERT_TRUE(d.exec("INSERT INTO reference_cache(key, etag, body, as_of_ms) VALUES('/api/v1/offices', '\"e\"',"
                           " '{\"offices\":[]}', 5)")
                        .ok());
    }
    auto store = openStore(dir, clock);
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(store->health().schemaVersionAtOpen, 3);
    EXPECT_EQ(store->schemaVersion(), 4);
    auto open = store->openItems().value();
    ASSERT_EQ(open.size(), 2u);
    EXPECT_EQ(open[0].idempotencyKey, rejectedKey);  // newest first
    EXPECT_EQ(open[0].state, OutboxState::Rejected);
    EXPECT_EQ(open[0].httpStatus, 415);
    EXPECT_FALSE(open[0].followUp);  // the new column, defaulted
    EXPECT_EQ(open[1].idempotencyKey, pendingKey);
    auto claimed = store->claimNext().value();
    ASSERT_TRUE(claimed.has_value());
    EXPECT_EQ(claimed->body.reveal(), R"({"v3":"pending"})");
    EXPECT_EQ(store->reference("/api/v1/offices")->body, R"({"offices":[]})");
    // The version-4 tables exist.
    EXPECT_TRUE(store->setFollowUp(open[0].id, true).value());
    EXPECT_TRUE(store->appendAudit({0, "00000017", "sign-in", "staff"}).ok());
    EXPECT_TRUE(store->journalReceipt("{}").ok());
    EXPECT_EQ(store->recordSignInFailure("00000017").value().failures, 1);
}

TEST(Store, SignInFailuresAndTheLockSurviveAReopen) {
    TempDir dir;
    ManualClock clock;
    {
        auto store = openStore(dir, clock);
        EXPECT_EQ(store->signInState("00000017").value().failures, 0);
        for (int i = 1; i < kMaxPinFailures; ++i) {
            auto s = store->recordSignInFailure("00000017").value();
            EXPECT_EQ(s.failures, i);
            EXPECT_FALSE(isLockedOut(s, store->nowMs()));
        }
        auto locked = store->recordSignInFailure("00000017").value();
        EXPECT_TRUE(isLockedOut(locked, store->nowMs()));
        EXPECT_EQ(locked.lockedUntilMs, store->nowMs() + 15 * 60 * 1000);
    }
    auto store = openStore(dir, clock);
    auto after = store->signInState("00000017").value();
    EXPECT_EQ(after.failures, kMaxPinFailures);
    EXPECT_TRUE(isLockedOut(after, store->nowMs()));
    EXPECT_EQ(store->signInState("00000042").value().failures, 0);  // per staff number
    ASSERT_TRUE(store->clearSignIn("00000017").ok());
    EXPECT_EQ(store->signInState("00000017").value().lockedUntilMs, 0);
}

TEST(Store, AuditEntryAndItsOutboxItemAreWrittenTogether) {
    TempDir dir;
    ManualClock clock;
    auto store = openStore(dir, clock);
    OutboxRequest toCentral{"audit-entry", "POST", "/api/v1/audit-entries", "application/json",
                            Personal(R"({"action":"sign-in"})")};
    auto id = store->appendAudit({0, "00000017", "sign-in", "staff"}, toCentral);
    ASSERT_TRUE(id.ok());
    auto entries = store->recentAudit(10).value();
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].atMs, store->nowMs());
    EXPECT_EQ(entries[0].detail, "staff");
    EXPECT_EQ(store->stats().value().pending, 1);
    // A request that cannot be queued: the entry is not logged either.
    OutboxRequest broken = toCentral;
    broken.path.clear();
    EXPECT_FALSE(store->appendAudit({0, "00000017", "sign-in", "staff"}, broken).ok());
    EXPECT_EQ(store->recentAudit(10).value().size(), 1u);
    EXPECT_EQ(store->stats().value().pending, 1);
}

TEST(Store, FollowUpMarksAnItemAndJournalledReceiptsArePurgedWithRetention) {
    TempDir dir;
    ManualClock clock;
    auto store = openStore(dir, clock, std::chrono::hours(24));
    auto item = store->enqueue(application()).value();
    EXPECT_TRUE(store->setFollowUp(item.id, true).value());
    EXPECT_FALSE(store->setFollowUp(item.id, true).value());  // already marked
    EXPECT_TRUE(store->item(item.id).value().followUp);
    EXPECT_TRUE(store->list().value().front().followUp);
    EXPECT_TRUE(store->setFollowUp(item.id, false).value());
    EXPECT_EQ(store->setFollowUp(9999, true).error().code, StoreErrorCode::NotFound);

    ASSERT_TRUE(store->journalReceipt(R"({"title":"old"})").ok());
    clock.advance(std::chrono::hours(20));
    ASSERT_TRUE(store->journalReceipt(R"({"title":"new"})").ok());
    auto rows = store->recentReceipts(10).value();
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].receiptJson, R"({"title":"new"})");
    clock.advance(std::chrono::hours(5));
    EXPECT_EQ(store->purge().value(), 1);  // the old receipt; the pending item stays
    rows = store->recentReceipts(10).value();
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].receiptJson, R"({"title":"new"})");
}

TEST(Store, RefusesASchemaFromTheFuture) {
    TempDir dir;
    ManualClock clock;
    { ASSERT_NE(openStore(dir, clock), nullptr); }
    {
        auto db = Database::open(dir.file("kiosk.db"));
        ASSERT_TRUE(db.value()->exec("UPDATE meta SET value = 99 WHERE key = 'schema_version'").ok());
    }
    auto open = Store::open({dir.file("kiosk.db"), dir.file("data.key")}, clock);
    ASSERT_FALSE(open.ok());
    EXPECT_EQ(open.error().code, StoreErrorCode::SchemaTooNew);
}

TEST(Store, CorruptFileIsMovedAsideAndAFreshOneCreated) {
    TempDir dir;
    ManualClock clock;
    {
        std::ofstream out(dir.file("kiosk.db"), std::ios::binary);
        out << std::string(8192, '\x5a');
    }
    auto* capture = startLogCapture();
    auto store = openStore(dir, clock);
    std::string log = stopLogCapture(capture);
    ASSERT_NE(store, nullptr);
    auto h = store->health();
    EXPECT_TRUE(h.recoveredFromCorruption);
    EXPECT_TRUE(std::filesystem::exists(h.corruptFileMovedTo));
    EXPECT_NE(log.find("corrupt"), std::string::npos);
    EXPECT_TRUE(store->enqueue(application()).ok());
}

TEST(Store, DamagedPagesAreDetectedToo) {
    TempDir dir;
    ManualClock clock;
    {
        auto store = openStore(dir, clock);
        for (int i = 0; i < 50; ++i) ASSERT_TRUE(store->enqueue(application()).ok());
    }
    {
        // Scribble over every b-tree page header after the first page, keeping
        // the file header: SQLite opens it, the integrity check does not pass.
        auto size = std::filesystem::file_size(dir.file("kiosk.db"));
        std::fstream f(dir.file("kiosk.db"), std::ios::binary | std::ios::in | std::ios::out);
        for (std::uintmax_t page = 4096; page + 16 <= size; page += 4096) {
            f.seekp(static_cast<std::streamoff>(page));
            f << std::string(16, '\xff');
        }
    }
    auto store = openStore(dir, clock);
    ASSERT_NE(store, nullptr);
    EXPECT_TRUE(store->health().recoveredFromCorruption);
    EXPECT_EQ(store->stats().value().pending, 0);
}

TEST(Store, AFullDiskIsAnErrorValueAndLosesNothing) {
    TempDir dir;
    ManualClock clock;
    auto store = openStore(dir, clock);
    ASSERT_TRUE(store->enqueue(application()).ok());
    struct rlimit old {};
    getrlimit(RLIMIT_FSIZE, &old);
    auto oldHandler = signal(SIGXFSZ, SIG_IGN);  // writes past the limit fail with EFBIG instead
    struct rlimit small = old;
    small.rlim_cur = 512 * 1024;
    setrlimit(RLIMIT_FSIZE, &small);
    int stored = 0;
    std::optional<StoreError> failure;
    for (int i = 0; i < 200 && !failure; ++i) {
        OutboxRequest big = application();
        big.body = Personal(std::string(16 * 1024, 'x'));
        auto r = store->enqueue(std::move(big));
        if (r.ok()) ++stored;
        else failure = r.error();
    }
    setrlimit(RLIMIT_FSIZE, &old);
    signal(SIGXFSZ, oldHandler);
    ASSERT_TRUE(failure.has_value());
    EXPECT_EQ(failure->code, StoreErrorCode::DiskFull) << failure->message;
    EXPECT_TRUE(store->health().diskFull);
    // Everything acknowledged as stored is still there, and writing works again.
    EXPECT_EQ(store->stats().value().pending, stored + 1);
    EXPECT_TRUE(store->enqueue(application()).ok());
    store.reset();
    auto reopened = openStore(dir, clock);
    EXPECT_EQ(reopened->stats().value().pending, stored + 2);
}
