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

// Known answers made outside this code base (Python's `cryptography` and
// hashlib): the RFC 8032 test-1 seed, its key id (BLAKE2b-256 of the public
// key, first 6 bytes, base64url) and two signed codes. A change to the text
// form, the key id or the signing breaks every code already printed.
TEST(SignedCode, KnownAnswerVectors) {
    std::array<std::uint8_t, 32> seed{};
    const char* seedHex = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    for (size_t i = 0; i < seed.size(); ++i) seed[i] = static_cast<std::uint8_t>(std::stoi(std::string(seedHex + 2 * i, 2), nullptr, 16));
    const auto key = CodeSigningKey::fromSeed(seed);
    EXPECT_EQ(encodeCodePublicKey(key.publicKey()), "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo");
    EXPECT_EQ(codeKeyId(key.publicKey()), "eEmsMElo");

    const std::string receiptCode =
        "KC1.A.eEmsMElo.APP-20261203-000042.1798761600."
        "Sado1N9_3siiMl-zDmD_T7SHi7Qp15NAnvRZJ8FuH2BYmKtY7ZtH15qmwuBmL9Q9VvheLqOXAMykzqWc0o86Cg";
    const std::string staffCode =
        "KC1.S.eEmsMElo.00000017.1798761600."
        "YoUaMgh_-xB2r_WVcNLsHKKkyOSJImCgfIGFCeroeG76j9SKGJ-CbRKY4BcHUDIgtaPNNPhtZl72hNPW_DK2DQ";
    EXPECT_EQ(key.sign(SignedCode{CodeKind::ApplicationReceipt, "APP-20261203-000042", 1'798'761'600, {}}), receiptCode);
    EXPECT_EQ(key.sign(SignedCode{CodeKind::StaffCard, "00000017", 1'798'761'600, {}}), staffCode);

    // Verified with the public key alone, decoded from its text form.
    auto pub = decodeCodePublicKey("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo");
    ASSERT_TRUE(pub);
    const std::array<CodePublicKey, 1> keys{pub.value()};
    auto staff = verifySignedCode(staffCode, keys, kNow);
    ASSERT_TRUE(staff);
    EXPECT_EQ(staff.value().kind, CodeKind::StaffCard);
    EXPECT_EQ(staff.value().id, "00000017");
    EXPECT_EQ(staff.value().expiresAt, 1'798'761'600);
    // One changed character of the signed text is a bad signature.
    std::string tampered = receiptCode;
    tampered[20] = tampered[20] == '1' ? '2' : '1';
    auto bad = verifySignedCode(tampered, keys, kNow);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error(), SignedCodeError::BadSignature);
}
