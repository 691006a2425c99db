#include "central/staff_api.h"

#include <sodium.h>

#include <algorithm>

#include "central/problem.h"
#include "kiosk/core/log.h"
#include "kiosk/core/staff.h"

namespace kiosk::central {
namespace {

using json = nlohmann::json;

// The tables: central/schema.cpp.
constexpr const char kSelectStaff[] = "SELECT number, name, role, pin_hash FROM staff ORDER BY number";
constexpr const char kSelectOneStaff[] = "SELECT name, role, pin_hash FROM staff WHERE number = ?";
constexpr const char kSelectKioskKey[] = "SELECT key FROM kiosk_offline_keys WHERE kiosk_id = ?";
// Two servers making a kiosk's key at once: the first one stored is everyone's.
constexpr const char kInsertKioskKey[] =
    "INSERT INTO kiosk_offline_keys(kiosk_id, key, created_ms) VALUES(?, ?, ?) ON CONFLICT(kiosk_id) DO NOTHING";
constexpr const char kSelectLockout[] =
    "SELECT failures, locked_until_ms, last_failure_ms FROM staff_lockouts WHERE staff_number = ?";
constexpr const char kUpsertLockout[] =
    "INSERT INTO staff_lockouts(staff_number, failures, locked_until_ms, last_failure_ms) VALUES(?, ?, ?, ?)"
    " ON CONFLICT(staff_number) DO UPDATE SET failures = excluded.failures,"
    " locked_until_ms = excluded.locked_until_ms, last_failure_ms = excluded.last_failure_ms";
constexpr const char kDeleteLockout[] = "DELETE FROM staff_lockouts WHERE staff_number = ?";
// A row to lock: no failures yet is the same state as no row.
constexpr const char kEnsureLockout[] =
    "INSERT INTO staff_lockouts(staff_number, failures, locked_until_ms, last_failure_ms) VALUES(?, 0, 0, 0)"
    " ON CONFLICT(staff_number) DO NOTHING";
constexpr const char kLockLockout[] = "UPDATE staff_lockouts SET failures = failures WHERE staff_number = ?";
constexpr const char kInsertSession[] =
    "INSERT INTO staff_sessions(id, kiosk_id, staff_number, kind, created_ms, expires_ms) VALUES(?, ?, ?, ?, ?, ?)";
constexpr const char kSelectSession[] = "SELECT kiosk_id, staff_number FROM staff_sessions WHERE id = ?";
constexpr const char kInsertAuditEntry[] =
    "INSERT INTO audit_entries(kiosk_id, at_ms, staff_number, action, detail, received_ms, session_id)"
    " VALUES(?, ?, ?, ?, ?, ?, ?) RETURNING id";
constexpr const char kSelectAuditEntries[] =
    "SELECT id, at_ms, staff_number, action, detail, received_ms, session_id FROM audit_entries WHERE kiosk_id = ?"
    " ORDER BY id DESC LIMIT ?";
constexpr const char kInsertRefused[] =
    "INSERT INTO audit_refused(kiosk_id, at_ms, staff_number, session_id, action, reason, received_ms)"
    " VALUES(?, ?, ?, ?, ?, ?, ?)";
constexpr const char kSelectRefused[] =
    "SELECT id, at_ms, staff_number, session_id, action, reason, received_ms FROM audit_refused WHERE kiosk_id = ?"
    " ORDER BY id DESC LIMIT ?";

constexpr std::int64_t kLockoutMs = std::chrono::duration_cast<std::chrono::milliseconds>(kLockout).count();
constexpr std::int64_t kSessionMs = std::chrono::duration_cast<std::chrono::milliseconds>(kSessionLifetime).count();

StaffAnswer ok(int status, json body) { return StaffAnswer{status, std::move(body), false}; }

StaffAnswer problem(int status, const std::string& slug, const std::string& title, json extra = json::object()) {
    return StaffAnswer{status, problemDocument(status, slug, title, std::move(extra)), true};
}

std::string text(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<std::int64_t> integer(const json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_number_integer()) return std::nullopt;
    return it->get<std::int64_t>();
}

OfflineKey toKey(const std::string& raw) {
    OfflineKey k{};
    std::copy_n(raw.begin(), std::min(raw.size(), k.size()), k.begin());
    return k;
}

struct Wiped {
    OfflineKey key;
    ~Wiped() { sodium_memzero(key.data(), key.size()); }
};

}  // namespace

std::string StaffApi::kioskKey(const std::string& kioskId) {
    auto rows = db_.query(kSelectKioskKey, {kioskId});
    if (!rows.empty()) return rows.front().s(0);
    std::string key(32, '\0');
    randombytes_buf(key.data(), key.size());
    if (db_.run(kInsertKioskKey, {kioskId, Blob{key}, nowMs_()}) == 1) return key;
    sodium_memzero(key.data(), key.size());
    return db_.query(kSelectKioskKey, {kioskId}).front().s(0);
}

std::int64_t StaffApi::recordAudit(const std::string& kioskId, std::int64_t atMs, const std::string& staff,
                                   const std::string& action, const std::string& detail, const std::string& session) {
    return db_
        .query(kInsertAuditEntry,
               {kioskId, atMs, staff, action, detail, nowMs_(), session.empty() ? Sql::Value(nullptr) : Sql::Value(session)})
        .front()
        .i(0);
}

StaffAnswer StaffApi::directory(const std::string& kioskId) {
    Wiped k{toKey(kioskKey(kioskId))};
    json staff = json::array();
    for (const auto& r : db_.query(kSelectStaff)) {
        auto parsed = parsePinHash(r.s(3));
        if (!parsed) {
            KLOG_WARN("central: staff {} has no usable argon2id hash; left out of the directory", r.s(0));
            continue;
        }
        const Digest32 verifier = pinVerifier(k.key, parsed->hash);
        sodium_memzero(parsed->hash.data(), parsed->hash.size());
        staff.push_back({{"number", r.s(0)},
                         {"name", r.s(1)},
                         {"role", r.s(2)},
                         {"pin",
                          {{"salt", toBase64(parsed->params.salt)},
                           {"opslimit", parsed->params.opslimit},
                           {"memlimit", parsed->params.memlimit},
                           {"hashBytes", parsed->params.hashBytes},
                           {"verifier", toBase64(verifier)}}}});
    }
    return ok(200, {{"keyId", offlineKeyId(k.key)}, {"staff", staff}});
}

StaffAnswer StaffApi::offlineKey(const std::string& kioskId) {
    Wiped k{toKey(kioskKey(kioskId))};
    return ok(200, {{"keyId", offlineKeyId(k.key)}, {"key", toBase64(k.key)}});
}

StaffAnswer StaffApi::signIn(const std::string& kioskId, const json& body) {
    const std::string number = text(body, "staffNumber"), card = text(body, "card");
    Personal pin(text(body, "pin"));
    if (!validStaffNumber(number) || !validPinShape(pin.reveal()) || card.empty())
        return problem(400, "invalid-sign-in", "staffNumber, a PIN of 6 to 12 digits and card are required");
    const std::int64_t now = nowMs_();

    CodePublicKey keys[] = {signer_.publicKey()};
    auto code = verifySignedCode(card, keys, std::chrono::system_clock::time_point(std::chrono::milliseconds(now)));
    if (!code || code.value().kind != CodeKind::StaffCard || code.value().id != number) {
        recordAudit(kioskId, now, number, "sign-in-failed", "staff card refused at the centre", {});
        return problem(422, "card-refused", "The staff card is not valid for this staff number");
    }
    auto rows = db_.query(kSelectOneStaff, {number});
    if (rows.empty()) {
        recordAudit(kioskId, now, number, "sign-in-failed", "staff number not in the directory", {});
        return problem(404, "unknown-staff", "No such staff member");
    }
    const Sql::Row& member = rows.front();
    // Wrong PINs at several servers at once must all count: the number's
    // lockout row is read and written in one transaction that holds its row
    // lock (PostgreSQL: the no-op UPDATE; SQLite: BEGIN IMMEDIATE already).
    Transaction tx(db_);
    db_.run(kEnsureLockout, {number});
    db_.run(kLockLockout, {number});
    auto decide = [&]() -> StaffAnswer {
        SignInState state;
        if (auto l = db_.query(kSelectLockout, {number}); !l.empty())
            state = SignInState{static_cast<int>(l.front().i(0)), l.front().i(1), l.front().i(2)};
        // The lock first: a locked number learns nothing about its PIN.
        if (isLockedOut(state, now)) {
            recordAudit(kioskId, now, number, "sign-in-refused-locked", "locked until " + std::to_string(state.lockedUntilMs), {});
            return problem(423, "locked-out", "Too many wrong PINs: the staff number is locked",
                           {{"lockedUntil", state.lockedUntilMs}, {"attemptsLeft", 0}, {"wrongPin", false}});
        }
        const bool right = verifyPin(member.s(2), pin);
        pin.wipe();
        if (!right) {
            state = afterPinFailure(state, now);
            db_.run(kUpsertLockout, {number, static_cast<std::int64_t>(state.failures), state.lockedUntilMs, now});
            if (isLockedOut(state, now)) {
                recordAudit(kioskId, now, number, "sign-in-locked-out",
                            std::to_string(kMaxPinFailures) + " wrong PINs in a row; locked until " +
                                std::to_string(state.lockedUntilMs),
                            {});
                return problem(423, "locked-out", "Too many wrong PINs: the staff number is locked",
                               {{"lockedUntil", state.lockedUntilMs}, {"attemptsLeft", 0}, {"wrongPin", true}});
            }
            const int left = attemptsLeft(state, now);
            recordAudit(kioskId, now, number, "sign-in-failed", "wrong PIN, " + std::to_string(left) + " attempt(s) left", {});
            return problem(403, "wrong-pin", "Wrong PIN", {{"attemptsLeft", left}});
        }
        db_.run(kDeleteLockout, {number});
        const std::string session = randomHex(16);
        db_.run(kInsertSession, {session, kioskId, number, std::string("online"), now, now + kSessionMs});
        recordAudit(kioskId, now, number, "sign-in", member.s(1), session);
        return ok(200, {{"session", session},
                        {"expiresAt", now + kSessionMs},
                        {"staff", {{"number", number}, {"name", member.s(0)}, {"role", member.s(1)}}}});
    };
    StaffAnswer answer = decide();
    tx.commit();
    return answer;
}

StaffAnswer StaffApi::lockout(const std::string& kioskId, const json& body) {
    const std::string number = text(body, "staffNumber");
    auto at = integer(body, "at");
    auto failures = integer(body, "failures");
    if (!validStaffNumber(number) || !at || !failures)
        return problem(400, "invalid-lockout", "staffNumber, at (Unix ms) and failures are required");
    const std::int64_t now = nowMs_();
    // Locked here too, from when it happened (never beyond a lockout from
    // now: the kiosk's clock is not trusted further than that).
    const std::int64_t until = std::min(*at, now) + kLockoutMs;
    SignInState state;
    if (auto l = db_.query(kSelectLockout, {number}); !l.empty())
        state = SignInState{static_cast<int>(l.front().i(0)), l.front().i(1), l.front().i(2)};
    if (until > now && until > state.lockedUntilMs)
        db_.run(kUpsertLockout, {number, static_cast<std::int64_t>(kMaxPinFailures), until, now});
    recordAudit(kioskId, *at, number, "sign-in-locked-out",
                std::to_string(*failures) + " wrong PINs in a row at the kiosk" +
                    (body.contains("offline") && body["offline"] == true ? " (offline)" : ""),
                {});
    return ok(201, {{"lockedUntil", std::max(until, state.lockedUntilMs)}});
}

StaffAnswer StaffApi::refuse(const std::string& kioskId, const json& body, const std::string& reason) {
    const std::string staff = text(body, "staff"), session = text(body, "session"), action = text(body, "action");
    db_.run(kInsertRefused, {kioskId, integer(body, "at").value_or(0), staff, session, action, reason, nowMs_()});
    KLOG_WARN("central: audit entry from {} refused ({}): staff {}, action \"{}\"", kioskId, reason, staff, action);
    return problem(422, "no-matching-session", "The entry does not belong to a staff session of this kiosk",
                   {{"detail", reason}});
}

StaffAnswer StaffApi::auditEntry(const std::string& kioskId, const json& b) {
    auto field = [&b](const char* key, size_t max) -> std::optional<std::string> {
        auto it = b.find(key);
        if (it == b.end() || !it->is_string() || it->get<std::string>().size() > max) return std::nullopt;
        return it->get<std::string>();
    };
    auto staff = field("staff", 40), action = field("action", 64), detail = field("detail", 500),
         session = field("session", 64);
    auto at = integer(b, "at");
    if (!at || !staff || staff->empty() || !action || action->empty() || (b.contains("detail") && !detail))
        return problem(400, "invalid-audit-entry",
                       "at (Unix ms), staff and action are required; detail, if given, a string of at most 500");
    if (!session || session->empty()) return refuse(kioskId, b, "no session");

    auto rows = db_.query(kSelectSession, {*session});
    if (!rows.empty()) {
        if (rows.front().s(0) != kioskId) return refuse(kioskId, b, "the session belongs to another kiosk");
        if (rows.front().s(1) != *staff) return refuse(kioskId, b, "the session belongs to another staff member");
    } else {
        // An offline sign-in's session: its entries carry the proof.
        auto offline = b.find("offline");
        if (offline == b.end() || !offline->is_object() || session->rfind("off-", 0) != 0)
            return refuse(kioskId, b, "unknown session");
        auto signedInAt = integer(*offline, "signedInAt");
        auto proof = fromBase64(text(*offline, "proof"));
        const std::string card = text(*offline, "card");
        auto member = db_.query(kSelectOneStaff, {*staff});
        auto parsed = member.empty() ? std::nullopt : parsePinHash(member.front().s(2));
        if (!signedInAt || !proof || proof->size() != sizeof(Digest32) || !parsed)
            return refuse(kioskId, b, "offline session without a usable proof");
        Wiped k{toKey(kioskKey(kioskId))};
        const Digest32 expected = offlineProof(k.key, parsed->hash, kioskId, *staff, *session, *signedInAt);
        sodium_memzero(parsed->hash.data(), parsed->hash.size());
        CodePublicKey keys[] = {signer_.publicKey()};
        auto code = verifySignedCode(card, keys,
                                     std::chrono::system_clock::time_point(std::chrono::milliseconds(*signedInAt)));
        if (sodium_memcmp(expected.data(), proof->data(), expected.size()) != 0)
            return refuse(kioskId, b, "the offline sign-in proof does not check out");
        if (!code || code.value().kind != CodeKind::StaffCard || code.value().id != *staff)
            return refuse(kioskId, b, "the offline sign-in's staff card is not valid");
        db_.run(kInsertSession, {*session, kioskId, *staff, std::string("offline"), *signedInAt, *signedInAt + kSessionMs});
    }
    const std::int64_t now = nowMs_();
    const std::int64_t id = recordAudit(kioskId, *at, *staff, *action, detail.value_or(""), *session);
    return ok(201, {{"id", id}, {"receivedAt", isoTime_(now)}});
}

StaffAnswer StaffApi::auditEntries(const std::string& kioskId, int limit) {
    json entries = json::array(), refused = json::array();
    for (const auto& r : db_.query(kSelectAuditEntries, {kioskId, static_cast<std::int64_t>(limit)})) {
        json e{{"id", r.i(0)}, {"at", r.i(1)}, {"staff", r.s(2)}, {"action", r.s(3)}, {"detail", r.s(4)},
               {"receivedAt", isoTime_(r.i(5))}};
        if (!r.null(6)) e["session"] = r.s(6);
        entries.push_back(std::move(e));
    }
    for (const auto& r : db_.query(kSelectRefused, {kioskId, static_cast<std::int64_t>(limit)}))
        refused.push_back({{"id", r.i(0)},
                           {"at", r.null(1) ? 0 : r.i(1)},
                           {"staff", r.s(2)},
                           {"session", r.s(3)},
                           {"action", r.s(4)},
                           {"reason", r.s(5)},
                           {"receivedAt", isoTime_(r.i(6))}});
    return ok(200, {{"kioskId", kioskId}, {"entries", entries}, {"refused", refused}});
}

}  // namespace kiosk::central
