#include "kiosk/remote/signed_command.h"

#include "kiosk/core/json_read.h"

namespace kiosk::remote {
namespace {

using json = nlohmann::json;

constexpr const char* kFormat = "kiosk-command/1";

CommandRefused refused(CommandRefusal r, std::string detail) { return CommandRefused{r, std::move(detail)}; }

bool nonceShaped(const std::string& n) {
    if (n.size() < 16 || n.size() > 64) return false;
    for (char c : n)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
    return true;
}

}  // namespace

const char* commandRefusalName(CommandRefusal r) {
    switch (r) {
        case CommandRefusal::Unsigned:
            return "unsigned";
        case CommandRefusal::Malformed:
            return "malformed";
        case CommandRefusal::WrongKiosk:
            return "wrong-kiosk";
        case CommandRefusal::UnknownKey:
            return "unknown-key";
        case CommandRefusal::BadSignature:
            return "bad-signature";
        case CommandRefusal::Expired:
            return "expired";
        case CommandRefusal::TooLong:
            return "too-long";
        case CommandRefusal::Replayed:
            return "replayed";
        case CommandRefusal::ClockWrong:
            return "clock-wrong";
    }
    return "unknown";
}

std::string CommandRefused::describe() const {
    return detail.empty() ? commandRefusalName(reason) : std::string(commandRefusalName(reason)) + ": " + detail;
}

std::string commandSigningMessage(const CommandEnvelope& e) {
    return "KCMD1\n" + e.kioskId + "\n" + e.nonce + "\n" + std::to_string(e.expires) + "\n" + e.command + "\n" + e.args;
}

CommandEnvelope signCommand(std::span<const std::uint8_t, 32> seed, CommandEnvelope e) {
    auto [keyId, signature] = signMessage(seed, commandSigningMessage(e));
    e.keyId = std::move(keyId);
    e.signature = std::move(signature);
    return e;
}

std::string commandEnvelopeToJson(const CommandEnvelope& e) {
    return json{{"format", kFormat},   {"kioskId", e.kioskId}, {"command", e.command},     {"args", e.args},
                {"nonce", e.nonce},    {"expires", e.expires}, {"keyId", e.keyId},         {"signature", e.signature}}
        .dump();
}

std::optional<CommandEnvelope> commandEnvelopeFromJson(const std::string& text) {
    auto j = jsonr::parseObject(text);
    if (!j || jsonr::strOr(*j, "format", "") != kFormat) return std::nullopt;
    auto kioskId = jsonr::str(*j, "kioskId");
    auto command = jsonr::str(*j, "command");
    auto args = jsonr::str(*j, "args");
    auto nonce = jsonr::str(*j, "nonce");
    auto expires = jsonr::integer(*j, "expires");
    auto keyId = jsonr::str(*j, "keyId");
    auto signature = jsonr::str(*j, "signature");
    if (!kioskId || kioskId->empty() || !command || command->empty() || !args || !nonce || !nonceShaped(*nonce) ||
        !expires || !keyId || !signature)
        return std::nullopt;
    return CommandEnvelope{*kioskId, *command, *args, *nonce, *expires, *keyId, *signature};
}

namespace {

// Shape, kiosk and signature: everything but time.
Result<CommandEnvelope, CommandRefused> verifyUntimed(const std::string& envelopeJson, const std::string& kioskId,
                                                      std::span<const CodePublicKey> keys) {
    auto e = commandEnvelopeFromJson(envelopeJson);
    if (!e) {
        auto j = jsonr::parseObject(envelopeJson);
        if (!j || !jsonr::member(*j, "format"))
            return refused(CommandRefusal::Unsigned, "not signed (kioskctl sign-command signs commands)");
        return refused(CommandRefusal::Malformed, "not a kiosk-command/1 envelope");
    }
    if (e->kioskId != kioskId && e->kioskId != "*")
        return refused(CommandRefusal::WrongKiosk, "signed for " + e->kioskId);
    if (auto bad = checkSignature(e->keyId, e->signature, commandSigningMessage(*e), keys))
        return refused(bad->reason == ConfigRefusal::UnknownKey ? CommandRefusal::UnknownKey
                                                                : CommandRefusal::BadSignature,
                       bad->detail);
    if (!jsonr::parseObject(e->args)) return refused(CommandRefusal::Malformed, "the arguments are not a JSON object");
    return *e;
}

Result<CommandEnvelope, CommandRefused> checkLifetime(const CommandEnvelope& e, std::int64_t now) {
    if (e.expires - now > kMaxCommandLifetime.count())
        return refused(CommandRefusal::TooLong, "expires more than " +
                                                    std::to_string(kMaxCommandLifetime.count() / 3600) + " h ahead");
    return e;
}

}  // namespace

Result<CommandEnvelope, CommandRefused> verifyCommand(const std::string& envelopeJson, const std::string& kioskId,
                                                      std::span<const CodePublicKey> keys, std::int64_t now) {
    auto e = verifyUntimed(envelopeJson, kioskId, keys);
    if (!e) return e;
    if (e.value().expires <= now)
        return refused(CommandRefusal::Expired, "expired " + std::to_string(now - e.value().expires) + " s ago");
    return checkLifetime(e.value(), now);
}

Result<CommandEnvelope, CommandRefused> verifyCommand(const std::string& envelopeJson, const std::string& kioskId,
                                                      std::span<const CodePublicKey> keys, const TimeFloor& time) {
    using namespace std::chrono;
    auto e = verifyUntimed(envelopeJson, kioskId, keys);
    if (!e) return e;
    // Valid while now < expires: its last valid instant is just before.
    const auto lastValid = system_clock::time_point(seconds(e.value().expires)) - system_clock::duration(1);
    switch (time.judge(lastValid)) {
        case TimeFloor::Expiry::Valid: break;
        case TimeFloor::Expiry::Expired: return refused(CommandRefusal::Expired, "expired");
        case TimeFloor::Expiry::ExpiredByWallOnly:
            return refused(CommandRefusal::Expired, "expired by this kiosk's clock (not confirmed by the centre's time)");
        case TimeFloor::Expiry::Unknown:
            return refused(CommandRefusal::ClockWrong,
                           "this kiosk's clock is behind the newest time it trusts and the centre's time was not heard "
                           "yet: the expiry cannot be judged");
    }
    return checkLifetime(e.value(), duration_cast<seconds>(time.now().time_since_epoch()).count());
}

bool CommandNonces::seen(const std::string& nonce) const {
    auto j = jsonr::parseObject(readWholeFile(file_).value_or("{}"));
    return j && jsonr::member(*j, nonce) != nullptr;
}

bool CommandNonces::record(const std::string& nonce, std::int64_t expires, std::int64_t now) {
    auto j = jsonr::parseObject(readWholeFile(file_).value_or("{}")).value_or(json::object());
    json kept = json::object();
    for (auto& [k, v] : j.items())
        if (v.is_number_integer() && v.get<std::int64_t>() >= now) kept[k] = v;
    kept[nonce] = expires;
    return writeFileAtomic(file_, kept.dump());
}

}  // namespace kiosk::remote
