#pragma once
// fleet: the central side of fleet management (issue #9, item 5).
//
// The tables are in central/schema.cpp.
// - kiosks table: each kiosk's last heartbeat (time, version, health, queue
//   depth, config version and the whole body: never personal data, the
//   kiosk's agent makes sure of that).
// - kiosk_configs table: the signed config overlay pushed for a kiosk (or
//   "*" for all); GET /api/v1/kiosks/{id}/config serves it under "signed".
//   The central service does not hold the signing key and does not need to
//   trust the config: kiosks verify it (kiosk/remote/remote_config.h).
// - The maintainer's page and its JSON API, with the admin token or the
//   sign-in form's session (central/admin_auth.h):
//     GET  /admin/fleet                  the page (plain HTML + a little JS)
//     GET  /admin/fleet/kiosks           {serverTime, kiosks: [...]}: online
//                                        means a heartbeat within 3 periods
//     POST /admin/config                 a signed envelope (kioskctl sign-config)
//     GET  /admin/kiosks/{id}/commands   the commands sent and their results
//   Commands are queued with POST /admin/kiosks/{id}/commands and updates
//   rolled out with POST /admin/updates (server.cpp).
//
// Threads: called from httplib's workers; the caller holds the db mutex
// where noted, the registered handlers take it themselves.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "central/admin_auth.h"
#include "central/json_schema.h"
#include "central/sql.h"

namespace httplib {
struct Request;
class Server;
}  // namespace httplib

namespace kiosk::central {

extern const char* const kFleetPage;  // fleet_page.cpp

// Under the db mutex: stores a heartbeat body (JSON text) as the kiosk's state.
void recordHeartbeat(Sql& db, const std::string& kioskId, std::int64_t nowMs, const std::string& body);
// Under the db mutex: the signed envelope for this kiosk (its own, else "*"), as JSON text.
std::optional<std::string> pushedConfig(Sql& db, const std::string& kioskId);

struct FleetContext {
    Sql& db;
    std::mutex& dbMutex;
    std::function<std::int64_t()> nowMs;
    std::map<std::string, std::string> kioskTokens;  // the enrolled kiosks (tokens unused here)
    std::shared_ptr<const AdminAuth> auth;
    const OpenApiSchemas& schemas;  // POST /admin/config is checked against its schema
};

void registerFleetAdmin(httplib::Server& server, FleetContext context);

}  // namespace kiosk::central
