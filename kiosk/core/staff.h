#pragma once
// The pure parts of staff sign-in and the staff desk (kiosk/core/staff_desk.h):
// the staff directory the central service publishes (GET /api/v1/staff), the
// PIN verifiers (online: argon2id at the centre; offline: a per-kiosk keyed
// verifier), the lockout rule, and the JSON of audit entries and journalled
// receipts. No I/O, no clock: callers pass "now", so every rule here is
// unit-testable. Safe from any thread.
//
// Offline verifiers (issue #13): the centre keeps each PIN as an argon2id
// hash H (libsodium's crypto_pwhash_str). A kiosk never receives H. It
// receives, per staff member, H's salt and cost parameters and
//     verifier = HMAC-SHA256(K, "civil-kiosk staff pin verifier v1" || H)
// where K is the kiosk's own 32-byte "offline key", which the centre hands
// out on request (GET /api/v1/staff/offline-key) and the kiosk keeps in
// memory only (offline-cache/offline_key.h), never in its store. Without K a
// stolen store holds nothing a PIN can be guessed against. An offline
// sign-in is reported with
//     proof = HMAC-SHA256(HMAC-SHA256(K, "civil-kiosk staff offline proof v1" || H),
//                         kioskId "\n" staffNumber "\n" session "\n" atMs)
// which only someone who typed the right PIN on that kiosk can compute, and
// the centre can check without running argon2id.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/personal.h"
#include "kiosk/core/receipt.h"
#include "kiosk/core/result.h"
#include "kiosk/core/staff_desk.h"

namespace kiosk {

// The reference-cache key (and path) of the directory.
inline constexpr const char* kStaffDirectoryPath = "/api/v1/staff";

using OfflineKey = std::array<std::uint8_t, 32>;
using Digest32 = std::array<std::uint8_t, 32>;

// The salt and costs of an argon2id hash: not secret, they only say how to
// recompute H from a PIN.
struct PinHashParams {
    std::vector<std::uint8_t> salt;
    std::uint64_t opslimit = 0;
    std::size_t memlimit = 0;  // bytes
    std::size_t hashBytes = 32;
};

// An argon2id hash string taken apart (the centre's side).
struct ParsedPinHash {
    PinHashParams params;
    std::vector<std::uint8_t> hash;  // H: secret, wiped by the caller
};
// "$argon2id$v=19$m=65536,t=2,p=1$<salt>$<hash>"; nullopt for anything else.
std::optional<ParsedPinHash> parsePinHash(std::string_view argon2idString);

// H recomputed from a PIN (the kiosk's offline side). Slow on purpose (tens
// of ms and memlimit bytes): call it on a worker. nullopt: out of memory, or
// parameters out of the sane range (opslimit 1..10, memlimit 8 KiB..256 MiB).
std::optional<std::vector<std::uint8_t>> pinHashOf(const Personal& pin, const PinHashParams& params);

Digest32 pinVerifier(const OfflineKey& key, std::span<const std::uint8_t> hash);
Digest32 offlineProof(const OfflineKey& key, std::span<const std::uint8_t> hash, std::string_view kioskId,
                      std::string_view staffNumber, std::string_view session, std::int64_t atMs);
// A short public name of a key ("k-" + 16 hex digits), so a kiosk can tell
// whether its key belongs to the directory it holds.
std::string offlineKeyId(const OfflineKey& key);

// `bytes` random bytes as lower-case hex: session ids (unguessable, not secret at rest).
std::string randomHex(std::size_t bytes);

// Base64 (standard alphabet, padded) for the wire; nullopt if not base64.
std::string toBase64(std::span<const std::uint8_t> bytes);
std::optional<std::vector<std::uint8_t>> fromBase64(std::string_view text);

struct StaffDirectoryEntry {
    StaffMember member;
    PinHashParams params;
    Digest32 verifier{};
};

struct StaffDirectory {
    std::string keyId;  // the offline key the verifiers were made with
    std::vector<StaffDirectoryEntry> entries;
    // One line per entry that was skipped (for the log; staff numbers and
    // positions only, never a verifier).
    std::vector<std::string> problems;

    const StaffDirectoryEntry* find(std::string_view number) const;
};

// Parses the directory:
//   {"keyId": "k-…", "staff": [{"number":"00000017","name":"…","role":"staff"|"maintainer",
//     "pin": {"salt": b64, "opslimit": 2, "memlimit": 67108864, "hashBytes": 32, "verifier": b64}}, ...]}
// A malformed entry (missing or mistyped field, unknown role, a number
// outside [A-Za-z0-9-]{1,40}, a salt, cost or verifier out of range, a
// duplicate number) is skipped with a line in `problems`; the good ones are
// kept. Error (a message for the log): not JSON, not that shape.
Result<StaffDirectory, std::string> parseStaffDirectory(std::string_view json);

// A staff number's shape (the id of a signed staff card).
bool validStaffNumber(std::string_view number);
// 6 to 12 digits (kPinMinDigits..kPinMaxDigits).
bool validPinShape(std::string_view pin);

const char* staffRoleName(StaffRole role);  // "staff", "maintainer"
std::optional<StaffRole> staffRoleFrom(std::string_view name);

// True when `pin` matches the argon2id hash (the centre's online check).
// Slow on purpose: never on a UI thread. A malformed hash is no match.
bool verifyPin(std::string_view pinHash, const Personal& pin);
// The hash of a PIN in crypto_pwhash_str format (the centre's side; tests).
// Empty on failure (out of memory).
std::string hashPin(const Personal& pin);

// --- the lockout rule (staff_desk.h: kMaxPinFailures, kLockout) -----------
// What the kiosk remembers per staff number.
struct SignInState {
    int failures = 0;               // wrong PINs in a row
    std::int64_t lockedUntilMs = 0; // Unix ms; 0 = not locked
    std::int64_t lastFailureMs = 0;
};

bool isLockedOut(const SignInState& state, std::int64_t nowMs);
// The state after one more wrong PIN at `nowMs`. A lock that has run out
// starts a fresh count (so the first wrong PIN after a lockout does not
// lock again at once); the kMaxPinFailures-th failure in a row locks until
// nowMs + kLockout.
SignInState afterPinFailure(SignInState state, std::int64_t nowMs);
// Wrong PINs left before the lock (0 when locked).
int attemptsLeft(const SignInState& state, std::int64_t nowMs);

// --- wire and storage formats -----------------------------------------------
// How an offline session proves itself to the centre (see the top).
struct OfflineSessionProof {
    std::int64_t signedInAtMs = 0;
    std::string proof;  // base64 of offlineProof(...)
    std::string card;   // the staff card code shown at sign-in
};
// The body of POST /api/v1/audit-entries:
//   {"at": <unix ms>, "staff": "00000017", "session": "…", "action": "...", "detail": "...",
//    "offline": {"signedInAt": <unix ms>, "proof": b64, "card": "KC1.S…"}}   (offline sessions only)
std::string auditEntryJson(const AuditEntry& entry, std::string_view session,
                           const std::optional<OfflineSessionProof>& offline = std::nullopt);

// A receipt as JSON for the journal, and back. nullopt: not a receipt.
std::string receiptToJson(const Receipt& receipt);
std::optional<Receipt> receiptFromJson(std::string_view json);

}  // namespace kiosk
