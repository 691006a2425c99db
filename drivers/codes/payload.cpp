#include "drivers/codes/payload.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

#include "kiosk/core/strings.h"

namespace kiosk::codes {
namespace {

bool allOf(std::string_view s, int (*pred)(int)) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [pred](char c) { return pred(static_cast<unsigned char>(c)) != 0; });
}

bool startsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::optional<Payload> bookingSystemCode(std::string_view text) {
    // MZBK1.<reference>.<token>: reference [A-Z0-9], token [a-z0-9_-]
    if (!startsWith(text, "MZBK1.")) return std::nullopt;
    std::string_view rest = text.substr(6);
    const auto dot = rest.find('.');
    if (dot == std::string_view::npos) return std::nullopt;
    std::string_view ref = rest.substr(0, dot), token = rest.substr(dot + 1);
    if (ref.empty() || ref.size() > 32 || token.empty() || token.size() > 128) return std::nullopt;
    for (char c : ref)
        if (!std::isupper(static_cast<unsigned char>(c)) && !std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    for (char c : token)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return std::nullopt;
    Payload p;
    p.kind = PayloadKind::Booking;
    p.reference = std::string(ref);
    return p;
}

std::optional<Payload> unsignedReceipt(std::string_view text) {
    if (text.empty() || text.front() != '{') return std::nullopt;
    auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object()) return std::nullopt;
    auto str = [&](const char* key) -> std::string {
        auto it = j.find(key);
        return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    if (str("t") != "receipt" || str("no").empty()) return std::nullopt;
    Payload p;
    p.kind = PayloadKind::Receipt;
    p.reference = str("no");
    p.service = str("svc");
    p.date = str("at");
    return p;
}

std::optional<Payload> doorPlate(std::string_view text) {
    static constexpr std::string_view kMarker = " 门牌编码 ";
    const auto at = text.rfind(kMarker);
    if (at == std::string_view::npos || at == 0) return std::nullopt;
    std::string_view number = text.substr(at + kMarker.size());
    if (number.size() != 12 || !allOf(number, isdigit)) return std::nullopt;
    Payload p;
    p.kind = PayloadKind::DoorPlate;
    p.address = Personal(std::string(text.substr(0, at)));
    p.doorPlateNumber = std::string(number);
    return p;
}

std::optional<Payload> url(std::string_view text) {
    if (!startsWith(text, "https://") && !startsWith(text, "http://")) return std::nullopt;
    if (std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) <= ' '; }))
        return std::nullopt;
    Payload p;
    p.kind = PayloadKind::Url;
    p.reference = std::string(text);
    return p;
}

}  // namespace

const char* payloadKindName(PayloadKind kind) {
    switch (kind) {
    case PayloadKind::Receipt: return "receipt";
    case PayloadKind::Booking: return "booking";
    case PayloadKind::StaffCard: return "staff-card";
    case PayloadKind::DoorPlate: return "door-plate";
    case PayloadKind::Url: return "url";
    case PayloadKind::Unknown: return "unknown";
    }
    return "unknown";
}

const char* payloadErrorName(PayloadError e) {
    switch (e) {
    case PayloadError::Malformed: return "malformed";
    case PayloadError::UnsupportedVersion: return "unsupported-version";
    case PayloadError::UnknownKey: return "unknown-key";
    case PayloadError::Tampered: return "tampered";
    case PayloadError::Expired: return "expired";
    case PayloadError::ClockWrong: return "clock-wrong";
    }
    return "unknown";
}

const char* payloadErrorKey(PayloadError e) {
    switch (e) {
    case PayloadError::Malformed: return i18nKey("codes.error.malformed");
    case PayloadError::UnsupportedVersion: return i18nKey("codes.error.unsupported_version");
    case PayloadError::UnknownKey: return i18nKey("codes.error.unknown_key");
    case PayloadError::Tampered: return i18nKey("codes.error.tampered");
    case PayloadError::Expired: return i18nKey("codes.error.expired");
    case PayloadError::ClockWrong: return i18nKey("codes.error.clock_wrong");
    }
    return i18nKey("codes.error.malformed");
}

PayloadError payloadErrorFrom(SignedCodeError e) {
    switch (e) {
    case SignedCodeError::Malformed: return PayloadError::Malformed;
    case SignedCodeError::UnsupportedVersion: return PayloadError::UnsupportedVersion;
    case SignedCodeError::UnknownKey: return PayloadError::UnknownKey;
    case SignedCodeError::BadSignature: return PayloadError::Tampered;
    case SignedCodeError::Expired: return PayloadError::Expired;
    case SignedCodeError::ClockWrong: return PayloadError::ClockWrong;
    }
    return PayloadError::Malformed;
}

Result<Payload, PayloadError> classifyPayload(std::string_view text, std::span<const CodePublicKey> keys,
                                              std::chrono::system_clock::time_point now) {
    // "KC" then a digit: the signed format, whatever its version. Anything
    // else starting with "KC" (a word, a product code) is not ours.
    if (text.size() >= 4 && startsWith(text, "KC") && std::isdigit(static_cast<unsigned char>(text[2])) &&
        text[3] == '.') {
        auto verified = verifySignedCode(text, keys, now);
        if (!verified) return payloadErrorFrom(verified.error());
        Payload p;
        switch (verified.value().kind) {
        case CodeKind::ApplicationReceipt: p.kind = PayloadKind::Receipt; break;
        case CodeKind::MarriageBooking: p.kind = PayloadKind::Booking; break;
        case CodeKind::StaffCard: p.kind = PayloadKind::StaffCard; break;
        }
        p.verified = true;
        p.reference = verified.value().id;
        p.expiresAt = verified.value().expiresAt;
        return p;
    }
    for (auto parse : {bookingSystemCode, unsignedReceipt, doorPlate, url})
        if (auto p = parse(text)) return std::move(*p);
    return Payload{};
}

}  // namespace kiosk::codes
