#include "offline-cache/sqlite_db.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>
#include <sys/statvfs.h>

#include <cerrno>
#include <filesystem>

#include "kiosk/core/log.h"

namespace kiosk::offline {

const char* storeErrorName(StoreErrorCode code) {
    switch (code) {
    case StoreErrorCode::Io: return "io";
    case StoreErrorCode::DiskFull: return "disk-full";
    case StoreErrorCode::Corrupt: return "corrupt";
    case StoreErrorCode::KeyFile: return "key-file";
    case StoreErrorCode::WrongKey: return "wrong-key";
    case StoreErrorCode::SchemaTooNew: return "schema-too-new";
    case StoreErrorCode::NotFound: return "not-found";
    case StoreErrorCode::Invalid: return "invalid";
    case StoreErrorCode::Busy: return "busy";
    }
    return "unknown";
}

Statement::~Statement() {
    if (stmt_ != nullptr) sqlite3_finalize(stmt_);
}

Statement& Statement::bind(int index, std::int64_t value) {
    if (stmt_ != nullptr) sqlite3_bind_int64(stmt_, index, value);
    return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
    if (stmt_ != nullptr) sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bindBlob(int index, std::string_view bytes) {
    if (stmt_ != nullptr) sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bindNull(int index) {
    if (stmt_ != nullptr) sqlite3_bind_null(stmt_, index);
    return *this;
}

bool Statement::step() {
    if (stmt_ == nullptr) {
        if (!error_) error_ = StoreError{StoreErrorCode::Invalid, "statement failed to prepare"};
        return false;
    }
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) error_ = db_->errorFor(rc, sqlite3_sql(stmt_));
    return false;
}

Status Statement::run() {
    while (step()) {
    }
    if (error_) return *error_;
    return Ok{};
}

std::int64_t Statement::columnInt(int index) const { return sqlite3_column_int64(stmt_, index); }

std::string Statement::columnText(int index) const {
    const auto* p = sqlite3_column_text(stmt_, index);
    return p == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt_, index));
}

std::string Statement::columnBlob(int index) const {
    const void* p = sqlite3_column_blob(stmt_, index);
    return p == nullptr ? std::string() : std::string(static_cast<const char*>(p), sqlite3_column_bytes(stmt_, index));
}

bool Statement::columnIsNull(int index) const { return sqlite3_column_type(stmt_, index) == SQLITE_NULL; }

Result<std::unique_ptr<Database>, StoreError> Database::open(const std::string& path, std::chrono::milliseconds busyTimeout) {
    // Created 0600 (SQLite would use 0644); its -wal and -shm files copy the
    // database file's mode.
    if (int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600); fd >= 0) ::close(fd);
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    std::unique_ptr<Database> db(new Database(raw, path));
    if (rc != SQLITE_OK) return db->errorFor(rc, "open");
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, static_cast<int>(busyTimeout.count()));
    // journal_mode is the first statement that reads the header: a file that
    // is not a database fails here with SQLITE_NOTADB.
    auto status = db->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
    if (!status) return status.error();
    Statement check = db->prepare("PRAGMA quick_check");
    std::string verdict;
    if (check.step()) verdict = check.columnText(0);
    if (check.error()) return *check.error();
    if (verdict != "ok") return StoreError{StoreErrorCode::Corrupt, "integrity check failed: " + verdict.substr(0, 200)};
    return db;
}

Database::~Database() {
    if (db_ != nullptr) sqlite3_close_v2(db_);
}

Statement Database::prepare(const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql, -1, &stmt, nullptr);
    Statement s(*this, rc == SQLITE_OK ? stmt : nullptr);
    if (rc != SQLITE_OK) {
        KLOG_ERROR("store: cannot prepare statement: {} ({})", sqlite3_errmsg(db_), sql);
        errorFor(rc, sql);
    }
    return s;
}

Status Database::exec(const char* sql) {
    char* msg = nullptr;
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &msg);
    sqlite3_free(msg);
    if (rc != SQLITE_OK) return errorFor(rc, sql);
    return Ok{};
}

StoreError Database::errorFor(int rc, std::string_view what) {
    int primary = rc & 0xff;
    int sysErrno = db_ != nullptr ? sqlite3_system_errno(db_) : 0;
    std::string msg = std::string(db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc));
    msg += " [" + std::string(what.substr(0, 80)) + "] (rc " + std::to_string(rc) + ", errno " + std::to_string(sysErrno) + ")";
    if (primary == SQLITE_FULL || (primary == SQLITE_IOERR && (sysErrno == ENOSPC || sysErrno == EFBIG || outOfSpace())))
        return {StoreErrorCode::DiskFull, "disk full: " + msg};
    if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) {
        sawCorruption_ = true;
        return {StoreErrorCode::Corrupt, "database corrupt: " + msg};
    }
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
        return {StoreErrorCode::Busy, "database busy (held by another process): " + msg};
    if (primary == SQLITE_CONSTRAINT || primary == SQLITE_MISUSE || primary == SQLITE_RANGE || primary == SQLITE_ERROR)
        return {StoreErrorCode::Invalid, msg};
    return {StoreErrorCode::Io, msg};
}

bool Database::outOfSpace() const {
    constexpr std::uintmax_t kMargin = 1024 * 1024;
    std::string dir = std::filesystem::path(path_).parent_path().string();
    struct statvfs vfs {};
    if (statvfs(dir.empty() ? "." : dir.c_str(), &vfs) == 0 &&
        static_cast<std::uintmax_t>(vfs.f_bavail) * vfs.f_frsize < kMargin)
        return true;
    struct rlimit limit {};
    if (getrlimit(RLIMIT_FSIZE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
        for (const char* suffix : {"", "-wal", "-journal"}) {
            std::error_code ec;
            auto size = std::filesystem::file_size(path_ + suffix, ec);
            if (!ec && size + kMargin / 4 >= limit.rlim_cur) return true;
        }
    }
    return false;
}

Transaction::Transaction(Database& db) : db_(db) {
    auto status = db_.exec("BEGIN IMMEDIATE");
    if (status) {
        active_ = true;
    } else {
        beginError_ = status.error();
    }
}

Transaction::~Transaction() {
    if (active_) db_.exec("ROLLBACK");
}

Status Transaction::commit() {
    if (!active_) return beginError_ ? *beginError_ : StoreError{StoreErrorCode::Invalid, "no transaction"};
    auto status = db_.exec("COMMIT");
    if (status) active_ = false;
    // On failure the destructor rolls back what is left of the transaction.
    return status;
}

}  // namespace kiosk::offline
