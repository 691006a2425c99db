#include "kiosk/core/signed_code.h"

#include <sodium.h>

#include <charconv>
#include <cstdlib>
#include <vector>

#include "kiosk/core/clock.h"

namespace kiosk {
namespace {

constexpr std::string_view kPrefix = "KC";
constexpr char kVersion = '1';
constexpr size_t kKeyIdBytes = 6;
constexpr size_t kMaxIdLength = 40;

void ensureSodium() {
    // sodium_init is thread-safe and idempotent; failure means no usable RNG.
    static const bool ok = sodium_init() >= 0;
    if (!ok) std::abort();
}

std::string base64url(const std::uint8_t* data, size_t len) {
    std::string out(sodium_base64_encoded_len(len, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
    sodium_bin2base64(out.data(), out.size(), data, len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    out.resize(out.size() - 1);  // the terminating NUL
    return out;
}

bool unbase64url(std::string_view text, std::uint8_t* out, size_t expected) {
    size_t len = 0;
    const char* end = nullptr;
    if (sodium_base642bin(out, expected, text.data(), text.size(), nullptr, &len, &end,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
        return false;
    return len == expected && end == text.data() + text.size();
}

bool validId(std::string_view id) {
    if (id.empty() || id.size() > kMaxIdLength) return false;
    for (char c : id) {
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
        if (!ok) return false;
    }
    return true;
}

bool knownKind(char c) {
    switch (static_cast<CodeKind>(c)) {
    case CodeKind::ApplicationReceipt:
    case CodeKind::MarriageBooking:
    case CodeKind::StaffCard: return true;
    }
    return false;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> parts;
    size_t start = 0;
    for (;;) {
        size_t pos = s.find(sep, start);
        parts.push_back(s.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
        if (pos == std::string_view::npos) break;
        start = pos + 1;
    }
    return parts;
}

}  // namespace

const char* signedCodeErrorName(SignedCodeError e) {
    switch (e) {
    case SignedCodeError::Malformed: return "malformed";
    case SignedCodeError::UnsupportedVersion: return "unsupported-version";
    case SignedCodeError::UnknownKey: return "unknown-key";
    case SignedCodeError::BadSignature: return "bad-signature";
    case SignedCodeError::Expired: return "expired";
    case SignedCodeError::ClockWrong: return "clock-wrong";
    }
    return "unknown";
}

CodeSigningKey CodeSigningKey::generate() {
    ensureSodium();
    std::array<std::uint8_t, 32> seed;
    randombytes_buf(seed.data(), seed.size());
    CodeSigningKey key = fromSeed(seed);
    sodium_memzero(seed.data(), seed.size());
    return key;
}

CodeSigningKey CodeSigningKey::fromSeed(std::span<const std::uint8_t, 32> seed) {
    ensureSodium();
    CodeSigningKey key;
    crypto_sign_seed_keypair(key.public_.bytes.data(), key.secret_.data(), seed.data());
    return key;
}

CodeSigningKey::~CodeSigningKey() { sodium_memzero(secret_.data(), secret_.size()); }

std::array<std::uint8_t, 32> CodeSigningKey::seed() const {
    std::array<std::uint8_t, 32> out;
    crypto_sign_ed25519_sk_to_seed(out.data(), secret_.data());
    return out;
}

std::string CodeSigningKey::sign(const SignedCode& code) const {
    if (!validId(code.id) || code.expiresAt < 0) return {};
    std::string text = std::string(kPrefix) + kVersion + '.' + static_cast<char>(code.kind) + '.' +
                       codeKeyId(public_) + '.' + code.id + '.' + std::to_string(code.expiresAt);
    std::array<std::uint8_t, crypto_sign_BYTES> sig;
    crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                         secret_.data());
    return text + '.' + base64url(sig.data(), sig.size());
}

std::string codeKeyId(const CodePublicKey& key) {
    ensureSodium();
    std::array<std::uint8_t, crypto_generichash_BYTES> hash;
    crypto_generichash(hash.data(), hash.size(), key.bytes.data(), key.bytes.size(), nullptr, 0);
    return base64url(hash.data(), kKeyIdBytes);
}

std::string encodeCodePublicKey(const CodePublicKey& key) { return base64url(key.bytes.data(), key.bytes.size()); }

Result<CodePublicKey, SignedCodeError> decodeCodePublicKey(std::string_view text) {
    ensureSodium();
    CodePublicKey key;
    if (!unbase64url(text, key.bytes.data(), key.bytes.size())) return SignedCodeError::Malformed;
    return key;
}

namespace {

// Shape, key and signature: everything but the expiry.
Result<SignedCode, SignedCodeError> verifyGenuine(std::string_view text, std::span<const CodePublicKey> keys) {
    ensureSodium();
    if (text.size() < 4 || text.substr(0, 2) != kPrefix) return SignedCodeError::Malformed;
    if (text[2] != kVersion) {
        bool digit = text[2] >= '0' && text[2] <= '9';
        return digit && text[3] == '.' ? SignedCodeError::UnsupportedVersion : SignedCodeError::Malformed;
    }
    auto parts = split(text, '.');
    if (parts.size() != 6 || parts[0].size() != 3) return SignedCodeError::Malformed;
    SignedCode code;
    if (parts[1].size() != 1 || !knownKind(parts[1][0])) return SignedCodeError::Malformed;
    code.kind = static_cast<CodeKind>(parts[1][0]);
    code.keyId = std::string(parts[2]);
    if (code.keyId.size() != 8 || !validId(parts[3])) return SignedCodeError::Malformed;
    code.id = std::string(parts[3]);
    std::string_view exp = parts[4];
    if (exp.empty() || exp.size() > 12) return SignedCodeError::Malformed;
    auto [ptr, ec] = std::from_chars(exp.data(), exp.data() + exp.size(), code.expiresAt);
    if (ec != std::errc() || ptr != exp.data() + exp.size() || code.expiresAt < 0) return SignedCodeError::Malformed;
    std::array<std::uint8_t, crypto_sign_BYTES> sig;
    if (!unbase64url(parts[5], sig.data(), sig.size())) return SignedCodeError::Malformed;

    const CodePublicKey* key = nullptr;
    for (const auto& k : keys)
        if (codeKeyId(k) == code.keyId) key = &k;
    if (key == nullptr) return SignedCodeError::UnknownKey;
    size_t signedLen = text.size() - parts[5].size() - 1;
    if (crypto_sign_verify_detached(sig.data(), reinterpret_cast<const unsigned char*>(text.data()), signedLen,
                                    key->bytes.data()) != 0)
        return SignedCodeError::BadSignature;
    return code;
}

}  // namespace

Result<SignedCode, SignedCodeError> verifySignedCode(std::string_view text, std::span<const CodePublicKey> keys,
                                                     std::chrono::system_clock::time_point now) {
    auto code = verifyGenuine(text, keys);
    if (!code) return code;
    if (!wallClockPlausible(now)) return SignedCodeError::ClockWrong;
    auto nowSeconds = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    if (nowSeconds > code.value().expiresAt) return SignedCodeError::Expired;
    return code;
}

Result<SignedCode, SignedCodeError> verifySignedCode(std::string_view text, std::span<const CodePublicKey> keys,
                                                     const TimeFloor& time) {
    auto code = verifyGenuine(text, keys);
    if (!code) return code;
    // Valid through its expiry second (the plain overload refuses only after it).
    const auto lastValid = std::chrono::system_clock::time_point(std::chrono::seconds(code.value().expiresAt)) +
                           std::chrono::seconds(1) - std::chrono::system_clock::duration(1);
    switch (time.judge(lastValid)) {
        case TimeFloor::Expiry::Valid: return code;
        case TimeFloor::Expiry::Expired:
        case TimeFloor::Expiry::ExpiredByWallOnly: return SignedCodeError::Expired;
        case TimeFloor::Expiry::Unknown: return SignedCodeError::ClockWrong;
    }
    return SignedCodeError::ClockWrong;
}

}  // namespace kiosk
