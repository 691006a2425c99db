// issue #13: every thread that reads a central answer survives any answer.
// A real HTTP server on loopback (cpp-httplib) answers every request with a
// hostile body drawn from a seeded generator: valid answers with wrong types
// at random fields, null everywhere, arrays where objects belong, truncated
// JSON, binary garbage, deep nesting, bodies over the clients' size caps,
// and 2xx statuses on all of it. Against it run the fleet agent (its own
// thread), the sync engine (items are parked with a reason, not retried for
// ever) and the central gateway's queries with the kiosk/core parsers the
// flows apply to their replies. Bounded: a few seconds; KIOSK_SOAK=1 runs
// many more rounds (tools/test --soak). The seed is printed, and
// KIOSK_FUZZ_SEED=N replays a run.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdlib>
#include <future>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "kiosk/core/balances.h"
#include "kiosk/core/clock.h"
#include "kiosk/core/marriage.h"
#include "kiosk/core/staff.h"
#include "kiosk/core/status.h"
#include "kiosk/remote/fleet_agent.h"
#include "kiosk/remote/remote_config.h"
#include "offline-cache/central_gateway.h"
#include "offline-cache/sync_engine.h"
#include "tests/data/test_support.h"
#include "tests/remote/signed_commands.h"

namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;
using kiosk::testing::TempDir;
using kiosk::testing::waitFor;
namespace remote = kiosk::remote;
namespace offline = kiosk::offline;

bool soak() { return std::getenv("KIOSK_SOAK") != nullptr; }

std::uint64_t seed() {
    if (const char* s = std::getenv("KIOSK_FUZZ_SEED")) return std::strtoull(s, nullptr, 10);
    return std::random_device{}();
}

// Well-formed answers of every kind the kiosk reads; the generator breaks them.
std::vector<json> templates(const std::array<std::uint8_t, 32>& maintainer) {
    auto e = kiosk::testing::signedCommand(maintainer, "kiosk-demo-01", "notice", {{"text", "Closed on Friday"}});
    json envelope = json::parse(remote::commandEnvelopeToJson(e));
    // Signed, but with a key the kiosk does not hold: taken, the agent would
    // wait for its restart (the process ends there) and ask nothing more.
    (void)maintainer;
    json config = json::parse(remote::envelopeToJson(remote::signConfig(
        kiosk::CodeSigningKey::generate().seed(), "kiosk-demo-01", 5, "[session]\ninactivity_seconds = 120\n")));
    return {
        {{"serverTime", "2026-12-03T08:00:00Z"}, {"commandsPending", 1}},
        {{"kioskId", "kiosk-demo-01"}, {"version", 5}, {"settings", json::object()}, {"signed", config}},
        {{"commands", {{{"id", 7}, {"command", "notice"}, {"args", envelope}},
                       {{"id", 8}, {"command", "sync-now"}, {"args", json::object()}}}}},
        {{"recorded", true}},
        {{"reference", "APP-20261203-000001"}, {"receiptCode", "KC1.A.x.y.z.s"}, {"submittedAt", "2026-12-03"}},
        {{"asOf", "2026-12-03T08:00:00Z"},
         {"balances",
          {{{"kind", "elderly-points"}, {"name", "重阳分"}, {"unit", "points"}, {"balance", 120.5},
            {"monthlyCredit", 30}, {"expires", "2026-12-31"},
            {"transactions", {{{"date", "2026-11-30"}, {"merchant", "助餐点"}, {"amount", -12.5}}}}}}}},
        {{"reference", "APP-1"}, {"kind", "assistance-application"}, {"type", "dibao"}, {"status", "received"},
         {"final", false}, {"steps", {{{"step", "received"}, {"at", "2026-12-01"}}}}},
        {{"reference", "MB-1"}, {"kind", "marriage-booking"}, {"status", "booked"}, {"officeId", "xh"}},
        {{"requests", {{{"key", "k-1"}, {"officeId", "xh"}, {"choices", {{{"date", "2026-12-04"}, {"slot", "09:00"}}}},
                        {"queuedMs", 1}, {"settled", false}}}}},
        {{"items", {{{"reference", "APP-1"}, {"status", "received"}}}}},
        {{"offices", {{{"id", "xh"}, {"name", "西湖区婚姻登记处"}, {"address", "…"}}}}},
        {{"slots", {{{"start", "2026-12-04T09:00:00+08:00"}, {"capacity", 4}, {"available", 2}}}}},
        {{"reference", "MB-1"}, {"status", "booked"}, {"office", "xh"}, {"slot", "2026-12-04T09:00:00+08:00"}},
        {{"keys", {{{"keyId", "abcdefgh"}, {"publicKey", "AAAA"}}}}},
        json::array({{{"number", "S001"}, {"role", "clerk"}, {"pinHash", "$argon2id$v=19$m=65536,t=2,p=1$x$y"}}}),
        {{"type", "urn:civil-kiosk:problem:request-in-progress"}, {"title", "In progress"}, {"status", 409}},
    };
}

json randomValue(std::mt19937_64& rng, int depth = 0) {
    switch (rng() % 10) {
        case 0: return nullptr;
        case 1: return static_cast<std::int64_t>(rng());
        case 2: return -static_cast<std::int64_t>(rng() % 1000);
        case 3: return std::numeric_limits<std::uint64_t>::max() - rng() % 10;
        case 4: return static_cast<double>(rng() % 100000) / 7.0;
        case 5: return rng() % 2 == 0;
        case 6: return std::string(rng() % 40, static_cast<char>('a' + rng() % 26));
        case 7: return depth < 3 ? json::array({randomValue(rng, depth + 1), randomValue(rng, depth + 1)}) : json::array();
        case 8: return depth < 3 ? json{{"x", randomValue(rng, depth + 1)}} : json::object();
        default: return "";
    }
}

// Replaces values (anywhere in the tree) with values of random types.
void mutate(json& j, std::mt19937_64& rng, double p) {
    if (j.is_object() || j.is_array()) {
        for (auto& child : j) {
            if (std::uniform_real_distribution<double>(0, 1)(rng) < p)
                child = randomValue(rng);
            else
                mutate(child, rng, p);
        }
    }
}

struct Answer {
    int status = 200;
    std::string body;
    std::string contentType = "application/json";
};

Answer hostile(std::mt19937_64& rng, const std::vector<json>& shapes) {
    Answer a;
    static const int statuses[] = {200, 200, 200, 201, 204, 409, 500, 404, 304, 299};
    a.status = statuses[rng() % std::size(statuses)];
    json base = shapes[rng() % shapes.size()];
    switch (rng() % 12) {
        case 0:
        case 1:
        case 2: mutate(base, rng, 0.3); a.body = base.dump(); break;
        case 3: mutate(base, rng, 1.0); a.body = base.dump(); break;  // every field the wrong type
        case 4: {  // truncated
            std::string text = base.dump();
            a.body = text.substr(0, rng() % std::max<size_t>(text.size(), 1));
            break;
        }
        case 5: {  // binary garbage
            a.body.resize(rng() % 2000);
            for (char& c : a.body) c = static_cast<char>(rng());
            a.contentType = "application/octet-stream";
            break;
        }
        case 6: {  // deep nesting
            size_t depth = 1000 + rng() % 200000;
            a.body = std::string(depth, '[') + std::string(rng() % 2 ? depth : depth / 2, ']');
            break;
        }
        case 7: a.body = rng() % 2 ? "null" : "[]"; break;
        case 8: a.body = json::array({base}).dump(); break;  // an array where an object belongs
        case 9: {  // over the size caps (fleet agent 1 MiB, HTTP client 4 MiB)
            a.body = "{\"x\":\"" + std::string((rng() % 2 ? 2 : 5) * 1024 * 1024, 'a') + "\"}";
            break;
        }
        case 10: a.body = base.dump(); a.contentType = "application/problem+json"; break;
        default: a.body = "<html><body>502 Bad Gateway</body></html>"; a.contentType = "text/html"; break;
    }
    return a;
}

// The hostile centre: every request gets the next answer of the generator.
class HostileCentral {
public:
    HostileCentral(std::uint64_t seed, std::vector<json> shapes) : rng_(seed), shapes_(std::move(shapes)) {
        auto handler = [this](const httplib::Request& req, httplib::Response& res) {
            ++requests_;
            Answer a;
            {
                std::lock_guard lock(m_);
                if (friendly_) {
                    a = {200, R"({"serverTime":"2026-12-03T08:00:00Z","commands":[],"recorded":true})"};
                } else {
                    a = hostile(rng_, shapes_);
                }
                if (a.status >= 500) ++serverErrors_[req.get_header_value("Idempotency-Key")];
            }
            res.status = a.status;
            res.set_content(a.body, a.contentType);
        };
        server_.Get(".*", handler);
        server_.Post(".*", handler);
        port_ = server_.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        waitFor([this] { return server_.is_running(); });
    }
    ~HostileCentral() {
        server_.stop();
        thread_.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    int requests() const { return requests_.load(); }
    // How many 5xx answers the submission with this key got: the centre being
    // away, which the kiosk retries without counting towards parking.
    int serverErrors(const std::string& idempotencyKey) {
        std::lock_guard lock(m_);
        return serverErrors_[idempotencyKey];
    }
    void befriend() {
        std::lock_guard lock(m_);
        friendly_ = true;
    }

private:
    std::mutex m_;
    std::mt19937_64 rng_;
    std::vector<json> shapes_;
    bool friendly_ = false;
    std::map<std::string, int> serverErrors_;
    std::atomic<int> requests_{0};
    httplib::Server server_;
    int port_ = 0;
    std::thread thread_;
};

struct QuietHost : remote::FleetHost {
    std::atomic<int> notices{0};
    remote::HostHealth health() override {
        remote::HostHealth h;
        h.uiResponsive = true;
        h.frames = 100;
        h.online = true;
        return h;
    }
    remote::CommandResult syncNow() override { return {true, "ok"}; }
    remote::CommandResult setMaintenance(bool) override { return {true, "ok"}; }
    remote::CommandResult setService(const std::string&, bool, const std::string&) override { return {true, "ok"}; }
    remote::CommandResult setNotice(const std::string&) override {
        ++notices;
        return {true, "ok"};
    }
    void restart() override {}
};

class HostileCentralTest : public ::testing::Test {
protected:
    void SetUp() override {
        seed_ = seed();
        std::printf("hostile central: seed %llu (KIOSK_FUZZ_SEED=%llu replays it)\n",
                    static_cast<unsigned long long>(seed_), static_cast<unsigned long long>(seed_));
    }
    int rounds(int normal) const { return soak() ? normal * 50 : normal; }
    std::uint64_t seed_ = 0;
    std::array<std::uint8_t, 32> maintainer_ = kiosk::CodeSigningKey::generate().seed();
};

TEST_F(HostileCentralTest, TheFleetAgentThreadSurvivesEveryAnswerAndKeepsItsPeriod) {
    HostileCentral central(seed_, templates(maintainer_));
    TempDir dir;
    QuietHost host;
    std::vector<kiosk::CodePublicKey> keys{kiosk::CodeSigningKey::fromSeed(maintainer_).publicKey()};
    remote::RemoteConfigStore store(dir.file("fleet"), "kiosk-demo-01", "kiosk_id = \"kiosk-demo-01\"\n", keys, 3);
    remote::FleetOptions o;
    o.centralUrl = central.url();
    o.kioskId = "kiosk-demo-01";
    o.token = "demo-token";
    o.interval = 5ms;  // rounds back to back: the thread itself meets every answer
    o.stateDir = dir.file("fleet");
    o.commandKeys = keys;
    remote::FleetAgent agent(o, host, &store);
    agent.start();
    // Each round makes 3 to 5 requests.
    const int wanted = rounds(300);
    ASSERT_TRUE(waitFor([&] { return central.requests() >= wanted; }, soak() ? 1200s : 120s))
        << "the agent stopped asking after " << central.requests() << " requests";
    // Still alive and on its period: once the centre behaves, heartbeats go through.
    central.befriend();
    int before = agent.heartbeatsSent();
    EXPECT_TRUE(waitFor([&] { return agent.heartbeatsSent() >= before + 3; }, 30s));
    agent.stop();
    auto hb = json::parse(agent.lastHeartbeat(), nullptr, false);
    ASSERT_TRUE(hb.is_object());
    EXPECT_TRUE(hb["lastErrors"].is_array());
    EXPECT_LE(host.notices.load(), 1);  // the one signed notice, at most once (its nonce)
}

TEST_F(HostileCentralTest, TheSyncEngineParksWhatNeverGetsAWellFormedAnswer) {
    HostileCentral central(seed_, templates(maintainer_));
    TempDir dir;
    kiosk::ManualClock clock;
    auto opened = offline::Store::open({dir.file("kiosk.db"), dir.file("data.key")}, clock);
    ASSERT_TRUE(opened.ok());
    auto& store = *opened.value();
    offline::SyncConfig c;
    c.baseUrl = central.url();
    c.kioskId = "kiosk-demo-01";
    c.token = "demo-token";
    c.backoff = {1ms, 10ms};
    c.referencePaths = {"/api/v1/catalog", "/api/v1/offices", "/api/v1/staff"};
    c.refreshInterval = 0ms;
    offline::SyncEngine engine(store, c, clock);
    const int items = soak() ? 200 : 12;
    for (int i = 0; i < items; ++i)
        ASSERT_TRUE(store.enqueue({"assistance-application", "POST", "/api/v1/assistance-applications",
                                   "application/json", kiosk::Personal(R"({"type":"dibao"})")}));
    // Every item ends acknowledged (a well-formed 2xx), rejected (a final 4xx)
    // or parked after its 5th bad answer: never in flight for ever.
    int passes = 0;
    const int maxPasses = items * 40;
    for (; passes < maxPasses; ++passes) {
        clock.advance(std::chrono::minutes(20));  // past any backoff or Retry-After
        engine.runOnce();
        auto s = store.stats();
        ASSERT_TRUE(s.ok());
        if (s.value().pending + s.value().sending == 0) break;
    }
    ASSERT_LT(passes, maxPasses) << "items still in flight after " << passes << " passes";
    auto list = store.list();
    ASSERT_TRUE(list.ok());
    for (const auto& item : list.value()) {
        SCOPED_TRACE(item.id);
        // Parked on the first bad answer from the 5th attempt on; answers
        // that say the centre is away (5xx) come on top.
        EXPECT_LE(item.attempts, 5 + 1 + central.serverErrors(item.idempotencyKey));
        if (item.state == offline::OutboxState::Rejected) {
            EXPECT_FALSE(item.lastError.empty());
        }
    }
}

TEST_F(HostileCentralTest, GatewayQueriesAndTheParsersOfTheirRepliesSurviveEveryAnswer) {
    HostileCentral central(seed_, templates(maintainer_));
    offline::GatewayConfig g;
    g.baseUrl = central.url();
    g.kioskId = "kiosk-demo-01";
    g.token = "demo-token";
    std::atomic<int> replies{0};
    // Replies run where they arrive (the app posts them to the UI thread).
    offline::CentralGateway gateway(g, nullptr, nullptr, [](std::function<void()> f) { f(); });
    const int queries = rounds(150);
    for (int i = 0; i < queries; ++i) {
        gateway.query("POST", "/api/v1/balances/query", kiosk::Personal("{}"), [&](kiosk::CentralReply r) {
            // What the flows do with an answer (balances, status, marriage, staff, keys).
            std::string_view body = r.body.reveal();
            auto survives = [&](const char* parser, auto parse) {
                try {
                    (void)parse(body);
                } catch (const std::exception& e) {
                    ADD_FAILURE() << parser << " threw " << e.what() << " on " << body.substr(0, 300);
                }
            };
            survives("parseBalances", kiosk::parseBalances);
            survives("parseStatusItem", kiosk::parseStatusItem);
            survives("parseStatusItems", kiosk::parseStatusItems);
            survives("parseCodeSigningKeys", kiosk::parseCodeSigningKeys);
            survives("parseOffices", kiosk::parseOffices);
            survives("parseSlots", kiosk::parseSlots);
            survives("parseBooking", kiosk::parseBooking);
            survives("parseQueuedRequests", kiosk::parseQueuedRequests);
            survives("parseStaffDirectory", kiosk::parseStaffDirectory);
            ++replies;
        });
    }
    EXPECT_TRUE(waitFor([&] { return replies.load() == queries; }, soak() ? 1200s : 120s))
        << replies.load() << " of " << queries << " replies";
}

}  // namespace
