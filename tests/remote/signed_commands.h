#pragma once
// fleet tests: commands signed as `kioskctl sign-command` signs them and the
// body `kioskctl command` queues them with (issue #13).
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <string>

#include "kiosk/remote/signed_command.h"

namespace kiosk::testing {

inline remote::CommandEnvelope signedCommand(const std::array<std::uint8_t, 32>& seed, const std::string& kiosk,
                                             const std::string& name,
                                             const nlohmann::json& args = nlohmann::json::object(),
                                             std::chrono::seconds validFor = std::chrono::hours(1)) {
    static std::atomic<int> counter{0};
    remote::CommandEnvelope e;
    e.kioskId = kiosk;
    e.command = name;
    e.args = args.dump();
    e.nonce = "test-nonce-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
    e.expires = std::chrono::duration_cast<std::chrono::seconds>(
                    (std::chrono::system_clock::now() + validFor).time_since_epoch())
                    .count();
    return remote::signCommand(seed, e);
}

// POST /admin/kiosks/{id}/commands: the envelope travels as the command's args.
inline nlohmann::json queueBody(const remote::CommandEnvelope& e) {
    return {{"command", e.command}, {"args", nlohmann::json::parse(remote::commandEnvelopeToJson(e))}};
}

}  // namespace kiosk::testing
