#include "central/schema.h"

#include <stdexcept>
#include <string>

#include "kiosk/core/log.h"

namespace kiosk::central {
namespace {

constexpr const char kMetaSchema[] = "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)";
constexpr const char kSelectVersion[] = "SELECT value FROM meta WHERE key = 'schema_version'";
constexpr const char kUpsertVersion[] =
    "INSERT INTO meta(key, value) VALUES('schema_version', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value";

// Version 1: the schema as it was when versioning began (every table with
// the columns added to it by then). IF NOT EXISTS so that adopting an older
// file keeps its tables. Integers are BIGINT (milliseconds since 1970 do not
// fit PostgreSQL's INTEGER); @id and @blob: Sql::execSchema.
// offices.position / residents.position: the seed order (SQLite's rowid
// order before), which PostgreSQL has no stand-in for.
constexpr const char kVersion1[] = R"SQL(
CREATE TABLE IF NOT EXISTS idempotency(kiosk_id TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL,
  state BIGINT NOT NULL, status BIGINT, content_type TEXT, body @blob, created_ms BIGINT NOT NULL,
  PRIMARY KEY(kiosk_id, key));
CREATE INDEX IF NOT EXISTS idempotency_created ON idempotency(created_ms);
CREATE TABLE IF NOT EXISTS residents(id_number TEXT PRIMARY KEY, name TEXT NOT NULL, phone TEXT NOT NULL,
  position BIGINT);
CREATE TABLE IF NOT EXISTS balances(id @id, id_number TEXT NOT NULL, kind TEXT NOT NULL, name_zh TEXT NOT NULL,
  unit TEXT NOT NULL, balance_cents BIGINT NOT NULL, monthly_credit_cents BIGINT NOT NULL, expires TEXT);
CREATE TABLE IF NOT EXISTS transactions(balance_id BIGINT NOT NULL, date TEXT NOT NULL, merchant TEXT NOT NULL,
  amount_cents BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS offices(id TEXT PRIMARY KEY, name_zh TEXT NOT NULL, district_zh TEXT NOT NULL,
  address TEXT NOT NULL, phone TEXT NOT NULL, position BIGINT);
CREATE TABLE IF NOT EXISTS slots(office_id TEXT NOT NULL, date TEXT NOT NULL, slot TEXT NOT NULL,
  capacity BIGINT NOT NULL, booked BIGINT NOT NULL, PRIMARY KEY(office_id, date, slot));
CREATE TABLE IF NOT EXISTS documents(kiosk_id TEXT NOT NULL, id TEXT NOT NULL, content_type TEXT NOT NULL,
  size BIGINT NOT NULL, sha256 TEXT NOT NULL, data @blob NOT NULL, created_ms BIGINT NOT NULL,
  PRIMARY KEY(kiosk_id, id));
CREATE TABLE IF NOT EXISTS applications(id @id, reference TEXT UNIQUE, kiosk_id TEXT NOT NULL, type TEXT NOT NULL,
  applicant_digest TEXT NOT NULL, client_ref TEXT, body TEXT NOT NULL, created_ms BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS bookings(id @id, reference TEXT UNIQUE, kiosk_id TEXT NOT NULL, office_id TEXT NOT NULL,
  date TEXT NOT NULL, slot TEXT NOT NULL, status TEXT NOT NULL, party_a TEXT NOT NULL, party_b TEXT NOT NULL,
  created_ms BIGINT NOT NULL, updated_ms BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS heartbeats(kiosk_id TEXT PRIMARY KEY, last_ms BIGINT NOT NULL, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS commands(id @id, kiosk_id TEXT NOT NULL, command TEXT NOT NULL, args TEXT NOT NULL,
  state TEXT NOT NULL, result TEXT, created_ms BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS updates(kiosk_id TEXT PRIMARY KEY, ref TEXT NOT NULL, commit_id TEXT NOT NULL,
  url TEXT NOT NULL, published_ms BIGINT NOT NULL, rollback TEXT);
CREATE TABLE IF NOT EXISTS staff(number TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL,
  pin_hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS audit_entries(id @id, kiosk_id TEXT NOT NULL, at_ms BIGINT NOT NULL,
  staff_number TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL, received_ms BIGINT NOT NULL,
  session_id TEXT);
CREATE INDEX IF NOT EXISTS audit_entries_kiosk ON audit_entries(kiosk_id, id);
CREATE TABLE IF NOT EXISTS staff_lockouts(staff_number TEXT PRIMARY KEY, failures BIGINT NOT NULL,
  locked_until_ms BIGINT NOT NULL, last_failure_ms BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS staff_sessions(id TEXT PRIMARY KEY, kiosk_id TEXT NOT NULL, staff_number TEXT NOT NULL,
  kind TEXT NOT NULL, created_ms BIGINT NOT NULL, expires_ms BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS kiosk_offline_keys(kiosk_id TEXT PRIMARY KEY, key @blob NOT NULL,
  created_ms BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS audit_refused(id @id, kiosk_id TEXT NOT NULL, at_ms BIGINT, staff_number TEXT,
  session_id TEXT, action TEXT, reason TEXT NOT NULL, received_ms BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS kiosks(kiosk_id TEXT PRIMARY KEY, last_ms BIGINT NOT NULL, version TEXT NOT NULL,
  deployment TEXT NOT NULL, health TEXT NOT NULL, queue_depth BIGINT, config_version BIGINT NOT NULL,
  heartbeat_ms BIGINT NOT NULL, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS kiosk_configs(kiosk_id TEXT PRIMARY KEY, version BIGINT NOT NULL, envelope TEXT NOT NULL,
  pushed_ms BIGINT NOT NULL);
)SQL";

// Version 2: an in-progress Idempotency-Key is a claim of one server
// (a random token), which another server may take over once it is older
// than the request timeout (server.cpp); completing checks the token.
constexpr const char kVersion2[] = "ALTER TABLE idempotency ADD COLUMN claim TEXT";

// In order; kMigrations[n] takes version n to n + 1.
constexpr const char* kMigrations[] = {kVersion1, kVersion2};
static_assert(std::size(kMigrations) == kSchemaVersion);

// Columns that files from before versioning may lack (each added to a table
// after the first release), and how to fill them.
struct LegacyColumn {
    const char* table;
    const char* column;
    const char* add;
    const char* fill;  // nullptr: NULL is right
};
constexpr LegacyColumn kLegacyColumns[] = {
    {"updates", "rollback", "ALTER TABLE updates ADD COLUMN rollback TEXT", nullptr},
    {"audit_entries", "session_id", "ALTER TABLE audit_entries ADD COLUMN session_id TEXT", nullptr},
    {"offices", "position", "ALTER TABLE offices ADD COLUMN position BIGINT", "UPDATE offices SET position = rowid"},
    {"residents", "position", "ALTER TABLE residents ADD COLUMN position BIGINT",
     "UPDATE residents SET position = rowid"},
};

// A SQLite file made before versioning, to version 1.
void adoptLegacyFile(Sql& db) {
    db.execSchema(kVersion1);  // the tables it lacks
    for (const auto& c : kLegacyColumns)
        if (!db.hasColumn(c.table, c.column)) {
            db.exec(c.add);
            if (c.fill != nullptr) db.exec(c.fill);
        }
}

}  // namespace

Migrated migrateSchema(Sql& db) {
    Migrated m;
    const bool hadTables = db.hasTable("offices");
    db.exec(kMetaSchema);
    auto rows = db.query(kSelectVersion);
    if (!rows.empty()) {
        m.from = std::stoi(rows.front().s(0));
    } else if (hadTables) {
        if (db.dialect() != Sql::Dialect::SQLite)
            throw std::runtime_error("the database has kiosk-central's tables but no schema version");
        adoptLegacyFile(db);
        m.from = 1;
        m.adopted = true;
    }
    if (m.from > kSchemaVersion)
        throw std::runtime_error("the database has schema version " + std::to_string(m.from) + ", newer than this kiosk-central knows (" +
                                 std::to_string(kSchemaVersion) + "): run a newer kiosk-central");
    for (int v = m.from; v < kSchemaVersion; ++v) db.execSchema(kMigrations[v]);
    m.to = kSchemaVersion;
    if (m.to != m.from || m.adopted) {
        db.run(kUpsertVersion, {std::to_string(m.to)});
        KLOG_INFO("central: database schema {} -> {}{}", m.from, m.to, m.adopted ? " (a file from before versioning)" : "");
    }
    return m;
}

}  // namespace kiosk::central
