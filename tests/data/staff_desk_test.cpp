// The staff desk over the real store (a SQLite file in a temp dir) with the
// staff directory fetched by the real sync engine from the real kiosk-central
// on loopback. The store's clock is a ManualClock, so the lockout runs out
// when the test moves it.
#include "offline-cache/staff_desk_store.h"

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
        desk = std::make_unique<StaffDeskStore>(*store, sync.get(),
                                                [this](std::function<void()> task) { queue.post(std::move(task)); });
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
        return await<SignInOutcome>([&](auto done) { desk->signIn(number, Personal(pin), std::move(done)); });
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
    // The directory as the sync engine fetches it.
    void fetchDirectory() {
        sync->refreshReferences(true);
        ASSERT_TRUE(store->reference(kStaffDirectoryPath).has_value());
    }
    static bool hasAction(const std::vector<AuditEntry>& entries, const std::string& action, const std::string& staff) {
        return std::any_of(entries.begin(), entries.end(),
                           [&](const AuditEntry& e) { return e.action == action && e.staffNumber == staff; });
    }

    CentralProcess central;
    TempDir dir;
    ManualClock clock;
    RunQueue queue;
    std::unique_ptr<Store> store;
    std::unique_ptr<SyncEngine> sync;
    std::unique_ptr<StaffDeskStore> desk;
};

}  // namespace

TEST_F(StaffDeskTest, TheSyncFetchesTheDirectoryAndTheRightPinSignsInWithTheRole) {
    // The sync pass (not a direct fetch) brings the directory: it is one of its reference paths.
    sync->runOnce();
    auto cached = store->reference(kStaffDirectoryPath);
    ASSERT_TRUE(cached.has_value());
    auto directory = parseStaffDirectory(cached->body);
    ASSERT_TRUE(directory.ok()) << directory.error();
    EXPECT_TRUE(directory.value().problems.empty());
    ASSERT_NE(directory.value().find(kClerk), nullptr);

    SignInOutcome clerk = signIn(kClerk, "246810");
    ASSERT_EQ(clerk.error, SignInError::None);
    ASSERT_TRUE(clerk.member.has_value());
    EXPECT_EQ(clerk.member->number, kClerk);
    EXPECT_EQ(clerk.member->displayName, "王芳（3号窗口）");
    EXPECT_EQ(clerk.member->role, StaffRole::Staff);

    SignInOutcome maintainer = signIn(kMaintainer, "135790");
    ASSERT_EQ(maintainer.error, SignInError::None);
    EXPECT_EQ(maintainer.member->role, StaffRole::Maintainer);
    EXPECT_EQ(maintainer.member->displayName, "陈工（运维）");

    // The other one's PIN is not a key to every card.
    EXPECT_EQ(signIn(kClerk, "135790").error, SignInError::WrongPin);
}

TEST_F(StaffDeskTest, WrongPinsCountDownThenLockEvenAcrossARestartUntilTheLockRunsOut) {
    fetchDirectory();
    for (int left = kMaxPinFailures - 1; left >= 1; --left) {
        SignInOutcome wrong = signIn(kClerk, "000000");
        EXPECT_EQ(wrong.error, SignInError::WrongPin);
        EXPECT_EQ(wrong.attemptsLeft, left);
        EXPECT_FALSE(wrong.member.has_value());
    }
    const std::int64_t fifthAt = store->nowMs();
    SignInOutcome locked = signIn(kClerk, "000000");
    EXPECT_EQ(locked.error, SignInError::LockedOut);
    EXPECT_EQ(locked.attemptsLeft, 0);
    EXPECT_EQ(locked.lockedUntilMs, fifthAt + std::chrono::duration_cast<std::chrono::milliseconds>(kLockout).count());

    // The right PIN is refused while locked, before and after a restart.
    EXPECT_EQ(signIn(kClerk, "246810").error, SignInError::LockedOut);
    reopen();
    SignInOutcome afterRestart = signIn(kClerk, "246810");
    EXPECT_EQ(afterRestart.error, SignInError::LockedOut);
    EXPECT_EQ(afterRestart.lockedUntilMs, locked.lockedUntilMs);
    // Another staff number is not affected.
    EXPECT_EQ(signIn(kMaintainer, "135790").error, SignInError::None);

    clock.advance(kLockout - std::chrono::seconds(1));
    EXPECT_EQ(signIn(kClerk, "246810").error, SignInError::LockedOut);
    clock.advance(std::chrono::seconds(1));
    SignInOutcome ok = signIn(kClerk, "246810");
    ASSERT_EQ(ok.error, SignInError::None);
    EXPECT_EQ(store->signInState(kClerk).value().failures, 0);
    // The count starts over: one wrong PIN leaves four.
    EXPECT_EQ(signIn(kClerk, "111111").attemptsLeft, kMaxPinFailures - 1);

    auto audit = recentAudit();
    EXPECT_TRUE(hasAction(audit, "sign-in-failed", kClerk));
    EXPECT_TRUE(hasAction(audit, "sign-in-locked-out", kClerk));
    EXPECT_TRUE(hasAction(audit, "sign-in-refused-locked", kClerk));
    EXPECT_TRUE(hasAction(audit, "sign-in", kClerk));
}

TEST_F(StaffDeskTest, NoDirectoryAndUnknownStaffAreTheirOwnAnswers) {
    EXPECT_EQ(signIn(kClerk, "246810").error, SignInError::NoDirectory);
    fetchDirectory();
    SignInOutcome unknown = signIn("00000099", "246810");
    EXPECT_EQ(unknown.error, SignInError::UnknownStaff);
    EXPECT_FALSE(unknown.member.has_value());
    // An unknown number is not counted as a PIN failure.
    EXPECT_EQ(store->signInState("00000099").value().failures, 0);
    // A directory that went bad in the cache is treated like none.
    ASSERT_TRUE(store->putReference(kStaffDirectoryPath, "", R"({"staff":"oops"})").ok());
    EXPECT_EQ(signIn(kClerk, "246810").error, SignInError::NoDirectory);
}

TEST_F(StaffDeskTest, AuditEntriesAreStoredAndArriveAtTheCentreWithoutPersonalData) {
    fetchDirectory();
    ASSERT_EQ(signIn(kClerk, "246810").error, SignInError::None);
    desk->audit({0, kClerk, "keyed-id-number", "assistance"});
    auto local = recentAudit();
    ASSERT_GE(local.size(), 2u);
    EXPECT_EQ(local[0].action, "keyed-id-number");  // newest first
    EXPECT_EQ(local[0].detail, "assistance");
    EXPECT_EQ(local[0].atMs, store->nowMs());
    EXPECT_EQ(local[1].action, "sign-in");

    auto summary = sync->runOnce();
    EXPECT_EQ(summary.acknowledged, 2);
    auto answer = central.call("GET", "/api/v1/audit-entries?kiosk=kiosk-demo-01", {}, kAuth);
    ASSERT_EQ(answer.status, 200) << answer.body.reveal();
    const std::string body = answer.body.reveal();
    auto entries = json::parse(body)["entries"];
    ASSERT_EQ(entries.size(), 2u);
    EXPECT_EQ(entries[0]["action"], "keyed-id-number");
    EXPECT_EQ(entries[0]["staff"], kClerk);
    EXPECT_EQ(entries[0]["at"], local[0].atMs);
    EXPECT_EQ(entries[1]["action"], "sign-in");
    EXPECT_EQ(entries[1]["detail"], "staff");
    EXPECT_FALSE(holdsAnIdNumber(body));
    EXPECT_EQ(body.find("王芳"), std::string::npos);  // the name stays in the directory
    // Sent once: another pass sends nothing again.
    EXPECT_EQ(sync->runOnce().acknowledged, 0);
}

TEST_F(StaffDeskTest, RetryAndFollowUpChangeTheItemAndAreAudited) {
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

// --- the central service's side ------------------------------------------------

TEST(StaffCentral, DirectoryHasArgon2idHashesOfTheDemoPinsAndAnETag) {
    CentralProcess central;
    ASSERT_GT(central.port(), 0);
    EXPECT_EQ(central.call("GET", "/api/v1/staff").status, 401);
    auto r = central.call("GET", "/api/v1/staff", {}, kAuth);
    ASSERT_EQ(r.status, 200);
    auto staff = json::parse(r.body.reveal());
    ASSERT_TRUE(staff.is_array());
    ASSERT_EQ(staff.size(), 2u);
    EXPECT_EQ(staff[0]["number"], kClerk);
    EXPECT_EQ(staff[0]["name"], "王芳（3号窗口）");
    EXPECT_EQ(staff[0]["role"], "staff");
    EXPECT_EQ(staff[1]["number"], kMaintainer);
    EXPECT_EQ(staff[1]["role"], "maintainer");
    const std::string hash = staff[0]["pinHash"];
    EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u);
    EXPECT_TRUE(verifyPin(hash, Personal("246810")));
    EXPECT_FALSE(verifyPin(hash, Personal("246811")));
    EXPECT_TRUE(verifyPin(staff[1]["pinHash"].get<std::string>(), Personal("135790")));

    auto headers = kAuth;
    headers.emplace_back("If-None-Match", r.header("etag"));
    EXPECT_EQ(central.call("GET", "/api/v1/staff", {}, headers).status, 304);
}

TEST(StaffCentral, AuditEntriesAreIdempotentValidatedAndReadableByTheirKioskOnly) {
    CentralProcess central({"--kiosk", "kiosk-demo-01:demo-token", "--kiosk", "kiosk-other:other-token"});
    ASSERT_GT(central.port(), 0);
    auto headers = kAuth;
    headers.emplace_back("Idempotency-Key", "6f1c1d1e-0000-4000-8000-000000000001");
    const std::string body = json{{"at", 1'764'547'200'000}, {"staff", kClerk}, {"action", "sign-in"}, {"detail", "staff"}}.dump();
    auto first = central.call("POST", "/api/v1/audit-entries", body, headers);
    ASSERT_EQ(first.status, 201) << first.body.reveal();
    auto again = central.call("POST", "/api/v1/audit-entries", body, headers);
    EXPECT_EQ(again.status, 201);
    EXPECT_EQ(again.header("idempotent-replayed"), "true");
    EXPECT_EQ(central.call("POST", "/api/v1/audit-entries", body, kAuth).status, 400);  // no Idempotency-Key

    headers.back().second = "6f1c1d1e-0000-4000-8000-000000000002";
    auto bad = central.call("POST", "/api/v1/audit-entries", json{{"staff", kClerk}, {"action", "x"}}.dump(), headers);
    EXPECT_EQ(bad.status, 400);
    EXPECT_NE(bad.body.reveal().find("invalid-audit-entry"), std::string::npos);

    auto list = central.call("GET", "/api/v1/audit-entries", {}, kAuth);  // default: the caller
    ASSERT_EQ(list.status, 200);
    auto entries = json::parse(list.body.reveal())["entries"];
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0]["staff"], kClerk);
    EXPECT_EQ(entries[0]["at"], 1'764'547'200'000);

    const std::vector<std::pair<std::string, std::string>> other{{"Authorization", "Bearer other-token"}};
    EXPECT_EQ(central.call("GET", "/api/v1/audit-entries?kiosk=kiosk-demo-01", {}, other).status, 403);
    auto own = central.call("GET", "/api/v1/audit-entries?kiosk=kiosk-other", {}, other);
    ASSERT_EQ(own.status, 200);
    EXPECT_TRUE(json::parse(own.body.reveal())["entries"].empty());
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
