#pragma once
// Signed codes for receipts, bookings and staff cards: a short text the
// central service signs (ed25519) and the kiosk verifies offline with the
// central public key, printed or shown as a QR code.
//
//   KC1.<kind>.<key id>.<id>.<expiry>.<signature>
//   KC1.A.Xq3v_Z0a.APP-20251201-000042.1767225600.<86 chars base64url>
//
// - "KC" is the prefix, "1" the format version.
// - kind: one letter, A = assistance application receipt, B = marriage booking,
//   S = staff card (the id is the staff number: KC1.S.<key id>.<staff number>.<expiry>.<sig>;
//   the card alone signs no one in, the PIN is checked against the staff
//   directory, kiosk/core/staff.h).
// - key id: base64url of the first 6 bytes of BLAKE2b(public key), 8 chars, so
//   a verifier with several keys (rotation) knows which one to use, and "wrong
//   key" is told apart from "tampered".
// - id: 1..40 characters of [A-Za-z0-9-] (the application or booking number).
// - expiry: Unix seconds, decimal; the code is refused after it.
// - signature: ed25519 over every byte before the last '.', base64url without
//   padding (86 chars).
// The payload carries no personal data: only a reference the central service
// (or the kiosk's cache) resolves. (A staff number identifies an employee,
// not a resident.)
//
// Pure functions, no I/O; safe from any thread. Expected failures are values.
#include <array>
#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "kiosk/core/result.h"
#include "kiosk/core/time_floor.h"

namespace kiosk {

enum class SignedCodeError {
    Malformed,           // not the KC format at all, or a field out of shape
    UnsupportedVersion,  // "KC" with a version this kiosk does not know
    UnknownKey,          // signed with a key this kiosk does not hold (wrong key)
    BadSignature,        // key known, signature does not match: tampered
    Expired,             // genuine, but past its expiry
    ClockWrong,          // genuine, but this kiosk's clock is before kPlausibleWallFloorSeconds
                         // (an RTC reset to 1970), or behind its trusted time floor with no
                         // centre time heard (time_floor.h): its expiry cannot be judged here
};

const char* signedCodeErrorName(SignedCodeError e);

enum class CodeKind : char {
    ApplicationReceipt = 'A',
    MarriageBooking = 'B',
    StaffCard = 'S',
};

struct SignedCode {
    CodeKind kind = CodeKind::ApplicationReceipt;
    std::string id;
    std::int64_t expiresAt = 0;  // Unix seconds
    std::string keyId;           // filled in by verify
};

struct CodePublicKey {
    std::array<std::uint8_t, 32> bytes{};
};

// Holds the secret key; the central service's side. Wiped on destruction.
class CodeSigningKey {
public:
    static CodeSigningKey generate();
    // From the 32-byte seed (e.g. read from the server's key file).
    static CodeSigningKey fromSeed(std::span<const std::uint8_t, 32> seed);
    ~CodeSigningKey();
    CodeSigningKey(const CodeSigningKey&) = default;
    CodeSigningKey& operator=(const CodeSigningKey&) = default;

    const CodePublicKey& publicKey() const { return public_; }
    std::array<std::uint8_t, 32> seed() const;
    // Empty string if `code` has an id outside the allowed shape.
    std::string sign(const SignedCode& code) const;

private:
    CodeSigningKey() = default;
    std::array<std::uint8_t, 64> secret_{};
    CodePublicKey public_;
};

// The 8-character key id of a public key.
std::string codeKeyId(const CodePublicKey& key);
// base64url (no padding) text form of a public key, for config files and the API.
std::string encodeCodePublicKey(const CodePublicKey& key);
Result<CodePublicKey, SignedCodeError> decodeCodePublicKey(std::string_view text);

// Checks shape, key, signature, then expiry (in that order, so a forged code
// is reported as forged even when it is also expired). With `now` before
// kPlausibleWallFloorSeconds (clock.h) the clock is wrong, not the code:
// ClockWrong, rather than accepting every expired code as valid (#15).
// There is no "not yet valid" (codes carry no issue time), so a clock jumped
// forward can only make genuine codes Expired; a maintainer sees the clock.
Result<SignedCode, SignedCodeError> verifySignedCode(std::string_view text, std::span<const CodePublicKey> keys,
                                                     std::chrono::system_clock::time_point now);
// The same, with the expiry judged against a trusted lower bound on now
// (time_floor.h), for the kiosk: a clock set back never revives a code that
// expired before a time the kiosk trusts (the centre's, from an earlier run,
// the build floor), and a clock set forward is overruled by the centre's
// time once it was heard. ClockWrong only when the wall clock is behind the
// floor and no centre time was heard since the start (the true time lies
// somewhere after the floor); Expired also when only the wall clock says so
// (the usual case of a kiosk that never heard the centre's time).
Result<SignedCode, SignedCodeError> verifySignedCode(std::string_view text, std::span<const CodePublicKey> keys,
                                                     const TimeFloor& time);

}  // namespace kiosk
