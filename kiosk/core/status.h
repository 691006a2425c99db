#pragma once
// Progress lookup (services.md, "Status lookup"): what the central service
// answers to POST /api/v1/status/lookup (one item, from a receipt's signed
// code) and POST /api/v1/status/by-person (a person's items), parsed into
// plain values. An item is an assistance application (with its status steps
// and their dates) or a marriage booking (confirmed, declined, cancelled).
//
// The items carry references and dates, no names or ID numbers; they are
// still the resident's business, so they live in the session only.
// Pure functions, no I/O.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/result.h"
#include "kiosk/core/signed_code.h"

namespace kiosk {

// The steps an application goes through centrally, in order; the last one
// is "approved" or "rejected".
inline constexpr const char* kApplicationSteps[] = {"submitted", "accepted", "under-review", "home-visit",
                                                    "public-notice"};

struct StatusStep {
    std::string step;  // "submitted", ..., "approved" / "rejected"
    std::string at;    // ISO 8601 time as the centre gave it
};

struct StatusItem {
    enum class Kind { Application, Booking };
    Kind kind = Kind::Application;
    std::string reference;  // SA-20251201-000042 / MB-000001
    std::string status;     // applications: the last step; bookings: confirmed, declined, cancelled
    // Applications
    std::string type;        // dibao, tekun, linshi, yiliao
    bool final = false;      // approved or rejected
    std::vector<StatusStep> steps;
    // Bookings
    std::string officeId;
    std::string date;        // YYYY-MM-DD
    std::string slot;        // 09:00-10:00
    std::string code;        // signed code of a confirmed booking (for its QR)
};

// One item (the /status/lookup answer). Error: a message for the log, never personal.
Result<StatusItem, std::string> parseStatusItem(std::string_view json);
// Every item of a /status/by-person answer, in the centre's order.
Result<std::vector<StatusItem>, std::string> parseStatusItems(std::string_view json);

// Request bodies: the code, or the person's ID number (in the body only,
// never in the URL).
std::string statusLookupBody(std::string_view code);
std::string statusByPersonBody(std::string_view idNumber);

// The i18n key ("codes.error.*") telling the resident why a code is refused,
// from a local check or from the centre's problem type
// ("urn:civil-kiosk:problem:code-bad-signature"); null when the problem is
// not about the code.
const char* codeRefusalKey(SignedCodeError error);
const char* codeRefusalKeyForProblem(std::string_view problemJson);

// The public keys in a GET /api/v1/keys/code-signing answer (unreadable
// entries are skipped), and one key in its text form (config files).
std::vector<CodePublicKey> parseCodeSigningKeys(std::string_view json);

// The name of a registration office in a GET /api/v1/offices answer.
std::optional<std::string> officeName(std::string_view officesJson, std::string_view officeId);

// "2025-12-01" from "2025-12-01T09:30:00+08:00" (the date residents need).
std::string statusDate(std::string_view isoTime);

}  // namespace kiosk
