// kiosk-update: the update half of the fleet agent as a command, run by
// kiosk-update.timer (and by hand or by tests):
//   kiosk-update init --url URL --gpg-key release.asc
//   kiosk-update check --central URL --kiosk ID --token TOKEN
//   kiosk-update apply COMMIT [--url URL] [--rollback-request FILE --kiosk ID]
//       A release older than the running one is refused (issue #13) unless
//       a rollback request signed by a maintainer key (--rollback-keys, the
//       [fleet] config_keys) names it: `kioskctl sign-command --kiosk ID
//       rollback '{"commit": "<64 hex>"}'`. `check` takes one from the
//       offer's available.rollback.
//   kiosk-update resume        (confirm or roll back a trial, finish a step)
//   kiosk-update status
// Exit status: 0 on up-to-date/switched/good/trial-pending, 3 rolled back,
// 4 refused (signature, tampering, a release rolled back before), 1 failed.
#include <cstdio>
#include <cstdlib>
#include <string>

#include <curl/curl.h>
#include <CLI/CLI.hpp>

#include "kiosk/core/log.h"
#include "kiosk/core/json_read.h"
#include "kiosk/remote/signed_command.h"
#include "kiosk/remote/update_check.h"
#include "kiosk/remote/updater.h"

namespace {

int exitCode(kiosk::remote::Outcome o) {
    using kiosk::remote::Outcome;
    switch (o) {
        case Outcome::UpToDate:
        case Outcome::Switched:
        case Outcome::Good:
        case Outcome::TrialPending:
            return 0;
        case Outcome::RolledBack:
            return 3;
        case Outcome::Refused:
            return 4;
        case Outcome::Failed:
            return 1;
    }
    return 1;
}

// The commit a signed rollback request allows ("" with `error` set when it
// is not one: unsigned, another kiosk, expired, not a rollback).
std::string rollbackCommit(const std::string& envelope, const std::string& kioskId, const std::string& keysCsv,
                           std::string& error) {
    std::vector<kiosk::CodePublicKey> keys;
    for (size_t i = 0; i <= keysCsv.size();) {
        size_t j = keysCsv.find(',', i);
        if (j == std::string::npos) j = keysCsv.size();
        if (auto k = kiosk::decodeCodePublicKey(keysCsv.substr(i, j - i))) keys.push_back(k.value());
        i = j + 1;
    }
    // Judged against the time floor, not the bare wall clock: with the clock
    // set back (an RTC at 1970) an expired request is not revived; it is
    // refused as clock-wrong unless it expired before the build floor.
    // kiosk-update hears no centre time of its own, so a clock set back is
    // never overruled here: the request waits for the clock to be right.
    static const kiosk::TimeFloor floor(kiosk::systemClock());
    auto v = kiosk::remote::verifyCommand(envelope, kioskId, keys, floor);
    if (!v) {
        error = "rollback request refused: " + v.error().describe();
        return {};
    }
    auto args = kiosk::jsonr::parseObject(v.value().args);
    std::string commit = args ? kiosk::jsonr::strOr(*args, "commit", "") : "";
    if (v.value().command != "rollback" || commit.empty()) {
        error = "rollback request refused: not a rollback {commit} command";
        return {};
    }
    return commit;
}

int report(const kiosk::remote::Updater& u, kiosk::remote::Outcome o) {
    std::printf("update: %s\n", kiosk::remote::outcomeName(o));
    if (!u.error().empty()) std::fprintf(stderr, "kiosk-update: %s\n", u.error().c_str());
    return exitCode(o);
}

}  // namespace

int main(int argc, char** argv) {
    kiosk::remote::UpdaterOptions o;
    std::string root = o.root.string();
    int trialSeconds = static_cast<int>(o.trialTimeout.count());
    std::string logLevel = "info";
    CLI::App app{"kiosk-update: OSTree updates of the kiosk with automatic rollback"};
    app.require_subcommand(1);
    app.add_option("--root", root, "Deployment root")->capture_default_str();
    app.add_option("--remote", o.remote, "OSTree remote name")->capture_default_str();
    app.add_option("--ref", o.ref, "OSTree ref (channel)")->capture_default_str();
    app.add_option("--trial-seconds", trialSeconds, "Seconds a new release has to report healthy")
        ->capture_default_str();
    app.add_option("--max-starts", o.maxStarts, "Starts of an unconfirmed release before rollback")
        ->capture_default_str();
    app.add_flag("--require-static-deltas", o.requireStaticDeltas, "Fail rather than fetch loose objects");
    app.add_option("--restart", o.restartCommand, "Shell command that restarts the kiosk after a switch or rollback");
    app.add_option("--log-level", logLevel, "trace, debug, info, warn, error")->capture_default_str();

    std::string url, key, commit, central, kioskId, token, caFile, rollbackFile, rollbackKeys;
    app.add_option("--ca-file", caFile, "CA bundle for https to a private CA (central and repository)");
    app.add_option("--rollback-keys", rollbackKeys,
                   "Maintainer public keys (base64url, comma separated) that may sign a rollback request");
    auto* init = app.add_subcommand("init", "Create the repository and the remote with the release key");
    init->add_option("--url", url, "Repository URL")->required();
    init->add_option("--gpg-key", key, "Release public key (ASCII-armoured GPG)")->required();
    auto* apply = app.add_subcommand("apply", "Update to a commit");
    apply->add_option("commit", commit, "OSTree commit id")->required();
    apply->add_option("--url", url, "Repository URL (default: the remote's)");
    apply->add_option("--rollback-request", rollbackFile, "A signed rollback request allowing an older COMMIT")
        ->check(CLI::ExistingFile);
    apply->add_option("--kiosk", kioskId, "This kiosk's id (the rollback request names it)");
    auto* check = app.add_subcommand("check", "Ask the central service, and apply what it names");
    check->add_option("--central", central, "Central service base URL")->required();
    check->add_option("--kiosk", kioskId, "This kiosk's id")->required();
    check->add_option("--token", token, "Bearer token (default: $KIOSK_TOKEN)");
    app.add_subcommand("resume", "Finish an interrupted step; confirm or roll back a release on trial");
    app.add_subcommand("status", "Print the update state");
    CLI11_PARSE(app, argc, argv);
    kiosk::initLogging(logLevel);
    o.root = root;
    o.trialTimeout = std::chrono::seconds(trialSeconds);
    if (const char* crash = std::getenv("KIOSK_UPDATE_CRASH_AT")) o.crashAt = crash;
    kiosk::remote::Updater updater(o);

    if (*init) {
        if (auto err = updater.init(url, key, caFile)) {
            std::fprintf(stderr, "kiosk-update: %s\n", err->c_str());
            return 1;
        }
        return 0;
    }
    if (*apply) {
        if (!rollbackFile.empty()) {
            std::string error;
            std::string allowed = rollbackCommit(kiosk::remote::readWholeFile(rollbackFile).value_or(""), kioskId,
                                                 rollbackKeys, error);
            if (allowed != commit) {
                std::fprintf(stderr, "kiosk-update: %s\n",
                             error.empty() ? "the rollback request names another commit" : error.c_str());
                return 4;
            }
            o.allowRollbackTo = commit;
            kiosk::remote::Updater allowedUpdater(o);
            return report(allowedUpdater, allowedUpdater.apply(commit, url));
        }
        return report(updater, updater.apply(commit, url));
    }
    if (app.got_subcommand("resume")) return report(updater, updater.resume());
    if (app.got_subcommand("status")) {
        std::fputs(kiosk::remote::stateToJson(updater.state()).c_str(), stdout);
        std::printf("current: %s\nprevious: %s\n", updater.currentCommit().value_or("factory").c_str(),
                    updater.previousCommit().value_or("none").c_str());
        return 0;
    }
    if (*check) {
        if (token.empty())
            if (const char* t = std::getenv("KIOSK_TOKEN")) token = t;
        std::string error;
        curl_global_init(CURL_GLOBAL_DEFAULT);
        auto offer = kiosk::remote::fetchOfferedUpdate(central, kioskId, token, error, caFile);
        curl_global_cleanup();
        if (!offer) {
            // Offline: still settle a release on trial.
            std::fprintf(stderr, "kiosk-update: %s\n", error.c_str());
            return report(updater, updater.resume());
        }
        if (offer->commit.empty()) return report(updater, updater.resume());
        if (!offer->ref.empty() && offer->ref != o.ref) {
            std::fprintf(stderr, "kiosk-update: offered ref %s is not this kiosk's %s\n", offer->ref.c_str(),
                         o.ref.c_str());
            return 4;
        }
        if (!offer->rollback.empty()) {
            std::string error;
            if (rollbackCommit(offer->rollback, kioskId, rollbackKeys, error) == offer->commit) {
                o.allowRollbackTo = offer->commit;
                kiosk::remote::Updater allowedUpdater(o);
                return report(allowedUpdater, allowedUpdater.apply(offer->commit, offer->url));
            }
            std::fprintf(stderr, "kiosk-update: %s\n", error.empty() ? "the rollback names another commit" : error.c_str());
        }
        return report(updater, updater.apply(offer->commit, offer->url));
    }
    return 2;
}
