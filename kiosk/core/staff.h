#pragma once
// The pure parts of staff sign-in and the staff desk (kiosk/core/staff_desk.h):
// the staff directory the central service publishes (GET /api/v1/staff), the
// PIN check against its argon2id hashes, the lockout rule, and the JSON of
// audit entries and journalled receipts. No I/O, no clock: callers pass "now",
// so every rule here is unit-testable. Safe from any thread.
#include <cstdint>
#include <optional>
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

struct StaffDirectoryEntry {
    StaffMember member;
    std::string pinHash;  // "$argon2id$..." (libsodium crypto_pwhash_str format)
};

struct StaffDirectory {
    std::vector<StaffDirectoryEntry> entries;
    // One line per entry that was skipped (for the log; staff numbers and
    // positions only, never a hash).
    std::vector<std::string> problems;

    const StaffDirectoryEntry* find(std::string_view number) const;
};

// Parses the directory:
//   [{"number":"00000017","name":"…","role":"staff"|"maintainer","pinHash":"$argon2id$…"}, ...]
// A malformed entry (missing or mistyped field, unknown role, a number
// outside [A-Za-z0-9-]{1,40}, a hash that is not argon2id, a duplicate
// number) is skipped with a line in `problems`; the good ones are kept.
// Error (a message for the log): the body is not JSON or not an array.
Result<StaffDirectory, std::string> parseStaffDirectory(std::string_view json);

const char* staffRoleName(StaffRole role);  // "staff", "maintainer"

// True when `pin` matches the argon2id hash. Slow on purpose (tens of ms
// and 64 MiB): call it on a worker, never on the UI thread. A malformed
// hash is simply no match.
bool verifyPin(std::string_view pinHash, const Personal& pin);
// The hash of a PIN in the directory's format (the central service's side;
// tests). Empty on failure (out of memory).
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
// The body of POST /api/v1/audit-entries:
//   {"at": <unix ms>, "staff": "00000017", "action": "...", "detail": "..."}
std::string auditEntryJson(const AuditEntry& entry);

// A receipt as JSON for the journal, and back. nullopt: not a receipt.
std::string receiptToJson(const Receipt& receipt);
std::optional<Receipt> receiptFromJson(std::string_view json);

}  // namespace kiosk
