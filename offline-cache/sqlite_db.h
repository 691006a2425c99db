#pragma once
// A thin RAII layer over the SQLite C API for the kiosk's store
// (in the style of Chromium's sql/: SQL in named constants with explicit
// columns and `?` parameters, statements and transactions as objects).
//
// Ownership: Database owns the sqlite3 connection; a Statement borrows it and
// must not outlive it. Threads: a Database is used by one thread at a time
// (the Store serialises access with its mutex). Failures are StoreError values;
// nothing here throws.
#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "kiosk/core/result.h"

namespace kiosk::offline {

enum class StoreErrorCode {
    Io,            // an I/O error other than a full disk
    DiskFull,      // ENOSPC / EFBIG / SQLITE_FULL: nothing was written
    Corrupt,       // the file is not a database or fails its integrity check
    KeyFile,       // the key file is missing and cannot be created, unreadable, or too open
    WrongKey,      // the key does not decrypt this database's data
    SchemaTooNew,  // the database was written by a newer kiosk version
    NotFound,      // no such item
    Invalid,       // the caller asked for something impossible (bad state change, bad input)
    Busy,          // another process (kiosk-cli, the kiosk) held the database longer than the busy timeout
};

const char* storeErrorName(StoreErrorCode code);

struct StoreError {
    StoreErrorCode code = StoreErrorCode::Io;
    std::string message;  // for logs and maintainers; never holds personal data
};

struct Ok {};
using Status = Result<Ok, StoreError>;

class Database;

class Statement {
public:
    Statement(Database& db, sqlite3_stmt* stmt) : db_(&db), stmt_(stmt) {}
    Statement(Statement&& o) noexcept : db_(o.db_), stmt_(o.stmt_) { o.stmt_ = nullptr; }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    bool valid() const { return stmt_ != nullptr; }
    // Parameters are 1-based, as in SQLite.
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, std::string_view text);
    Statement& bindBlob(int index, std::string_view bytes);
    Statement& bindNull(int index);

    // True when a row is available; false when done. A failure sets error().
    bool step();
    // Runs a statement that returns no rows. Returns ok or the mapped error.
    Status run();
    const std::optional<StoreError>& error() const { return error_; }

    std::int64_t columnInt(int index) const;
    std::string columnText(int index) const;
    std::string columnBlob(int index) const;
    bool columnIsNull(int index) const;

private:
    Database* db_;
    sqlite3_stmt* stmt_;
    std::optional<StoreError> error_;
};

class Database {
public:
    // Opens (creating if missing) the file at `path`: WAL journal, synchronous
    // FULL (a committed outbox write survives a power cut), foreign keys on,
    // a busy timeout for a second process (kiosk-cli) on the same file.
    // Runs PRAGMA quick_check; a file that is not a database or fails it
    // returns Corrupt (the Store decides what to do with it).
    // busyTimeout: how long a statement waits for another process's lock
    // before failing with StoreErrorCode::Busy.
    static Result<std::unique_ptr<Database>, StoreError> open(const std::string& path,
                                                              std::chrono::milliseconds busyTimeout = std::chrono::seconds(5));
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // Prepares `sql` (one statement). On failure the Statement is invalid and
    // its run()/step() report the error.
    Statement prepare(const char* sql);
    // Runs one or more statements without parameters (schema, pragmas).
    Status exec(const char* sql);

    // Maps the connection's last error for `rc` to a StoreError (and remembers
    // a corruption so the store's health shows it).
    StoreError errorFor(int rc, std::string_view what);
    bool sawCorruption() const { return sawCorruption_; }
    sqlite3* handle() { return db_; }

private:
    Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
    // SQLite reports a write that ran out of space as SQLITE_IOERR_WRITE
    // unless errno was ENOSPC, and its saved errno is often clobbered by the
    // rollback: so look at the disk and the file size limit directly.
    bool outOfSpace() const;
    sqlite3* db_;
    std::string path_;
    bool sawCorruption_ = false;
};

// BEGIN IMMEDIATE on construction (the write lock is taken up front, so a
// transaction never fails half-way on a lock upgrade); ROLLBACK on
// destruction unless commit() succeeded.
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    // The error from BEGIN, if it failed (then commit() fails too).
    const std::optional<StoreError>& beginError() const { return beginError_; }
    Status commit();

private:
    Database& db_;
    bool active_ = false;
    std::optional<StoreError> beginError_;
};

}  // namespace kiosk::offline
