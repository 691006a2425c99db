// The PostgreSQL side of central/sql.h, through libpq: parameters as text
// (blobs as binary), results as text (bytea unescaped, integers parsed).
#include <libpq-fe.h>

#include <memory>
#include <stdexcept>
#include <string>

#include "central/sql.h"
#include "kiosk/core/log.h"

namespace kiosk::central {
namespace {

// Result column types (pg_type OIDs) read as integers or as bytes.
constexpr Oid kBoolOid = 16, kByteaOid = 17, kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23;
// pg_advisory_xact_lock key for schema changes: any constant all servers share.
constexpr const char kLockSchema[] = "SELECT pg_advisory_xact_lock(74657301)";
constexpr const char kHasTable[] =
    "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?";
constexpr const char kHasColumn[] =
    "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?"
    " AND column_name = ?";

// `?` -> `$1`, `$2`, ... outside single-quoted literals.
std::string numberPlaceholders(const char* sql) {
    std::string out;
    bool quoted = false;
    int n = 0;
    for (const char* p = sql; *p != '\0'; ++p) {
        if (*p == '\'') quoted = !quoted;
        if (*p == '?' && !quoted) out += "$" + std::to_string(++n);
        else out += *p;
    }
    return out;
}

struct ResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

// The primary message and SQLSTATE only: DETAIL may quote key values.
std::string errorOf(const PGresult* r, PGconn* conn) {
    const char* primary = r != nullptr ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    const char* state = r != nullptr ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    std::string m = primary != nullptr ? primary : PQerrorMessage(conn);
    if (state != nullptr) m += std::string(" (SQLSTATE ") + state + ")";
    return m;
}

class PostgresSql final : public Sql {
public:
    explicit PostgresSql(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
        if (conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK) {
            // The URI may hold a password: the message names the server's answer only.
            std::string why = conn_ != nullptr ? PQerrorMessage(conn_) : "out of memory";
            if (conn_ != nullptr) PQfinish(conn_);
            while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
            throw std::runtime_error("cannot connect to the PostgreSQL database: " + why);
        }
        // "relation already exists, skipping" and the like are not for stderr.
        PQsetNoticeProcessor(conn_, [](void*, const char* message) { KLOG_DEBUG("postgresql: {}", message); }, nullptr);
        exec("SET client_encoding = 'UTF8'");
    }
    ~PostgresSql() override { PQfinish(conn_); }

    Dialect dialect() const override { return Dialect::PostgreSQL; }

    void exec(const char* sql) override {
        reconnectIfLost();
        Result r(PQexec(conn_, sql));
        auto status = PQresultStatus(r.get());
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
            throw std::runtime_error("sql: " + errorOf(r.get(), conn_));
    }

    std::vector<Row> query(const char* sql, std::initializer_list<Value> params) override {
        Result r = execute(sql, params);
        std::vector<Row> rows;
        const int n = PQntuples(r.get()), cols = PQnfields(r.get());
        rows.reserve(static_cast<size_t>(n));
        for (int t = 0; t < n; ++t) {
            Row row;
            for (int c = 0; c < cols; ++c) {
                if (PQgetisnull(r.get(), t, c)) {
                    row.cols.emplace_back(nullptr);
                    continue;
                }
                const char* text = PQgetvalue(r.get(), t, c);
                switch (PQftype(r.get(), c)) {
                case kInt2Oid:
                case kInt4Oid:
                case kInt8Oid: row.cols.emplace_back(static_cast<std::int64_t>(std::stoll(text))); break;
                case kBoolOid: row.cols.emplace_back(static_cast<std::int64_t>(text[0] == 't')); break;
                case kByteaOid: {
                    size_t size = 0;
                    unsigned char* bytes = PQunescapeBytea(reinterpret_cast<const unsigned char*>(text), &size);
                    if (bytes == nullptr) throw std::runtime_error("sql: cannot decode a bytea value");
                    row.cols.emplace_back(Blob{std::string(reinterpret_cast<const char*>(bytes), size)});
                    PQfreemem(bytes);
                    break;
                }
                default: row.cols.emplace_back(std::string(text, static_cast<size_t>(PQgetlength(r.get(), t, c))));
                }
            }
            rows.push_back(std::move(row));
        }
        return rows;
    }

    int run(const char* sql, std::initializer_list<Value> params) override {
        Result r = execute(sql, params);
        return std::atoi(PQcmdTuples(r.get()));
    }

    bool hasTable(const char* table) override { return !query(kHasTable, {std::string(table)}).empty(); }
    bool hasColumn(const char* table, const char* column) override {
        return !query(kHasColumn, {std::string(table), std::string(column)}).empty();
    }

protected:
    void begin() override { exec("BEGIN"); }
    void lockSchema() override { exec(kLockSchema); }

private:
    // A server restart or a dropped connection: open it again (outside a
    // transaction only; inside one the statement fails and the caller rolls back).
    void reconnectIfLost() {
        if (PQstatus(conn_) == CONNECTION_OK) return;
        KLOG_WARN("central: the PostgreSQL connection was lost; reconnecting");
        PQreset(conn_);
    }

    Result execute(const char* sql, std::initializer_list<Value> params) {
        reconnectIfLost();
        const std::string text = numberPlaceholders(sql);
        std::vector<std::string> owned;
        owned.reserve(params.size());
        std::vector<const char*> values;
        std::vector<int> lengths, formats;
        for (const auto& v : params) {
            if (const auto* n = std::get_if<std::int64_t>(&v)) {
                owned.push_back(std::to_string(*n));
                values.push_back(owned.back().c_str());
                lengths.push_back(0);
                formats.push_back(0);
            } else if (const auto* s = std::get_if<std::string>(&v)) {
                values.push_back(s->c_str());
                lengths.push_back(0);
                formats.push_back(0);
            } else if (const auto* b = std::get_if<Blob>(&v)) {
                values.push_back(b->bytes.data());
                lengths.push_back(static_cast<int>(b->bytes.size()));
                formats.push_back(1);  // binary: the bytes as they are
            } else {
                values.push_back(nullptr);
                lengths.push_back(0);
                formats.push_back(0);
            }
        }
        Result r(PQexecParams(conn_, text.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                              lengths.data(), formats.data(), 0));
        auto status = PQresultStatus(r.get());
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
            throw std::runtime_error("sql: " + errorOf(r.get(), conn_) + " in " + sql);
        return r;
    }

    PGconn* conn_;
};

}  // namespace

std::unique_ptr<Sql> openPostgres(const std::string& url) { return std::make_unique<PostgresSql>(url); }

}  // namespace kiosk::central
