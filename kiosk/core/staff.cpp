#include "kiosk/core/staff.h"

#include <sodium.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>

namespace kiosk {
namespace {

using json = nlohmann::json;

void ensureSodium() {
    static const bool ok = sodium_init() >= 0;
    if (!ok) std::abort();  // no usable randomness: nothing safe can be done
}

// The same shape as a signed code's id (kiosk/core/signed_code.h): the staff
// number comes off a signed staff card.
bool validStaffNumber(std::string_view n) {
    if (n.empty() || n.size() > 40) return false;
    return std::all_of(n.begin(), n.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
}

std::optional<StaffRole> roleFrom(const std::string& s) {
    if (s == "staff") return StaffRole::Staff;
    if (s == "maintainer") return StaffRole::Maintainer;
    return std::nullopt;
}

const std::string* stringField(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get_ptr<const std::string*>() : nullptr;
}

}  // namespace

const StaffDirectoryEntry* StaffDirectory::find(std::string_view number) const {
    for (const auto& e : entries)
        if (e.member.number == number) return &e;
    return nullptr;
}

Result<StaffDirectory, std::string> parseStaffDirectory(std::string_view text) {
    auto j = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return std::string("the staff directory is not JSON");
    if (!j.is_array()) return std::string("the staff directory is not a JSON array");
    StaffDirectory dir;
    int index = 0;
    for (const json& e : j) {
        const std::string where = "staff directory entry " + std::to_string(index++);
        if (!e.is_object()) {
            dir.problems.push_back(where + ": not an object");
            continue;
        }
        const std::string* number = stringField(e, "number");
        const std::string* name = stringField(e, "name");
        const std::string* role = stringField(e, "role");
        const std::string* hash = stringField(e, "pinHash");
        if (!number || !validStaffNumber(*number)) {
            dir.problems.push_back(where + ": no valid staff number");
            continue;
        }
        const std::string who = where + " (" + *number + ")";
        if (!name || name->empty()) {
            dir.problems.push_back(who + ": no name");
            continue;
        }
        auto parsedRole = role ? roleFrom(*role) : std::nullopt;
        if (!parsedRole) {
            dir.problems.push_back(who + ": role is not staff or maintainer");
            continue;
        }
        // Only argon2id: a weaker or unknown hash would make the PIN easier to
        // guess from a stolen kiosk disk than the contract promises.
        if (!hash || hash->rfind("$argon2id$", 0) != 0 || hash->size() >= crypto_pwhash_STRBYTES) {
            dir.problems.push_back(who + ": pinHash is not an argon2id hash");
            continue;
        }
        if (dir.find(*number)) {
            dir.problems.push_back(who + ": duplicate staff number, the first entry is kept");
            continue;
        }
        dir.entries.push_back({StaffMember{*number, *name, *parsedRole}, *hash});
    }
    return dir;
}

const char* staffRoleName(StaffRole role) {
    switch (role) {
    case StaffRole::Staff: return "staff";
    case StaffRole::Maintainer: return "maintainer";
    }
    return "staff";
}

bool verifyPin(std::string_view pinHash, const Personal& pin) {
    ensureSodium();
    if (pinHash.empty() || pinHash.size() >= crypto_pwhash_STRBYTES) return false;
    // crypto_pwhash_str_verify wants a NUL-terminated string of at most STRBYTES.
    char hash[crypto_pwhash_STRBYTES] = {};
    std::copy(pinHash.begin(), pinHash.end(), hash);
    const std::string& p = pin.reveal();
    return crypto_pwhash_str_verify(hash, p.data(), p.size()) == 0;
}

std::string hashPin(const Personal& pin) {
    ensureSodium();
    char out[crypto_pwhash_STRBYTES];
    const std::string& p = pin.reveal();
    if (crypto_pwhash_str(out, p.data(), p.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return {};
    return out;
}

bool isLockedOut(const SignInState& state, std::int64_t nowMs) {
    return state.lockedUntilMs != 0 && nowMs < state.lockedUntilMs;
}

SignInState afterPinFailure(SignInState state, std::int64_t nowMs) {
    if (state.lockedUntilMs != 0 && nowMs >= state.lockedUntilMs) state = SignInState{};
    if (isLockedOut(state, nowMs)) return state;  // already locked: the lock does not grow
    state.failures += 1;
    state.lastFailureMs = nowMs;
    if (state.failures >= kMaxPinFailures)
        state.lockedUntilMs = nowMs + std::chrono::duration_cast<std::chrono::milliseconds>(kLockout).count();
    return state;
}

int attemptsLeft(const SignInState& state, std::int64_t nowMs) {
    if (isLockedOut(state, nowMs)) return 0;
    if (state.lockedUntilMs != 0) return kMaxPinFailures;  // the lock ran out: a fresh count
    return std::max(0, kMaxPinFailures - state.failures);
}

// Text that is not valid UTF-8 must not throw here (a fire-and-forget audit
// or journal call has no one to catch it): it is written with U+FFFD instead.
std::string auditEntryJson(const AuditEntry& entry) {
    return json{{"at", entry.atMs}, {"staff", entry.staffNumber}, {"action", entry.action}, {"detail", entry.detail}}
        .dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string receiptToJson(const Receipt& r) {
    json rows = json::array();
    for (const auto& [label, value] : r.rows) rows.push_back(json::array({label, value}));
    return json{{"title", r.title},
                {"rows", rows},
                {"qrPayload", r.qrPayload},
                {"qrCaption", r.qrCaption},
                {"footer", r.footer}}
        .dump(-1, ' ', false, json::error_handler_t::replace);
}

std::optional<Receipt> receiptFromJson(std::string_view text) {
    auto j = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object()) return std::nullopt;
    Receipt r;
    auto str = [&](const char* key, std::string& out) {
        if (const std::string* s = stringField(j, key)) out = *s;
    };
    str("title", r.title);
    str("qrPayload", r.qrPayload);
    str("qrCaption", r.qrCaption);
    str("footer", r.footer);
    auto rows = j.find("rows");
    if (rows != j.end() && rows->is_array())
        for (const json& row : *rows)
            if (row.is_array() && row.size() == 2 && row[0].is_string() && row[1].is_string())
                r.rows.emplace_back(row[0].get<std::string>(), row[1].get<std::string>());
    return r;
}

}  // namespace kiosk
