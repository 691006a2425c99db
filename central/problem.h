#pragma once
// Error answers of kiosk-central: RFC 9457 problem documents, as
// central/api/openapi.yaml's Problem schema gives them:
// {"type": "urn:civil-kiosk:problem:<slug>", "title", "status"} plus members
// an error adds (detail, attemptsLeft, lockedUntil, ...). `detail` may quote
// input and is not for logs. One place for the server, the staff API, the
// fleet admin and the admin sign-in. Pure functions, any thread.
#include <string>

#include <nlohmann/json.hpp>

namespace httplib {
struct Response;
}

namespace kiosk::central {

inline constexpr const char* kProblemPrefix = "urn:civil-kiosk:problem:";
inline constexpr const char* kJson = "application/json; charset=utf-8";
inline constexpr const char* kProblemJson = "application/problem+json; charset=utf-8";

// The document; `extra` (an object) gives further members.
nlohmann::json problemDocument(int status, const std::string& slug, const std::string& title,
                               nlohmann::json extra = nlohmann::json::object());

// Answers `res` with the document (status, body, content type).
void sendProblem(httplib::Response& res, int status, const std::string& slug, const std::string& title,
                 nlohmann::json extra = nlohmann::json::object());

}  // namespace kiosk::central
