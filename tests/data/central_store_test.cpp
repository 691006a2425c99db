// kiosk-central's storage (issue #16): the versioned schema on a SQLite file
// made before versioning, and a schema from the future refused.
#include <sqlite3.h>

#include "tests/data/test_support.h"

namespace {

using json = nlohmann::json;
using kiosk::testing::CentralProcess;
using kiosk::testing::runCentral;
using kiosk::testing::TempDir;

const std::vector<std::pair<std::string, std::string>> kKiosk{{"Authorization", "Bearer t"},
                                                              {"Content-Type", "application/json"}};

// The first release's file: the tables of then (no updates, staff or fleet
// tables, no later columns), a meta table saying "not demo", two offices in
// an order that is not alphabetical, and one application.
constexpr const char* kFirstRelease = R"SQL(
CREATE TABLE idempotency(kiosk_id TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL,
  state INTEGER NOT NULL, status INTEGER, content_type TEXT, body BLOB, created_ms INTEGER NOT NULL,
  PRIMARY KEY(kiosk_id, key));
CREATE TABLE residents(id_number TEXT PRIMARY KEY, name TEXT NOT NULL, phone TEXT NOT NULL);
CREATE TABLE balances(id INTEGER PRIMARY KEY, id_number TEXT NOT NULL, kind TEXT NOT NULL, name_zh TEXT NOT NULL,
  unit TEXT NOT NULL, balance_cents INTEGER NOT NULL, monthly_credit_cents INTEGER NOT NULL, expires TEXT);
CREATE TABLE transactions(balance_id INTEGER NOT NULL, date TEXT NOT NULL, merchant TEXT NOT NULL,
  amount_cents INTEGER NOT NULL);
CREATE TABLE offices(id TEXT PRIMARY KEY, name_zh TEXT NOT NULL, district_zh TEXT NOT NULL, address TEXT NOT NULL,
  phone TEXT NOT NULL);
CREATE TABLE slots(office_id TEXT NOT NULL, date TEXT NOT NULL, slot TEXT NOT NULL, capacity INTEGER NOT NULL,
  booked INTEGER NOT NULL, PRIMARY KEY(office_id, date, slot));
CREATE TABLE documents(kiosk_id TEXT NOT NULL, id TEXT NOT NULL, content_type TEXT NOT NULL, size INTEGER NOT NULL,
  sha256 TEXT NOT NULL, data BLOB NOT NULL, created_ms INTEGER NOT NULL, PRIMARY KEY(kiosk_id, id));
CREATE TABLE applications(id INTEGER PRIMARY KEY, reference TEXT UNIQUE, kiosk_id TEXT NOT NULL, type TEXT NOT NULL,
  applicant_digest TEXT NOT NULL, client_ref TEXT, body TEXT NOT NULL, created_ms INTEGER NOT NULL);
CREATE TABLE bookings(id INTEGER PRIMARY KEY, reference TEXT UNIQUE, kiosk_id TEXT NOT NULL, office_id TEXT NOT NULL,
  date TEXT NOT NULL, slot TEXT NOT NULL, status TEXT NOT NULL, party_a TEXT NOT NULL, party_b TEXT NOT NULL,
  created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL);
CREATE TABLE heartbeats(kiosk_id TEXT PRIMARY KEY, last_ms INTEGER NOT NULL, body TEXT NOT NULL);
CREATE TABLE commands(id INTEGER PRIMARY KEY, kiosk_id TEXT NOT NULL, command TEXT NOT NULL, args TEXT NOT NULL,
  state TEXT NOT NULL, result TEXT, created_ms INTEGER NOT NULL);
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta VALUES('demo', '0');
INSERT INTO offices VALUES('xihu', '西湖区婚姻登记处', '西湖区', '杭州市西湖区文三路 150 号', '0571-87963208');
INSERT INTO offices VALUES('binjiang', '滨江区婚姻登记处', '滨江区', '杭州市滨江区江汉路 1785 号', '0571-87702396');
INSERT INTO applications(reference, kiosk_id, type, applicant_digest, client_ref, body, created_ms)
  VALUES('SA-20250101-000001', 'k', 'dibao', 'x', 'old', '{}', 1735689600000);
)SQL";

// Runs `sql` on the file; the first column of each row as text.
std::vector<std::string> column(const std::string& file, const std::string& sql) {
    sqlite3* db = nullptr;
    std::vector<std::string> out;
    if (sqlite3_open(file.c_str(), &db) == SQLITE_OK) {
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK)
            while (sqlite3_step(st) == SQLITE_ROW) {
                const unsigned char* t = sqlite3_column_text(st, 0);
                out.emplace_back(t != nullptr ? reinterpret_cast<const char*>(t) : "");
            }
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return out;
}

bool execFile(const std::string& file, const char* sql) {
    sqlite3* db = nullptr;
    bool ok = sqlite3_open(file.c_str(), &db) == SQLITE_OK && sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
    sqlite3_close(db);
    return ok;
}

TEST(CentralSchema, AFileFromBeforeVersioningMigratesKeepingItsData) {
    TempDir dir;
    const std::string db = dir.file("central.db");
    ASSERT_TRUE(execFile(db, kFirstRelease));
    for (int start = 0; start < 2; ++start) {  // the second start finds it migrated
        CentralProcess central({"--db", db, "--kiosk", "k:t"}, CentralProcess::Demo::No);
        ASSERT_GT(central.port(), 0) << "start " << start;
        auto offices = json::parse(central.call("GET", "/api/v1/offices", {}, kKiosk).body.reveal());
        ASSERT_EQ(offices["offices"].size(), 2u) << offices;
        EXPECT_EQ(offices["offices"][0]["id"], "xihu");  // the order they were stored in
        EXPECT_EQ(offices["offices"][1]["id"], "binjiang");
        // Tables of later releases (staff, audit, fleet) are there and work.
        EXPECT_EQ(central.call("GET", "/api/v1/staff", {}, kKiosk).status, 200);
        EXPECT_EQ(central.admin("GET", "/admin/fleet/kiosks")["kiosks"].size(), 1u);
        auto r = central.call("POST", "/api/v1/assistance-applications",
                              json{{"type", "dibao"},
                                   {"applicant", {{"name", "张秀英"}, {"idNumber", "330102194803161004"}}},
                                   {"consent", true}}
                                  .dump(),
                              {{"Authorization", "Bearer t"}, {"Idempotency-Key", "after-" + std::to_string(start)}});
        ASSERT_EQ(r.status, 201) << r.body.reveal();
        // Numbered on from the old application.
        EXPECT_EQ(std::stoi(json::parse(r.body.reveal())["reference"].get<std::string>().substr(12)), start + 2)
            << r.body.reveal();
    }
    EXPECT_EQ(column(db, "SELECT value FROM meta WHERE key = 'schema_version'"), std::vector<std::string>{"2"});
    EXPECT_EQ(column(db, "SELECT name FROM pragma_table_info('idempotency') WHERE name = 'claim'").size(), 1u);
    EXPECT_EQ(column(db, "SELECT name FROM pragma_table_info('updates') WHERE name = 'rollback'").size(), 1u);
    EXPECT_EQ(column(db, "SELECT name FROM pragma_table_info('audit_entries') WHERE name = 'session_id'").size(), 1u);
    EXPECT_EQ(column(db, "SELECT client_ref FROM applications ORDER BY id"),
              (std::vector<std::string>{"old", "", ""}));
}

TEST(CentralSchema, ADatabaseFromANewerVersionIsRefused) {
    TempDir dir;
    const std::string db = dir.file("central.db");
    {
        CentralProcess central({"--db", db, "--kiosk", "k:t"}, CentralProcess::Demo::No);
        ASSERT_GT(central.port(), 0);
    }
    ASSERT_TRUE(execFile(db, "UPDATE meta SET value = '99' WHERE key = 'schema_version'"));
    auto r = runCentral({"--db", db, "--kiosk", "k:t"});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.out.find("schema version 99"), std::string::npos) << r.out;
}

}  // namespace
