// Issue #15, fault 5 on the wire: the real kiosk-central behind a small
// loopback proxy (cpp-httplib) that forwards each request and then, as told,
// withholds the answer past the kiosk's request timeout (a lost ack after the
// centre committed), or dribbles it a byte a second (slowloris). The kiosk's
// real sync engine must give up by its total timeout, retry with backoff, and
// get the centre's stored answer on the retry: the item is acknowledged and
// stored exactly once.
#include <httplib.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "offline-cache/sync_engine.h"
#include "tests/data/test_support.h"

using namespace kiosk;
using namespace kiosk::offline;
using kiosk::testing::CentralProcess;
using kiosk::testing::TempDir;
using kiosk::testing::waitFor;
using nlohmann::json;

namespace {

constexpr const char* kResident = "330102194803161004";

OutboxRequest application(const std::string& clientRef) {
    std::string body = json{{"type", "dibao"},
                            {"applicant", {{"name", "张秀英"}, {"idNumber", kResident}, {"phone", "13900000000"}}},
                            {"consent", true},
                            {"documents", json::array()},
                            {"clientReference", clientRef}}
                           .dump();
    return {"assistance-application", "POST", "/api/v1/assistance-applications", "application/json",
            Personal(std::move(body))};
}

// Forwards POSTs to kiosk-central; each request takes the next step of the
// plan (then PassThrough): the centre always processes the request first.
class AckProxy {
public:
    enum class Step { PassThrough, Withhold, Dribble };
    struct Seen {
        int status = 0;
        bool replayed = false;  // the centre's Idempotent-Replayed: true
    };

    AckProxy(int centralPort, std::deque<Step> plan) : centralPort_(centralPort), plan_(std::move(plan)) {
        server_.Post(".*", [this](const httplib::Request& req, httplib::Response& res) { handle(req, res); });
        port_ = server_.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { server_.listen_after_bind(); });
    }
    ~AckProxy() {
        release();
        server_.stop();
        thread_.join();
    }
    // Ends every withheld or dribbling answer (the handlers return).
    void release() {
        {
            std::lock_guard lock(mutex_);
            released_ = true;
        }
        cv_.notify_all();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    std::vector<Seen> seen() {
        std::lock_guard lock(mutex_);
        return seen_;
    }

private:
    void handle(const httplib::Request& req, httplib::Response& res) {
        Step step = Step::PassThrough;
        {
            std::lock_guard lock(mutex_);
            if (!plan_.empty()) {
                step = plan_.front();
                plan_.pop_front();
            }
        }
        httplib::Client central("127.0.0.1", centralPort_);
        central.set_read_timeout(30, 0);
        httplib::Headers headers;
        for (const char* name : {"Authorization", "Idempotency-Key", "X-Kiosk-Id"})
            if (req.has_header(name)) headers.emplace(name, req.get_header_value(name));
        auto answer = central.Post(req.path, headers, req.body, req.get_header_value("Content-Type"));
        if (!answer) {
            res.status = 502;
            return;
        }
        {
            std::lock_guard lock(mutex_);
            seen_.push_back({answer->status, answer->get_header_value("Idempotent-Replayed") == "true"});
        }
        switch (step) {
        case Step::PassThrough:
            res.status = answer->status;
            if (answer->has_header("Idempotent-Replayed")) res.set_header("Idempotent-Replayed", "true");
            res.set_content(answer->body, answer->get_header_value("Content-Type"));
            return;
        case Step::Withhold: {
            // Committed at the centre; the kiosk hears nothing until it gives up.
            std::unique_lock lock(mutex_);
            cv_.wait_for(lock, std::chrono::seconds(60), [this] { return released_; });
            res.status = 504;
            return;
        }
        case Step::Dribble: {
            // Headers at once, then the (real) answer a byte a second: each
            // byte keeps a read timeout or a low-speed limit of a byte per
            // second happy; only a total timeout ends it.
            auto body = std::make_shared<std::string>(answer->body);
            res.status = answer->status;
            res.set_chunked_content_provider(answer->get_header_value("Content-Type"),
                                             [this, body](size_t offset, httplib::DataSink& sink) {
                                                 if (offset >= body->size()) {
                                                     sink.done();
                                                     return true;
                                                 }
                                                 if (!sink.write(body->data() + offset, 1)) return false;
                                                 std::unique_lock lock(mutex_);
                                                 // Pacing, not a wait for a result.
                                                 return !cv_.wait_for(lock, std::chrono::seconds(1),
                                                                      [this] { return released_; });
                                             });
            return;
        }
        }
    }

    int centralPort_;
    int port_ = 0;
    httplib::Server server_;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<Step> plan_;
    bool released_ = false;
    std::vector<Seen> seen_;
};

SyncConfig configFor(const std::string& url, long timeoutMs) {
    SyncConfig c;
    c.baseUrl = url;
    c.kioskId = "kiosk-demo-01";
    c.token = "demo-token";
    c.http.timeoutMs = timeoutMs;
    c.backoff = {std::chrono::milliseconds(100), std::chrono::milliseconds(1000)};
    c.idlePoll = std::chrono::seconds(1);
    c.referencePaths = {};
    return c;
}

class LostAckTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_GT(central.port(), 0) << "kiosk-central did not start";
        auto s = Store::open({dir.file("kiosk.db"), dir.file("data.key")}, clock);
        ASSERT_TRUE(s.ok());
        store = std::move(s.value());
    }
    TempDir dir;
    SystemClock clock;
    CentralProcess central;
    std::unique_ptr<Store> store;
};

}  // namespace

// (a) The centre committed; the answer never came back in time. The kiosk
// times out, retries with the same Idempotency-Key, and gets the stored answer.
TEST_F(LostAckTest, CommittedThenWithheldTheRetryGetsTheStoredAnswer) {
    AckProxy proxy(central.port(), {AckProxy::Step::Withhold});
    std::vector<SyncResult> results;
    SyncEngine engine(*store, configFor(proxy.url(), 1000), clock, [&](SyncResult r) { results.push_back(std::move(r)); });
    auto item = store->enqueue(application("lost-ack-1")).value();

    auto first = engine.runOnce();
    EXPECT_EQ(first.retried, 1);
    ASSERT_EQ(results.size(), 1u);
    EXPECT_EQ(results[0].state, OutboxState::Pending);
    EXPECT_NE(results[0].error.find("imeout"), std::string::npos) << results[0].error;
    EXPECT_EQ(central.stats()["applications"], 1) << "the centre processed the first attempt";

    // Past the item's backoff (at most the policy's cap), a pass sends it again.
    ASSERT_TRUE(waitFor([&] {
        engine.runOnce();
        return store->item(item.id).value().state == OutboxState::Acknowledged;
    }));
    ASSERT_EQ(results.back().state, OutboxState::Acknowledged);
    EXPECT_EQ(results.back().httpStatus, 201);
    auto seen = proxy.seen();
    ASSERT_GE(seen.size(), 2u);
    EXPECT_FALSE(seen.front().replayed);
    EXPECT_TRUE(seen.back().replayed) << "the retry was answered from the centre's idempotency store";
    auto stats = central.stats();
    EXPECT_EQ(stats["applications"], 1);
    EXPECT_EQ(stats["distinctClientReferences"], 1);
    // The answer the kiosk keeps is the one of the first (committed) attempt.
    auto answer = json::parse(store->response(item.id).value().reveal());
    EXPECT_EQ(answer.value("status", ""), "submitted");
}

// (b) Slowloris: the answer arrives a byte a second. The sync thread gives up
// by its total timeout, backs off, retries, and the item is stored once.
TEST_F(LostAckTest, SlowlorisAnswerEndsAtTheTotalTimeoutAndTheThreadRetries) {
    AckProxy proxy(central.port(), {AckProxy::Step::Dribble});
    constexpr long kTimeoutMs = 2500;
    std::mutex mutex;
    std::vector<SyncResult> results;
    SyncEngine engine(*store, configFor(proxy.url(), kTimeoutMs), clock, [&](SyncResult r) {
        std::lock_guard lock(mutex);
        results.push_back(std::move(r));
    });
    auto resultCount = [&] {
        std::lock_guard lock(mutex);
        return results.size();
    };
    auto item = store->enqueue(application("slowloris-1")).value();
    auto started = std::chrono::steady_clock::now();
    engine.start();

    ASSERT_TRUE(waitFor([&] { return resultCount() >= 1; }));
    auto gaveUpAfter = std::chrono::steady_clock::now() - started;
    {
        std::lock_guard lock(mutex);
        EXPECT_EQ(results[0].state, OutboxState::Pending);
        EXPECT_NE(results[0].error.find("imeout"), std::string::npos) << results[0].error;
    }
    // Not before its timeout (the bytes kept coming), and not much after: a
    // hung thread would wait out the whole minute the proxy dribbles for.
    EXPECT_GE(gaveUpAfter, std::chrono::milliseconds(kTimeoutMs));
    EXPECT_LT(gaveUpAfter, std::chrono::milliseconds(kTimeoutMs) + std::chrono::seconds(10));

    ASSERT_TRUE(waitFor([&] { return store->item(item.id).value().state == OutboxState::Acknowledged; }));
    engine.stop();
    EXPECT_EQ(store->item(item.id).value().attempts, 2);
    auto seen = proxy.seen();
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_TRUE(seen.back().replayed);
    auto stats = central.stats();
    EXPECT_EQ(stats["applications"], 1);
    EXPECT_EQ(stats["distinctClientReferences"], 1);
}
