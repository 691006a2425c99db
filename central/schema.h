#pragma once
// kiosk-central's database schema, versioned (in the manner of Chromium's
// sql/ MetaTable): meta(key, value) holds "schema_version"; an ordered list
// of migrations takes a database from its version to kSchemaVersion, the same
// migrations on SQLite and on PostgreSQL (central/sql.h's schema tokens cover
// what the two spell differently).
//
// - A new database gets every migration from version 1.
// - A SQLite file from before versioning (tables, no schema_version) is
//   adopted: the tables and columns it may lack are added (the old
//   "IF NOT EXISTS + hasColumn" steps), then it is version 1 and migrates on.
// - A database of a newer version than this program knows is refused.
//
// Call inside a Transaction that took lockSchema(): several servers starting
// at once on one PostgreSQL database migrate it once, one after the other.
// Throws std::runtime_error (a message for the operator) or what Sql throws.
#include "central/sql.h"

namespace kiosk::central {

inline constexpr int kSchemaVersion = 2;

struct Migrated {
    int from = 0;          // 0: the database was new
    int to = 0;
    bool adopted = false;  // a file from before versioning
};

Migrated migrateSchema(Sql& db);

}  // namespace kiosk::central
