// kiosk-fleet: the maintainer's side of remote configuration (fleet), used
// by tools/kioskctl:
//   kiosk-fleet keygen --out KEYFILE          a config-signing key (32-byte
//                                             seed, 0600); prints the public key
//   kiosk-fleet public-key --key KEYFILE      prints the public key and key id
//   kiosk-fleet sign-config FILE --key KEYFILE --kiosk ID --version N [--base TOML]
//       checks the overlay FILE as a kiosk would (laid over --base, default an
//       empty file; kiosk_id, [central], [fleet] refused) and prints the signed
//       envelope (kiosk/remote/remote_config.h) for POST /admin/kiosks/{id}/config.
//   kiosk-fleet sign-command NAME [ARGS_JSON] --key KEYFILE --kiosk ID [--expires-in S]
//       prints a signed command (kiosk/remote/signed_command.h) for
//       POST /admin/kiosks/{id}/commands; it runs once, until it expires
//       (default 24 h, at most 7 days).
#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <chrono>
#include <set>
#include <string>

#include <CLI/CLI.hpp>

#include "kiosk/core/clock.h"
#include "kiosk/core/signed_code.h"
#include "kiosk/core/json_read.h"
#include "kiosk/remote/remote_config.h"
#include "kiosk/remote/signed_command.h"

namespace {

bool readSeed(const std::string& path, std::array<std::uint8_t, 32>& seed) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    bool ok = ::read(fd, seed.data(), seed.size()) == 32;
    ::close(fd);
    return ok;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"kiosk-fleet: config-signing keys and signed remote configs for the kiosk fleet"};
    app.require_subcommand(1);
    std::string out, key, file, kiosk, base, command, args = "{}";
    std::int64_t version = 0;
    std::int64_t expiresIn = 24 * 3600;
    auto* keygen = app.add_subcommand("keygen", "Make a config-signing key");
    keygen->add_option("--out", out, "Key file to create (0600)")->required();
    auto* pub = app.add_subcommand("public-key", "Print a key's public half (for [fleet] config_keys)");
    pub->add_option("--key", key, "Key file")->required();
    auto* sign = app.add_subcommand("sign-config", "Check and sign a config overlay");
    sign->add_option("file", file, "TOML overlay")->required()->check(CLI::ExistingFile);
    sign->add_option("--key", key, "Key file")->required();
    sign->add_option("--kiosk", kiosk, "The kiosk it is for (* = any)")->required();
    sign->add_option("--version", version, "Config version (a kiosk runs only newer ones)")
        ->required()
        ->check(CLI::PositiveNumber);
    sign->add_option("--base", base, "The kiosk's own file, to check the result against")->check(CLI::ExistingFile);
    auto* signCmd = app.add_subcommand("sign-command", "Sign a remote command for one kiosk (or *)");
    signCmd->add_option("name", command, "sync-now, restart, upload-logs, enter-maintenance, leave-maintenance, "
                                         "maintenance, service, notice")
        ->required();
    signCmd->add_option("args", args, "Arguments, a JSON object (default {})");
    signCmd->add_option("--key", key, "Key file")->required();
    signCmd->add_option("--kiosk", kiosk, "The kiosk it is for (* = any)")->required();
    signCmd->add_option("--expires-in", expiresIn, "Seconds it stays valid (at most 7 days)")
        ->check(CLI::Range(std::int64_t{60}, std::int64_t{kiosk::remote::kMaxCommandLifetime.count()}));
    CLI11_PARSE(app, argc, argv);
    if (sodium_init() < 0) return 1;

    std::array<std::uint8_t, 32> seed{};
    if (*keygen) {
        randombytes_buf(seed.data(), seed.size());
        int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        bool ok = fd >= 0 && ::write(fd, seed.data(), seed.size()) == 32;
        if (fd >= 0) ::close(fd);
        if (!ok) {
            std::fprintf(stderr, "kiosk-fleet: cannot create %s (it must not exist)\n", out.c_str());
            return 1;
        }
    } else if (!readSeed(key, seed)) {
        std::fprintf(stderr, "kiosk-fleet: %s does not hold a 32-byte key\n", key.c_str());
        return 1;
    }
    kiosk::CodeSigningKey signing = kiosk::CodeSigningKey::fromSeed(seed);
    if (*keygen || *pub) {
        std::printf("%s\nkey id %s\n", kiosk::encodeCodePublicKey(signing.publicKey()).c_str(),
                    kiosk::codeKeyId(signing.publicKey()).c_str());
        sodium_memzero(seed.data(), seed.size());
        return 0;
    }
    if (*signCmd) {
        // The names the fleet agent runs (fleet_agent.h) and kiosk-update's rollback: a typo is caught here.
        static const std::set<std::string> kKnown = {"sync-now",          "restart", "upload-logs", "maintenance",
                                                     "enter-maintenance", "leave-maintenance", "service", "notice",
                                                     "rollback"};
        if (!kKnown.count(command)) {
            std::fprintf(stderr, "kiosk-fleet: unknown command %s\n", command.c_str());
            sodium_memzero(seed.data(), seed.size());
            return 2;
        }
        auto parsed = kiosk::jsonr::parseObject(args);
        if (!parsed) {
            std::fprintf(stderr, "kiosk-fleet: the arguments are not a JSON object: %s\n", args.c_str());
            sodium_memzero(seed.data(), seed.size());
            return 2;
        }
        kiosk::remote::CommandEnvelope e;
        e.kioskId = kiosk;
        e.command = command;
        e.args = parsed->dump();
        std::array<std::uint8_t, 18> nonce{};
        randombytes_buf(nonce.data(), nonce.size());
        char text[sodium_base64_ENCODED_LEN(18, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
        sodium_bin2base64(text, sizeof text, nonce.data(), nonce.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
        e.nonce = text;
        // The expiry is this machine's wall time plus the lifetime: with its
        // clock before any build (an RTC at 1970) every envelope would be
        // born expired, or live for decades, so none is signed.
        const auto now = kiosk::systemClock().wallNow();
        if (!kiosk::wallClockPlausible(now)) {
            std::fprintf(stderr, "kiosk-fleet: this machine's clock reads before 2025; set it before signing\n");
            sodium_memzero(seed.data(), seed.size());
            return 2;
        }
        e.expires = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count() + expiresIn;
        auto signedCommand = kiosk::remote::signCommand(seed, e);
        sodium_memzero(seed.data(), seed.size());
        std::printf("%s\n", kiosk::remote::commandEnvelopeToJson(signedCommand).c_str());
        return 0;
    }
    auto overlay = kiosk::remote::readWholeFile(file);
    std::string baseText;
    if (!base.empty()) baseText = kiosk::remote::readWholeFile(base).value_or("");
    auto merged = kiosk::remote::mergeConfig(baseText, overlay.value_or(""));
    if (!merged) {
        std::fprintf(stderr, "kiosk-fleet: %s: %s\n", file.c_str(), merged.error().describe().c_str());
        sodium_memzero(seed.data(), seed.size());
        return 2;
    }
    auto envelope = kiosk::remote::signConfig(seed, kiosk, version, *overlay);
    sodium_memzero(seed.data(), seed.size());
    std::printf("%s\n", kiosk::remote::envelopeToJson(envelope).c_str());
    return 0;
}
