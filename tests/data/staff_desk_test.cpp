// The staff desk over the real store (a SQLite file in a temp dir), the real
// sync engine and the real kiosk-central on loopback: online sign-in at the
// centre, its lockout, offline sign-in with the in-memory offline key (the
// centre made unreachable with its 503 fault window), no offline sign-in
// without the key (a restart), the lockout reported through the outbox, no
// argon2 hash in the store file, and audit entries the centre refuses. The
// store's clock is a ManualClock (wall time 2025-12-01 plus what the test
// moves); the centre's clock moves with POST /admin/time.
#include "offline-cache/staff_desk_store.h"

#include <filesystem>
#include <fstream>
#include <regex>

#include "kiosk/core/run_queue.h"
#include "kiosk/core/signed_code.h"
#include "kiosk/core/staff.h"
#include "offline-cache/sync_engine.h"
#include "tests/data/test_support.h"

using namespace kiosk;
using namespace kiosk::offline;
using kiosk::testing::CentralProcess;
using kiosk::testing::TempDir;
using kiosk::testing::waitFor;
using nlohmann::json;

namespace {

constexpr const char* kClerk = "00000017";       // 王芳（3号窗口）, staff, PIN 246810
constexpr const char* kMaintainer = "00000042";  // 陈工（运维）, maintainer, PIN 135790
const std::vector<std::pair<std::string, std::string>> kAuth{{"Authorization", "Bearer demo-token"},
                                                               {"X-Kiosk-Id", "kiosk-demo-01"}};

std::string fileBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// An 18-character GB 11643 shape anywhere in the text.
bool holdsAnIdNumber(const std::string& text) {
    static const std::regex id("[0-9]{17}[0-9X]");
    return std::regex_search(text, id);
}

class StaffDeskTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_GT(central.port(), 0) << "kiosk-central did not start";
        open();
    }
    void TearDown() override { close(); }

    void open() {
        auto s = Store::open({dir.file("kiosk.db"), dir.file("data.key")}, clock);
        ASSERT_TRUE(s.ok()) << s.error().message;
        store = std::move(s.value());
        SyncConfig c;
        c.baseUrl = central.url();
        c.kioskId = "kiosk-demo-01";
        c.token = "demo-token";
        c.http.timeoutMs = 10000;
        c.referencePaths = {kStaffDirectoryPath};
        sync = std::make_unique<SyncEngine>(*store, c, clock);
        GatewayConfig g;
        g.baseUrl = central.url();
        g.kioskId = "kiosk-demo-01";
        g.token = "demo-token";
        desk = std::make_unique<StaffDeskStore>(
            *store, sync.get(), [this](std::function<void()> task) { queue.post(std::move(task)); }, g);
    }
    void close() {
        if (desk) desk->stop();
        desk.reset();
        sync.reset();
        store.reset();
    }
    void reopen() {
        close();
        open();
    }

    // Runs the UI side (the queue) until the reply arrives.
    template <typename T, typename Call>
    T await(Call call) {
        std::optional<T> got;
        call([&got](T value) { got = std::move(value); });
        EXPECT_TRUE(waitFor([&] {
            queue.drain();
            return got.has_value();
        }));
        return got ? std::move(*got) : T{};
    }
    SignInOutcome signIn(const std::string& number, const std::string& pin) {
        const std::string card = cardOf(number);
        return await<SignInOutcome>([&](auto done) { desk->signIn(number, card, Personal(pin), std::move(done)); });
    }
    // The demo staff card of a number, as the centre issues it.
    std::string cardOf(const std::string& number) {
        if (cards.is_null()) cards = json::parse(central.call("GET", "/api/v1/demo/staff-cards", {}, kAuth).body.reveal());
        for (const auto& c : cards)
            if (c.value("number", "") == number) return c.value("code", "");
        return "KC1.S.unknown." + number + ".1.sig";
    }
    // The centre answers 503 to everything (a maintenance window) until back().
    void centreDown() { central.faults({{"unavailableForMs", 3'600'000}}); }
    void centreBack() { central.faults({{"reset", true}}); }
    void advanceCentre(std::chrono::seconds s) { central.admin("POST", "/admin/time", {{"advanceSeconds", s.count()}}); }
    json centralAudit() {
        auto r = central.call("GET", "/api/v1/audit-entries?kiosk=kiosk-demo-01", {}, kAuth);
        EXPECT_EQ(r.status, 200) << r.body.reveal();
        return json::parse(r.body.reveal(), nullptr, false);
    }
    static bool hasEntry(const json& entries, const std::string& action, const std::string& staff) {
        for (const auto& e : entries)
            if (e.value("action", "") == action && e.value("staff", "") == staff) return true;
        return false;
    }
    std::vector<AuditEntry> recentAudit(int limit = 50) {
        return await<std::vector<AuditEntry>>([&](auto done) { desk->recentAudit(limit, std::move(done)); });
    }
    std::vector<StaffOutboxItem> openItems() {
        auto items =
            await<std::optional<std::vector<StaffOutboxItem>>>([&](auto done) { desk->openItems(std::move(done)); });
        EXPECT_TRUE(items.has_value());
        return items.value_or(std::vector<StaffOutboxItem>{});
    }
    static bool hasAction(const std::vector<AuditEntry>& entries, const std::string& action, const std::string& staff) {
        return std::any_of(entries.begin(), entries.end(),
                           [&](const AuditEntry& e) { return e.action == action && e.staffNumber == staff; });
    }

    CentralProcess central;
    json cards;
    TempDir dir;
    ManualClock clock;
    RunQueue queue;
    std::unique_ptr<Store> store;
    std::unique_ptr<SyncEngine> sync;
    std::unique_ptr<StaffDeskStore> desk;
};

}  // namespace

TEST_F(StaffDeskTest, OnlineTheCentreChecksThePinAndIssuesASession) {
    SignInOutcome clerk = signIn(kClerk, "246810");
    ASSERT_EQ(clerk.error, SignInError::None);
    ASSERT_TRUE(clerk.member.has_value());
    EXPECT_FALSE(clerk.offline);
    EXPECT_EQ(clerk.session.size(), 32u);
    EXPECT_EQ(clerk.member->number, kClerk);
    EXPECT_EQ(clerk.member->displayName, "王芳（3号窗口）");
    EXPECT_EQ(clerk.member->role, StaffRole::Staff);

    SignInOutcome maintainer = signIn(kMaintainer, "135790");
    ASSERT_EQ(maintainer.error, SignInError::None);
    EXPECT_EQ(maintainer.member->role, StaffRole::Maintainer);
    EXPECT_NE(maintainer.session, clerk.session);

    // The other one's PIN is not a key to every card; the centre counts it.
    SignInOutcome wrong = signIn(kClerk, "135790");
    EXPECT_EQ(wrong.error, SignInError::WrongPin);
    EXPECT_EQ(wrong.attemptsLeft, kMaxPinFailures - 1);
    EXPECT_FALSE(wrong.offline);
    // Another number's card does not sign in this number.
    SignInOutcome swapped = await<SignInOutcome>(
        [&](auto done) { desk->signIn(kClerk, cardOf(kMaintainer), Personal("246810"), std::move(done)); });
    EXPECT_EQ(swapped.error, SignInError::CardRefused);
    EXPECT_EQ(signIn("00000099", "246810").error, SignInError::CardRefused) << "no card for an unknown number";
    // A PIN outside 6..12 digits never leaves the kiosk.
    EXPECT_EQ(signIn(kClerk, "12345").error, SignInError::WrongPin);

    // The centre recorded each attempt itself, the sign-in with its session.
    auto audit = centralAudit();
    bool sawSession = false;
    for (const auto& e : audit["entries"])
        if (e.value("action", "") == "sign-in" && e.value("staff", "") == kClerk) sawSession = e.value("session", "") == clerk.session;
    EXPECT_TRUE(sawSession) << audit.dump();
    EXPECT_TRUE(hasEntry(audit["entries"], "sign-in-failed", kClerk));
    // The kiosk's own log has them too, but sends none of them again.
    EXPECT_TRUE(hasAction(recentAudit(), "sign-in", kClerk));
    EXPECT_EQ(store->stats().value().pending, 0);
}

TEST_F(StaffDeskTest, TheCentreLocksTheNumberForEveryKioskAndTheRightPinWorksAfterTheLock) {
    for (int left = kMaxPinFailures - 1; left >= 1; --left) {
        SignInOutcome wrong = signIn(kClerk, "000000");
        EXPECT_EQ(wrong.error, SignInError::WrongPin);
        EXPECT_EQ(wrong.attemptsLeft, left);
    }
    SignInOutcome locked = signIn(kClerk, "000000");
    EXPECT_EQ(locked.error, SignInError::LockedOut);
    EXPECT_EQ(locked.attemptsLeft, 0);
    EXPECT_GT(locked.lockedUntilMs, 0);
    EXPECT_TRUE(hasEntry(centralAudit()["entries"], "sign-in-locked-out", kClerk));

    // Another kiosk (a fresh store: no local count) is refused by the centre too.
    close();
    TempDir otherDir;
    {
        auto s = Store::open({otherDir.file("kiosk.db"), otherDir.file("data.key")}, clock);
        ASSERT_TRUE(s.ok());
        GatewayConfig g;
        g.baseUrl = central.url();
        g.kioskId = "kiosk-demo-01";
        g.token = "demo-token";
        StaffDeskStore other(*s.value(), nullptr, [this](std::function<void()> t) { queue.post(std::move(t)); }, g);
        auto outcome = await<SignInOutcome>(
            [&](auto done) { other.signIn(kClerk, cardOf(kClerk), Personal("246810"), std::move(done)); });
        EXPECT_EQ(outcome.error, SignInError::LockedOut);
        EXPECT_FALSE(outcome.offline);
        EXPECT_EQ(s.value()->signInState(kClerk).value().failures, 0) << "the centre's lock, not this kiosk's";
    }
    open();
    // Here the kiosk's own count locked it as well, across a restart.
    EXPECT_EQ(signIn(kClerk, "246810").error, SignInError::LockedOut);

    // After the lockout (both clocks moved on) the right PIN works.
    advanceCentre(std::chrono::duration_cast<std::chrono::seconds>(kLockout) + std::chrono::seconds(1));
    clock.advance(kLockout + std::chrono::seconds(1));
    SignInOutcome ok = signIn(kClerk, "246810");
    ASSERT_EQ(ok.error, SignInError::None);
    EXPECT_EQ(store->signInState(kClerk).value().failures, 0);
    EXPECT_EQ(signIn(kClerk, "111111").attemptsLeft, kMaxPinFailures - 1) << "the count starts over";
}

TEST_F(StaffDeskTest, OfflineTheInMemoryKeySignsInAndTheCentreAcceptsItsProofLater) {
    sync->runOnce();  // the directory with this kiosk's verifiers
    ASSERT_TRUE(store->reference(kStaffDirectoryPath).has_value());
    ASSERT_EQ(signIn(kClerk, "246810").error, SignInError::None);  // online; the key is held by now

    centreDown();
    SignInOutcome wrong = signIn(kClerk, "246811");
    EXPECT_EQ(wrong.error, SignInError::WrongPin);
    EXPECT_TRUE(wrong.offline);
    EXPECT_EQ(wrong.attemptsLeft, kMaxPinFailures - 1);
    SignInOutcome offline = signIn(kClerk, "246810");
    ASSERT_EQ(offline.error, SignInError::None);
    EXPECT_TRUE(offline.offline);
    EXPECT_EQ(offline.session.rfind("off-", 0), 0u);
    ASSERT_TRUE(offline.member.has_value());
    EXPECT_EQ(offline.member->role, StaffRole::Staff);
    desk->audit({0, kClerk, "keyed-id-number", "assistance"});
    recentAudit();  // the desk's worker has written it
    EXPECT_EQ(sync->runOnce().acknowledged, 0);  // nothing gets through the outage

    centreBack();
    int acknowledged = 0, rejected = 0;
    for (int pass = 0; pass < 3 && acknowledged < 2; ++pass) {
        clock.advance(std::chrono::minutes(11));  // past the backoff of the failed attempts
        auto summary = sync->runOnce();
        acknowledged += summary.acknowledged;
        rejected += summary.rejected;
    }
    EXPECT_EQ(acknowledged, 2);
    EXPECT_EQ(rejected, 0);
    auto audit = centralAudit();
    int withSession = 0;
    for (const auto& e : audit["entries"])
        withSession += e.value("session", "") == offline.session && e.value("staff", "") == kClerk;
    EXPECT_EQ(withSession, 2) << audit.dump();  // the offline sign-in and the keyed-in number
    EXPECT_TRUE(audit["refused"].empty()) << audit.dump();
}

TEST_F(StaffDeskTest, WithoutTheKeyAfterARestartThereIsNoOfflineSignIn) {
    sync->runOnce();
    ASSERT_EQ(signIn(kClerk, "246810").error, SignInError::None);
    centreDown();
    EXPECT_EQ(signIn(kClerk, "246810").error, SignInError::None) << "offline with the key";
    reopen();  // the process restarts while the centre is unreachable
    SignInOutcome outcome = signIn(kClerk, "246810");
    EXPECT_EQ(outcome.error, SignInError::OfflineUnavailable);
    EXPECT_TRUE(outcome.offline);
    EXPECT_EQ(store->signInState(kClerk).value().failures, 0) << "not a PIN failure";
    // Once the centre is back the key comes with the next contact.
    centreBack();
    ASSERT_EQ(signIn(kClerk, "246810").error, SignInError::None);
    centreDown();
    EXPECT_EQ(signIn(kClerk, "246810").error, SignInError::None);
}

TEST_F(StaffDeskTest, AnOfflineLockoutIsReportedAndLocksTheNumberAtTheCentre) {
    // The kiosk's clock and the centre's agree on "now" (the centre locks
    // from when the kiosk says it happened, never later than its own now).
    clock.setWallNow(std::chrono::system_clock::now());
    sync->runOnce();
    ASSERT_EQ(signIn(kMaintainer, "135790").error, SignInError::None);  // online: the key
    centreDown();
    for (int i = 1; i < kMaxPinFailures; ++i) EXPECT_EQ(signIn(kClerk, "000000").error, SignInError::WrongPin);
    SignInOutcome locked = signIn(kClerk, "000000");
    EXPECT_EQ(locked.error, SignInError::LockedOut);
    EXPECT_TRUE(locked.offline);
    EXPECT_EQ(locked.lockedUntilMs, store->nowMs() + std::chrono::duration_cast<std::chrono::milliseconds>(kLockout).count());
    EXPECT_TRUE(hasAction(recentAudit(), "sign-in-locked-out", kClerk));

    centreBack();
    EXPECT_GE(sync->runOnce().acknowledged, 1);
    auto audit = centralAudit();
    bool reported = false;
    for (const auto& e : audit["entries"])
        reported |= e.value("action", "") == "sign-in-locked-out" && e.value("staff", "") == kClerk &&
                    e.value("detail", "").find("offline") != std::string::npos;
    EXPECT_TRUE(reported) << audit.dump();
    // The centre now refuses the right PIN, for any kiosk.
    auto r = central.call("POST", "/api/v1/staff/sign-in",
                          json{{"staffNumber", kClerk}, {"pin", "246810"}, {"card", cardOf(kClerk)}}.dump(), kAuth);
    EXPECT_EQ(r.status, 423) << r.body.reveal();
}

TEST_F(StaffDeskTest, AnOfflineLockoutLastsItsTimeWhateverTheWallClockDoes) {
    sync->runOnce();
    ASSERT_EQ(signIn(kMaintainer, "135790").error, SignInError::None);  // online: the key
    centreDown();
    for (int i = 0; i < kMaxPinFailures; ++i) signIn(kClerk, "000000");
    const auto lockoutMs = std::chrono::duration_cast<std::chrono::milliseconds>(kLockout).count();
    clock.advance(std::chrono::minutes(1));
    clock.jumpWall(std::chrono::hours(6));  // NTP steps forward: the right PIN is still refused (#15)
    SignInOutcome outcome = signIn(kClerk, "246810");
    EXPECT_EQ(outcome.error, SignInError::LockedOut);
    EXPECT_EQ(outcome.lockedUntilMs, store->nowMs() + lockoutMs - 60'000) << "'until' in the clock's time now";
    clock.setWallEpochSeconds(0);  // the RTC resets: not locked for 56 years either
    clock.advance(kLockout - std::chrono::minutes(1) - std::chrono::milliseconds(1));
    EXPECT_EQ(signIn(kClerk, "246810").error, SignInError::LockedOut);
    clock.advance(std::chrono::milliseconds(1));
    EXPECT_EQ(signIn(kClerk, "246810").error, SignInError::None) << "kLockout of real time later";
}

TEST_F(StaffDeskTest, TheStoreFileHoldsNoPinHashAndNoOfflineKey) {
    sync->runOnce();
    ASSERT_EQ(signIn(kClerk, "246810").error, SignInError::None);
    centreDown();
    ASSERT_EQ(signIn(kClerk, "246810").error, SignInError::None);  // offline: the proof is in the outbox
    EXPECT_EQ(signIn(kMaintainer, "000000").error, SignInError::WrongPin);
    centreBack();
    auto keyAnswer = central.call("GET", "/api/v1/staff/offline-key", {}, kAuth);
    ASSERT_EQ(keyAnswer.status, 200);
    EXPECT_EQ(keyAnswer.header("cache-control"), "no-store");
    const std::string keyB64 = json::parse(keyAnswer.body.reveal())["key"];
    auto rawKey = fromBase64(keyB64);
    ASSERT_TRUE(rawKey && rawKey->size() == 32);

    close();
    std::string bytes;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) bytes += fileBytes(entry.path().string());
    EXPECT_EQ(bytes.find("$argon2"), std::string::npos);
    EXPECT_EQ(bytes.find(keyB64), std::string::npos);
    EXPECT_EQ(bytes.find(std::string(rawKey->begin(), rawKey->end())), std::string::npos);
    // What the directory does hold: verifiers, useless without that key.
    open();
    auto cached = store->reference(kStaffDirectoryPath);
    ASSERT_TRUE(cached.has_value());
    EXPECT_EQ(cached->body.find("$argon2"), std::string::npos);
    EXPECT_NE(cached->body.find("verifier"), std::string::npos);
}

TEST_F(StaffDeskTest, AuditEntriesOfNoSessionStayLocal) {
    desk->audit({0, kClerk, "keyed-id-number", "assistance"});  // nobody signed in
    auto local = recentAudit();
    ASSERT_EQ(local.size(), 1u);
    EXPECT_EQ(local[0].action, "keyed-id-number");
    EXPECT_EQ(local[0].atMs, store->nowMs());
    EXPECT_EQ(store->stats().value().pending, 0);

    ASSERT_EQ(signIn(kClerk, "246810").error, SignInError::None);
    desk->audit({0, kClerk, "keyed-id-number", "assistance"});
    desk->audit({0, kClerk, "sign-out", ""});
    desk->audit({0, kClerk, "after-sign-out", ""});
    recentAudit();  // the worker has written them
    auto summary = sync->runOnce();
    EXPECT_EQ(summary.acknowledged, 2);  // keyed-id-number and sign-out
    auto entries = centralAudit()["entries"];
    ASSERT_GE(entries.size(), 3u);
    EXPECT_EQ(entries[0]["action"], "sign-out");
    EXPECT_EQ(entries[1]["action"], "keyed-id-number");
    EXPECT_EQ(entries[1]["detail"], "assistance");
    EXPECT_FALSE(holdsAnIdNumber(entries.dump()));
    EXPECT_EQ(entries.dump().find("王芳"), std::string::npos);  // the name stays in the directory
    EXPECT_EQ(sync->runOnce().acknowledged, 0);  // sent once
}

TEST_F(StaffDeskTest, AnEntryOfNoRealSessionIsRefusedOnceAndNotRetried) {
    ASSERT_EQ(signIn(kClerk, "246810").error, SignInError::None);
    // What a tampered kiosk (or a bug) might queue: another staff number under
    // nobody's session, and the clerk's number under a made-up session.
    auto forged = store->enqueue({"audit-entry", "POST", "/api/v1/audit-entries", "application/json",
                                  Personal(auditEntryJson({store->nowMs(), kMaintainer, "receipt-reprint", ""}, "nope"))});
    auto unknown = store->enqueue(
        {"audit-entry", "POST", "/api/v1/audit-entries", "application/json",
         Personal(auditEntryJson({store->nowMs(), kClerk, "outbox-retry", ""}, "0123456789abcdef0123456789abcdef"))});
    ASSERT_TRUE(forged.ok() && unknown.ok());
    auto pass = sync->runOnce();
    EXPECT_EQ(pass.rejected, 2);
    for (std::int64_t id : {forged.value().id, unknown.value().id}) {
        auto item = store->item(id);
        ASSERT_TRUE(item.ok());
        EXPECT_EQ(item.value().state, OutboxState::Rejected) << "final, not retried";
        EXPECT_EQ(item.value().httpStatus, 422);
    }
    EXPECT_EQ(sync->runOnce().rejected, 0);
    auto audit = centralAudit();
    EXPECT_EQ(audit["refused"].size(), 2u) << audit.dump();
    EXPECT_FALSE(hasEntry(audit["entries"], "receipt-reprint", kMaintainer));
    EXPECT_FALSE(hasEntry(audit["entries"], "outbox-retry", kClerk));
}

TEST_F(StaffDeskTest, RetryAndFollowUpChangeTheItemAndAreAudited) {
    ASSERT_EQ(signIn(kClerk, "246810").error, SignInError::None);  // staff actions belong to a session
    // An application the centre refuses (400: no consent) waits for staff.
    auto refused = store->enqueue({"assistance-application", "POST", "/api/v1/assistance-applications",
                                   "application/json", Personal(R"({"type":"dibao"})")});
    ASSERT_TRUE(refused.ok());
    sync->runOnce();
    ASSERT_EQ(store->item(refused.value().id).value().state, OutboxState::Rejected);

    auto items = openItems();
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].id, refused.value().id);
    EXPECT_EQ(items[0].kind, "assistance-application");
    EXPECT_EQ(items[0].state, StaffOutboxItem::State::Rejected);
    EXPECT_EQ(items[0].httpStatus, 400);
    EXPECT_FALSE(items[0].followUp);

    const std::int64_t id = refused.value().id;
    EXPECT_TRUE(await<bool>([&](auto done) { desk->setFollowUp(kClerk, id, true, std::move(done)); }));
    EXPECT_FALSE(await<bool>([&](auto done) { desk->setFollowUp(kClerk, id, true, std::move(done)); }));
    EXPECT_TRUE(store->item(id).value().followUp);
    EXPECT_TRUE(await<bool>([&](auto done) { desk->retry(kClerk, id, std::move(done)); }));
    EXPECT_EQ(store->item(id).value().state, OutboxState::Pending);
    EXPECT_FALSE(await<bool>([&](auto done) { desk->retry(kClerk, 9999, std::move(done)); }));
    EXPECT_FALSE(await<bool>([&](auto done) { desk->setFollowUp(kClerk, 9999, true, std::move(done)); }));

    auto audit = recentAudit();
    const std::string detail = "item " + std::to_string(id) + " (assistance-application)";
    ASSERT_GE(audit.size(), 2u);
    EXPECT_EQ(audit[0].action, "outbox-retry");
    EXPECT_EQ(audit[0].detail, detail);
    EXPECT_EQ(audit[1].action, "outbox-follow-up");
    EXPECT_EQ(audit[1].detail, detail);
    EXPECT_EQ(audit[1].staffNumber, kClerk);

    // The audit entries wait in the outbox too, but staff see only the item.
    EXPECT_GE(store->stats().value().pending, 3);
    items = openItems();
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].id, id);
    EXPECT_EQ(items[0].state, StaffOutboxItem::State::Pending);
    EXPECT_TRUE(items[0].followUp);
}

TEST_F(StaffDeskTest, JournalledReceiptsComeBackNewestFirstAndAreEncryptedAtRest) {
    for (int i = 1; i <= 3; ++i) {
        Receipt r;
        r.title = "低保申请回执 " + std::to_string(i);
        r.rows = {{"受理编号", "SA-20251201-00004" + std::to_string(i)}, {"身份证", "330106********1210"}};
        r.qrPayload = "KC1.A.test.SA-20251201-00004" + std::to_string(i) + ".1.sig";
        r.qrCaption = "扫码查询进度";
        r.footer = "JOURNAL-MARKER-" + std::to_string(i);
        desk->journal(r);
        clock.advance(std::chrono::seconds(10));
    }
    auto got = await<std::vector<JournalledReceipt>>([&](auto done) { desk->recentReceipts(2, std::move(done)); });
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0].receipt.footer, "JOURNAL-MARKER-3");
    EXPECT_EQ(got[1].receipt.footer, "JOURNAL-MARKER-2");
    EXPECT_EQ(got[0].printedMs - got[1].printedMs, 10'000);
    EXPECT_EQ(got[0].receipt.title, "低保申请回执 3");
    ASSERT_EQ(got[0].receipt.rows.size(), 2u);
    EXPECT_EQ(got[0].receipt.rows[1].second, "330106********1210");
    EXPECT_EQ(got[0].receipt.qrCaption, "扫码查询进度");

    close();
    const std::string bytes = fileBytes(dir.file("kiosk.db")) + fileBytes(dir.file("kiosk.db-wal"));
    EXPECT_EQ(bytes.find("JOURNAL-MARKER"), std::string::npos);
    EXPECT_EQ(bytes.find("SA-20251201-000041"), std::string::npos);
    open();
    auto all = await<std::vector<JournalledReceipt>>([&](auto done) { desk->recentReceipts(10, std::move(done)); });
    EXPECT_EQ(all.size(), 3u);
}

TEST_F(StaffDeskTest, QueuedWorkIsWrittenAtStopButRepliesAfterStopAreDropped) {
    bool replied = false;
    desk->audit({0, kClerk, "sign-out", ""});
    desk->recentAudit(10, [&](std::vector<AuditEntry>) { replied = true; });
    desk->stop();
    queue.drain();
    EXPECT_FALSE(replied);
    desk->audit({0, kClerk, "after-stop", ""});  // refused: the desk is gone
    auto stored = store->recentAudit(10).value();
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_EQ(stored[0].action, "sign-out");
}

TEST(OfflineKeyHolder, HoldsTheKeyInTheKernelKeyringOrLockedMemoryAndForgetsItOnClear) {
    OfflineKey key{};
    for (size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::uint8_t>(i * 7 + 1);
    for (bool keyring : {true, false}) {
        SCOPED_TRACE(keyring ? "keyring" : "memory");
        {
            OfflineKeyHolder holder(keyring);
            EXPECT_FALSE(holder.has());
            EXPECT_FALSE(holder.get().has_value());
            holder.set(key);
            ASSERT_TRUE(holder.has());
            EXPECT_EQ(holder.keyId(), offlineKeyId(key));
            ASSERT_TRUE(holder.get().has_value());
            EXPECT_EQ(*holder.get(), key);
            if (!keyring) {
                EXPECT_EQ(holder.backend(), OfflineKeyHolder::Backend::ProcessMemory);
            } else if (holder.backend() == OfflineKeyHolder::Backend::KernelKeyring) {
                // The kernel lists it for this process (description only, never the bytes).
                std::ifstream keys("/proc/keys");
                std::string all((std::istreambuf_iterator<char>(keys)), {});
                EXPECT_NE(all.find("civil-kiosk-staff-offline-key-" + std::to_string(getpid()) + "-"), std::string::npos);
            }
            holder.clear();
            EXPECT_FALSE(holder.has());
            EXPECT_FALSE(holder.get().has_value());
            EXPECT_TRUE(holder.keyId().empty());
        }
    }
}

// --- the central service's side ------------------------------------------------

TEST(StaffCentral, TheDirectoryHoldsPerKioskVerifiersNotHashes) {
    CentralProcess central({"--kiosk", "kiosk-demo-01:demo-token", "--kiosk", "kiosk-other:other-token"});
    ASSERT_GT(central.port(), 0);
    EXPECT_EQ(central.call("GET", "/api/v1/staff").status, 401);
    auto r = central.call("GET", "/api/v1/staff", {}, kAuth);
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.body.reveal().find("$argon2"), std::string::npos);
    auto dir = parseStaffDirectory(r.body.reveal());
    ASSERT_TRUE(dir.ok()) << dir.error();
    ASSERT_EQ(dir.value().entries.size(), 2u);
    EXPECT_TRUE(dir.value().problems.empty());
    const StaffDirectoryEntry* clerk = dir.value().find(kClerk);
    ASSERT_NE(clerk, nullptr);
    EXPECT_EQ(clerk->member.displayName, "王芳（3号窗口）");
    EXPECT_EQ(dir.value().find(kMaintainer)->member.role, StaffRole::Maintainer);

    // With this kiosk's key the PIN checks; the key is what the kiosk must not lose to disk.
    auto key = json::parse(central.call("GET", "/api/v1/staff/offline-key", {}, kAuth).body.reveal());
    EXPECT_EQ(key["keyId"], dir.value().keyId);
    auto raw = fromBase64(key["key"].get<std::string>());
    ASSERT_TRUE(raw && raw->size() == 32);
    OfflineKey k{};
    std::copy(raw->begin(), raw->end(), k.begin());
    auto hash = pinHashOf(Personal("246810"), clerk->params);
    ASSERT_TRUE(hash.has_value());
    EXPECT_EQ(pinVerifier(k, *hash), clerk->verifier);
    EXPECT_NE(pinVerifier(k, *pinHashOf(Personal("246811"), clerk->params)), clerk->verifier);

    // Another kiosk gets other verifiers and another key.
    const std::vector<std::pair<std::string, std::string>> other{{"Authorization", "Bearer other-token"}};
    auto otherDir = parseStaffDirectory(central.call("GET", "/api/v1/staff", {}, other).body.reveal());
    ASSERT_TRUE(otherDir.ok());
    EXPECT_NE(otherDir.value().keyId, dir.value().keyId);
    EXPECT_NE(otherDir.value().find(kClerk)->verifier, clerk->verifier);
    // Stable, with an ETag.
    auto headers = kAuth;
    headers.emplace_back("If-None-Match", r.header("etag"));
    EXPECT_EQ(central.call("GET", "/api/v1/staff", {}, headers).status, 304);
}

TEST(StaffCentral, AuditEntriesMustMatchASessionOfTheKioskOrAreRefusedAsSuspicious) {
    CentralProcess central({"--kiosk", "kiosk-demo-01:demo-token", "--kiosk", "kiosk-other:other-token"});
    ASSERT_GT(central.port(), 0);
    const std::vector<std::pair<std::string, std::string>> other{{"Authorization", "Bearer other-token"}};
    auto cards = json::parse(central.call("GET", "/api/v1/demo/staff-cards", {}, kAuth).body.reveal());
    auto signIn = [&](const std::vector<std::pair<std::string, std::string>>& auth) {
        auto r = central.call("POST", "/api/v1/staff/sign-in",
                              json{{"staffNumber", kClerk}, {"pin", "246810"}, {"card", cards[0]["code"]}}.dump(), auth);
        EXPECT_EQ(r.status, 200) << r.body.reveal();
        return json::parse(r.body.reveal(), nullptr, false).value("session", "");
    };
    const std::string session = signIn(kAuth), otherSession = signIn(other);
    int key = 0;
    auto post = [&](const std::vector<std::pair<std::string, std::string>>& auth, json entry) {
        auto headers = auth;
        headers.emplace_back("Idempotency-Key", "6f1c1d1e-0000-4000-8000-00000000000" + std::to_string(++key));
        return central.call("POST", "/api/v1/audit-entries", entry.dump(), headers);
    };
    auto entry = [](const std::string& staff, const std::string& session) {
        return json{{"at", 1'764'547'200'000}, {"staff", staff}, {"session", session}, {"action", "keyed-id-number"}};
    };

    auto accepted = post(kAuth, entry(kClerk, session));
    EXPECT_EQ(accepted.status, 201) << accepted.body.reveal();
    const struct {
        json body;
        const char* why;
    } refused[] = {
        {json{{"at", 1}, {"staff", kClerk}, {"action", "keyed-id-number"}}, "no session"},
        {entry(kClerk, "0123456789abcdef0123456789abcdef"), "an unknown session"},
        {entry(kMaintainer, session), "another staff number than the session's"},
        {entry(kClerk, otherSession), "another kiosk's session"},
        {[&] {
             json e = entry(kClerk, "off-00000000000000000000000000000001");
             e["offline"] = {{"signedInAt", 1'764'547'200'000}, {"proof", toBase64(std::vector<std::uint8_t>(32, 7))},
                             {"card", cards[0]["code"]}};
             return e;
         }(),
         "an offline session with a forged proof"},
    };
    for (const auto& r : refused) {
        auto answer = post(kAuth, r.body);
        EXPECT_EQ(answer.status, 422) << r.why << ": " << answer.body.reveal();
        EXPECT_NE(answer.body.reveal().find("no-matching-session"), std::string::npos) << r.why;
    }
    // The refusals are final for the sync engine (a 4xx other than 401/403/408/429).
    offline::HttpResponse sample;
    sample.status = 422;
    EXPECT_EQ(classifyResponse(sample), SendOutcome::Rejected);

    auto list = central.call("GET", "/api/v1/audit-entries", {}, kAuth);
    ASSERT_EQ(list.status, 200);
    auto body = json::parse(list.body.reveal());
    int keyed = 0;
    for (const auto& e : body["entries"]) keyed += e["action"] == "keyed-id-number";
    EXPECT_EQ(keyed, 1) << "only the matching entry is in the audit log";
    ASSERT_EQ(body["refused"].size(), std::size(refused));
    EXPECT_EQ(body["refused"][0]["reason"], "the offline sign-in proof does not check out");
    EXPECT_EQ(body["refused"][2]["reason"], "the session belongs to another staff member");

    // Idempotent like every write; a kiosk reads only its own log.
    auto headers = kAuth;
    headers.emplace_back("Idempotency-Key", "6f1c1d1e-0000-4000-8000-000000000001");
    auto again = central.call("POST", "/api/v1/audit-entries", entry(kClerk, session).dump(), headers);
    EXPECT_EQ(again.status, 201);
    EXPECT_EQ(again.header("idempotent-replayed"), "true");
    EXPECT_EQ(central.call("GET", "/api/v1/audit-entries?kiosk=kiosk-demo-01", {}, other).status, 403);
}

TEST(StaffCentral, SignInRefusesBadInputWithClearAnswers) {
    CentralProcess central;
    ASSERT_GT(central.port(), 0);
    auto cards = json::parse(central.call("GET", "/api/v1/demo/staff-cards", {}, kAuth).body.reveal());
    auto signIn = [&](json body) { return central.call("POST", "/api/v1/staff/sign-in", body.dump(), kAuth); };
    EXPECT_EQ(signIn({{"staffNumber", kClerk}, {"pin", "12345"}, {"card", cards[0]["code"]}}).status, 400);
    EXPECT_EQ(signIn({{"staffNumber", kClerk}, {"pin", "1234567890123"}, {"card", cards[0]["code"]}}).status, 400);
    EXPECT_EQ(signIn({{"staffNumber", kClerk}, {"pin", "246810"}}).status, 400);
    auto forged = signIn({{"staffNumber", kClerk}, {"pin", "246810"}, {"card", "KC1.S.x.00000017.1.sig"}});
    EXPECT_EQ(forged.status, 422);
    EXPECT_NE(forged.body.reveal().find("card-refused"), std::string::npos);
    auto wrong = signIn({{"staffNumber", kClerk}, {"pin", "246811"}, {"card", cards[0]["code"]}});
    EXPECT_EQ(wrong.status, 403);
    auto problem = json::parse(wrong.body.reveal());
    EXPECT_EQ(problem["type"], "urn:civil-kiosk:problem:wrong-pin");
    EXPECT_EQ(problem["attemptsLeft"], kMaxPinFailures - 1);
    EXPECT_EQ(wrong.body.reveal().find("246811"), std::string::npos);
}

TEST(StaffCentral, DemoStaffCardsAreSignedStaffCardsValidForAYear) {
    CentralProcess central;
    ASSERT_GT(central.port(), 0);
    auto keys = json::parse(central.call("GET", "/api/v1/keys/code-signing", {}, kAuth).body.reveal());
    auto key = decodeCodePublicKey(keys["keys"][0]["publicKey"].get<std::string>());
    ASSERT_TRUE(key.ok());
    const CodePublicKey publicKeys[] = {key.value()};

    auto r = central.call("GET", "/api/v1/demo/staff-cards", {}, kAuth);
    ASSERT_EQ(r.status, 200);
    auto cards = json::parse(r.body.reveal());
    ASSERT_EQ(cards.size(), 2u);
    const auto now = std::chrono::system_clock::now();
    for (const auto& card : cards) {
        auto code = verifySignedCode(card["code"].get<std::string>(), publicKeys, now);
        ASSERT_TRUE(code.ok()) << signedCodeErrorName(code.error());
        EXPECT_EQ(code.value().kind, CodeKind::StaffCard);
        EXPECT_EQ(code.value().id, card["number"].get<std::string>());
        const auto nowSeconds = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
        EXPECT_NEAR(static_cast<double>(code.value().expiresAt - nowSeconds), 365.0 * 86400, 120);
    }
    EXPECT_EQ(cards[0]["number"], kClerk);
    EXPECT_EQ(cards[0]["role"], "staff");
    EXPECT_EQ(cards[1]["role"], "maintainer");

    // A staff card is not a receipt: the status lookup says so.
    auto lookup = central.call("POST", "/api/v1/status/lookup", json{{"code", cards[0]["code"]}}.dump(), kAuth);
    EXPECT_EQ(lookup.status, 422);
    EXPECT_NE(lookup.body.reveal().find("code-not-a-receipt"), std::string::npos);
}
