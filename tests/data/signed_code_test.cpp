#include "kiosk/core/signed_code.h"

#include <gtest/gtest.h>

using namespace kiosk;
using std::chrono::seconds;
using std::chrono::system_clock;

namespace {

const system_clock::time_point kNow{seconds(1'764'547'200)};  // 2025-12-01

SignedCode receipt(std::int64_t expiry = 1'800'000'000) {
    return SignedCode{CodeKind::ApplicationReceipt, "SA-20251201-000042", expiry, {}};
}

}  // namespace

TEST(SignedCode, SignsAndVerifiesOffline) {
    auto key = CodeSigningKey::generate();
    std::string text = key.sign(receipt());
    ASSERT_FALSE(text.empty());
    EXPECT_EQ(text.rfind("KC1.A.", 0), 0u);
    EXPECT_LT(text.size(), 160u);  // fits a small QR code
    CodePublicKey keys[] = {key.publicKey()};
    auto v = verifySignedCode(text, keys, kNow);
    ASSERT_TRUE(v.ok()) << signedCodeErrorName(v.error());
    EXPECT_EQ(v.value().kind, CodeKind::ApplicationReceipt);
    EXPECT_EQ(v.value().id, "SA-20251201-000042");
    EXPECT_EQ(v.value().expiresAt, 1'800'000'000);
    EXPECT_EQ(v.value().keyId, codeKeyId(key.publicKey()));
}

TEST(SignedCode, EachFailureIsItsOwnValue) {
    auto key = CodeSigningKey::generate();
    auto other = CodeSigningKey::generate();
    CodePublicKey keys[] = {key.publicKey()};
    std::string text = key.sign(receipt());

    std::string tampered = text;
    tampered[tampered.find("000042") + 5] = '3';  // another application number
    EXPECT_EQ(verifySignedCode(tampered, keys, kNow).error(), SignedCodeError::BadSignature);

    EXPECT_EQ(verifySignedCode(other.sign(receipt()), keys, kNow).error(), SignedCodeError::UnknownKey);
    EXPECT_EQ(verifySignedCode(key.sign(receipt(1'700'000'000)), keys, kNow).error(), SignedCodeError::Expired);
    EXPECT_EQ(verifySignedCode("KC2.A.x.y.1.z", keys, kNow).error(), SignedCodeError::UnsupportedVersion);
    for (const char* bad : {"", "hello", "KC1.A", "KC1.Z.abcdefgh.X.1.sig", "KC1.A.abcdefgh.X.notanumber.sig",
                            "KC1.A.abcdefgh.bad id.1.sig", "KC1.A.abcdefgh.X.1.!!!"})
        EXPECT_EQ(verifySignedCode(bad, keys, kNow).error(), SignedCodeError::Malformed) << bad;
    // A forged signature on an expired code is reported as forged.
    std::string expired = key.sign(receipt(1'700'000'000));
    expired[expired.size() - 3] = expired[expired.size() - 3] == 'A' ? 'B' : 'A';
    EXPECT_EQ(verifySignedCode(expired, keys, kNow).error(), SignedCodeError::BadSignature);
}

TEST(SignedCode, KeyRotationAndTextKeys) {
    auto oldKey = CodeSigningKey::generate();
    auto newKey = CodeSigningKey::fromSeed(CodeSigningKey::generate().seed());
    auto decoded = decodeCodePublicKey(encodeCodePublicKey(oldKey.publicKey()));
    ASSERT_TRUE(decoded.ok());
    CodePublicKey keys[] = {newKey.publicKey(), decoded.value()};
    EXPECT_TRUE(verifySignedCode(oldKey.sign(receipt()), keys, kNow).ok());
    EXPECT_TRUE(verifySignedCode(newKey.sign({CodeKind::MarriageBooking, "MB-000001", 1'800'000'000, {}}), keys, kNow).ok());
    EXPECT_FALSE(decodeCodePublicKey("not-a-key").ok());
    EXPECT_TRUE(oldKey.sign({CodeKind::MarriageBooking, "bad.id", 1, {}}).empty());
}

TEST(SignedCode, StaffCardsAreSignedCodesOfKindS) {
    auto key = CodeSigningKey::generate();
    CodePublicKey keys[] = {key.publicKey()};
    std::string card = key.sign({CodeKind::StaffCard, "00000042", 1'800'000'000, {}});
    ASSERT_EQ(card.rfind("KC1.S.", 0), 0u);
    auto v = verifySignedCode(card, keys, kNow);
    ASSERT_TRUE(v.ok()) << signedCodeErrorName(v.error());
    EXPECT_EQ(v.value().kind, CodeKind::StaffCard);
    EXPECT_EQ(v.value().id, "00000042");

    std::string tampered = card;
    tampered[tampered.find("00000042") + 6] = '1';  // staff number 00000012
    EXPECT_EQ(verifySignedCode(tampered, keys, kNow).error(), SignedCodeError::BadSignature);
    // The kind is signed too: a receipt cannot be turned into a staff card.
    std::string receiptCode = key.sign({CodeKind::ApplicationReceipt, "00000042", 1'800'000'000, {}});
    receiptCode[4] = 'S';
    EXPECT_EQ(verifySignedCode(receiptCode, keys, kNow).error(), SignedCodeError::BadSignature);
    EXPECT_EQ(verifySignedCode(CodeSigningKey::generate().sign({CodeKind::StaffCard, "00000042", 1'800'000'000, {}}),
                               keys, kNow)
                  .error(),
              SignedCodeError::UnknownKey);
    EXPECT_EQ(verifySignedCode(key.sign({CodeKind::StaffCard, "00000042", 1'700'000'000, {}}), keys, kNow).error(),
              SignedCodeError::Expired);
}
