#include "kiosk/core/staff.h"

#include <sodium.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace kiosk {
namespace {

using json = nlohmann::json;

void ensureSodium() {
    static const bool ok = sodium_init() >= 0;
    if (!ok) std::abort();  // no usable randomness: nothing safe can be done
}

const std::string* stringField(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get_ptr<const std::string*>() : nullptr;
}

constexpr std::string_view kVerifierContext = "civil-kiosk staff pin verifier v1";
constexpr std::string_view kProofContext = "civil-kiosk staff offline proof v1";
constexpr std::uint64_t kMaxOpslimit = 10;
constexpr std::size_t kMinMemlimit = 8 * 1024;
constexpr std::size_t kMaxMemlimit = 256u * 1024 * 1024;

bool saneParams(const PinHashParams& p) {
    return p.salt.size() == crypto_pwhash_SALTBYTES && p.opslimit >= 1 && p.opslimit <= kMaxOpslimit &&
           p.memlimit >= kMinMemlimit && p.memlimit <= kMaxMemlimit && p.hashBytes >= 16 && p.hashBytes <= 64;
}

// HMAC-SHA256(key, context || data).
Digest32 keyedDigest(std::span<const std::uint8_t> key, std::string_view context, std::span<const std::uint8_t> data) {
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, key.data(), key.size());
    crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(context.data()), context.size());
    crypto_auth_hmacsha256_update(&st, data.data(), data.size());
    Digest32 out{};
    crypto_auth_hmacsha256_final(&st, out.data());
    sodium_memzero(&st, sizeof st);
    return out;
}

std::optional<std::vector<std::uint8_t>> decode(std::string_view text, int variant) {
    std::vector<std::uint8_t> out(text.size());
    size_t len = 0;
    if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &len, nullptr, variant) != 0)
        return std::nullopt;
    out.resize(len);
    return out;
}

std::optional<std::uint64_t> unsignedField(const json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_number_unsigned()) return std::nullopt;
    return it->get<std::uint64_t>();
}

}  // namespace

bool validStaffNumber(std::string_view n) {
    // The same shape as a signed code's id (kiosk/core/signed_code.h).
    if (n.empty() || n.size() > 40) return false;
    return std::all_of(n.begin(), n.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
}

bool validPinShape(std::string_view pin) {
    return pin.size() >= kPinMinDigits && pin.size() <= kPinMaxDigits &&
           std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<StaffRole> staffRoleFrom(std::string_view s) {
    if (s == "staff") return StaffRole::Staff;
    if (s == "maintainer") return StaffRole::Maintainer;
    return std::nullopt;
}

std::optional<ParsedPinHash> parsePinHash(std::string_view s) {
    // $argon2id$v=19$m=<KiB>,t=<ops>,p=1$<salt b64>$<hash b64> (unpadded base64).
    constexpr std::string_view kPrefix = "$argon2id$v=19$m=";
    if (s.rfind(kPrefix, 0) != 0 || s.size() >= crypto_pwhash_STRBYTES) return std::nullopt;
    std::string rest(s.substr(kPrefix.size()));
    unsigned long long mKiB = 0, t = 0, p = 0;
    int consumed = 0;
    if (std::sscanf(rest.c_str(), "%llu,t=%llu,p=%llu$%n", &mKiB, &t, &p, &consumed) != 3 || consumed == 0 || p != 1)
        return std::nullopt;
    std::string_view tail = std::string_view(rest).substr(static_cast<size_t>(consumed));
    const size_t dollar = tail.find('$');
    if (dollar == std::string_view::npos) return std::nullopt;
    auto salt = decode(tail.substr(0, dollar), sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
    auto hash = decode(tail.substr(dollar + 1), sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
    if (!salt || !hash) return std::nullopt;
    ParsedPinHash out;
    out.params.salt = std::move(*salt);
    out.params.opslimit = t;
    out.params.memlimit = static_cast<std::size_t>(mKiB) * 1024;
    out.params.hashBytes = hash->size();
    out.hash = std::move(*hash);
    if (!saneParams(out.params)) return std::nullopt;
    return out;
}

std::optional<std::vector<std::uint8_t>> pinHashOf(const Personal& pin, const PinHashParams& params) {
    ensureSodium();
    if (!saneParams(params)) return std::nullopt;
    std::vector<std::uint8_t> out(params.hashBytes);
    const std::string& p = pin.reveal();
    if (crypto_pwhash(out.data(), out.size(), p.data(), p.size(), params.salt.data(), params.opslimit, params.memlimit,
                      crypto_pwhash_ALG_ARGON2ID13) != 0)
        return std::nullopt;
    return out;
}

Digest32 pinVerifier(const OfflineKey& key, std::span<const std::uint8_t> hash) {
    return keyedDigest(key, kVerifierContext, hash);
}

Digest32 offlineProof(const OfflineKey& key, std::span<const std::uint8_t> hash, std::string_view kioskId,
                      std::string_view staffNumber, std::string_view session, std::int64_t atMs) {
    Digest32 proofKey = keyedDigest(key, kProofContext, hash);
    const std::string message = std::string(kioskId) + "\n" + std::string(staffNumber) + "\n" + std::string(session) +
                                "\n" + std::to_string(atMs);
    Digest32 out = keyedDigest(proofKey, {}, std::span(reinterpret_cast<const std::uint8_t*>(message.data()), message.size()));
    sodium_memzero(proofKey.data(), proofKey.size());
    return out;
}

std::string offlineKeyId(const OfflineKey& key) {
    ensureSodium();
    std::uint8_t digest[8];
    constexpr std::string_view kContext = "civil-kiosk offline key id";
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(kContext.data()), kContext.size(),
                       key.data(), key.size());
    char hex[sizeof digest * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return std::string("k-") + hex;
}

std::string randomHex(std::size_t bytes) {
    ensureSodium();
    std::vector<unsigned char> b(bytes);
    randombytes_buf(b.data(), b.size());
    std::string hex(bytes * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), b.data(), b.size());
    hex.pop_back();
    return hex;
}

std::string toBase64(std::span<const std::uint8_t> bytes) {
    ensureSodium();
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1);  // the terminating NUL
    return out;
}

std::optional<std::vector<std::uint8_t>> fromBase64(std::string_view text) {
    ensureSodium();
    return decode(text, sodium_base64_VARIANT_ORIGINAL);
}

const StaffDirectoryEntry* StaffDirectory::find(std::string_view number) const {
    for (const auto& e : entries)
        if (e.member.number == number) return &e;
    return nullptr;
}

Result<StaffDirectory, std::string> parseStaffDirectory(std::string_view text) {
    auto j = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return std::string("the staff directory is not JSON");
    const std::string* keyId = j.is_object() ? stringField(j, "keyId") : nullptr;
    auto staff = j.is_object() ? j.find("staff") : j.end();
    if (!keyId || staff == j.end() || !staff->is_array())
        return std::string("the staff directory is not an object with keyId and a staff array");
    StaffDirectory dir;
    dir.keyId = *keyId;
    int index = 0;
    for (const json& e : *staff) {
        const std::string where = "staff directory entry " + std::to_string(index++);
        if (!e.is_object()) {
            dir.problems.push_back(where + ": not an object");
            continue;
        }
        const std::string* number = stringField(e, "number");
        const std::string* name = stringField(e, "name");
        const std::string* role = stringField(e, "role");
        if (!number || !validStaffNumber(*number)) {
            dir.problems.push_back(where + ": no valid staff number");
            continue;
        }
        const std::string who = where + " (" + *number + ")";
        if (!name || name->empty()) {
            dir.problems.push_back(who + ": no name");
            continue;
        }
        auto parsedRole = role ? staffRoleFrom(*role) : std::nullopt;
        if (!parsedRole) {
            dir.problems.push_back(who + ": role is not staff or maintainer");
            continue;
        }
        auto pin = e.find("pin");
        StaffDirectoryEntry entry{StaffMember{*number, *name, *parsedRole}, {}, {}};
        bool ok = pin != e.end() && pin->is_object();
        if (ok) {
            const std::string* salt = stringField(*pin, "salt");
            const std::string* verifier = stringField(*pin, "verifier");
            auto ops = unsignedField(*pin, "opslimit");
            auto mem = unsignedField(*pin, "memlimit");
            auto bytes = unsignedField(*pin, "hashBytes");
            auto saltBytes = salt ? fromBase64(*salt) : std::nullopt;
            auto verifierBytes = verifier ? fromBase64(*verifier) : std::nullopt;
            ok = saltBytes && verifierBytes && verifierBytes->size() == entry.verifier.size() && ops && mem && bytes &&
                 *mem <= kMaxMemlimit && *bytes <= 64;
            if (ok) {
                entry.params = PinHashParams{std::move(*saltBytes), *ops, static_cast<std::size_t>(*mem),
                                             static_cast<std::size_t>(*bytes)};
                std::copy(verifierBytes->begin(), verifierBytes->end(), entry.verifier.begin());
                ok = saneParams(entry.params);
            }
        }
        // Out-of-range costs would let a bad directory make every sign-in
        // take minutes or all the memory: the entry is skipped instead.
        if (!ok) {
            dir.problems.push_back(who + ": pin is not a verifier with a salt and sane argon2id costs");
            continue;
        }
        if (dir.find(*number)) {
            dir.problems.push_back(who + ": duplicate staff number, the first entry is kept");
            continue;
        }
        dir.entries.push_back(std::move(entry));
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
std::string auditEntryJson(const AuditEntry& entry, std::string_view session,
                           const std::optional<OfflineSessionProof>& offline) {
    json j{{"at", entry.atMs},
           {"staff", entry.staffNumber},
           {"session", std::string(session)},
           {"action", entry.action},
           {"detail", entry.detail}};
    if (offline)
        j["offline"] = {{"signedInAt", offline->signedInAtMs}, {"proof", offline->proof}, {"card", offline->card}};
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
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
