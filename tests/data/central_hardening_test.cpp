// kiosk-central's trust boundaries (issue #13), against the real binary on
// loopback: demo trust only with --demo, request bodies bounded and checked
// against the contract (4xx naming the field, never a crash or a 5xx),
// /admin input checked, keys and digests that persist (0600) and a signing
// key rotation that keeps earlier receipts verifiable.
#include <sqlite3.h>
#include <sys/stat.h>

#include <fstream>
#include <regex>

#include "tests/data/test_support.h"

namespace {

using json = nlohmann::json;
using kiosk::testing::CentralProcess;
using kiosk::testing::Finished;
using kiosk::testing::TempDir;
using kiosk::testing::runCentral;

constexpr const char* kResident = "330102194803161004";  // demo resident, female, 1948
constexpr const char* kPartyA = "330106199003070014";    // demo card holder, male, 1990
const std::vector<std::pair<std::string, std::string>> kKiosk{{"Authorization", "Bearer demo-token"},
                                                              {"Content-Type", "application/json"}};

std::string application(const json& changes = json::object()) {
    json b{{"type", "dibao"},
           {"applicant", {{"name", "张秀英"}, {"idNumber", kResident}}},
           {"consent", true},
           {"clientReference", "hardening"}};
    b.merge_patch(changes);
    return b.dump();
}

kiosk::offline::HttpResponse post(CentralProcess& central, const std::string& path, const std::string& body,
                                  const std::string& key = "k-" + std::to_string(::random())) {
    auto h = kKiosk;
    h.emplace_back("Idempotency-Key", key);
    return central.call("POST", path, body, h);
}

json problemOf(const kiosk::offline::HttpResponse& r) { return json::parse(r.body.reveal(), nullptr, false); }

int fileMode(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 ? static_cast<int>(st.st_mode & 0777) : -1;
}

std::vector<std::string> keyIds(CentralProcess& central) {
    auto keys = json::parse(central.call("GET", "/api/v1/keys/code-signing", {}, kKiosk).body.reveal())["keys"];
    std::vector<std::string> ids;
    for (const auto& k : keys) ids.push_back(k["keyId"].get<std::string>());
    return ids;
}

// ---- demo trust only with --demo --------------------------------------------

TEST(CentralDemoGate, RefusesToStartWithoutKioskCredentialsUnlessDemo) {
    Finished r = runCentral({"--log-level", "warn"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.out.find("no kiosk credentials"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("--kiosk ID:TOKEN"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("--demo"), std::string::npos) << r.out;
}

TEST(CentralDemoGate, WithoutDemoThereIsNoDemoTokenStaffOrStaffCards) {
    CentralProcess central({"--kiosk", "kiosk-7:a-real-token"}, CentralProcess::Demo::No);
    ASSERT_GT(central.port(), 0);
    EXPECT_EQ(central.call("GET", "/api/v1/catalog", {}, kKiosk).status, 401);  // demo-token is nobody
    std::vector<std::pair<std::string, std::string>> real{{"Authorization", "Bearer a-real-token"}};
    EXPECT_EQ(central.call("GET", "/api/v1/catalog", {}, real).status, 200);
    EXPECT_EQ(central.call("GET", "/api/v1/demo/staff-cards", {}, real).status, 404);
    auto staff = central.call("GET", "/api/v1/staff", {}, real);
    EXPECT_EQ(staff.body.reveal().find("00000042"), std::string::npos) << "demo maintainer seeded";
    EXPECT_EQ(staff.body.reveal().find("00000017"), std::string::npos) << "demo staff seeded";
}

TEST(CentralDemoGate, KioskCredentialsComeFromAFile) {
    TempDir dir;
    std::ofstream(dir.file("kiosks")) << "# enrolled kiosks\n\nkiosk-hall-3:3f9c0d7e5b\n  kiosk-hall-4:77aa01  \n";
    CentralProcess central({"--kiosks-file", dir.file("kiosks")}, CentralProcess::Demo::No);
    ASSERT_GT(central.port(), 0);
    EXPECT_EQ(central.call("GET", "/api/v1/catalog", {}, {{"Authorization", "Bearer 3f9c0d7e5b"}}).status, 200);
    EXPECT_EQ(central.call("GET", "/api/v1/catalog", {}, {{"Authorization", "Bearer 77aa01"}}).status, 200);
    std::ofstream(dir.file("bad")) << "no-colon-here\n";
    Finished r = runCentral({"--kiosks-file", dir.file("bad")});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.out.find("ID:TOKEN"), std::string::npos) << r.out;
}

TEST(CentralDemoGate, ADemoDatabaseIsNotServedWithoutDemo) {
    TempDir dir;
    {
        CentralProcess demo({"--db", dir.file("central.db")});
        ASSERT_GT(demo.port(), 0);
    }
    Finished r = runCentral({"--db", dir.file("central.db"), "--kiosk", "k:t"});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.out.find("holds the demo data"), std::string::npos) << r.out;
}

TEST(CentralDemoGate, ARealDatabaseDoesNotTakeTheDemoData) {
    TempDir dir;
    {
        CentralProcess real({"--db", dir.file("central.db"), "--kiosk", "k:t"}, CentralProcess::Demo::No);
        ASSERT_GT(real.port(), 0);
    }
    Finished r = runCentral({"--db", dir.file("central.db"), "--demo"});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.out.find("made without --demo"), std::string::npos) << r.out;
    CentralProcess again({"--db", dir.file("central.db"), "--kiosk", "k:t"}, CentralProcess::Demo::No);
    EXPECT_GT(again.port(), 0);  // and it still starts as what it is
}

// ---- request bodies -----------------------------------------------------------

TEST(CentralBodies, AWrongTypeIsA400NamingTheFieldAndNothingIsStored) {
    CentralProcess central;
    ASSERT_GT(central.port(), 0);
    for (const auto& [changes, field] : std::vector<std::pair<json, std::string>>{
             {{{"type", 5}}, "/type: must be a string"},
             {{{"consent", "yes"}}, "/consent: must be a boolean"},
             {{{"clientReference", 42}}, "/clientReference: must be a string"},
             {{{"household", {{{"name", "x"}, {"idNumber", 330106199003070014LL}}}}}, "/household/0/idNumber: must be a string"},
             {{{"type", "other"}}, "/type: must be one of dibao, tekun, linshi, yiliao"}}) {
        auto r = post(central, "/api/v1/assistance-applications", application(changes));
        EXPECT_EQ(r.status, 400) << changes.dump() << " " << r.body.reveal();
        EXPECT_EQ(problemOf(r)["detail"], field) << changes.dump();
        EXPECT_NE(r.header("content-type").find("application/problem+json"), std::string::npos);
    }
    auto booking = post(central, "/api/v1/marriage-bookings", json{{"officeId", "xihu"}, {"date", 20261204}}.dump());
    EXPECT_EQ(booking.status, 400);
    EXPECT_EQ(problemOf(booking)["detail"], "/date: must be a string");
    auto byPerson = central.call("POST", "/api/v1/status/by-person", R"({"idNumber": ["x"]})", kKiosk);
    EXPECT_EQ(byPerson.status, 400);
    EXPECT_EQ(problemOf(byPerson)["detail"], "/idNumber: must be a string");
    EXPECT_EQ(central.stats()["applications"], 0);
    EXPECT_EQ(post(central, "/api/v1/assistance-applications", application()).status, 201);
}

TEST(CentralBodies, AnIdempotencyKeyOtherThanVisibleAsciiIsA400) {
    CentralProcess central;
    ASSERT_GT(central.port(), 0);
    for (const std::string& key : {std::string("k\xff\xfe"), std::string("\xd0\xba\xd0\xbb\xd1\x8e\xd1\x87"),
                                   std::string(256, 'a'), std::string("two words")}) {
        auto r = post(central, "/api/v1/assistance-applications", application(), key);
        EXPECT_EQ(r.status, 400) << r.body.reveal();
        EXPECT_NE(problemOf(r)["type"].get<std::string>().find("idempotency-key-missing"), std::string::npos);
    }
    EXPECT_EQ(central.stats()["applications"], 0);
    EXPECT_EQ(post(central, "/api/v1/assistance-applications", application(), std::string(255, 'a')).status, 201);
}

TEST(CentralBodies, DeepNestingIsRefusedAndTheServerStaysUp) {
    CentralProcess central;
    ASSERT_GT(central.port(), 0);
    const std::string heartbeat = "/api/v1/kiosks/kiosk-demo-01/heartbeat";
    // 100k nested arrays used to kill kiosk-central (SIGSEGV in recursive dump()).
    std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
    auto r = central.call("POST", heartbeat, deep, kKiosk);
    EXPECT_TRUE(r.status == 400 || r.status == 413) << r.status;
    // Within the size limit but too deep, inside an object, on every JSON endpoint.
    std::string nested = "{\"storeHealth\": {\"a\": " + std::string(40, '[') + std::string(40, ']') + "}}";
    r = central.call("POST", heartbeat, nested, kKiosk);
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(problemOf(r)["title"], "The body nests too deeply");
    EXPECT_EQ(post(central, "/api/v1/assistance-applications", nested).status, 400);
    EXPECT_EQ(central.call("POST", "/api/v1/balances/query", nested, kKiosk).status, 400);
    // Still serving.
    r = central.call("POST", heartbeat, R"({"version": "1.0", "health": "ok"})", kKiosk);
    EXPECT_EQ(r.status, 200) << r.body.reveal();
}

TEST(CentralBodies, OversizedBodiesAre413PerEndpoint) {
    CentralProcess central;
    ASSERT_GT(central.port(), 0);
    std::string big = json{{"version", std::string(100 * 1024, 'v')}}.dump();
    auto r = central.call("POST", "/api/v1/kiosks/kiosk-demo-01/heartbeat", big, kKiosk);
    EXPECT_EQ(r.status, 413);
    EXPECT_EQ(problemOf(r)["type"], "urn:civil-kiosk:problem:body-too-large");
    std::string audit = json{{"at", 1}, {"staff", "00000017"}, {"action", "sign-in"}, {"detail", std::string(8000, 'd')}}.dump();
    EXPECT_EQ(post(central, "/api/v1/audit-entries", audit).status, 413);
    std::string document(11 * 1024 * 1024, 'p');
    auto h = std::vector<std::pair<std::string, std::string>>{
        {"Authorization", "Bearer demo-token"}, {"Content-Type", "image/png"}, {"Idempotency-Key", "doc-big"}};
    EXPECT_EQ(central.call("PUT", "/api/v1/documents/doc-00000001", document, h).status, 413);
    EXPECT_EQ(central.call("POST", "/api/v1/kiosks/kiosk-demo-01/heartbeat", R"({"version": "1"})", kKiosk).status, 200);
}

TEST(CentralBodies, AKiosksDocumentsAreBoundedInNumber) {
    CentralProcess central;
    ASSERT_GT(central.port(), 0);
    auto put = [&](int n) {
        char id[32];
        std::snprintf(id, sizeof id, "doc-%08d", n);
        return central.call("PUT", std::string("/api/v1/documents/") + id, "png",
                            {{"Authorization", "Bearer demo-token"},
                             {"Content-Type", "image/png"},
                             {"Idempotency-Key", std::string("quota-") + id}})
            .status;
    };
    for (int n = 0; n < 2000; ++n) ASSERT_EQ(put(n), 201) << n;
    EXPECT_EQ(put(2000), 413);  // final for the kiosk: a 4xx, not retried
    EXPECT_EQ(central.stats()["documents"], 2000);
}

// ---- admin input ---------------------------------------------------------------

TEST(CentralAdminInput, UpdatesAndCommandsAreCheckedServerSide) {
    CentralProcess central;
    ASSERT_GT(central.port(), 0);
    auto updates = [&](const json& body) { return central.adminCall("POST", "/admin/updates", body.dump()); };
    const std::string commit(64, 'a');
    EXPECT_EQ(updates({{"commit", std::string(64, 'g')}}).status, 400);
    EXPECT_EQ(updates({{"commit", "abc"}}).status, 400);
    EXPECT_EQ(updates({{"commit", commit}, {"kiosks", {"ok", "no spaces"}}}).status, 400);
    EXPECT_EQ(updates({{"commit", commit}, {"url", "javascript:alert(1)"}}).status, 400);
    EXPECT_EQ(updates({{"commit", commit}, {"ref", "../../etc"}}).status, 400);
    auto bad = updates({{"commit", commit}, {"kiosks", json::array()}});
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(problemOf(bad)["detail"], "/kiosks: must have at least 1 items");
    EXPECT_EQ(updates({{"commit", commit}, {"kiosks", {"kiosk-demo-01"}}}).status, 200);

    auto command = [&](const std::string& kiosk, const json& body) {
        return central.adminCall("POST", "/admin/kiosks/" + kiosk + "/commands", body.dump());
    };
    EXPECT_EQ(command("kiosk-demo-01", {{"command", "format-disk"}}).status, 400);
    EXPECT_EQ(command("kiosk-demo-01", {{"command", "notice"}, {"args", "text"}}).status, 400);
    EXPECT_EQ(command("kiosk-demo-01", json::object()).status, 400);
    EXPECT_EQ(command(std::string(65, 'k'), {{"command", "sync-now"}}).status, 404);
    EXPECT_EQ(command("kiosk-demo-01", {{"command", "sync-now"}}).status, 201);
    EXPECT_EQ(central.adminCall("POST", "/admin/faults", R"({"errorRate": "lots"})").status, 400);
    EXPECT_EQ(central.adminCall("POST", "/admin/time", R"({"advanceSeconds": -5})").status, 400);
}

// ---- keys, digests, files ------------------------------------------------------------

TEST(CentralKeys, KeysPersistOwnerOnlyAndARotationKeepsEarlierReceiptsValid) {
    TempDir dir;
    const std::string db = dir.file("central.db");
    std::string receipt;
    std::vector<std::string> before;
    {
        CentralProcess central({"--db", db});
        ASSERT_GT(central.port(), 0);
        before = keyIds(central);
        auto r = post(central, "/api/v1/assistance-applications", application());
        ASSERT_EQ(r.status, 201) << r.body.reveal();
        receipt = problemOf(r)["receiptCode"].get<std::string>();
    }
    EXPECT_EQ(fileMode(db), 0600);
    EXPECT_EQ(fileMode(db + ".signing-key"), 0600);
    EXPECT_EQ(fileMode(db + ".digest-key"), 0600);
    auto lookup = [&](CentralProcess& central) {
        return central.call("POST", "/api/v1/status/lookup", json{{"code", receipt}}.dump(), kKiosk);
    };
    {
        CentralProcess central({"--db", db});  // a restart keeps the key: the receipt still verifies
        ASSERT_GT(central.port(), 0);
        EXPECT_EQ(keyIds(central), before);
        EXPECT_EQ(lookup(central).status, 200);
        // The applicant is found by the keyed digest, which persisted too.
        auto mine = central.call("POST", "/api/v1/status/by-person", json{{"idNumber", kResident}}.dump(), kKiosk);
        EXPECT_EQ(json::parse(mine.body.reveal())["items"].size(), 1u) << mine.body.reveal();
    }
    Finished rotated = runCentral({"--signing-key", db + ".signing-key", "--rotate-signing-key"});
    ASSERT_EQ(rotated.exitCode, 0) << rotated.out;
    EXPECT_EQ(rotated.out.find(before.front()), std::string::npos);
    {
        CentralProcess central({"--db", db});
        ASSERT_GT(central.port(), 0);
        auto now = keyIds(central);
        ASSERT_EQ(now.size(), 2u);
        EXPECT_NE(now[0], before[0]);  // the new key signs ...
        EXPECT_EQ(now[1], before[0]);  // ... the old one is still published for verification
        EXPECT_EQ(lookup(central).status, 200);
        auto fresh = post(central, "/api/v1/assistance-applications", application());
        EXPECT_NE(problemOf(fresh)["receiptCode"].get<std::string>().find("." + now[0] + "."), std::string::npos);
    }
    // ID-number digests are keyed (HMAC), not a plain SHA-256 anyone can recompute.
    sqlite3* conn = nullptr;
    ASSERT_EQ(sqlite3_open_v2(db.c_str(), &conn, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(conn, "SELECT applicant_digest FROM applications", -1, &st, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
    std::string digest = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(conn);
    EXPECT_EQ(digest.size(), 64u);
    std::string plain;
    {
        // sha256(kResident), the digest the server used to store.
        FILE* p = ::popen((std::string("printf %s ") + kResident + " | sha256sum").c_str(), "r");
        ASSERT_NE(p, nullptr);
        char buf[65] = {};
        ASSERT_EQ(fread(buf, 1, 64, p), 64u);
        ::pclose(p);
        plain = buf;
    }
    EXPECT_NE(digest, plain);
}

TEST(CentralBookings, ReferencesAreNotCountableAndReadOnlyByAParty) {
    CentralProcess central;
    ASSERT_GT(central.port(), 0);
    auto slots = json::parse(central.call("GET", "/api/v1/offices/xihu/slots?days=30", {}, kKiosk).body.reveal())["slots"];
    std::vector<std::string> refs;
    for (const auto& s : slots) {
        if (refs.size() == 2) break;
        if (s["available"].get<int>() < 1 || s == slots.front()) continue;
        auto r = post(central, "/api/v1/marriage-bookings",
                      json{{"officeId", "xihu"},
                           {"date", s["date"]},
                           {"slot", s["slot"]},
                           {"partyA", {{"idNumber", kPartyA}}},
                           {"partyB", {{"idNumber", kResident}}}}
                          .dump());
        ASSERT_EQ(r.status, 201) << r.body.reveal();
        auto b = json::parse(r.body.reveal());
        if (b["status"] == "confirmed") refs.push_back(b["reference"].get<std::string>());
    }
    ASSERT_EQ(refs.size(), 2u);
    static const std::regex kShape("MB-[1-9][0-9]{9}");
    for (const auto& ref : refs) EXPECT_TRUE(std::regex_match(ref, kShape)) << ref;
    EXPECT_NE(refs[0], "MB-000001");
    EXPECT_NE(std::stoll(refs[1].substr(3)) - std::stoll(refs[0].substr(3)), 1);

    // Read back by a party only: the reference and that party's ID number.
    auto lookup = [&](const std::string& ref, const json& body) {
        return central.call("POST", "/api/v1/marriage-bookings/" + ref + "/lookup", body.dump(), kKiosk);
    };
    auto mine = lookup(refs[0], {{"idNumber", kResident}});
    ASSERT_EQ(mine.status, 200) << mine.body.reveal();
    EXPECT_EQ(json::parse(mine.body.reveal())["reference"], refs[0]);
    EXPECT_EQ(lookup(refs[0], {{"idNumber", kPartyA}}).status, 200);
    auto stranger = lookup(refs[0], {{"idNumber", "330105198511230036"}});  // a valid number, not a party
    EXPECT_EQ(stranger.status, 404);
    EXPECT_EQ(lookup("MB-1000000000", {{"idNumber", kResident}}).body.reveal(), stranger.body.reveal());  // no probing
    EXPECT_EQ(lookup(refs[0], json::object()).status, 400);
    // The reference alone reads nothing: there is no unscoped read.
    EXPECT_EQ(central.call("GET", "/api/v1/marriage-bookings/" + refs[0], {}, kKiosk).status, 404);
}

}  // namespace
