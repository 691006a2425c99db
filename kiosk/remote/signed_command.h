#pragma once
// fleet: remote commands signed end to end (issue #13). A compromised or
// impersonated central service can relay, delay or drop commands, but not
// make one up (a `notice` that sends residents to a phishing number), change
// its arguments, aim it at another kiosk, or run it twice.
//
// The envelope, JSON, as `tools/kioskctl sign-command` makes it; the central
// service stores it as the command's `args` and hands it back unchanged
// (GET /api/v1/kiosks/{id}/commands):
//   {"format": "kiosk-command/1", "kioskId": "kiosk-demo-01" (or "*": any),
//    "command": "notice", "args": "{\"text\":\"...\"}" (a JSON object as text,
//    exactly the bytes signed), "nonce": "<16..64 of [A-Za-z0-9_-]>",
//    "expires": <Unix seconds>, "keyId": "<8 chars>", "signature": "<base64url>"}
// The signature covers "KCMD1\n<kioskId>\n<nonce>\n<expires>\n<command>\n<args>",
// with the maintainers' keys of [fleet] config_keys (the same keys and key
// file as signed configs, remote_config.h).
//
// Replays: a kiosk runs a nonce once. It remembers the nonces it ran until
// they expire, so an envelope may live at most kMaxCommandLifetime (a
// longer one is refused: the kiosk would have to remember it for ever).
//
// Pure functions apart from CommandNonces (a file); any thread.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>

#include "kiosk/core/result.h"
#include "kiosk/core/signed_code.h"
#include "kiosk/core/time_floor.h"
#include "kiosk/remote/remote_config.h"

namespace kiosk::remote {

inline constexpr std::chrono::seconds kMaxCommandLifetime{std::chrono::hours(24 * 7)};

struct CommandEnvelope {
    std::string kioskId;  // "*": any kiosk
    std::string command;
    std::string args;     // a JSON object, as text (what was signed)
    std::string nonce;
    std::int64_t expires = 0;  // Unix seconds
    std::string keyId;
    std::string signature;
};

std::string commandSigningMessage(const CommandEnvelope& e);
// Signs with the 32-byte seed; keyId and signature are filled in. `args`
// must be a JSON object text (checked by the caller, e.g. kiosk-fleet).
CommandEnvelope signCommand(std::span<const std::uint8_t, 32> seed, CommandEnvelope e);
std::string commandEnvelopeToJson(const CommandEnvelope& e);
// Nothing when `text` is not a kiosk-command/1 envelope of the right shape.
std::optional<CommandEnvelope> commandEnvelopeFromJson(const std::string& text);

enum class CommandRefusal {
    Unsigned,      // no envelope at all (a plain {command, args})
    Malformed,     // an envelope out of shape
    WrongKiosk,    // signed for another kiosk
    UnknownKey,    // signed with a key this kiosk does not hold
    BadSignature,  // tampered (command, arguments, kiosk, expiry or nonce changed)
    Expired,       // past its expiry
    TooLong,       // expires further ahead than kMaxCommandLifetime
    Replayed,      // this nonce ran before
    ClockWrong,    // genuine, but the kiosk's clock is behind its time floor and no centre
                   // time was heard: its expiry cannot be judged (time_floor.h)
};
const char* commandRefusalName(CommandRefusal r);

struct CommandRefused {
    CommandRefusal reason = CommandRefusal::Malformed;
    std::string detail;  // for the operator; no personal data
    std::string describe() const;
};

// Shape, kiosk, signature and time (not replays: CommandNonces). `now` in Unix seconds.
Result<CommandEnvelope, CommandRefused> verifyCommand(const std::string& envelopeJson, const std::string& kioskId,
                                                      std::span<const CodePublicKey> keys, std::int64_t now);
// The same, with the expiry judged against the kiosk's trusted time floor
// (kiosk/core/time_floor.h), as the agent and kiosk-update do: a clock set
// back never revives an expired command (Expired when a trusted time is past
// it; ClockWrong when the clock is behind the floor and the centre's time was
// not heard), and a clock set forward is overruled by the centre's time once
// heard. The lifetime is checked against the floor's best estimate of now.
Result<CommandEnvelope, CommandRefused> verifyCommand(const std::string& envelopeJson, const std::string& kioskId,
                                                      std::span<const CodePublicKey> keys, const TimeFloor& time);

// The nonces a kiosk ran, with their expiry, in one JSON file written
// atomically. Not thread-safe: the fleet agent's thread alone uses it.
class CommandNonces {
public:
    explicit CommandNonces(std::filesystem::path file) : file_(std::move(file)) {}
    bool seen(const std::string& nonce) const;
    // Records `nonce` (and forgets the ones expired before `now`) durably;
    // false when the file cannot be written (the command must not run then).
    // `now` must be a trusted lower bound (TimeFloor::notBefore()), never the
    // bare wall clock: a clock jumped forward would forget nonces that a
    // clock set back again would accept.
    bool record(const std::string& nonce, std::int64_t expires, std::int64_t now);

private:
    std::filesystem::path file_;
};

}  // namespace kiosk::remote
