#include "central/fleet.h"

#include <httplib.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <ctime>
#include <set>

#include "central/problem.h"
#include "kiosk/core/log.h"

namespace kiosk::central {
namespace {

using json = nlohmann::json;


// Latest state per kiosk, from its heartbeats.
constexpr const char kUpsertKiosk[] =
    "INSERT INTO kiosks(kiosk_id, last_ms, version, deployment, health, queue_depth, config_version, heartbeat_ms, "
    "body)"
    " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(kiosk_id) DO UPDATE SET last_ms = excluded.last_ms,"
    " version = excluded.version, deployment = excluded.deployment, health = excluded.health,"
    " queue_depth = excluded.queue_depth, config_version = excluded.config_version,"
    " heartbeat_ms = excluded.heartbeat_ms, body = excluded.body";
constexpr const char kSelectKiosks[] =
    "SELECT kiosk_id, last_ms, version, deployment, health, queue_depth, config_version, heartbeat_ms, body"
    " FROM kiosks ORDER BY kiosk_id";
constexpr const char kSelectConfig[] =
    "SELECT envelope FROM kiosk_configs WHERE kiosk_id IN (?, '*') ORDER BY kiosk_id = '*' LIMIT 1";
constexpr const char kUpsertConfig[] =
    "INSERT INTO kiosk_configs(kiosk_id, version, envelope, pushed_ms) VALUES(?, ?, ?, ?)"
    " ON CONFLICT(kiosk_id) DO UPDATE SET version = excluded.version, envelope = excluded.envelope,"
    " pushed_ms = excluded.pushed_ms";
constexpr const char kSelectCommands[] =
    "SELECT id, command, args, state, result, created_ms FROM commands WHERE kiosk_id = ? ORDER BY id DESC LIMIT 50";

}  // namespace

void recordHeartbeat(Sql& db, const std::string& kioskId, std::int64_t nowMs, const std::string& body) {
    auto j = json::parse(body, nullptr, false);
    if (!j.is_object()) return;
    auto str = [&j](const char* k) {
        return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : std::string();
    };
    auto num = [&j](const char* k, std::int64_t d) {
        return j.contains(k) && j[k].is_number_integer() ? j[k].get<std::int64_t>() : d;
    };
    Sql::Value queue = nullptr;
    if (j.contains("queueDepth") && j["queueDepth"].is_number_integer() && j["queueDepth"].get<std::int64_t>() >= 0)
        queue = j["queueDepth"].get<std::int64_t>();
    std::int64_t configVersion = 0;
    if (j.contains("config") && j["config"].is_object() && j["config"].contains("version") &&
        j["config"]["version"].is_number_integer())
        configVersion = j["config"]["version"].get<std::int64_t>();
    db.run(kUpsertKiosk,
           {kioskId, nowMs, str("version"), str("deployment"), str("health").empty() ? "unknown" : str("health"), queue,
            configVersion, num("heartbeatMs", 60'000), body});
}

std::optional<std::string> pushedConfig(Sql& db, const std::string& kioskId) {
    auto rows = db.query(kSelectConfig, {kioskId});
    if (rows.empty()) return std::nullopt;
    return rows.front().s(0);
}

void registerFleetAdmin(httplib::Server& svr, FleetContext ctx) {
    auto c = std::make_shared<FleetContext>(std::move(ctx));
    auto guard = [c](auto handler) {
        return [c, handler](const httplib::Request& req, httplib::Response& res) {
            if (auto refusal = c->auth->check(req)) return AdminAuth::refuse(res, *refusal);
            res.set_header("X-Content-Type-Options", "nosniff");
            handler(req, res);
        };
    };
    // Not signed in: to the sign-in form (a browser), rather than a bare 401.
    svr.Get("/admin/fleet", [c](const httplib::Request& req, httplib::Response& res) {
        if (auto refusal = c->auth->check(req)) {
            if (refusal->status != 401) return AdminAuth::refuse(res, *refusal);
            return res.set_redirect("/admin/login", 303);
        }
        std::string nonce = AdminAuth::securityHeaders(res);
        res.set_content(AdminAuth::withNonce(kFleetPage, nonce), "text/html; charset=utf-8");
    });
    svr.Get("/admin/fleet/kiosks", guard([c](const httplib::Request&, httplib::Response& res) {
                std::lock_guard lock(c->dbMutex);
                std::int64_t now = c->nowMs();
                std::set<std::string> seen;
                json kiosks = json::array();
                for (const auto& r : c->db.query(kSelectKiosks)) {
                    seen.insert(r.s(0));
                    std::int64_t age = now - r.i(1);
                    // Offline: no heartbeat for three of the kiosk's own periods (at least a second).
                    std::int64_t offlineAfter = std::max<std::int64_t>(3 * r.i(7), 1000);
                    json hb = json::parse(r.s(8), nullptr, false);
                    kiosks.push_back({{"kioskId", r.s(0)},
                                      {"online", age <= offlineAfter},
                                      {"lastHeartbeatMs", r.i(1)},
                                      {"ageSeconds", static_cast<double>(age) / 1000.0},
                                      {"version", r.s(2)},
                                      {"deployment", r.s(3)},
                                      {"health", r.s(4)},
                                      {"queueDepth", r.null(5) ? json(nullptr) : json(r.i(5))},
                                      {"configVersion", r.i(6)},
                                      {"heartbeat", hb.is_discarded() ? json(nullptr) : hb}});
                }
                for (const auto& [id, token] : c->kioskTokens) {
                    (void)token;
                    if (seen.count(id)) continue;
                    kiosks.push_back({{"kioskId", id},
                                      {"online", false},
                                      {"lastHeartbeatMs", nullptr},
                                      {"ageSeconds", -1},
                                      {"version", nullptr},
                                      {"health", "never-seen"},
                                      {"queueDepth", nullptr},
                                      {"configVersion", 0},
                                      {"heartbeat", nullptr}});
                }
                std::sort(kiosks.begin(), kiosks.end(), [](const json& a, const json& b) {
                    return a["kioskId"].get<std::string>() < b["kioskId"].get<std::string>();
                });
                res.set_header("Cache-Control", "no-store");
                std::time_t secs = static_cast<std::time_t>(now / 1000);
                std::tm utc{};
                gmtime_r(&secs, &utc);
                char iso[32];
                std::strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &utc);
                res.set_content(json{{"serverTimeMs", now}, {"serverTime", iso}, {"kiosks", kiosks}}.dump(), kJson);
            }));
    // A signed envelope (kiosk/remote/remote_config.h): stored for its kioskId ("*": all).
    svr.Post("/admin/config", guard([c](const httplib::Request& req, httplib::Response& res) {
                 auto body = c->schemas.parseBody(req.body, 256 * 1024, c->schemas.requestBody("post", "/admin/config"));
                 if (body.problem)
                     return sendProblem(res, body.problem->status, body.problem->slug,
                                    "A signed config envelope (kioskctl sign-config) is required: " +
                                        (body.problem->detail.empty() ? body.problem->title : body.problem->detail));
                 const json& j = body.value;
                 std::string kiosk = j["kioskId"].get<std::string>();
                 std::int64_t version = j["version"].get<std::int64_t>();
                 std::lock_guard lock(c->dbMutex);
                 c->db.run(kUpsertConfig, {kiosk, version, j.dump(), c->nowMs()});
                 KLOG_INFO("central: config version {} pushed for {}", version, kiosk);
                 res.status = 201;
                 res.set_content(json{{"kioskId", kiosk}, {"version", version}}.dump(), kJson);
             }));
    svr.Get(R"(/admin/kiosks/([A-Za-z0-9-]+)/commands)",
            guard([c](const httplib::Request& req, httplib::Response& res) {
                std::lock_guard lock(c->dbMutex);
                json items = json::array();
                for (const auto& r : c->db.query(kSelectCommands, {std::string(req.matches[1])})) {
                    json result = r.null(4) ? json(nullptr) : json::parse(r.s(4), nullptr, false);
                    items.push_back({{"id", r.i(0)},
                                     {"command", r.s(1)},
                                     {"args", json::parse(r.s(2), nullptr, false)},
                                     {"state", r.s(3)},
                                     {"result", result.is_discarded() ? json(nullptr) : result},
                                     {"createdMs", r.i(5)}});
                }
                res.set_content(json{{"commands", items}}.dump(), kJson);
            }));
}

}  // namespace kiosk::central
