// The reference server keeps Idempotency-Keys for a bounded time: completed
// keys are forgotten after --idempotency-retention-days (default 30) of
// server time, which POST /admin/time moves, so nothing here waits.
#include "tests/data/test_support.h"

using kiosk::testing::CentralProcess;
using nlohmann::json;

namespace {

constexpr const char* kResident = "330102194803161004";

std::string body(const std::string& clientRef) {
    return json{{"type", "dibao"},
                {"applicant", {{"name", "张秀英"}, {"idNumber", kResident}, {"phone", "13900000000"}}},
                {"consent", true},
                {"documents", json::array()},
                {"clientReference", clientRef}}
        .dump();
}

kiosk::offline::HttpResponse post(CentralProcess& central, const std::string& key, const std::string& b) {
    return central.call("POST", "/api/v1/assistance-applications", b,
                        {{"Authorization", "Bearer demo-token"}, {"Idempotency-Key", key},
                         {"Content-Type", "application/json"}});
}

void advanceDays(CentralProcess& central, int days) {
    central.admin("POST", "/admin/time", {{"advanceSeconds", days * 86400}});
}

}  // namespace

TEST(IdempotencyRetention, KeysAreKeptThirtyDaysByDefaultThenForgotten) {
    CentralProcess central;
    ASSERT_GT(central.port(), 0);
    const std::string key = "7d3f0c1e-2b4a-4e6f-9a8b-000000000030";
    ASSERT_EQ(post(central, key, body("keep-1")).status, 201);
    EXPECT_EQ(central.stats()["idempotencyKeys"], 1);

    advanceDays(central, 29);  // still within retention: the semantics hold
    auto replay = post(central, key, body("keep-1"));
    EXPECT_EQ(replay.status, 201);
    EXPECT_EQ(replay.header("idempotent-replayed"), "true");
    EXPECT_EQ(post(central, key, body("keep-2")).status, 422);
    EXPECT_EQ(central.stats()["applications"], 1);

    advanceDays(central, 2);  // 31 days after the first request: forgotten
    auto fresh = post(central, key, body("keep-2"));
    EXPECT_EQ(fresh.status, 201);
    EXPECT_EQ(fresh.header("idempotent-replayed"), "");
    auto stats = central.stats();
    EXPECT_EQ(stats["applications"], 2);
    EXPECT_EQ(stats["idempotencyKeys"], 1);  // the new one only
}

TEST(IdempotencyRetention, ExpiredKeysAreSweptNotOnlyTheOneReused) {
    CentralProcess central;
    ASSERT_GT(central.port(), 0);
    for (int i = 0; i < 5; ++i)
        ASSERT_EQ(post(central, "sweep-" + std::to_string(i), body("sweep-" + std::to_string(i))).status, 201);
    EXPECT_EQ(central.stats()["idempotencyKeys"], 5);
    advanceDays(central, 31);
    ASSERT_EQ(post(central, "sweep-new", body("sweep-new")).status, 201);  // any write sweeps
    EXPECT_EQ(central.stats()["idempotencyKeys"], 1);
}

TEST(IdempotencyRetention, RetentionIsConfigurable) {
    CentralProcess central({"--idempotency-retention-days", "2"});
    ASSERT_GT(central.port(), 0);
    const std::string key = "7d3f0c1e-2b4a-4e6f-9a8b-000000000002";
    ASSERT_EQ(post(central, key, body("short-1")).status, 201);
    advanceDays(central, 1);
    EXPECT_EQ(post(central, key, body("short-1")).header("idempotent-replayed"), "true");
    advanceDays(central, 2);
    auto again = post(central, key, body("short-1"));  // same body, but the key has expired: processed anew
    EXPECT_EQ(again.status, 201);
    EXPECT_EQ(again.header("idempotent-replayed"), "");
    EXPECT_EQ(central.stats()["applications"], 2);
}

TEST(IdempotencyRetention, ABadRetentionIsRefusedAtStart) {
    std::string cmd = std::string(KIOSK_CENTRAL_BIN) + " --port 0 --demo --idempotency-retention-days 0 >/dev/null 2>&1";
    int status = std::system(cmd.c_str());
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) != 0);
}
