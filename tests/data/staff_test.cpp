// The pure staff rules (kiosk/core/staff.h): directory parsing, the PIN
// check, the lockout rule, and the JSON of audit entries and receipts.
#include "kiosk/core/staff.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace kiosk;
using nlohmann::json;

namespace {

const std::int64_t kLockoutMs = std::chrono::duration_cast<std::chrono::milliseconds>(kLockout).count();

const std::string& clerkHash() {
    static const std::string hash = hashPin(Personal("246810"));
    return hash;
}

}  // namespace

TEST(StaffDirectory, ParsesGoodEntriesAndSkipsBadOnesWithAReason) {
    const std::string hash = clerkHash();
    json body = json::array({
        {{"number", "00000017"}, {"name", "王芳（3号窗口）"}, {"role", "staff"}, {"pinHash", hash}},
        {{"number", "00000042"}, {"name", "陈工（运维）"}, {"role", "maintainer"}, {"pinHash", hash}},
        {{"number", "00000050"}, {"name", "无角色"}, {"role", "boss"}, {"pinHash", hash}},
        {{"number", "bad number"}, {"name", "x"}, {"role", "staff"}, {"pinHash", hash}},
        {{"number", "00000051"}, {"name", "弱哈希"}, {"role", "staff"}, {"pinHash", "$2y$10$abcdefghijklmnopqrstuv"}},
        {{"number", "00000052"}, {"role", "staff"}, {"pinHash", hash}},
        {{"number", "00000017"}, {"name", "重复"}, {"role", "staff"}, {"pinHash", hash}},
        "not an object",
    });
    auto dir = parseStaffDirectory(body.dump());
    ASSERT_TRUE(dir.ok()) << dir.error();
    ASSERT_EQ(dir.value().entries.size(), 2u);
    EXPECT_EQ(dir.value().problems.size(), 6u);
    const StaffDirectoryEntry* clerk = dir.value().find("00000017");
    ASSERT_NE(clerk, nullptr);
    EXPECT_EQ(clerk->member.displayName, "王芳（3号窗口）");  // the first of the duplicates
    EXPECT_EQ(clerk->member.role, StaffRole::Staff);
    EXPECT_EQ(dir.value().find("00000042")->member.role, StaffRole::Maintainer);
    EXPECT_EQ(dir.value().find("00000050"), nullptr);
    for (const auto& p : dir.value().problems) EXPECT_EQ(p.find("$argon2id$"), std::string::npos) << p;

    EXPECT_FALSE(parseStaffDirectory(R"({"staff":[]})").ok());
    EXPECT_FALSE(parseStaffDirectory("<html>").ok());
    auto empty = parseStaffDirectory("[]");
    ASSERT_TRUE(empty.ok());
    EXPECT_TRUE(empty.value().entries.empty());
}

TEST(StaffPin, VerifiesAgainstArgon2idAndRefusesEverythingElse) {
    const std::string& hash = clerkHash();
    ASSERT_EQ(hash.rfind("$argon2id$", 0), 0u);
    EXPECT_TRUE(verifyPin(hash, Personal("246810")));
    EXPECT_FALSE(verifyPin(hash, Personal("246811")));
    EXPECT_FALSE(verifyPin(hash, Personal("")));
    EXPECT_FALSE(verifyPin("", Personal("246810")));
    EXPECT_FALSE(verifyPin("$argon2id$garbage", Personal("246810")));
    EXPECT_FALSE(verifyPin(std::string(500, 'a'), Personal("246810")));
    EXPECT_NE(hashPin(Personal("246810")), hash);  // salted
}

TEST(StaffLockout, FiveWrongPinsInARowLockForFifteenMinutes) {
    SignInState s;
    const std::int64_t t0 = 1'764'547'200'000;
    EXPECT_EQ(attemptsLeft(s, t0), kMaxPinFailures);
    for (int i = 1; i < kMaxPinFailures; ++i) {
        s = afterPinFailure(s, t0 + i);
        EXPECT_EQ(s.failures, i);
        EXPECT_FALSE(isLockedOut(s, t0 + i));
        EXPECT_EQ(attemptsLeft(s, t0 + i), kMaxPinFailures - i);
    }
    const std::int64_t fifth = t0 + 100;
    s = afterPinFailure(s, fifth);
    EXPECT_TRUE(isLockedOut(s, fifth));
    EXPECT_EQ(s.lockedUntilMs, fifth + kLockoutMs);
    EXPECT_EQ(attemptsLeft(s, fifth), 0);
    // More failures while locked do not extend the lock.
    EXPECT_EQ(afterPinFailure(s, fifth + 1000).lockedUntilMs, s.lockedUntilMs);
    EXPECT_TRUE(isLockedOut(s, s.lockedUntilMs - 1));
    EXPECT_FALSE(isLockedOut(s, s.lockedUntilMs));
    EXPECT_EQ(attemptsLeft(s, s.lockedUntilMs), kMaxPinFailures);
    // After the lock a wrong PIN starts a fresh count instead of relocking.
    SignInState after = afterPinFailure(s, s.lockedUntilMs + 1);
    EXPECT_EQ(after.failures, 1);
    EXPECT_EQ(after.lockedUntilMs, 0);
    EXPECT_FALSE(isLockedOut(after, s.lockedUntilMs + 1));
}

TEST(StaffJson, AuditEntriesAndReceiptsRoundTrip) {
    auto audit = json::parse(auditEntryJson({1'764'547'200'123, "00000017", "outbox-retry", "item 12 (document)"}));
    EXPECT_EQ(audit["at"], 1'764'547'200'123);
    EXPECT_EQ(audit["staff"], "00000017");
    EXPECT_EQ(audit["action"], "outbox-retry");
    EXPECT_EQ(audit["detail"], "item 12 (document)");
    // Not UTF-8: written with a replacement character instead of throwing.
    EXPECT_NO_THROW(auditEntryJson({1, "1", "x", std::string("\xff\xfe")}));

    Receipt r;
    r.title = "婚姻登记预约回执";
    r.rows = {{"预约编号", "MB-000007"}, {"日期", "2025-12-08 09:00-10:00"}};
    r.qrPayload = "KC1.B.abcdefgh.MB-000007.1.sig";
    r.qrCaption = "扫码查询";
    r.footer = "请携带身份证原件";
    auto back = receiptFromJson(receiptToJson(r));
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(back->title, r.title);
    EXPECT_EQ(back->rows, r.rows);
    EXPECT_EQ(back->qrPayload, r.qrPayload);
    EXPECT_EQ(back->qrCaption, r.qrCaption);
    EXPECT_EQ(back->footer, r.footer);
    EXPECT_FALSE(receiptFromJson("[1]").has_value());
    EXPECT_FALSE(receiptFromJson("nope").has_value());
}
