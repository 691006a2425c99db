// The wall clock jumps (issue #15, item 4): an NTP step of hours either way,
// an RTC reset to 1970. The staff PIN lockout runs on the monotonic clock,
// the retention purge never takes what is unsent and does not keep data
// forever with a clock at 1970, and a signed code's expiry is not judged
// with a clock that reads before this software existed. Every test jumps a
// ManualClock; none sleeps. (Backoff: store_test.cpp, Store.RetryDelay*.)
#include <gtest/gtest.h>

#include <chrono>

#include "kiosk/core/signed_code.h"
#include "offline-cache/store.h"
#include "tests/data/test_support.h"

using namespace kiosk;
using namespace kiosk::offline;
using namespace std::chrono_literals;

namespace {

constexpr const char* kClerk = "00000017";
const std::int64_t kLockoutMs = std::chrono::duration_cast<std::chrono::milliseconds>(kLockout).count();

std::unique_ptr<Store> openStore(const kiosk::testing::TempDir& dir, const Clock& clock,
                                 std::chrono::hours retention = 24h) {
    auto s = Store::open({dir.file("kiosk.db"), dir.file("data.key"), retention}, clock);
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
    return s.ok() ? std::move(s.value()) : nullptr;
}

SignInState lockOut(Store& store) {
    SignInState s;
    for (int i = 0; i < kMaxPinFailures; ++i) s = store.recordSignInFailure(kClerk).value();
    return s;
}

bool locked(Store& store) { return isLockedOut(store.signInState(kClerk).value(), store.nowMs()); }

OutboxRequest request(std::string kind) {
    return OutboxRequest{std::move(kind), "POST", "/api/v1/assistance-applications", "application/json",
                         Personal(R"({"x":1})")};
}

// Enqueued, sent and acknowledged now; returns its id.
std::int64_t sentNow(Store& store, std::string kind) {
    auto item = store.enqueue(request(std::move(kind))).value();
    auto claimed = store.claimNext().value();
    EXPECT_TRUE(claimed && claimed->item.id == item.id);
    EXPECT_TRUE(store.markAcknowledged(item.id, 201, Personal("{}")).ok());
    return item.id;
}

// Acknowledges the item `id` (pending and due) now.
void acknowledge(Store& store, std::int64_t id) {
    auto claimed = store.claimNext().value();
    ASSERT_TRUE(claimed && claimed->item.id == id);
    ASSERT_TRUE(store.markAcknowledged(id, 201, Personal("{}")).ok());
}

class ClockJump : public ::testing::Test {
protected:
    // (Re)opens the store on the same file, as a restarted kiosk does.
    void reopen(std::chrono::hours retention = 24h) {
        store.reset();
        store = openStore(dir, clock, retention);
        ASSERT_TRUE(store);
    }
    void SetUp() override { reopen(); }

    kiosk::testing::TempDir dir;
    ManualClock clock;
    std::unique_ptr<Store> store;
};

}  // namespace

TEST_F(ClockJump, ALockoutOutlastsAForwardJumpOfTheWallClock) {
    ASSERT_TRUE(isLockedOut(lockOut(*store), store->nowMs()));
    clock.advance(1min);
    clock.jumpWall(5h);  // NTP steps the clock forward by hours
    EXPECT_TRUE(locked(*store)) << "a wall-clock jump does not end the lock";
    const SignInState seen = store->signInState(kClerk).value();
    EXPECT_EQ(seen.lockedUntilMs, store->nowMs() + kLockoutMs - 60'000) << "the screen's 'until' is in today's time";
    EXPECT_EQ(attemptsLeft(seen, store->nowMs()), 0);
    // Another wrong PIN meanwhile neither ends nor grows it.
    EXPECT_EQ(store->recordSignInFailure(kClerk).value().lockedUntilMs, seen.lockedUntilMs);
    clock.advance(kLockout - 1min - 1ms);
    EXPECT_TRUE(locked(*store));
    clock.advance(1ms);
    EXPECT_FALSE(locked(*store)) << "kLockout of real time after the lock, it ends";
    EXPECT_EQ(attemptsLeft(store->signInState(kClerk).value(), store->nowMs()), kMaxPinFailures);
    // The first wrong PIN after it starts a fresh count.
    EXPECT_EQ(store->recordSignInFailure(kClerk).value().failures, 1);
}

TEST_F(ClockJump, ALockoutEndsOnTimeWhenTheWallClockJumpsBackOrTo1970) {
    lockOut(*store);
    clock.jumpWall(-3h);  // NTP steps back
    clock.advance(5min);
    EXPECT_TRUE(locked(*store));
    EXPECT_EQ(store->signInState(kClerk).value().lockedUntilMs, store->nowMs() + kLockoutMs - 5 * 60'000)
        << "not 'locked until' three hours from now";
    clock.setWallEpochSeconds(0);  // the RTC resets to 1970
    clock.advance(kLockout - 5min);
    EXPECT_FALSE(locked(*store)) << "the lock lasted kLockout, not three hours or fifty-six years";
    EXPECT_EQ(store->recordSignInFailure(kClerk).value().failures, 1) << "a fresh count";
}

TEST_F(ClockJump, AStoredLockReadAfterARestartWithTheClockBackLastsOneLockoutAtMost) {
    lockOut(*store);
    store.reset();
    // The kiosk restarts with its clock a day behind: the stored lock's start
    // lies ahead, so how much of it is left is unknown. A whole lockout from
    // now, not a day and a quarter of an hour.
    clock.jumpWall(-24h);
    reopen();
    EXPECT_TRUE(locked(*store));
    EXPECT_EQ(store->signInState(kClerk).value().lockedUntilMs, store->nowMs() + kLockoutMs);
    clock.advance(kLockout);
    EXPECT_FALSE(locked(*store));

    // A restart within the lock, clock right: what its wall time says is left.
    ASSERT_TRUE(store->clearSignIn(kClerk).ok());
    lockOut(*store);
    store.reset();
    clock.advance(10min);
    reopen();
    EXPECT_EQ(store->signInState(kClerk).value().lockedUntilMs, store->nowMs() + kLockoutMs - 10 * 60'000);
    clock.jumpWall(-2h);  // and a jump after the restart changes nothing
    clock.advance(5min - 1ms);
    EXPECT_TRUE(locked(*store));
    clock.advance(1ms);
    EXPECT_FALSE(locked(*store));
}

TEST_F(ClockJump, AForwardJumpPurgesOnlyWhatWasSentAndNoMoreThanTheJumpAllows) {
    const std::int64_t old = sentNow(*store, "old");
    clock.advance(3h);
    const std::int64_t recent = sentNow(*store, "recent");
    auto unsent = store->enqueue(request("unsent")).value();
    auto refused = store->enqueue(request("refused")).value();
    ASSERT_TRUE(store->markRejected(refused.id, 422, "invalid").ok());
    clock.advance(1h);
    EXPECT_EQ(store->purge().value(), 0);

    // 22 h forward: "old" (acknowledged 4 h before) is now 26 h old, "recent" 23 h.
    clock.jumpWall(22h);
    EXPECT_EQ(store->purge().value(), 1);
    EXPECT_FALSE(store->item(old).ok());
    EXPECT_TRUE(store->item(recent).ok()) << "younger than the retention minus the jump: kept";

    // Ten years forward: what was sent goes; nothing unsent ever does.
    clock.jumpWall(24h * 3650);
    EXPECT_EQ(store->purge().value(), 1);
    EXPECT_FALSE(store->item(recent).ok());
    EXPECT_EQ(store->item(unsent.id).value().state, OutboxState::Pending);
    EXPECT_EQ(store->item(refused.id).value().state, OutboxState::Rejected);
}

TEST_F(ClockJump, AClockAt1970DoesNotKeepSentDataForever) {
    const std::int64_t sent = sentNow(*store, "sent");
    ASSERT_TRUE(store->journalReceipt(R"({"title":"old"})").ok());
    clock.advance(48h);
    auto latest = store->enqueue(request("latest")).value();  // the newest plausible time the store holds
    clock.advance(1h);

    clock.setWallEpochSeconds(0);  // RTC reset: every cutoff in 1970 would keep everything
    const std::int64_t purged = store->purge().value();
    EXPECT_EQ(purged, 2) << "the item and the receipt were 48 h older than the newest stamp";
    EXPECT_FALSE(store->item(sent).ok());
    EXPECT_EQ(store->item(latest.id).value().state, OutboxState::Pending);

    // Acknowledged while the clock read 1970: no usable age, so it goes at
    // the next purge (the centre holds it); the unsent one stays.
    acknowledge(*store, latest.id);
    auto during = store->enqueue(request("during")).value();
    EXPECT_EQ(store->purge().value(), 1);
    EXPECT_FALSE(store->item(latest.id).ok());
    EXPECT_EQ(store->item(during.id).value().state, OutboxState::Pending);
}

TEST(ClockJumpCodes, ASignedCodesExpiryIsNotJudgedWithAClockBeforeThisSoftwareExisted) {
    CodeSigningKey key = CodeSigningKey::generate();
    const std::vector<CodePublicKey> keys{key.publicKey()};
    ManualClock clock;  // 2025-12-01
    const auto nowS = [&] {
        return std::chrono::duration_cast<std::chrono::seconds>(clock.wallNow().time_since_epoch()).count();
    };
    const std::string expired = key.sign({CodeKind::StaffCard, "00000017", nowS() - 3600, {}});
    const std::string valid = key.sign({CodeKind::StaffCard, "00000017", nowS() + 3600, {}});
    EXPECT_EQ(verifySignedCode(expired, keys, clock.wallNow()).error(), SignedCodeError::Expired);
    EXPECT_TRUE(verifySignedCode(valid, keys, clock.wallNow()).ok());

    clock.setWallEpochSeconds(0);  // RTC at 1970: the expired card would look valid for 56 years
    EXPECT_EQ(verifySignedCode(expired, keys, clock.wallNow()).error(), SignedCodeError::ClockWrong);
    EXPECT_EQ(verifySignedCode(valid, keys, clock.wallNow()).error(), SignedCodeError::ClockWrong);
    EXPECT_STREQ(signedCodeErrorName(SignedCodeError::ClockWrong), "clock-wrong");
    // A forgery is still told as one first.
    std::string forged = valid;
    forged[15] = '1';  // the staff number: 10000017
    EXPECT_EQ(verifySignedCode(forged, keys, clock.wallNow()).error(), SignedCodeError::BadSignature);
    // The last second before the floor is wrong; the floor itself is fine.
    const auto floor = std::chrono::system_clock::time_point(std::chrono::seconds(kPlausibleWallFloorSeconds));
    EXPECT_EQ(verifySignedCode(valid, keys, floor - 1s).error(), SignedCodeError::ClockWrong);
    EXPECT_TRUE(verifySignedCode(valid, keys, floor).ok());

    // NTP steps it right again: judged as before.
    clock.setWallEpochSeconds(1'764'547'200);
    EXPECT_EQ(verifySignedCode(expired, keys, clock.wallNow()).error(), SignedCodeError::Expired);
    EXPECT_TRUE(verifySignedCode(valid, keys, clock.wallNow()).ok());
}
