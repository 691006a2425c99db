// Payload classification and signed-code checks: valid accepted, one flipped
// byte refused as tampered, wrong key refused, expired refused; each refusal
// has its own i18n message key.
#include <gtest/gtest.h>

#include <array>

#include "codes_test_support.h"
#include "drivers/codes/payload.h"

using namespace kiosk;
using namespace kiosk::codes;

namespace {
const auto kNow = std::chrono::system_clock::time_point(std::chrono::seconds(1'764'547'200));  // 2025-12-01

CodeSigningKey key(uint8_t fill) {
    std::array<uint8_t, 32> seed;
    seed.fill(fill);
    return CodeSigningKey::fromSeed(seed);
}
}  // namespace

TEST(CodesPayload, SampleFramePayloadsAreClassified) {
    std::span<const CodePublicKey> none;
    auto kind = [&](const std::string& frame) { return classifyPayload(codes_test::truthOf(frame), none, kNow).value().kind; };
    EXPECT_EQ(kind("plain_1"), PayloadKind::Booking);
    EXPECT_EQ(kind("plain_2"), PayloadKind::Receipt);
    EXPECT_EQ(kind("perspective_1"), PayloadKind::Url);
    EXPECT_EQ(kind("perspective_2"), PayloadKind::DoorPlate);
    // The old unsigned staff card shape (STAFF:<number>:<token>) is not a
    // staff card any more: anyone could print one. Only KC1.S codes are.
    EXPECT_EQ(kind("rotated_1"), PayloadKind::Unknown);
    auto receipt = classifyPayload(codes_test::truthOf("plain_2"), none, kNow).value();
    EXPECT_EQ(receipt.reference, "SA202598623919");
    EXPECT_EQ(receipt.service, "低保申请");
    EXPECT_EQ(receipt.date, "2025-01-11");
    EXPECT_FALSE(receipt.verified);
    auto plate = classifyPayload(codes_test::truthOf("perspective_2"), none, kNow).value();
    EXPECT_EQ(plate.doorPlateNumber, "941062545440");
    EXPECT_EQ(fmt::format("{}", plate.address), "[redacted]");
    EXPECT_EQ(classifyPayload("hello", none, kNow).value().kind, PayloadKind::Unknown);
    EXPECT_EQ(classifyPayload("KCX-42 spare part", none, kNow).value().kind, PayloadKind::Unknown);
    EXPECT_EQ(classifyPayload("STAFF:25702929:D3334955D46AF783B52901A6CCACCDB2", none, kNow).value().kind,
              PayloadKind::Unknown);
    EXPECT_EQ(classifyPayload("{\"t\": \"receipt\"", none, kNow).value().kind, PayloadKind::Unknown);
}

TEST(CodesPayload, SignedCodesAreVerifiedAndRefusedWithDistinctErrors) {
    const auto central = key(7);
    const std::array<CodePublicKey, 1> keys{central.publicKey()};
    const std::string code = central.sign({CodeKind::ApplicationReceipt, "APP-20251201-000042", 1'767'225'600, {}});
    ASSERT_FALSE(code.empty());

    auto ok = classifyPayload(code, keys, kNow);
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok.value().kind, PayloadKind::Receipt);
    EXPECT_TRUE(ok.value().verified);
    EXPECT_EQ(ok.value().reference, "APP-20251201-000042");
    EXPECT_EQ(ok.value().expiresAt, 1'767'225'600);

    const std::string booking = central.sign({CodeKind::MarriageBooking, "BK-7", 1'767'225'600, {}});
    EXPECT_EQ(classifyPayload(booking, keys, kNow).value().kind, PayloadKind::Booking);

    // One flipped byte in the id: the signature no longer matches.
    std::string tampered = code;
    tampered[tampered.find("000042")] = '1';
    EXPECT_EQ(classifyPayload(tampered, keys, kNow).error(), PayloadError::Tampered);

    const auto other = key(9);
    const std::array<CodePublicKey, 1> wrongKeys{other.publicKey()};
    EXPECT_EQ(classifyPayload(code, wrongKeys, kNow).error(), PayloadError::UnknownKey);

    const auto later = std::chrono::system_clock::time_point(std::chrono::seconds(1'767'225'601));
    EXPECT_EQ(classifyPayload(code, keys, later).error(), PayloadError::Expired);

    EXPECT_EQ(classifyPayload("KC1.A.broken", keys, kNow).error(), PayloadError::Malformed);
    EXPECT_EQ(classifyPayload("KC2.A.x.y.1.z", keys, kNow).error(), PayloadError::UnsupportedVersion);

    EXPECT_STREQ(payloadErrorKey(PayloadError::Tampered), "codes.error.tampered");
    EXPECT_STREQ(payloadErrorKey(PayloadError::Expired), "codes.error.expired");
    EXPECT_STREQ(payloadErrorKey(PayloadError::UnknownKey), "codes.error.unknown_key");
}

TEST(CodesPayload, OnlySignedStaffCardsAreStaffCardsAndForgeriesAreRefused) {
    const auto central = key(7);
    const std::array<CodePublicKey, 1> keys{central.publicKey()};
    const std::string card = central.sign({CodeKind::StaffCard, "00000017", 1'767'225'600, {}});
    ASSERT_EQ(card.rfind("KC1.S.", 0), 0u);

    auto ok = classifyPayload(card, keys, kNow);
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok.value().kind, PayloadKind::StaffCard);
    EXPECT_TRUE(ok.value().verified);
    EXPECT_EQ(ok.value().reference, "00000017");
    EXPECT_EQ(ok.value().expiresAt, 1'767'225'600);

    // Another staff number on a genuine card: one flipped byte.
    std::string tampered = card;
    tampered[tampered.find("00000017") + 7] = '8';
    EXPECT_EQ(classifyPayload(tampered, keys, kNow).error(), PayloadError::Tampered);

    const auto other = key(9);
    const std::string foreign = other.sign({CodeKind::StaffCard, "00000017", 1'767'225'600, {}});
    EXPECT_EQ(classifyPayload(foreign, keys, kNow).error(), PayloadError::UnknownKey);

    const auto later = std::chrono::system_clock::time_point(std::chrono::seconds(1'767'225'601));
    EXPECT_EQ(classifyPayload(card, keys, later).error(), PayloadError::Expired);

    // Without the central keys a staff card cannot be checked, so it is refused too.
    std::span<const CodePublicKey> none;
    EXPECT_EQ(classifyPayload(card, none, kNow).error(), PayloadError::UnknownKey);
}
