#include "central/sql.h"

#include <stdexcept>

namespace kiosk::central {

std::int64_t Sql::Row::i(size_t n) const {
    const auto& v = cols.at(n);
    if (const auto* p = std::get_if<std::int64_t>(&v)) return *p;
    if (const auto* p = std::get_if<std::string>(&v)) return std::stoll(*p);
    return 0;
}

std::string Sql::Row::s(size_t n) const {
    const auto& v = cols.at(n);
    if (const auto* p = std::get_if<std::string>(&v)) return *p;
    if (const auto* p = std::get_if<Blob>(&v)) return p->bytes;
    if (const auto* p = std::get_if<std::int64_t>(&v)) return std::to_string(*p);
    return {};
}

Sql::Sql(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr) !=
        SQLITE_OK)
        throw std::runtime_error("cannot open database " + path);
    sqlite3_busy_timeout(db_, 5000);
}

Sql::~Sql() { sqlite3_close_v2(db_); }

void Sql::exec(const char* sql) {
    char* msg = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
        std::string m = msg != nullptr ? msg : "?";
        sqlite3_free(msg);
        throw std::runtime_error("sql: " + m);
    }
}

sqlite3_stmt* Sql::prepare(const char* sql, std::initializer_list<Value> params) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql, -1, &st, nullptr) != SQLITE_OK)
        throw std::runtime_error(std::string("sql prepare: ") + sqlite3_errmsg(db_) + " in " + sql);
    int i = 1;
    for (const auto& v : params) {
        if (const auto* n = std::get_if<std::int64_t>(&v)) sqlite3_bind_int64(st, i, *n);
        else if (const auto* s = std::get_if<std::string>(&v))
            sqlite3_bind_text(st, i, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
        else if (const auto* b = std::get_if<Blob>(&v))
            sqlite3_bind_blob(st, i, b->bytes.data(), static_cast<int>(b->bytes.size()), SQLITE_TRANSIENT);
        else sqlite3_bind_null(st, i);
        ++i;
    }
    return st;
}

std::vector<Sql::Row> Sql::query(const char* sql, std::initializer_list<Value> params) {
    sqlite3_stmt* st = prepare(sql, params);
    std::vector<Row> rows;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        Row row;
        int n = sqlite3_column_count(st);
        for (int c = 0; c < n; ++c) {
            switch (sqlite3_column_type(st, c)) {
            case SQLITE_INTEGER: row.cols.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(st, c))); break;
            case SQLITE_NULL: row.cols.emplace_back(nullptr); break;
            case SQLITE_BLOB:
                row.cols.emplace_back(Blob{std::string(static_cast<const char*>(sqlite3_column_blob(st, c)),
                                                       sqlite3_column_bytes(st, c))});
                break;
            default:
                row.cols.emplace_back(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, c)),
                                                  sqlite3_column_bytes(st, c)));
            }
        }
        rows.push_back(std::move(row));
    }
    std::string err = rc == SQLITE_DONE ? "" : sqlite3_errmsg(db_);
    sqlite3_finalize(st);
    if (!err.empty()) throw std::runtime_error("sql: " + err);
    return rows;
}

int Sql::run(const char* sql, std::initializer_list<Value> params) {
    query(sql, params);
    return sqlite3_changes(db_);
}

bool Sql::hasColumn(const char* table, const char* column) {
    return !query("SELECT 1 FROM pragma_table_info(?) WHERE name = ?", {std::string(table), std::string(column)}).empty();
}

}  // namespace kiosk::central
