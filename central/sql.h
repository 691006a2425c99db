#pragma once
// A minimal SQLite helper for the reference server (central/ must not depend
// on offline-cache/). One connection; the server serialises access with its
// own mutex. Errors here are unexpected (the server's own database), so they
// throw and the request becomes a 500 problem.
#include <sqlite3.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <variant>
#include <vector>

namespace kiosk::central {

struct Blob {
    std::string bytes;
};

class Sql {
public:
    using Value = std::variant<std::nullptr_t, std::int64_t, std::string, Blob>;
    struct Row {
        std::vector<Value> cols;
        std::int64_t i(size_t n) const;
        std::string s(size_t n) const;
        bool null(size_t n) const { return std::holds_alternative<std::nullptr_t>(cols.at(n)); }
    };

    explicit Sql(const std::string& path);
    ~Sql();
    Sql(const Sql&) = delete;
    Sql& operator=(const Sql&) = delete;

    void exec(const char* sql);
    std::vector<Row> query(const char* sql, std::initializer_list<Value> params = {});
    // Returns the number of rows changed.
    int run(const char* sql, std::initializer_list<Value> params = {});
    std::int64_t lastId() const { return sqlite3_last_insert_rowid(db_); }
    // For migrations that add a column to a table older files already have.
    bool hasColumn(const char* table, const char* column);

private:
    sqlite3_stmt* prepare(const char* sql, std::initializer_list<Value> params);
    sqlite3* db_ = nullptr;
};

}  // namespace kiosk::central
