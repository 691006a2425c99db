#pragma once
// fleet: remote configuration, signed, versioned, validated, with rollback
// (issue #9, item 3).
//
// What a maintainer pushes is an *overlay*: a TOML fragment laid over the
// kiosk's own file (/etc/kiosk/kiosk.toml), e.g. `[services.marriage]
// enabled = false`. The overlay may set only the keys of an allowlist
// (issue #13; kOverlayAllowed in remote_config.cpp): display, session,
// identity.resident_key_in, voice, services.<id>.*, language, log_level and
// the device nodes and rates of the idcard reader, scanner, printer and code
// scanner. Anything else refuses the whole overlay (Forbidden, naming the
// key): kiosk_id, [central] and [fleet] (another service, other keys to
// check the next config), idcard.photo_library (reaches dlopen),
// codes.public_keys, demo, assets_dir, and the folders personal data is
// written to or read from. The merged text is then validated by the kiosk's
// own parser (parseConfig: unknown keys and bad values refused).
//
// The envelope, JSON, as `tools/kioskctl sign-config` makes it and
// GET /api/v1/kiosks/{id}/config serves it under "signed":
//   {"format": "kiosk-config/1", "kioskId": "kiosk-demo-01" (or "*": any),
//    "version": 7, "config": "<TOML overlay>", "keyId": "<8 chars>",
//    "signature": "<base64url ed25519>"}
// The signature covers "KCFG1\n<kioskId>\n<version>\n<config>". Keys are the
// same kind as the code-signing keys (kiosk/core/signed_code.h): a 32-byte
// seed file on the maintainer's side, the base64url public key and its
// 8-character key id in the kiosk's [fleet] config_keys.
//
// On disk, in the fleet state dir (<central.data_dir>/fleet by default):
//   config/good.json       envelope of the last config that ran healthy
//   config/candidate.json  envelope being tried
//   config/trial.json      {"version", "starts"}: starts with the candidate
//   config/failed.json     {"version", "reason"}: the last one rolled back
// Every write is a temp file, fsync, rename, directory fsync, so a power cut
// leaves either the old or the new file. The candidate is written before the
// trial record, and a trial record without a candidate is ignored.
//
// Threads: one RemoteConfigStore may be used from several threads (a mutex);
// two processes must not share a state dir.
#include "kiosk/core/durable_file.h"
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "kiosk/core/config.h"
#include "kiosk/core/result.h"
#include "kiosk/core/signed_code.h"

namespace kiosk::remote {

struct ConfigEnvelope {
    std::string kioskId;  // "*": any kiosk
    std::int64_t version = 0;
    std::string config;  // the TOML overlay
    std::string keyId;
    std::string signature;  // base64url
};

std::string envelopeToJson(const ConfigEnvelope& e);
std::optional<ConfigEnvelope> envelopeFromJson(const std::string& text);

// The bytes the signature covers.
std::string configSigningMessage(const std::string& kioskId, std::int64_t version, const std::string& config);
// Signs with the 32-byte seed (the same key file format as the code-signing key).
ConfigEnvelope signConfig(std::span<const std::uint8_t, 32> seed, const std::string& kioskId, std::int64_t version,
                          const std::string& config);

enum class ConfigRefusal {
    Malformed,         // not an envelope
    WrongKiosk,        // signed for another kiosk
    UnknownKey,        // signed with a key this kiosk does not hold
    BadSignature,      // tampered, or signed for other bytes
    NotNewer,          // version not above the one running
    RolledBackBefore,  // this version was rolled back; not applied again
    Forbidden,         // sets a key that is not on the overlay allowlist
    Invalid,           // the merged config does not parse (unknown key, bad value)
};
const char* configRefusalName(ConfigRefusal r);

struct Refused {
    ConfigRefusal reason = ConfigRefusal::Malformed;
    std::string detail;  // for the operator; no personal data
    std::string describe() const;
};

// The Ed25519 signature over `message` with the 32-byte seed: {key id, base64url signature}.
// Shared by configs and commands (signed_command.h).
std::pair<std::string, std::string> signMessage(std::span<const std::uint8_t, 32> seed, const std::string& message);
// Nothing when `signature` (base64url) is `message` signed by the key `keyId`
// among `keys`; else why not (UnknownKey or BadSignature).
std::optional<Refused> checkSignature(const std::string& keyId, const std::string& signature,
                                      const std::string& message, std::span<const CodePublicKey> keys);

// Checks shape, kiosk and signature (not the version).
Result<ConfigEnvelope, Refused> verifyEnvelope(const std::string& json, const std::string& kioskId,
                                               std::span<const CodePublicKey> keys);

// The overlay laid over the base TOML and parsed with parseConfig.
Result<KioskConfig, Refused> mergeConfig(const std::string& baseToml, const std::string& overlayToml);

struct RemoteConfigStatus {
    std::int64_t goodVersion = 0;   // 0: none (the local file alone)
    std::int64_t trialVersion = 0;  // 0: nothing on trial
    int starts = 0;
    std::int64_t failedVersion = 0;
    std::string failedReason;
    std::int64_t runningVersion = 0;  // what this process started with
};

class RemoteConfigStore {
public:
    RemoteConfigStore(std::filesystem::path dir, std::string kioskId, std::string baseToml,
                      std::vector<CodePublicKey> keys, int maxStarts);

    struct Startup {
        KioskConfig config;
        std::int64_t version = 0;  // 0: the local file alone
        bool onTrial = false;
        std::string note;  // what happened (rolled back, ...), for the log
    };
    // At start-up, before the app is built: counts a start of a candidate and
    // rolls it back when it had maxStarts starts without becoming good; then
    // returns the config to run (candidate, good, or the base). `base` is the
    // parsed local file.
    Startup prepareStart(const KioskConfig& base);
    // The version another instance's prepareStart() chose in this process
    // (main() prepares, the app's agent works with it later).
    void adoptRunning(std::int64_t version) {
        std::lock_guard lock(mutex_);
        running_ = version;
    }

    // A config offered by the central service: verified, checked against the
    // running version and the last rolled back, validated, then written as
    // the candidate (the caller restarts the kiosk to run it).
    Result<std::int64_t, Refused> offer(const std::string& envelopeJson);
    // The candidate ran healthy: it becomes the good config.
    bool confirm();
    // The candidate did not come up healthy: it is dropped and remembered.
    bool rollback(const std::string& reason);

    RemoteConfigStatus status() const;
    const std::filesystem::path& dir() const { return dir_; }

private:
    std::filesystem::path file(const char* name) const { return dir_ / "config" / name; }
    std::optional<ConfigEnvelope> load(const char* name) const;
    bool rollbackLocked(const std::string& reason);

    std::filesystem::path dir_;
    std::string kioskId_;
    std::string baseToml_;
    std::vector<CodePublicKey> keys_;
    int maxStarts_;
    mutable std::mutex mutex_;
    std::int64_t running_ = 0;
};

// Writes `data` to `path` atomically (kiosk/core/durable_file.h).
using kiosk::writeFileAtomic;
std::optional<std::string> readWholeFile(const std::filesystem::path& path);

}  // namespace kiosk::remote
