#include "kiosk/remote/remote_config.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <toml++/toml.h>

#include <nlohmann/json.hpp>

#include <array>
#include <cstdlib>
#include <string_view>
#include <fstream>
#include <sstream>

#include "kiosk/core/log.h"

namespace kiosk::remote {
namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

constexpr const char* kFormat = "kiosk-config/1";

void ensureSodium() {
    static const bool ok = sodium_init() >= 0;
    if (!ok) std::abort();
}

std::string base64url(const std::uint8_t* data, size_t len) {
    std::string out(sodium_base64_encoded_len(len, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
    sodium_bin2base64(out.data(), out.size(), data, len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    out.resize(out.size() - 1);
    return out;
}

bool unbase64url(const std::string& text, std::uint8_t* out, size_t expected) {
    size_t len = 0;
    const char* end = nullptr;
    if (sodium_base642bin(out, expected, text.data(), text.size(), nullptr, &len, &end,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
        return false;
    return len == expected && end == text.data() + text.size();
}

// Lays `over` onto `base`: tables merge key by key, anything else replaces.
void overlay(toml::table& base, const toml::table& over) {
    for (auto&& [key, node] : over) {
        toml::node* existing = base.get(key);
        if (existing && existing->is_table() && node.is_table()) {
            overlay(*existing->as_table(), *node.as_table());
        } else {
            base.insert_or_assign(key, node);
        }
    }
}

Refused refused(ConfigRefusal r, std::string detail) { return Refused{r, std::move(detail)}; }

// issue #13: the keys a remote overlay may set, as dotted paths ("*" matches
// one table name: services.<id>.enabled). Operational tuning only; never
// what loads code (idcard.photo_library reaches dlopen), what decides trust
// (codes.public_keys, fleet.*, central.*: token and URL), where personal data
// is written (printer.output_dir, maintenance.export_dir) or read from
// (scanner.folder, codes.folder), demo mode, assets_dir or kiosk_id.
constexpr std::array<std::string_view, 28> kOverlayAllowed = {
    "language",              "log_level",          "display.fullscreen",      "display.orientation",
    "display.width",         "display.height",     "display.diagonal_inches", "session.inactivity_seconds",
    "session.warning_seconds", "identity.resident_key_in", "voice.enabled",    "voice.volume",
    "voice.zh_voice",        "voice.en_voice",     "services.*.enabled",      "services.*.unavailable_reason",
    "idcard.device",         "idcard.baud",        "scanner.device",          "scanner.ocr_engines",
    "printer.device",        "printer.read_status", "codes.source",           "codes.device",
    "codes.baud",            "codes.width",        "codes.height",            "codes.fps",
};

bool pathMatches(std::string_view pattern, std::string_view path) {
    for (;;) {
        auto pd = pattern.find('.');
        auto qd = path.find('.');
        std::string_view p = pattern.substr(0, pd), q = path.substr(0, qd);
        if (p != "*" && p != q) return false;
        if (pd == std::string_view::npos || qd == std::string_view::npos) return pd == qd;
        pattern.remove_prefix(pd + 1);
        path.remove_prefix(qd + 1);
    }
}

// The first key of `table` (dotted, under `prefix`) that is not on the allowlist.
std::optional<std::string> firstForbiddenKey(const toml::table& table, const std::string& prefix) {
    for (auto&& [key, node] : table) {
        std::string path = prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
        bool allowed = false;
        for (auto pattern : kOverlayAllowed) allowed = allowed || pathMatches(pattern, path);
        if (node.is_table()) {
            // A table is fine if everything in it is; only the leaves are listed.
            if (auto bad = firstForbiddenKey(*node.as_table(), path)) return bad;
            continue;
        }
        if (!allowed) return path;
    }
    return std::nullopt;
}

}  // namespace

const char* configRefusalName(ConfigRefusal r) {
    switch (r) {
        case ConfigRefusal::Malformed:
            return "malformed";
        case ConfigRefusal::WrongKiosk:
            return "wrong-kiosk";
        case ConfigRefusal::UnknownKey:
            return "unknown-key";
        case ConfigRefusal::BadSignature:
            return "bad-signature";
        case ConfigRefusal::NotNewer:
            return "not-newer";
        case ConfigRefusal::RolledBackBefore:
            return "rolled-back-before";
        case ConfigRefusal::Forbidden:
            return "forbidden";
        case ConfigRefusal::Invalid:
            return "invalid";
    }
    return "unknown";
}

std::string Refused::describe() const {
    return detail.empty() ? configRefusalName(reason) : std::string(configRefusalName(reason)) + ": " + detail;
}

std::string envelopeToJson(const ConfigEnvelope& e) {
    return json{{"format", kFormat},  {"kioskId", e.kioskId}, {"version", e.version},
                {"config", e.config}, {"keyId", e.keyId},     {"signature", e.signature}}
        .dump();
}

std::optional<ConfigEnvelope> envelopeFromJson(const std::string& text) {
    auto j = json::parse(text, nullptr, false);
    if (!j.is_object() || j.value("format", "") != kFormat) return std::nullopt;
    try {
        ConfigEnvelope e;
        e.kioskId = j.at("kioskId").get<std::string>();
        e.version = j.at("version").get<std::int64_t>();
        e.config = j.at("config").get<std::string>();
        e.keyId = j.at("keyId").get<std::string>();
        e.signature = j.at("signature").get<std::string>();
        if (e.version <= 0 || e.kioskId.empty()) return std::nullopt;
        return e;
    } catch (const json::exception&) {
        return std::nullopt;
    }
}

std::string configSigningMessage(const std::string& kioskId, std::int64_t version, const std::string& config) {
    return "KCFG1\n" + kioskId + "\n" + std::to_string(version) + "\n" + config;
}

std::pair<std::string, std::string> signMessage(std::span<const std::uint8_t, 32> seed, const std::string& message) {
    ensureSodium();
    CodeSigningKey key = CodeSigningKey::fromSeed(seed);  // the key id, as for codes
    std::array<std::uint8_t, crypto_sign_PUBLICKEYBYTES> pk;
    std::array<std::uint8_t, crypto_sign_SECRETKEYBYTES> sk;
    crypto_sign_seed_keypair(pk.data(), sk.data(), seed.data());
    std::array<std::uint8_t, crypto_sign_BYTES> sig;
    crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                         sk.data());
    sodium_memzero(sk.data(), sk.size());
    return {codeKeyId(key.publicKey()), base64url(sig.data(), sig.size())};
}

std::optional<Refused> checkSignature(const std::string& keyId, const std::string& signature,
                                      const std::string& message, std::span<const CodePublicKey> keys) {
    ensureSodium();
    const CodePublicKey* key = nullptr;
    for (const auto& k : keys)
        if (codeKeyId(k) == keyId) key = &k;
    if (!key) return refused(ConfigRefusal::UnknownKey, "key id " + keyId + " is not in fleet.config_keys");
    std::array<std::uint8_t, crypto_sign_BYTES> sig;
    if (!unbase64url(signature, sig.data(), sig.size()))
        return refused(ConfigRefusal::BadSignature, "the signature does not decode");
    if (crypto_sign_verify_detached(sig.data(), reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                                    key->bytes.data()) != 0)
        return refused(ConfigRefusal::BadSignature, "the signature does not match");
    return std::nullopt;
}

ConfigEnvelope signConfig(std::span<const std::uint8_t, 32> seed, const std::string& kioskId, std::int64_t version,
                          const std::string& config) {
    auto [keyId, signature] = signMessage(seed, configSigningMessage(kioskId, version, config));
    return ConfigEnvelope{kioskId, version, config, keyId, signature};
}

Result<ConfigEnvelope, Refused> verifyEnvelope(const std::string& text, const std::string& kioskId,
                                               std::span<const CodePublicKey> keys) {
    ensureSodium();
    auto e = envelopeFromJson(text);
    if (!e) return refused(ConfigRefusal::Malformed, "not a kiosk-config/1 envelope");
    if (e->kioskId != kioskId && e->kioskId != "*")
        return refused(ConfigRefusal::WrongKiosk, "signed for " + e->kioskId);
    if (auto bad = checkSignature(e->keyId, e->signature, configSigningMessage(e->kioskId, e->version, e->config), keys))
        return *bad;
    return *e;
}

Result<KioskConfig, Refused> mergeConfig(const std::string& baseToml, const std::string& overlayToml) {
    toml::table base, over;
    try {
        base = toml::parse(baseToml);
    } catch (const toml::parse_error& e) {
        return refused(ConfigRefusal::Invalid,
                       std::string("the local config does not parse: ") + std::string(e.description()));
    }
    try {
        over = toml::parse(overlayToml);
    } catch (const toml::parse_error& e) {
        std::ostringstream msg;
        msg << "syntax error at line " << e.source().begin.line << ": " << e.description();
        return refused(ConfigRefusal::Invalid, msg.str());
    }
    if (auto key = firstForbiddenKey(over, ""))
        return refused(ConfigRefusal::Forbidden, *key + ": set only in the kiosk's own file (not a remote config key)");
    overlay(base, over);
    std::ostringstream merged;
    merged << base;
    auto parsed = parseConfig(merged.str());
    if (!parsed) return refused(ConfigRefusal::Invalid, parsed.error().describe());
    return parsed.value();
}

std::optional<std::string> readWholeFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

namespace {

bool removeDurably(const fs::path& path) {
    std::error_code ec;
    fs::remove(path, ec);
    int dir = ::open(path.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
    return !ec;
}

}  // namespace

RemoteConfigStore::RemoteConfigStore(fs::path dir, std::string kioskId, std::string baseToml,
                                     std::vector<CodePublicKey> keys, int maxStarts)
    : dir_(std::move(dir)),
      kioskId_(std::move(kioskId)),
      baseToml_(std::move(baseToml)),
      keys_(std::move(keys)),
      maxStarts_(maxStarts) {}

std::optional<ConfigEnvelope> RemoteConfigStore::load(const char* name) const {
    auto text = readWholeFile(file(name));
    if (!text) return std::nullopt;
    return envelopeFromJson(*text);
}

RemoteConfigStatus RemoteConfigStore::status() const {
    std::lock_guard lock(mutex_);
    RemoteConfigStatus s;
    if (auto good = load("good.json")) s.goodVersion = good->version;
    if (auto cand = load("candidate.json")) {
        s.trialVersion = cand->version;
        auto trial = json::parse(readWholeFile(file("trial.json")).value_or(""), nullptr, false);
        if (trial.is_object()) s.starts = trial.value("starts", 0);
    }
    auto failed = json::parse(readWholeFile(file("failed.json")).value_or(""), nullptr, false);
    if (failed.is_object()) {
        s.failedVersion = failed.value("version", std::int64_t{0});
        s.failedReason = failed.value("reason", "");
    }
    s.runningVersion = running_;
    return s;
}

bool RemoteConfigStore::rollbackLocked(const std::string& reason) {
    auto cand = load("candidate.json");
    if (!cand) return false;
    KLOG_WARN("fleet: remote config version {} rolled back: {}", cand->version, reason);
    bool ok = writeFileAtomic(file("failed.json"), json{{"version", cand->version}, {"reason", reason}}.dump());
    ok = removeDurably(file("candidate.json")) && ok;
    removeDurably(file("trial.json"));
    return ok;
}

bool RemoteConfigStore::rollback(const std::string& reason) {
    std::lock_guard lock(mutex_);
    return rollbackLocked(reason);
}

bool RemoteConfigStore::confirm() {
    std::lock_guard lock(mutex_);
    if (!fs::exists(file("candidate.json"))) return false;
    if (::rename(file("candidate.json").c_str(), file("good.json").c_str()) != 0) return false;
    removeDurably(file("trial.json"));
    KLOG_INFO("fleet: remote config version {} ran healthy; it is the good config now", running_);
    return true;
}

RemoteConfigStore::Startup RemoteConfigStore::prepareStart(const KioskConfig& base) {
    std::lock_guard lock(mutex_);
    Startup out;
    out.config = base;
    auto cand = load("candidate.json");
    if (!cand && fs::exists(file("candidate.json"))) removeDurably(file("candidate.json"));  // torn: unreadable
    if (!cand) removeDurably(file("trial.json"));  // a trial record alone means nothing
    if (cand) {
        auto trial = json::parse(readWholeFile(file("trial.json")).value_or(""), nullptr, false);
        int starts = (trial.is_object() && trial.value("version", std::int64_t{0}) == cand->version)
                         ? trial.value("starts", 0) + 1
                         : 1;
        writeFileAtomic(file("trial.json"), json{{"version", cand->version}, {"starts", starts}}.dump());
        if (starts > maxStarts_) {
            rollbackLocked("did not come up healthy in " + std::to_string(maxStarts_) + " starts");
            out.note = "remote config version " + std::to_string(cand->version) + " rolled back after " +
                       std::to_string(maxStarts_) + " starts without becoming healthy";
        } else {
            auto verified = verifyEnvelope(envelopeToJson(*cand), kioskId_, keys_);
            auto merged =
                verified ? mergeConfig(baseToml_, cand->config) : Result<KioskConfig, Refused>(verified.error());
            if (merged) {
                out.config = merged.value();
                out.version = cand->version;
                out.onTrial = true;
                out.note = "remote config version " + std::to_string(cand->version) + " on trial (start " +
                           std::to_string(starts) + " of " + std::to_string(maxStarts_) + ")";
                running_ = out.version;
                return out;
            }
            rollbackLocked(merged.error().describe());
            out.note = "remote config version " + std::to_string(cand->version) +
                       " refused at start: " + merged.error().describe();
        }
    }
    if (auto good = load("good.json")) {
        auto verified = verifyEnvelope(envelopeToJson(*good), kioskId_, keys_);
        auto merged = verified ? mergeConfig(baseToml_, good->config) : Result<KioskConfig, Refused>(verified.error());
        if (merged) {
            out.config = merged.value();
            out.version = good->version;
        } else {
            // The local file or its keys changed under it: the local file alone.
            if (!out.note.empty()) out.note += "; ";
            out.note += "the good remote config version " + std::to_string(good->version) +
                        " no longer applies: " + merged.error().describe();
        }
    }
    running_ = out.version;
    return out;
}

Result<std::int64_t, Refused> RemoteConfigStore::offer(const std::string& envelopeJson) {
    auto verified = verifyEnvelope(envelopeJson, kioskId_, keys_);
    if (!verified) return verified.error();
    const ConfigEnvelope& e = verified.value();
    std::lock_guard lock(mutex_);
    auto cand = load("candidate.json");
    if (e.version == running_ || (cand && cand->version == e.version)) return std::int64_t{0};  // nothing new
    auto failed = json::parse(readWholeFile(file("failed.json")).value_or(""), nullptr, false);
    if (failed.is_object() && failed.value("version", std::int64_t{0}) == e.version)
        return refused(ConfigRefusal::RolledBackBefore,
                       "version " + std::to_string(e.version) + ": " + failed.value("reason", ""));
    if (e.version < running_)
        return refused(ConfigRefusal::NotNewer,
                       "version " + std::to_string(e.version) + " is older than " + std::to_string(running_));
    auto merged = mergeConfig(baseToml_, e.config);
    if (!merged) return merged.error();
    if (!writeFileAtomic(file("candidate.json"), envelopeToJson(e)) ||
        !writeFileAtomic(file("trial.json"), json{{"version", e.version}, {"starts", 0}}.dump()))
        return refused(ConfigRefusal::Malformed, "cannot write " + file("candidate.json").string());
    KLOG_INFO("fleet: remote config version {} accepted; it runs on trial from the next start", e.version);
    return e.version;
}

}  // namespace kiosk::remote
