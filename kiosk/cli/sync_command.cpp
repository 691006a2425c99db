// kiosk-cli sync --once --url URL: one sync pass of the outbox (and the
// reference data) against a central service, on this thread. The bearer
// token comes from --token-file or $KIOSK_TOKEN (not the command line, which
// other users can read in ps).
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>

#include "kiosk/cli/command.h"
#include "kiosk/core/clock.h"
#include "offline-cache/sync_engine.h"

namespace kiosk::cli {
namespace {

struct SyncOptions {
    std::string url;
    std::string db = "/var/lib/kiosk/kiosk.db";
    std::string keyFile = "/var/lib/kiosk/data.key";
    std::string kioskId = "kiosk-demo-01";
    std::string tokenFile;
    std::string caFile;
    long timeoutMs = 30000;
    bool once = true;
};

}  // namespace

void addSyncCommand(CLI::App& cli) {
    auto o = std::make_shared<SyncOptions>();
    auto* cmd = cli.add_subcommand("sync", "Send the outbox to the central service (one pass)");
    cmd->add_option("--url", o->url, "Central service base URL, e.g. https://central.example")->required();
    cmd->add_flag("--once", o->once, "One pass, then exit (the only mode; the kiosk runs the engine continuously)");
    cmd->add_option("--db", o->db, "Store database")->capture_default_str();
    cmd->add_option("--key-file", o->keyFile, "At-rest key file")->capture_default_str();
    cmd->add_option("--kiosk-id", o->kioskId, "This kiosk's id")->capture_default_str();
    cmd->add_option("--token-file", o->tokenFile, "File holding the kiosk's bearer token (else $KIOSK_TOKEN)");
    cmd->add_option("--ca-file", o->caFile, "CA certificate(s) for the central service's TLS");
    cmd->add_option("--timeout-ms", o->timeoutMs, "Per-request timeout")->capture_default_str();
    cmd->callback([o] {
        SystemClock clock;
        auto store = offline::Store::open({o->db, o->keyFile}, clock);
        if (!store) {
            std::fprintf(stderr, "sync: cannot open the store (%s): %s\n", offline::storeErrorName(store.error().code),
                         store.error().message.c_str());
            exitCode() = 1;
            return;
        }
        offline::SyncConfig config;
        config.baseUrl = o->url;
        config.kioskId = o->kioskId;
        if (!o->tokenFile.empty()) {
            std::ifstream in(o->tokenFile);
            std::getline(in, config.token);
        } else if (const char* t = std::getenv("KIOSK_TOKEN")) {
            config.token = t;
        }
        config.http.caFile = o->caFile;
        config.http.timeoutMs = o->timeoutMs;
        offline::SyncEngine engine(*store.value(), config, clock);
        auto summary = engine.runOnce();
        auto status = engine.status();
        std::printf("acknowledged %d\nrejected %d\nretry %d\nqueue %d\nonline %s\n", summary.acknowledged,
                    summary.rejected, summary.retried, status.queueDepth, status.online ? "yes" : "no");
        if (!status.lastError.empty()) std::fprintf(stderr, "sync: last error: %s\n", status.lastError.c_str());
        exitCode() = summary.stoppedOnFailure ? 3 : 0;
    });
}

}  // namespace kiosk::cli
