#pragma once
// kiosk-central's staff endpoints (central/api/openapi.yaml, tag "staff"),
// behind the server's request pipeline (auth, body schema, idempotency for
// writes) and under its database mutex. Issue #13: the PIN is checked here,
// kiosks only get per-kiosk keyed verifiers for offline sign-in, and audit
// entries must belong to a session this centre knows for the kiosk.
//
// - GET  /api/v1/staff             the directory with this kiosk's verifiers (kiosk/core/staff.h)
// - GET  /api/v1/staff/offline-key this kiosk's offline key (made on first request; never cached)
// - POST /api/v1/staff/sign-in     card + PIN -> session, or wrong-pin / locked-out /
//                                  unknown-staff / card-refused (each recorded as an audit entry)
// - POST /api/v1/staff/lockouts    a kiosk's own lockout (offline failures): locks here too
// - POST /api/v1/audit-entries     accepted only with a session issued to this kiosk for that
//                                  staff number, or an offline session whose proof checks out;
//                                  anything else is 422 no-matching-session and kept in
//                                  audit_refused (suspicious), not in the audit log
//
// Lockout at the centre: per staff number (across kiosks), kMaxPinFailures
// wrong PINs in a row lock it for kLockout; a right PIN clears the count.
// Sessions: 128 random bits, recorded with kiosk, staff number, kind
// (online/offline) and expiry (kSessionLifetime after sign-in, for the
// sign-in's use at the kiosk; entries of a session are accepted later too,
// since the outbox may deliver them after an outage).
//
// Threads: the caller holds the database mutex; no member keeps state
// beyond the database, so any worker may call. signIn() runs in a
// transaction of its own (the caller must not be in one): wrong PINs at
// several servers sharing one database all count.
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "central/sql.h"
#include "kiosk/core/signed_code.h"

namespace kiosk::central {

inline constexpr std::chrono::hours kSessionLifetime{12};

struct StaffAnswer {
    int status = 200;
    nlohmann::json body;
    bool problem = false;  // body is an RFC 9457 problem document
};

class StaffApi {
public:
    StaffApi(Sql& db, const CodeSigningKey& signer, std::function<std::int64_t()> nowMs,
             std::function<std::string(std::int64_t)> isoTime)
        : db_(db), signer_(signer), nowMs_(std::move(nowMs)), isoTime_(std::move(isoTime)) {}

    StaffAnswer directory(const std::string& kioskId);
    StaffAnswer offlineKey(const std::string& kioskId);
    StaffAnswer signIn(const std::string& kioskId, const nlohmann::json& body);
    StaffAnswer lockout(const std::string& kioskId, const nlohmann::json& body);
    StaffAnswer auditEntry(const std::string& kioskId, const nlohmann::json& body);
    // The kiosk's entries and its refused (suspicious) ones, newest first.
    StaffAnswer auditEntries(const std::string& kioskId, int limit);

private:
    std::string kioskKey(const std::string& kioskId);  // raw 32 bytes, made if missing
    // Returns the entry's id.
    std::int64_t recordAudit(const std::string& kioskId, std::int64_t atMs, const std::string& staff,
                             const std::string& action, const std::string& detail, const std::string& session);
    StaffAnswer refuse(const std::string& kioskId, const nlohmann::json& body, const std::string& reason);

    Sql& db_;
    const CodeSigningKey& signer_;
    std::function<std::int64_t()> nowMs_;
    std::function<std::string(std::int64_t)> isoTime_;  // the server's "2025-12-01T09:00:00+08:00"
};

}  // namespace kiosk::central
