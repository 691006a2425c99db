// The pure staff rules (kiosk/core/staff.h): directory parsing, the PIN
// check, the offline verifier and proof, the lockout rule, and the JSON of
// audit entries and receipts.
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


// A directory entry as the centre makes it for `key` from the argon2id hash of `pin`.
json directoryEntry(const std::string& number, const std::string& role, const OfflineKey& key,
                    const std::string& hash = clerkHash()) {
    auto parsed = parsePinHash(hash);
    EXPECT_TRUE(parsed.has_value());
    return {{"number", number},
            {"name", "职员 " + number},
            {"role", role},
            {"pin",
             {{"salt", toBase64(parsed->params.salt)},
              {"opslimit", parsed->params.opslimit},
              {"memlimit", parsed->params.memlimit},
              {"hashBytes", parsed->params.hashBytes},
              {"verifier", toBase64(pinVerifier(key, parsed->hash))}}}};
}

OfflineKey someKey(std::uint8_t fill) {
    OfflineKey k{};
    k.fill(fill);
    return k;
}

}  // namespace

TEST(StaffDirectory, ParsesGoodEntriesAndSkipsBadOnesWithAReason) {
    const OfflineKey key = someKey(7);
    json good = directoryEntry("00000017", "staff", key);
    json badRole = directoryEntry("00000050", "boss", key);
    json badNumber = directoryEntry("bad number", "staff", key);
    json noName = directoryEntry("00000052", "staff", key);
    noName.erase("name");
    json hugeCost = directoryEntry("00000053", "staff", key);
    hugeCost["pin"]["memlimit"] = 1ull << 40;  // a terabyte: skipped, not attempted
    json shortVerifier = directoryEntry("00000054", "staff", key);
    shortVerifier["pin"]["verifier"] = toBase64(std::vector<std::uint8_t>(16, 1));
    json oldFormat = {{"number", "00000055"}, {"name", "x"}, {"role", "staff"}, {"pinHash", clerkHash()}};
    json duplicate = directoryEntry("00000017", "staff", key);
    duplicate["name"] = "重复";
    json body = {{"keyId", offlineKeyId(key)},
                 {"staff", json::array({good, directoryEntry("00000042", "maintainer", key), badRole, badNumber, noName,
                                        hugeCost, shortVerifier, oldFormat, duplicate, "not an object"})}};
    auto dir = parseStaffDirectory(body.dump());
    ASSERT_TRUE(dir.ok()) << dir.error();
    EXPECT_EQ(dir.value().keyId, offlineKeyId(key));
    ASSERT_EQ(dir.value().entries.size(), 2u);
    EXPECT_EQ(dir.value().problems.size(), 8u);
    const StaffDirectoryEntry* clerk = dir.value().find("00000017");
    ASSERT_NE(clerk, nullptr);
    EXPECT_EQ(clerk->member.displayName, "职员 00000017");  // the first of the duplicates
    EXPECT_EQ(clerk->member.role, StaffRole::Staff);
    EXPECT_EQ(dir.value().find("00000042")->member.role, StaffRole::Maintainer);
    EXPECT_EQ(dir.value().find("00000050"), nullptr);

    EXPECT_FALSE(parseStaffDirectory("[]").ok()) << "the old array form carries hashes: refused";
    EXPECT_FALSE(parseStaffDirectory(R"({"staff":[]})").ok());
    EXPECT_FALSE(parseStaffDirectory("<html>").ok());
    auto empty = parseStaffDirectory(R"({"keyId":"k-0","staff":[]})");
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

TEST(StaffPin, SixToTwelveDigits) {
    EXPECT_FALSE(validPinShape("12345"));
    EXPECT_TRUE(validPinShape("123456"));
    EXPECT_TRUE(validPinShape("123456789012"));
    EXPECT_FALSE(validPinShape("1234567890123"));
    EXPECT_FALSE(validPinShape("12345a"));
    // A 12-digit PIN hashes and verifies like a short one.
    const std::string longHash = hashPin(Personal("907153826401"));
    EXPECT_TRUE(verifyPin(longHash, Personal("907153826401")));
    EXPECT_FALSE(verifyPin(longHash, Personal("90715382640")));
}

TEST(StaffOfflineVerifier, TheKioskRecomputesTheCentresHashFromThePinAndTheKeyedVerifierMatches) {
    auto parsed = parsePinHash(clerkHash());
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(parsed->params.salt.size(), 16u);
    EXPECT_EQ(parsed->hash.size(), 32u);
    EXPECT_FALSE(parsePinHash("$argon2i$v=19$m=65536,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA").has_value());
    EXPECT_FALSE(parsePinHash("$argon2id$v=19$m=65536,t=2,p=1$!!$??").has_value());

    // The kiosk's side: from the PIN and the public salt and costs only.
    auto recomputed = pinHashOf(Personal("246810"), parsed->params);
    ASSERT_TRUE(recomputed.has_value());
    EXPECT_EQ(*recomputed, parsed->hash);
    EXPECT_NE(*pinHashOf(Personal("246811"), parsed->params), parsed->hash);

    const OfflineKey key = someKey(1), otherKey = someKey(2);
    EXPECT_EQ(pinVerifier(key, *recomputed), pinVerifier(key, parsed->hash));
    EXPECT_NE(pinVerifier(key, parsed->hash), pinVerifier(otherKey, parsed->hash)) << "per-kiosk";
    EXPECT_NE(offlineKeyId(key), offlineKeyId(otherKey));
    EXPECT_EQ(offlineKeyId(key).rfind("k-", 0), 0u);

    // The proof binds kiosk, staff number, session and time; it is not the verifier.
    const Digest32 proof = offlineProof(key, parsed->hash, "kiosk-a", "00000017", "off-1", 1000);
    EXPECT_NE(proof, pinVerifier(key, parsed->hash));
    EXPECT_EQ(proof, offlineProof(key, *recomputed, "kiosk-a", "00000017", "off-1", 1000));
    EXPECT_NE(proof, offlineProof(key, parsed->hash, "kiosk-b", "00000017", "off-1", 1000));
    EXPECT_NE(proof, offlineProof(key, parsed->hash, "kiosk-a", "00000042", "off-1", 1000));
    EXPECT_NE(proof, offlineProof(key, parsed->hash, "kiosk-a", "00000017", "off-2", 1000));
    EXPECT_NE(proof, offlineProof(key, parsed->hash, "kiosk-a", "00000017", "off-1", 1001));
    EXPECT_NE(proof, offlineProof(otherKey, parsed->hash, "kiosk-a", "00000017", "off-1", 1000));

    auto b64 = toBase64(proof);
    auto back = fromBase64(b64);
    ASSERT_TRUE(back.has_value());
    EXPECT_TRUE(std::equal(back->begin(), back->end(), proof.begin(), proof.end()));
    EXPECT_FALSE(fromBase64("not base64!").has_value());
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
    auto audit = json::parse(auditEntryJson({1'764'547'200'123, "00000017", "outbox-retry", "item 12 (document)"}, "s-1"));
    EXPECT_EQ(audit["at"], 1'764'547'200'123);
    EXPECT_EQ(audit["session"], "s-1");
    EXPECT_FALSE(audit.contains("offline"));
    auto offline = json::parse(auditEntryJson({1, "00000017", "sign-in", ""}, "off-1",
                                              OfflineSessionProof{5, "cHJvb2Y=", "KC1.S.x"}));
    EXPECT_EQ(offline["offline"]["signedInAt"], 5);
    EXPECT_EQ(offline["offline"]["proof"], "cHJvb2Y=");
    EXPECT_EQ(offline["offline"]["card"], "KC1.S.x");
    EXPECT_EQ(audit["staff"], "00000017");
    EXPECT_EQ(audit["action"], "outbox-retry");
    EXPECT_EQ(audit["detail"], "item 12 (document)");
    // Not UTF-8: written with a replacement character instead of throwing.
    EXPECT_NO_THROW(auditEntryJson({1, "1", "x", std::string("\xff\xfe")}, "s"));

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
