#pragma once
// Asks the central service which release this kiosk should run:
// GET {central}/api/v1/kiosks/{kioskId}/updates (central/api/openapi.yaml).
#include <optional>
#include <string>

namespace kiosk::remote {

struct OfferedUpdate {
    std::string channel;
    std::string ref;
    std::string commit;  // empty: nothing offered
    std::string url;     // absolute; a path on the central service is resolved against it
    std::string rollback;  // a signed rollback request (kiosk-command/1 "rollback"), JSON; "" = none
};

// Nullopt with `error` set when the service cannot be asked or answers badly.
// `caFile`: CA bundle for https with a private CA (empty: the system's).
std::optional<OfferedUpdate> fetchOfferedUpdate(const std::string& centralUrl, const std::string& kioskId,
                                                const std::string& token, std::string& error,
                                                const std::string& caFile = {});

// Parses the JSON answer; `centralUrl` resolves a relative repository URL.
std::optional<OfferedUpdate> parseOfferedUpdate(const std::string& body, const std::string& centralUrl,
                                                std::string& error);

}  // namespace kiosk::remote
