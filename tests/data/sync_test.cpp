// The sync engine against the real kiosk-central on loopback, with the
// server's fault injection. Time for backoff is a ManualClock: the tests move
// it instead of sleeping; real-time waits are only guards.
#include "offline-cache/sync_engine.h"

#include <random>

#include "kiosk/core/id_number.h"
#include "kiosk/core/signed_code.h"
#include "tests/data/test_support.h"

using namespace kiosk;
using namespace kiosk::offline;
using kiosk::testing::CentralProcess;
using kiosk::testing::TempDir;
using kiosk::testing::waitFor;
using nlohmann::json;

namespace {

// A demo resident of the reference server (synthetic, valid check digit).
constexpr const char* kResident = "330102194803161004";

std::string applicationBody(const std::string& clientRef, const std::string& id = kResident,
                            std::vector<std::string> documents = {}) {
    return json{{"type", "dibao"},
                {"applicant", {{"name", "张秀英"}, {"idNumber", id}, {"phone", "13900000000"}}},
                {"consent", true},
                {"documents", documents},
                {"clientReference", clientRef}}
        .dump();
}

OutboxRequest application(const std::string& clientRef, const std::string& id = kResident) {
    return {"assistance-application", "POST", "/api/v1/assistance-applications", "application/json",
            Personal(applicationBody(clientRef, id))};
}

SyncConfig configFor(const CentralProcess& central) {
    SyncConfig c;
    c.baseUrl = central.url();
    c.kioskId = "kiosk-demo-01";
    c.token = "demo-token";
    c.http.timeoutMs = 10000;
    c.backoff = {std::chrono::milliseconds(100), std::chrono::milliseconds(1000)};
    c.referencePaths = {};
    return c;
}

std::unique_ptr<Store> openStore(const TempDir& dir, const Clock& clock) {
    auto s = Store::open({dir.file("kiosk.db"), dir.file("data.key")}, clock);
    EXPECT_TRUE(s.ok());
    return s.ok() ? std::move(s.value()) : nullptr;
}

class SyncTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_GT(central.port(), 0) << "kiosk-central did not start";
        store = openStore(dir, clock);
    }
    // Moves past any backoff and runs a pass.
    PassSummary passLater(SyncEngine& engine) {
        clock.advance(std::chrono::seconds(5));
        return engine.runOnce();
    }
    TempDir dir;
    ManualClock clock;
    CentralProcess central;
    std::unique_ptr<Store> store;
};

}  // namespace

TEST_F(SyncTest, AcknowledgedOnlyAfterTheCentralAnswerAndResultReported) {
    std::vector<SyncResult> results;
    SyncEngine engine(*store, configFor(central), clock, [&](SyncResult r) { results.push_back(std::move(r)); });
    auto item = store->enqueue(application("ack-1")).value();
    auto summary = engine.runOnce();
    EXPECT_EQ(summary.acknowledged, 1);
    ASSERT_EQ(results.size(), 1u);
    EXPECT_EQ(results[0].state, OutboxState::Acknowledged);
    EXPECT_EQ(results[0].httpStatus, 201);
    EXPECT_EQ(store->item(item.id).value().state, OutboxState::Acknowledged);
    auto answer = json::parse(store->response(item.id).value().reveal());
    EXPECT_EQ(answer["status"], "submitted");

    // The receipt code verifies offline with the central public key.
    auto keys = json::parse(central.call("GET", "/api/v1/keys/code-signing", {}, {{"Authorization", "Bearer demo-token"}})
                                .body.reveal());
    auto pk = decodeCodePublicKey(keys["keys"][0]["publicKey"].get<std::string>());
    ASSERT_TRUE(pk.ok());
    CodePublicKey trusted[] = {pk.value()};
    auto code = verifySignedCode(answer["receiptCode"].get<std::string>(), trusted, std::chrono::system_clock::now());
    ASSERT_TRUE(code.ok());
    EXPECT_EQ(code.value().id, answer["reference"]);

    auto status = engine.status();
    EXPECT_TRUE(status.online);
    EXPECT_EQ(status.queueDepth, 0);
    EXPECT_TRUE(status.lastSuccess.has_value());
}

TEST_F(SyncTest, ServerIdempotencySemantics) {
    std::string body = applicationBody("idem-1");
    std::vector<std::pair<std::string, std::string>> h{{"Authorization", "Bearer demo-token"},
                                                       {"Idempotency-Key", "5b1e0a4e-0c5b-4c1e-9f1e-000000000001"},
                                                       {"Content-Type", "application/json"}};
    auto first = central.call("POST", "/api/v1/assistance-applications", body, h);
    ASSERT_EQ(first.status, 201);
    auto again = central.call("POST", "/api/v1/assistance-applications", body, h);
    EXPECT_EQ(again.status, 201);
    EXPECT_EQ(again.body.reveal(), first.body.reveal());  // the stored response
    EXPECT_EQ(again.header("idempotent-replayed"), "true");

    auto changed = central.call("POST", "/api/v1/assistance-applications", applicationBody("idem-2"), h);
    EXPECT_EQ(changed.status, 422);
    EXPECT_NE(changed.header("content-type").find("application/problem+json"), std::string::npos);
    EXPECT_NE(changed.body.reveal().find("idempotency-key-reused"), std::string::npos);

    auto noKey = central.call("POST", "/api/v1/assistance-applications", body,
                              {{"Authorization", "Bearer demo-token"}, {"Content-Type", "application/json"}});
    EXPECT_EQ(noKey.status, 400);
    auto noToken = central.call("POST", "/api/v1/assistance-applications", body, {h[1], h[2]});
    EXPECT_EQ(noToken.status, 401);

    // A concurrent duplicate while the first is still being processed: 409.
    central.faults({{"latencyMs", 1500}});
    h[1].second = "5b1e0a4e-0c5b-4c1e-9f1e-000000000002";
    std::string slowBody = applicationBody("idem-3");
    std::thread slow([&] { EXPECT_EQ(central.call("POST", "/api/v1/assistance-applications", slowBody, h).status, 201); });
    ASSERT_TRUE(waitFor([&] { return central.stats()["inflight"] == 1; }));
    auto concurrent = central.call("POST", "/api/v1/assistance-applications", slowBody, h);
    slow.join();
    EXPECT_EQ(concurrent.status, 409);
    EXPECT_NE(concurrent.body.reveal().find("request-in-progress"), std::string::npos);
    EXPECT_EQ(classifyResponse(concurrent), SendOutcome::Retry);
    EXPECT_EQ(central.stats()["applications"], 2);
}

TEST_F(SyncTest, LostAckIsNotSentTwice) {
    // The OpenCRVS trap: the centre stored the record but the answer never
    // arrived. The item stays pending, is resent with the same key, and the
    // centre answers with the stored result instead of a second record.
    central.faults({{"dropNext", 1}});
    SyncEngine engine(*store, configFor(central), clock);
    auto item = store->enqueue(application("lost-ack")).value();
    auto first = engine.runOnce();
    EXPECT_EQ(first.retried, 1);
    EXPECT_EQ(store->item(item.id).value().state, OutboxState::Pending);
    EXPECT_EQ(central.stats()["applications"], 1);

    auto second = passLater(engine);
    EXPECT_EQ(second.acknowledged, 1);
    auto stats = central.stats();
    EXPECT_EQ(stats["applications"], 1);
    EXPECT_EQ(stats["replays"], 1);
    EXPECT_EQ(stats["drops"], 1);
    EXPECT_EQ(store->item(item.id).value().state, OutboxState::Acknowledged);
}

TEST_F(SyncTest, RetriesThroughA503WindowErrorsAndGarbage) {
    SyncEngine engine(*store, configFor(central), clock);
    auto item = store->enqueue(application("window")).value();
    central.faults({{"unavailableForMs", 600000}});
    auto during = engine.runOnce();
    EXPECT_EQ(during.retried, 1);
    EXPECT_FALSE(engine.status().online);
    auto it = store->item(item.id).value();
    EXPECT_EQ(it.state, OutboxState::Pending);
    EXPECT_EQ(it.httpStatus, 503);
    EXPECT_GE(it.nextAttemptMs, store->nowMs() + 1000);  // Retry-After respected
    EXPECT_EQ(engine.runOnce().retried, 0);                // not due yet: nothing sent

    central.faults({{"unavailableForMs", 0}, {"errorNext", 1}, {"garbageNext", 1}});
    EXPECT_EQ(passLater(engine).retried, 1);  // 500
    EXPECT_EQ(passLater(engine).retried, 1);  // processed, but a garbage answer is no ack
    EXPECT_EQ(passLater(engine).acknowledged, 1);
    EXPECT_EQ(central.stats()["applications"], 1);
    EXPECT_EQ(store->item(item.id).value().attempts, 4);
}

TEST_F(SyncTest, ServerDownThenBack) {
    SyncConfig cfg = configFor(central);
    cfg.baseUrl = "http://127.0.0.1:1";  // nothing listens there
    auto item = store->enqueue(application("down")).value();
    {
        SyncEngine offline(*store, cfg, clock);
        auto s = offline.runOnce();
        EXPECT_TRUE(s.stoppedOnFailure);
        EXPECT_FALSE(offline.status().online);
        EXPECT_NE(offline.status().lastError.find("network"), std::string::npos);
        EXPECT_EQ(offline.status().queueDepth, 1);
    }
    SyncEngine engine(*store, configFor(central), clock);
    EXPECT_EQ(passLater(engine).acknowledged, 1);
    EXPECT_EQ(store->item(item.id).value().state, OutboxState::Acknowledged);
}

TEST_F(SyncTest, BadRequestIsFinalAndSurfaced) {
    std::vector<SyncResult> results;
    SyncEngine engine(*store, configFor(central), clock, [&](SyncResult r) { results.push_back(std::move(r)); });
    auto bad = store->enqueue(application("bad", "330102194803161005")).value();  // wrong check digit
    auto good = store->enqueue(application("good")).value();
    auto s = engine.runOnce();
    EXPECT_EQ(s.rejected, 1);
    EXPECT_EQ(s.acknowledged, 1);  // a rejection does not hold up the queue
    auto it = store->item(bad.id).value();
    EXPECT_EQ(it.state, OutboxState::Rejected);
    EXPECT_EQ(it.httpStatus, 400);
    EXPECT_NE(it.lastError.find("HTTP 400"), std::string::npos);
    EXPECT_EQ(it.lastError.find("330102"), std::string::npos);  // no personal data in the error
    ASSERT_EQ(results.size(), 2u);
    EXPECT_EQ(results[0].state, OutboxState::Rejected);
    EXPECT_EQ(engine.status().rejected, 1);
    EXPECT_EQ(store->item(good.id).value().state, OutboxState::Acknowledged);
    EXPECT_EQ(passLater(engine).acknowledged + passLater(engine).rejected, 0);  // never resent
}

TEST_F(SyncTest, WrongTokenKeepsItemsAndFlagsTheKiosk) {
    SyncConfig cfg = configFor(central);
    cfg.token = "not-the-token";
    SyncEngine engine(*store, cfg, clock);
    auto item = store->enqueue(application("token")).value();
    engine.runOnce();
    EXPECT_TRUE(engine.status().authProblem);
    EXPECT_EQ(store->item(item.id).value().state, OutboxState::Pending);
}

TEST_F(SyncTest, DocumentsUploadBeforeTheApplicationThatNamesThem) {
    SyncEngine engine(*store, configFor(central), clock);
    std::string docId = newUuidV4();
    std::vector<OutboxRequest> chain;
    chain.push_back({"document", "PUT", "/api/v1/documents/" + docId, "image/png", Personal(std::string("\x89PNG fake", 9))});
    chain.push_back({"assistance-application", "POST", "/api/v1/assistance-applications", "application/json",
                     Personal(applicationBody("with-doc", kResident, {docId}))});
    auto items = store->enqueueChain(std::move(chain)).value();
    central.faults({{"errorNext", 1}});  // the upload fails once: the application must wait
    auto first = engine.runOnce();
    EXPECT_EQ(first.retried, 1);
    EXPECT_EQ(store->item(items[1].id).value().attempts, 0);
    auto second = passLater(engine);
    EXPECT_EQ(second.acknowledged, 2);
    auto stats = central.stats();
    EXPECT_EQ(stats["documents"], 1);
    EXPECT_EQ(stats["applications"], 1);
}

TEST_F(SyncTest, ReferenceDataUsesETags) {
    SyncConfig cfg = configFor(central);
    cfg.referencePaths = {"/api/v1/offices", "/api/v1/catalog"};
    SyncEngine engine(*store, cfg, clock);
    engine.refreshReferences(true);
    auto offices = store->reference("/api/v1/offices");
    ASSERT_TRUE(offices.has_value());
    EXPECT_EQ(json::parse(offices->body)["offices"].size(), 13u);
    EXPECT_FALSE(offices->etag.empty());
    clock.advance(std::chrono::hours(1));
    int before = central.stats()["requests"];
    engine.refreshReferences(false);  // stale: revalidated, 304, as-of moves
    EXPECT_EQ(central.stats()["requests"].get<int>() - before, 2);
    EXPECT_EQ(store->reference("/api/v1/offices")->asOfMs, offices->asOfMs + 3600 * 1000);
    EXPECT_EQ(store->reference("/api/v1/offices")->body, offices->body);
}

TEST_F(SyncTest, KilledMidSendThenResentExactlyOnce) {
    auto item = store->enqueue(application("killed")).value();
    store.reset();
    central.faults({{"latencyMs", 1500}});
    pid_t child = fork();
    if (child == 0) {
        ManualClock childClock;
        auto s = Store::open({dir.file("kiosk.db"), dir.file("data.key")}, childClock);
        if (s.ok()) {
            SyncEngine engine(*s.value(), configFor(central), childClock);
            engine.runOnce();
        }
        _exit(0);
    }
    // Killed while the request is at the server (state "sending" on disk).
    ASSERT_TRUE(waitFor([&] { return central.stats()["inflight"] == 1; }));
    kill(child, SIGKILL);
    waitpid(child, nullptr, 0);
    ASSERT_TRUE(waitFor([&] { return central.stats()["inflight"] == 0; }));
    central.faults({{"latencyMs", 0}});

    store = openStore(dir, clock);
    EXPECT_EQ(store->health().recoveredSendingItems, 1);
    SyncEngine engine(*store, configFor(central), clock);
    EXPECT_EQ(engine.runOnce().acknowledged, 1);
    EXPECT_EQ(store->item(item.id).value().state, OutboxState::Acknowledged);
    auto stats = central.stats();
    EXPECT_EQ(stats["applications"], 1);
    EXPECT_EQ(stats["replays"], 1);
}

TEST_F(SyncTest, ExactlyOnceUnderKillsAndFaults) {
    constexpr int kItems = 150;
    for (int i = 0; i < kItems; ++i) ASSERT_TRUE(store->enqueue(application("bulk-" + std::to_string(i))).ok());
    store.reset();
    central.faults({{"errorRate", 0.1}, {"dropRate", 0.1}, {"latencyMs", 2}});
    std::mt19937 rng(7);
    SyncConfig cfg = configFor(central);
    cfg.backoff = {std::chrono::milliseconds(5), std::chrono::milliseconds(50)};
    auto drainInChild = [&] {
        pid_t child = fork();
        if (child == 0) {
            SystemClock real;
            auto s = Store::open({dir.file("kiosk.db"), dir.file("data.key")}, real);
            if (!s.ok()) _exit(2);
            SyncEngine engine(*s.value(), cfg, real);
            engine.start();
            while (s.value()->stats().value().pending + s.value()->stats().value().sending > 0)
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            engine.stop();
            _exit(0);
        }
        return child;
    };
    // Kill -9 the syncing process at random points (measured in records the
    // server has created), six times.
    for (int round = 0; round < 6; ++round) {
        int target = std::min(kItems, central.stats()["processed"].get<int>() + 1 + static_cast<int>(rng() % 20));
        pid_t child = drainInChild();
        waitFor([&] { return central.stats()["processed"].get<int>() >= target; });
        kill(child, SIGKILL);
        waitpid(child, nullptr, 0);
    }
    // A 503 window, then let it drain.
    central.faults({{"unavailableForMs", 300}});
    pid_t child = drainInChild();
    int status = 0;
    bool drained = waitFor(
        [&] {
            return waitpid(child, &status, WNOHANG) == child;
        },
        std::chrono::seconds(90));
    if (!drained) {
        kill(child, SIGKILL);
        waitpid(child, nullptr, 0);
    }
    ASSERT_TRUE(drained);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);

    auto stats = central.stats();
    EXPECT_EQ(stats["applications"], kItems);
    EXPECT_EQ(stats["distinctClientReferences"], kItems);
    store = openStore(dir, clock);
    auto s = store->stats().value();
    EXPECT_EQ(s.acknowledged, kItems);
    EXPECT_EQ(s.pending + s.sending + s.rejected, 0);
}

TEST_F(SyncTest, EngineThreadDrainsAndReportsStatus) {
    SystemClock real;
    auto liveStore = Store::open({dir.file("live.db"), dir.file("data.key")}, real);
    ASSERT_TRUE(liveStore.ok());
    std::mutex m;
    int acked = 0;
    SyncEngine engine(*liveStore.value(), configFor(central), real, [&](SyncResult r) {
        std::lock_guard lock(m);
        if (r.state == OutboxState::Acknowledged) ++acked;
    });
    engine.start();
    for (int i = 0; i < 20; ++i) ASSERT_TRUE(liveStore.value()->enqueue(application("thread-" + std::to_string(i))).ok());
    engine.syncNow();
    ASSERT_TRUE(waitFor([&] {
        std::lock_guard lock(m);
        return acked == 20;
    }));
    ASSERT_TRUE(waitFor([&] { return engine.status().queueDepth == 0; }));
    EXPECT_TRUE(engine.status().online);
    engine.stop();
    EXPECT_EQ(central.stats()["applications"], 20);
}

TEST_F(SyncTest, MarriageBookingAndStatusLookup) {
    // Partners of legal age from the demo residents: 刘志强 (m, 1985) and 陈静 (f, 1990).
    auto residents = json::array();
    std::string idA, idB;
    // Built the same way as the server's seed: area + birth + sequence + check.
    auto make = [](const std::string& first17) { return first17 + *idCheckCharacter(first17); };
    idA = make("33010919850911107");
    idB = make("33011019900504108");
    auto slots = json::parse(
        central.call("GET", "/api/v1/offices/xihu/slots?days=14", {}, {{"Authorization", "Bearer demo-token"}}).body.reveal());
    json open;
    for (const auto& s : slots["slots"])
        if (s["available"].get<int>() > 0) {
            open = s;
            break;
        }
    ASSERT_FALSE(open.is_null());
    json booking{{"officeId", "xihu"},
                 {"date", open["date"]},
                 {"slot", open["slot"]},
                 {"partyA", {{"name", "刘志强"}, {"idNumber", idA}}},
                 {"partyB", {{"name", "陈静"}, {"idNumber", idB}}},
                 {"phone", "13900000000"}};
    SyncEngine engine(*store, configFor(central), clock);
    auto item = store->enqueue({"marriage-booking", "POST", "/api/v1/marriage-bookings", "application/json",
                                Personal(booking.dump())})
                    .value();
    EXPECT_EQ(engine.runOnce().acknowledged, 1);
    auto answer = json::parse(store->response(item.id).value().reveal());
    ASSERT_EQ(answer["status"], "confirmed");
    auto lookup = central.call("POST", "/api/v1/status/lookup", json{{"code", answer["code"]}}.dump(),
                               {{"Authorization", "Bearer demo-token"}});
    ASSERT_EQ(lookup.status, 200);
    EXPECT_EQ(json::parse(lookup.body.reveal())["reference"], answer["reference"]);

    auto cancel = store->enqueue({"marriage-booking-cancel", "POST",
                                  "/api/v1/marriage-bookings/" + answer["reference"].get<std::string>() + "/cancel",
                                  "application/json", Personal(json{{"idNumber", idB}}.dump())})
                      .value();
    EXPECT_EQ(engine.runOnce().acknowledged, 1);
    EXPECT_EQ(json::parse(store->response(cancel.id).value().reveal())["status"], "cancelled");
}

TEST_F(SyncTest, ApplicationStatusStepsAdvanceWithServerTime) {
    SyncEngine engine(*store, configFor(central), clock);
    auto item = store->enqueue(application("status")).value();
    ASSERT_EQ(engine.runOnce().acknowledged, 1);
    auto receipt = json::parse(store->response(item.id).value().reveal());
    auto look = [&] {
        return json::parse(central.call("POST", "/api/v1/status/lookup", json{{"code", receipt["receiptCode"]}}.dump(),
                                        {{"Authorization", "Bearer demo-token"}})
                               .body.reveal());
    };
    EXPECT_EQ(look()["status"], "submitted");
    central.admin("POST", "/admin/time", {{"advanceSeconds", 2 * 600 + 1}});
    auto later = look();
    EXPECT_EQ(later["status"], "under-review");
    EXPECT_EQ(later["steps"].size(), 3u);
    central.admin("POST", "/admin/time", {{"advanceSeconds", 10 * 600}});
    auto done = look()["status"].get<std::string>();
    EXPECT_TRUE(done == "approved" || done == "rejected") << done;
}
