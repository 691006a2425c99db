// The outbox's wire format, as a known answer: what a queued submission looks
// like on the wire to any central service (a bureau's own platform implements
// the same contract). A plain HTTP server on loopback records every request
// byte for byte; the expectations are written out here, not derived from the
// code under test.
#include <httplib.h>

#include <gtest/gtest.h>

#include <mutex>
#include <regex>
#include <thread>

#include "kiosk/core/clock.h"
#include "offline-cache/store.h"
#include "offline-cache/sync_engine.h"
#include "test_support.h"

using namespace kiosk;
using namespace kiosk::offline;
using kiosk::testing::TempDir;

namespace {

struct Recorded {
    std::string method, path, body;
    httplib::Headers headers;
    std::string header(const std::string& name) const {
        auto it = headers.find(name);
        return it == headers.end() ? std::string() : it->second;
    }
};

// Answers 503 to the first request, then 201: the retry must repeat the
// same request, idempotency key included.
class RecordingCentral {
public:
    RecordingCentral() {
        server_.Post(".*", [this](const httplib::Request& req, httplib::Response& res) {
            std::lock_guard lock(mutex_);
            requests_.push_back({req.method, req.path, req.body, req.headers});
            if (requests_.size() == 1) {
                res.status = 503;
                res.set_content(R"({"type":"about:blank","title":"busy","status":503})", "application/problem+json");
                return;
            }
            res.status = 201;
            res.set_content(R"({"reference":"APP-1","status":"submitted"})", "application/json");
        });
        port_ = server_.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        // Bound and listening already: a request before the accept loop runs waits in the backlog.
    }
    ~RecordingCentral() {
        server_.stop();
        thread_.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    std::vector<Recorded> requests() {
        std::lock_guard lock(mutex_);
        return requests_;
    }

private:
    httplib::Server server_;
    int port_ = 0;
    std::thread thread_;
    std::mutex mutex_;
    std::vector<Recorded> requests_;
};

}  // namespace

TEST(OutboxWire, AQueuedSubmissionIsSentAsTheContractSaysAndRetriedIdentically) {
    TempDir dir;
    ManualClock clock;
    auto store = Store::open({dir.file("kiosk.db"), dir.file("data.key")}, clock);
    ASSERT_TRUE(store.ok());
    RecordingCentral central;

    const std::string body = R"({"type":"linshi","clientReference":"wire-1","consent":true})";
    auto item = store.value()->enqueue(
        {"assistance-application", "POST", "/api/v1/assistance-applications", "application/json", Personal(body)});
    ASSERT_TRUE(item.ok());

    SyncConfig config;
    config.baseUrl = central.url();
    config.kioskId = "kiosk-wire-07";
    config.token = "t0k3n-wire";
    config.backoff = {std::chrono::milliseconds(100), std::chrono::milliseconds(1000)};
    config.referencePaths = {};
    SyncEngine engine(*store.value(), config, clock);
    engine.runOnce();                            // 503: kept, to be retried
    clock.advance(std::chrono::seconds(5));      // past the backoff
    EXPECT_EQ(engine.runOnce().acknowledged, 1);

    auto requests = central.requests();
    ASSERT_EQ(requests.size(), 2u);
    const std::regex uuidV4("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
    for (const Recorded& r : requests) {
        EXPECT_EQ(r.method, "POST");
        EXPECT_EQ(r.path, "/api/v1/assistance-applications");
        EXPECT_EQ(r.body, body);  // byte for byte: the kiosk adds nothing, reorders nothing
        EXPECT_EQ(r.header("Authorization"), "Bearer t0k3n-wire");
        EXPECT_EQ(r.header("X-Kiosk-Id"), "kiosk-wire-07");
        EXPECT_EQ(r.header("Content-Type"), "application/json");
        EXPECT_TRUE(std::regex_match(r.header("Idempotency-Key"), uuidV4)) << r.header("Idempotency-Key");
        EXPECT_EQ(r.header("Idempotency-Key"), item.value().idempotencyKey);
    }
    EXPECT_EQ(store.value()->item(item.value().id).value().state, OutboxState::Acknowledged);
    EXPECT_EQ(store.value()->response(item.value().id).value().reveal(), R"({"reference":"APP-1","status":"submitted"})");
}
