#pragma once
// The store's schema and every SQL statement, as named constants
// (explicit columns, `?` parameters). Migrations are append-only: a shipped
// migration is never edited; the next version adds a new entry.
namespace kiosk::offline::sql {

inline constexpr const char kCreateMeta[] =
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY NOT NULL, value NOT NULL)";
inline constexpr const char kSelectMeta[] = "SELECT value FROM meta WHERE key = ?";
inline constexpr const char kUpsertMeta[] =
    "INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value";

struct Migration {
    int toVersion;
    const char* sql;
};

// Version 1: the outbox as first shipped.
inline constexpr const char kMigration1[] =
    "CREATE TABLE outbox("
    " id INTEGER PRIMARY KEY,"
    " idempotency_key TEXT NOT NULL UNIQUE,"
    " kind TEXT NOT NULL,"
    " path TEXT NOT NULL,"
    " payload BLOB NOT NULL,"
    " state INTEGER NOT NULL DEFAULT 0,"
    " attempts INTEGER NOT NULL DEFAULT 0,"
    " next_attempt_ms INTEGER NOT NULL DEFAULT 0,"
    " last_error TEXT NOT NULL DEFAULT '',"
    " created_ms INTEGER NOT NULL,"
    " acked_ms INTEGER,"
    " response BLOB)";

// Version 2: HTTP method and content type per item (document uploads are PUT
// with an image body), chains (depends_on), the last HTTP status, and the
// index the sync engine's claim query uses.
inline constexpr const char kMigration2[] =
    "ALTER TABLE outbox ADD COLUMN method TEXT NOT NULL DEFAULT 'POST';"
    "ALTER TABLE outbox ADD COLUMN content_type TEXT NOT NULL DEFAULT 'application/json';"
    "ALTER TABLE outbox ADD COLUMN depends_on INTEGER;"
    "ALTER TABLE outbox ADD COLUMN http_status INTEGER NOT NULL DEFAULT 0;"
    "CREATE INDEX outbox_due ON outbox(state, next_attempt_ms);"
    "CREATE INDEX outbox_depends ON outbox(depends_on);";

// Version 3: reference-data cache (ETag, as-of time) and personal snapshots.
inline constexpr const char kMigration3[] =
    "CREATE TABLE reference_cache("
    " key TEXT PRIMARY KEY NOT NULL,"
    " etag TEXT NOT NULL DEFAULT '',"
    " body BLOB NOT NULL,"
    " as_of_ms INTEGER NOT NULL);"
    "CREATE TABLE snapshot("
    " key TEXT PRIMARY KEY NOT NULL,"
    " body BLOB NOT NULL,"
    " as_of_ms INTEGER NOT NULL);";

// Version 4: the staff desk (kiosk/core/staff_desk.h): sign-in failures and
// locks per staff number (kept across restarts), the local audit log, the
// journal of printed receipts (bodies encrypted like outbox bodies), and the
// follow-up mark staff put on an outbox item.
inline constexpr const char kMigration4[] =
    "CREATE TABLE staff_signin("
    " staff_number TEXT PRIMARY KEY NOT NULL,"
    " failures INTEGER NOT NULL DEFAULT 0,"
    " locked_until_ms INTEGER NOT NULL DEFAULT 0,"
    " last_failure_ms INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE audit_log("
    " id INTEGER PRIMARY KEY,"
    " at_ms INTEGER NOT NULL,"
    " staff_number TEXT NOT NULL,"
    " action TEXT NOT NULL,"
    " detail TEXT NOT NULL DEFAULT '');"
    "CREATE TABLE receipt_journal("
    " id INTEGER PRIMARY KEY,"
    " printed_ms INTEGER NOT NULL,"
    " body BLOB NOT NULL);"
    "ALTER TABLE outbox ADD COLUMN follow_up INTEGER NOT NULL DEFAULT 0;";

inline constexpr Migration kMigrations[] = {{1, kMigration1}, {2, kMigration2}, {3, kMigration3}, {4, kMigration4}};

inline constexpr const char kItemColumns[] =
    "id, idempotency_key, kind, method, path, content_type, state, attempts, next_attempt_ms, last_error,"
    " http_status, created_ms, acked_ms, depends_on, follow_up";

inline constexpr const char kInsertItem[] =
    "INSERT INTO outbox(idempotency_key, kind, method, path, content_type, payload, state, attempts,"
    " next_attempt_ms, created_ms, depends_on) VALUES(?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?)";

// Due, pending, and its predecessor acknowledged or already purged. An attempt
// further ahead than the second parameter (now + the longest possible backoff)
// was stamped before the wall clock jumped back, and is due now (#15).
inline constexpr const char kSelectDue[] =
    "SELECT id, idempotency_key, kind, method, path, content_type, state, attempts, next_attempt_ms, last_error,"
    " http_status, created_ms, acked_ms, depends_on, follow_up, payload FROM outbox AS o"
    " WHERE o.state = 0 AND (o.next_attempt_ms <= ? OR o.next_attempt_ms > ?)"
    " AND NOT EXISTS(SELECT 1 FROM outbox AS d WHERE d.id = o.depends_on AND d.state <> 2)"
    " ORDER BY o.next_attempt_ms, o.id LIMIT 1";
inline constexpr const char kMarkSending[] =
    "UPDATE outbox SET state = 1, attempts = attempts + 1 WHERE id = ? AND state = 0";
inline constexpr const char kMarkAcked[] =
    "UPDATE outbox SET state = 2, acked_ms = ?, http_status = ?, response = ?, last_error = ''"
    " WHERE id = ? AND state IN (0, 1)";
inline constexpr const char kMarkRetry[] =
    "UPDATE outbox SET state = 0, next_attempt_ms = ?, last_error = ?, http_status = ? WHERE id = ? AND state = 1";
inline constexpr const char kMarkRejected[] =
    "UPDATE outbox SET state = 3, last_error = ?, http_status = ? WHERE id = ? AND state IN (0, 1)";
inline constexpr const char kSelectDependents[] = "SELECT id FROM outbox WHERE depends_on = ? AND state IN (0, 1)";
inline constexpr const char kRetryItem[] =
    "UPDATE outbox SET state = 0, next_attempt_ms = ?, attempts = 0 WHERE id = ? AND state IN (0, 3)";
inline constexpr const char kRecoverSending[] = "UPDATE outbox SET state = 0 WHERE state = 1";
inline constexpr const char kSelectItems[] =
    "SELECT id, idempotency_key, kind, method, path, content_type, state, attempts, next_attempt_ms, last_error,"
    " http_status, created_ms, acked_ms, depends_on, follow_up FROM outbox ORDER BY id LIMIT ?";
inline constexpr const char kSelectItem[] =
    "SELECT id, idempotency_key, kind, method, path, content_type, state, attempts, next_attempt_ms, last_error,"
    " http_status, created_ms, acked_ms, depends_on, follow_up FROM outbox WHERE id = ?";
// What staff see: waiting, being sent and refused items, newest first.
inline constexpr const char kSelectOpenItems[] =
    "SELECT id, idempotency_key, kind, method, path, content_type, state, attempts, next_attempt_ms, last_error,"
    " http_status, created_ms, acked_ms, depends_on, follow_up FROM outbox WHERE state IN (0, 1, 3)"
    " ORDER BY id DESC LIMIT ?";
inline constexpr const char kSetFollowUp[] = "UPDATE outbox SET follow_up = ? WHERE id = ? AND follow_up <> ?";
inline constexpr const char kItemExists[] = "SELECT 1 FROM outbox WHERE id = ?";
inline constexpr const char kSelectResponse[] = "SELECT idempotency_key, state, response FROM outbox WHERE id = ?";
inline constexpr const char kCountByState[] = "SELECT state, COUNT(*) FROM outbox GROUP BY state";
inline constexpr const char kOldestPending[] = "SELECT MIN(created_ms) FROM outbox WHERE state IN (0, 1)";
// Only items that could be claimed: one waiting for its predecessor is not due.
inline constexpr const char kNextDue[] =
    "SELECT MIN(o.next_attempt_ms) FROM outbox AS o WHERE o.state = 0"
    " AND NOT EXISTS(SELECT 1 FROM outbox AS d WHERE d.id = o.depends_on AND d.state <> 2)";
inline constexpr const char kPurgeAcked[] = "DELETE FROM outbox WHERE state = 2 AND acked_ms <= ?";
inline constexpr const char kPurgeSnapshots[] = "DELETE FROM snapshot WHERE as_of_ms <= ?";
inline constexpr const char kPurgeReceipts[] = "DELETE FROM receipt_journal WHERE printed_ms <= ?";
// The newest time stamped on anything purge() ages (Store::purge with a wrong clock).
inline constexpr const char kNewestStamp[] =
    "SELECT MAX(t) FROM (SELECT MAX(created_ms) AS t FROM outbox UNION ALL SELECT MAX(acked_ms) FROM outbox"
    " UNION ALL SELECT MAX(as_of_ms) FROM snapshot UNION ALL SELECT MAX(printed_ms) FROM receipt_journal)";

inline constexpr const char kUpsertReference[] =
    "INSERT INTO reference_cache(key, etag, body, as_of_ms) VALUES(?, ?, ?, ?)"
    " ON CONFLICT(key) DO UPDATE SET etag = excluded.etag, body = excluded.body, as_of_ms = excluded.as_of_ms";
inline constexpr const char kTouchReference[] = "UPDATE reference_cache SET as_of_ms = ? WHERE key = ?";
inline constexpr const char kSelectReference[] = "SELECT etag, body, as_of_ms FROM reference_cache WHERE key = ?";
inline constexpr const char kUpsertSnapshot[] =
    "INSERT INTO snapshot(key, body, as_of_ms) VALUES(?, ?, ?)"
    " ON CONFLICT(key) DO UPDATE SET body = excluded.body, as_of_ms = excluded.as_of_ms";
inline constexpr const char kSelectSnapshot[] = "SELECT body, as_of_ms FROM snapshot WHERE key = ?";

// Staff sign-in state (version 4).
inline constexpr const char kSelectSignIn[] =
    "SELECT failures, locked_until_ms, last_failure_ms FROM staff_signin WHERE staff_number = ?";
inline constexpr const char kUpsertSignIn[] =
    "INSERT INTO staff_signin(staff_number, failures, locked_until_ms, last_failure_ms) VALUES(?, ?, ?, ?)"
    " ON CONFLICT(staff_number) DO UPDATE SET failures = excluded.failures,"
    " locked_until_ms = excluded.locked_until_ms, last_failure_ms = excluded.last_failure_ms";
inline constexpr const char kDeleteSignIn[] = "DELETE FROM staff_signin WHERE staff_number = ?";

// The audit log (version 4).
inline constexpr const char kInsertAudit[] =
    "INSERT INTO audit_log(at_ms, staff_number, action, detail) VALUES(?, ?, ?, ?)";
inline constexpr const char kSelectRecentAudit[] =
    "SELECT id, at_ms, staff_number, action, detail FROM audit_log ORDER BY id DESC LIMIT ?";

// The receipt journal (version 4). The body is sealed with the row id as
// associated data, so the row is inserted first and sealed second.
inline constexpr const char kInsertReceipt[] = "INSERT INTO receipt_journal(printed_ms, body) VALUES(?, x'')";
inline constexpr const char kSealReceipt[] = "UPDATE receipt_journal SET body = ? WHERE id = ?";
inline constexpr const char kSelectRecentReceipts[] =
    "SELECT id, printed_ms, body FROM receipt_journal ORDER BY id DESC LIMIT ?";

}  // namespace kiosk::offline::sql
