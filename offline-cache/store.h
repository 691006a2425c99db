#pragma once
// The kiosk's durable store: one SQLite database (WAL) holding the outbox of
// submissions waiting for the central service, the reference-data cache, and
// the staff desk's records (sign-in failures and locks, the audit log, the
// receipt journal).
//
// Guarantees
// - enqueue() returns only after the submission is committed (synchronous=FULL):
//   the UI may say "received" when it returns ok, and must not before.
// - Every outbox item has an idempotency key (UUID v4) fixed at enqueue time
//   and sent with every attempt, so a resend after a lost ack is harmless.
// - States: Pending -> Sending -> Acknowledged | Rejected (needs staff).
//   An item left in Sending by a killed process goes back to Pending when the
//   store is opened (recoverInterrupted), so nothing is stuck.
// - Chains: enqueueChain() writes several requests (document uploads, then the
//   application that references them) in one transaction; each is sent only
//   after the one before it is acknowledged, and a rejection cascades.
// - Bodies and server responses are encrypted at rest (crypto.h). Item
//   metadata (kind, path, state, errors) is not personal and stays readable.
// - Acknowledged items, personal snapshots and journalled receipts are deleted
//   after the retention period (purge()). Journalled receipts are encrypted at
//   rest like outbox bodies.
// - Failures are values: a full disk is StoreErrorCode::DiskFull and leaves
//   what was stored intact; a corrupt file found at open is moved aside
//   ("<db>.corrupt-<ms>") and a fresh database created, with an error log line
//   and health().recoveredFromCorruption set for the maintainer report.
//
// Threads: every method is safe from any thread (one connection behind a
// mutex). Calls do disk I/O (a few ms for a durable commit): the UI thread
// should call enqueue() through a worker and post the result back.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "kiosk/core/clock.h"
#include "kiosk/core/personal.h"
#include "kiosk/core/staff.h"
#include "kiosk/core/staff_desk.h"
#include "offline-cache/crypto.h"
#include "offline-cache/sqlite_db.h"

namespace kiosk::offline {

inline constexpr int kSchemaVersion = 4;

enum class OutboxState : int { Pending = 0, Sending = 1, Acknowledged = 2, Rejected = 3 };
const char* outboxStateName(OutboxState s);

struct StoreOptions {
    std::string databasePath;  // e.g. /var/lib/kiosk/kiosk.db
    std::string keyFilePath;   // e.g. /var/lib/kiosk/data.key (created 0600 if missing)
    std::chrono::hours retention{24 * 30};
    // How long a write waits for another process's lock (the kiosk and
    // kiosk-cli share the file) before failing with StoreErrorCode::Busy.
    std::chrono::milliseconds busyTimeout{std::chrono::seconds(5)};
};

struct StoreHealth {
    bool recoveredFromCorruption = false;  // a corrupt file was moved aside at open
    std::string corruptFileMovedTo;
    bool corruptionSeen = false;           // SQLite reported corruption since open
    bool diskFull = false;                 // the last write failed for lack of space
    int recoveredSendingItems = 0;         // Sending -> Pending at open
    bool sharedWithOwner = false;          // another process (the running kiosk) owns the store, see open()
    int schemaVersionAtOpen = 0;           // before migrations (0 = new file)
};

// One request to the central service, as the app hands it over.
struct OutboxRequest {
    std::string kind;         // e.g. "assistance-application", "document", "marriage-booking"
    std::string method = "POST";
    std::string path;         // e.g. /api/v1/assistance-applications (no personal data in it)
    std::string contentType = "application/json";
    Personal body;
};

struct EnqueuedItem {
    std::int64_t id = 0;
    std::string idempotencyKey;
};

// An item's metadata: safe to show and log (no personal data).
struct OutboxItem {
    std::int64_t id = 0;
    std::string idempotencyKey;
    std::string kind;
    std::string method;
    std::string path;
    std::string contentType;
    OutboxState state = OutboxState::Pending;
    int attempts = 0;
    std::int64_t nextAttemptMs = 0;  // wall clock, Unix ms
    std::string lastError;
    int httpStatus = 0;
    std::int64_t createdMs = 0;
    std::int64_t ackedMs = 0;
    std::optional<std::int64_t> dependsOn;
    bool followUp = false;  // marked by staff for follow-up at the counter
};

// An item claimed for sending, with its decrypted body.
struct ClaimedItem {
    OutboxItem item;
    Personal body;
};

struct OutboxStats {
    int pending = 0;
    int sending = 0;
    int acknowledged = 0;
    int rejected = 0;
    std::optional<std::int64_t> oldestPendingCreatedMs;
};

// A receipt as the journal keeps it: the receipt's JSON (kiosk/core/staff.h
// receiptToJson), decrypted.
struct JournalRow {
    std::int64_t id = 0;
    std::int64_t printedMs = 0;  // Unix ms
    std::string receiptJson;
};

struct CachedReference {
    std::string etag;
    std::string body;
    std::int64_t asOfMs = 0;  // when the centre last confirmed it (200 or 304)
};

class Store {
public:
    // Opens or creates the store: key file, database, corruption recovery,
    // migrations, key check (WrongKey if the key does not match the data),
    // and recovery of interrupted sends.
    // Two processes may open one store (the kiosk and kiosk-cli). The first
    // holds an advisory lock on "<db>.owner" for the Store's lifetime (the
    // kernel drops it when the process dies); only the owner moves a corrupt
    // file aside and turns interrupted sends back to pending, so a
    // `kiosk-cli outbox list` never resets items the running kiosk is sending.
    static Result<std::unique_ptr<Store>, StoreError> open(const StoreOptions& options, const Clock& clock);
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    StoreHealth health() const;
    int schemaVersion() const;

    // --- outbox ---
    Result<EnqueuedItem, StoreError> enqueue(OutboxRequest request);
    Result<std::vector<EnqueuedItem>, StoreError> enqueueChain(std::vector<OutboxRequest> requests);

    // The next due Pending item whose predecessor (if any) is acknowledged or
    // gone, moved to Sending with attempts+1. nullopt when nothing is due.
    Result<std::optional<ClaimedItem>, StoreError> claimNext();
    Status markAcknowledged(std::int64_t id, int httpStatus, const Personal& response);
    // A retry never waits longer than kMaxRetryDelayMs of the wall clock as
    // read now: an attempt stamped further ahead (the clock jumped back, e.g.
    // an RTC reset to 1970 corrected by NTP the other way) is due at once
    // rather than stalling for hours or decades (#15). Above any backoff cap.
    static constexpr std::int64_t kMaxRetryDelayMs = 60 * 60 * 1000;
    Status markRetry(std::int64_t id, std::int64_t nextAttemptMs, std::string_view error, int httpStatus = 0);
    // Final: Rejected, and every item chained after it too.
    Status markRejected(std::int64_t id, int httpStatus, std::string_view error);
    // Staff action: Rejected (or a waiting Pending) -> Pending, due now.
    Status retry(std::int64_t id);
    // Staff action: marks an item for follow-up at the counter (or clears the
    // mark). true when the mark changed, false when it already was so;
    // NotFound when there is no such item.
    Result<bool, StoreError> setFollowUp(std::int64_t id, bool on);
    // Sending -> Pending for everything (called at open; exposed for tools).
    Result<int, StoreError> recoverInterrupted();

    Result<std::vector<OutboxItem>, StoreError> list(int limit = 1000) const;
    // Pending, Sending and Rejected items, newest first (what staff see).
    Result<std::vector<OutboxItem>, StoreError> openItems(int limit = 200) const;
    Result<OutboxItem, StoreError> item(std::int64_t id) const;
    Result<OutboxStats, StoreError> stats() const;
    // The stored central answer of an acknowledged item (decrypted).
    Result<Personal, StoreError> response(std::int64_t id) const;
    // The earliest next attempt among Pending items (for the sync thread's sleep).
    std::optional<std::int64_t> nextDueMs() const;

    // Deletes acknowledged items, personal snapshots and journalled receipts
    // older than the retention period. Returns how many rows went.
    // Clock jumps (#15), the choice made:
    // - Nothing unsent (Pending, Sending, Rejected) is ever purged, whatever
    //   the clock says: only the centre's acknowledgement makes data purgeable.
    // - Ages are wall time (retention is a calendar rule, and must survive
    //   restarts, which the monotonic clock does not). So a forward jump of
    //   H purges what was acknowledged more than (retention - H) ago: only
    //   data the centre already holds, and only as early as the jump says.
    //   A record stamped in the future (the clock went back) waits until the
    //   clock passes its stamp plus the retention.
    // - A wall clock before kPlausibleWallFloorSeconds (an RTC reset to 1970)
    //   is not trusted: ages are then measured from the newest plausible time
    //   stamped in the store, so data is not kept forever while the clock is
    //   wrong. A record stamped with such a clock has no usable age and goes
    //   at the first purge once it is acknowledged (privacy first).
    Result<int, StoreError> purge();

    // --- reference-data cache (catalog, offices, slots: not personal) ---
    Status putReference(std::string_view key, std::string_view etag, std::string_view body);
    Status touchReference(std::string_view key);  // a 304: still current as of now
    std::optional<CachedReference> reference(std::string_view key) const;

    // --- personal snapshots (balances): keyed by a keyed digest, encrypted ---
    Status putSnapshot(std::string_view kind, const Personal& subject, const Personal& body);
    std::optional<std::pair<Personal, std::int64_t>> snapshot(std::string_view kind, const Personal& subject) const;

    // --- staff sign-in state (the rule: kiosk/core/staff.h) ---
    // The state of a staff number; all zeros when nothing is recorded.
    Result<SignInState, StoreError> signInState(std::string_view staffNumber) const;
    // One more wrong PIN now (afterPinFailure, in one transaction); returns
    // the new state (locked when it was the kMaxPinFailures-th in a row).
    Result<SignInState, StoreError> recordSignInFailure(std::string_view staffNumber);
    // Both return the lock as seen now, measured on the monotonic clock (#15):
    // a lock lasts kLockout of steadyNow() from when it was made, whatever the
    // wall clock does meanwhile, and lockedUntilMs is rewritten as "wall now
    // + what is left" (== wall now once it ran out: a fresh count), so
    // isLockedOut(state, nowMs()) is right and the screen's "until" is too.
    // The lock is stored in wall time (it survives a restart); a stored lock
    // this process has not seen yet is anchored on first read with what its
    // wall time says is left, at most kLockout, and a full kLockout when its
    // start lies ahead of the wall clock (the clock went back across a
    // restart). Not covered: a clock jumped forward across a restart ends a
    // stored lock early; the centre keeps its own count.
    // A right PIN: forgets the failures and any lock.
    Status clearSignIn(std::string_view staffNumber);

    // --- audit log ---
    // Appends `entry` (atMs 0: now) and, when given, enqueues `sendToCentral`
    // in the same transaction, so the entry is either both logged and queued
    // or neither. Returns the entry's id.
    Result<std::int64_t, StoreError> appendAudit(AuditEntry entry, std::optional<OutboxRequest> sendToCentral = {});
    // Newest first.
    Result<std::vector<AuditEntry>, StoreError> recentAudit(int limit) const;

    // --- receipt journal ---
    // Stores a printed receipt's JSON (encrypted), stamped `printedMs` (0: now); returns its id.
    Result<std::int64_t, StoreError> journalReceipt(std::string_view receiptJson, std::int64_t printedMs = 0);
    // Newest first; a row that cannot be decrypted is left out (and logged).
    Result<std::vector<JournalRow>, StoreError> recentReceipts(int limit) const;

    std::int64_t nowMs() const;  // wall clock, Unix ms
    Database& databaseForTests() { return *db_; }

private:
    Store(std::unique_ptr<Database> db, AtRestKey key, const Clock& clock, StoreOptions options);
    Status migrate();
    Status checkKey();
    Status noteWrite(Status s) const;
    Result<EnqueuedItem, StoreError> insertLocked(OutboxRequest& request, std::optional<std::int64_t> dependsOn);
    static OutboxItem readItem(const Statement& s);
    // The sign-in lock as seen now (see signInState); mutex_ held.
    SignInState lockSeenNow(std::string_view staffNumber, SignInState stored) const;
    std::int64_t steadyMs() const;

    mutable std::mutex mutex_;
    std::unique_ptr<Database> db_;
    AtRestKey key_;
    const Clock& clock_;
    StoreOptions options_;
    mutable StoreHealth health_;
    int ownerLockFd_ = -1;  // flock()ed while this Store owns the file
    // Staff number -> the stored lock this process anchored and when it ends
    // on the monotonic clock (steadyMs()). Guarded by mutex_.
    struct LockAnchor {
        std::int64_t storedUntilMs = 0;
        std::int64_t endsSteadyMs = 0;
    };
    mutable std::map<std::string, LockAnchor, std::less<>> lockAnchors_;
};

}  // namespace kiosk::offline
