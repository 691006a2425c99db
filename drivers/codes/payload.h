#pragma once
// What a scanned code means. Pure functions: safe from any thread, no I/O.
//
// Kinds and the shapes recognised (the kiosk's own and the bureau's codes):
//   Receipt    KC1.A.<key>.<application no>.<expiry>.<sig>   signed by the central service
//              {"t": "receipt", "no": "SA...", "svc": "...", "at": "YYYY-MM-DD"}   older unsigned receipts
//   Booking    KC1.B.<key>.<booking no>.<expiry>.<sig>       signed by the central service
//              MZBK1.<reference>.<token>                      the booking system's codes
//   StaffCard  KC1.S.<key>.<staff number>.<expiry>.<sig>     signed by the central service (only this
//              shape: an unsigned staff card would let anyone print one)
//   DoorPlate  "<address> 门牌编码 <12 digits>"               door-plate codes (the address is personal)
//   Url        http:// or https:// (shown, never opened: the kiosk has no browser)
//   Unknown    anything else (a message says the kiosk cannot use this code)
//
// Signed codes (kiosk/core/signed_code.h) are verified with the central
// public keys the kiosk holds (from its config and the offline cache), so
// this works offline. A code that looks signed but fails is an error value,
// never a classification: tampered, wrong key, expired and malformed are
// told apart, each with its own i18n message key (payloadErrorKey).
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "kiosk/core/personal.h"
#include "kiosk/core/result.h"
#include "kiosk/core/signed_code.h"

namespace kiosk::codes {

enum class PayloadKind { Receipt, Booking, StaffCard, DoorPlate, Url, Unknown };
const char* payloadKindName(PayloadKind kind);

enum class PayloadError {
    Malformed,           // "KC" prefix but not a well-formed signed code
    UnsupportedVersion,  // a signed-code version this kiosk does not know (update needed)
    UnknownKey,          // signed with a key this kiosk does not hold
    Tampered,            // the signature does not match
    Expired,             // genuine but past its expiry
    ClockWrong,          // genuine, but the kiosk's clock is wrong (SignedCodeError::ClockWrong)
};
const char* payloadErrorName(PayloadError e);
// The i18n key of the message shown to the resident ("codes.error.*").
const char* payloadErrorKey(PayloadError e);
PayloadError payloadErrorFrom(SignedCodeError e);

struct Payload {
    PayloadKind kind = PayloadKind::Unknown;
    bool verified = false;             // signed by the central service and checked
    std::string reference;             // application / booking / staff number (StaffCard); the URL for Url
    std::optional<int64_t> expiresAt;  // Unix seconds, signed codes only
    std::string service;               // unsigned receipts: the service name as printed
    std::string date;                  // unsigned receipts: "YYYY-MM-DD"
    Personal address;                  // DoorPlate: the address text
    std::string doorPlateNumber;       // DoorPlate: the 12-digit number
};

Result<Payload, PayloadError> classifyPayload(std::string_view text, std::span<const CodePublicKey> keys,
                                              std::chrono::system_clock::time_point now);

}  // namespace kiosk::codes
