#pragma once
// OSTree updates of the kiosk's application tree, with rollback, safe against
// a kill or a power cut at any step (specs/updates.md, issue #9).
//
// On disk, under one root (/var/lib/kiosk/deploy when installed):
//   repo/                  OSTree repository, mode bare-user, remote "central"
//   deployments/<commit>/  checked-out releases (complete: a checkout is made
//                          in <commit>.tmp and renamed only when finished)
//   current  -> deployments/<commit>   what the launcher starts
//   previous -> deployments/<commit>   what a rollback goes back to
//   health/<commit>        written by a running release once it is healthy
//   stamps/<commit>.json   {timestamp, version} of an installed release (the
//                          downgrade check; its commit may be pruned later)
//   state.json             {phase, target, previous, deadlineMonotonicMs, bootId, starts, ...}
//   lock                   flock: one state transition at a time
// No `current` link means the factory install (the .deb's /usr/bin/kiosk).
//
// Every state change is one atomic step: state.json is written to a temp
// file, fsynced and renamed; a link is replaced by renaming a new link over
// it; the directory is fsynced after each. The phases, and what a restart
// (of the agent, or of the launcher after a kill or power cut) does with each:
//   idle         current is good. Nothing to do.
//   pulling      target is being pulled; current untouched. The agent redoes
//                the pull (OSTree's pull is transactional); the launcher
//                ignores it.
//   checking-out target is being checked out into deployments/<t>.tmp; the
//                agent starts that again; the launcher ignores it.
//   switching    deployments/<t> is complete; previous and current are being
//                pointed at the old and the new release. Whoever comes next
//                finishes the switch (idempotent) and enters trial.
//   trial        current = target, not yet confirmed. It becomes good when
//                health/<t> exists; it is rolled back when it was started
//                more than maxStarts times without reporting healthy (a crash
//                at start), or when its deadline passed in the same boot
//                (monotonic time: a wall clock stepped either way changes
//                nothing). Across reboots the trial is bounded by maxStarts,
//                each launch giving it trialTimeout again in its own boot.
//   rolling-back current is being pointed back at previous (or removed when
//                previous is the factory install); finished by whoever comes
//                next. The target is remembered in `failed` and not applied
//                again until the central service names another commit.
//
// OSTree is driven through its command-line tool (posix_spawn), not the
// libostree C API: the same commands as the documented recipe and kioskctl,
// no GLib main context inside the agent, and a pull that hangs or crashes
// is a child process that a timeout or a kill ends without harming the agent.
//
// Threads: an Updater is used by one thread; separate processes (the agent
// and the launcher) coordinate through the lock file.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/clock.h"

namespace kiosk::remote {

enum class Phase { Idle, Pulling, CheckingOut, Switching, Trial, RollingBack };

const char* phaseName(Phase p);
std::optional<Phase> phaseFromName(const std::string& name);

struct UpdateState {
    Phase phase = Phase::Idle;
    std::string target;           // the commit being installed or tried
    std::string previous;         // the commit current pointed to before (empty: factory install)
    // trial: the monotonic time (ms, the Clock's steadyNow(); for the system
    // clock CLOCK_MONOTONIC, which every process of one boot shares) by
    // which target must be healthy. Monotonic, not wall time (#15): an NTP
    // step forward during a trial would roll back a good release, a step
    // back would keep a bad one on trial for ever. It means nothing in
    // another boot, hence bootId.
    std::int64_t deadlineSteadyMs = 0;
    std::string bootId;  // trial: the boot the deadline was set in (a reboot resets it)
    int starts = 0;               // trial: launches of target so far
    std::string url;              // pulling: where from (empty: the remote's URL)
    std::string failed;           // the last commit rolled back
    std::string lastError;        // the last update failure, for status and heartbeat
};

std::string stateToJson(const UpdateState& s);
// Nullopt for a missing, unreadable or malformed file.
std::optional<UpdateState> stateFromJson(const std::string& text);

struct UpdaterOptions {
    std::filesystem::path root = "/var/lib/kiosk/deploy";
    std::string remote = "central";
    std::string ref = "kiosk/stable";
    std::string ostree = "ostree";           // the CLI (PATH lookup)
    std::chrono::seconds trialTimeout{300};  // time a new release has to report healthy
    int maxStarts = 3;                       // launches of an unconfirmed release before rollback
    bool requireStaticDeltas = false;        // refuse a pull that would fetch loose objects
    std::string restartCommand;              // /bin/sh -c after a switch or rollback; empty: none
    // issue #13: a release older than the running one (commit date, or its
    // "version" metadata) is refused, except this commit, named by a
    // verified signed rollback request (kiosk-update --rollback-request).
    std::string allowRollbackTo;
    // Test hook: the name of a step at which the process SIGKILLs itself
    // (KIOSK_UPDATE_CRASH_AT). Empty in production.
    std::string crashAt;
    // The trial deadline's clock (its steadyNow()). Null: the system clock,
    // as the agent and the launcher, separate processes, must share it.
    // Must outlive the Updater (tests pass a ManualClock).
    const Clock* clock = nullptr;
};

// When a release was made: the commit's timestamp (Unix seconds, signed
// with the commit) and its "version" metadata ("" when it has none).
struct CommitStamp {
    std::int64_t timestamp = 0;
    std::string version;
    std::string describe() const;
};
// True when `next` is older than `running`: an earlier timestamp, or a lower
// dotted version where both have one.
bool isOlder(const CommitStamp& next, const CommitStamp& running);

enum class Outcome {
    UpToDate,      // the commit is already current
    Switched,      // the new release is current, on trial
    Good,          // a trial release was confirmed healthy
    RolledBack,    // a trial release failed and the previous one is current
    TrialPending,  // a release is on trial and has not reported yet
    Refused,       // rolled back before, older than the running one (#13), or the pull/verification failed
    Failed,        // an I/O or OSTree error (see error())
};
const char* outcomeName(Outcome o);

// Where the launcher should start the kiosk from.
struct Launch {
    std::filesystem::path program;     // absolute
    std::string commit;                // empty: the factory install
    std::filesystem::path healthFile;  // where the release reports healthy (empty: factory)
};

class Updater {
public:
    explicit Updater(UpdaterOptions options);

    // Creates the layout, the bare-user repository and the remote with the
    // release public key (ASCII-armoured GPG). Idempotent; a second call
    // updates the URL and re-imports the key. `caFile`: CA bundle for an
    // https repository with a private CA (empty: the system's).
    std::optional<std::string> init(const std::string& url, const std::filesystem::path& gpgPublicKey,
                                    const std::string& caFile = {});

    // Brings the kiosk to `commit` (from `url` if not empty, else the remote's
    // URL): first finishes whatever an interrupted run left (resume()), then
    // pull (signature verified), checkout, switch, restart. Returns Switched
    // with the release on trial; a later resume() confirms or rolls it back.
    Outcome apply(const std::string& commit, const std::string& url = {});

    // Finishes an interrupted step, confirms a healthy trial release (and
    // prunes), or rolls back a failed one (and restarts).
    Outcome resume();

    // The launcher's decision, made under the lock: finishes a switch or a
    // rollback, counts a start of a trial release and rolls it back when it
    // keeps failing, then names the program to exec. `factory` is used when
    // there is no usable deployment.
    Launch prepareLaunch(const std::filesystem::path& factory, const std::string& programInTree = "bin/kiosk");

    UpdateState state() const;
    std::optional<std::string> currentCommit() const;
    std::optional<std::string> previousCommit() const;
    const std::string& error() const { return error_; }
    const UpdaterOptions& options() const { return options_; }

private:
    class Lock;
    std::filesystem::path path(const std::string& name) const { return options_.root / name; }
    std::filesystem::path deployment(const std::string& commit) const;
    std::optional<std::string> linkCommit(const std::string& name) const;
    UpdateState load() const;
    bool save(const UpdateState& s);
    bool setLink(const std::string& name, const std::string& commit);
    bool removeLink(const std::string& name);
    bool healthy(const std::string& commit) const;
    void crashPoint(const char* step) const;
    std::optional<std::string> ostree(const std::vector<std::string>& args, std::string* out = nullptr) const;

    bool pull(const std::string& commit, const std::string& url);
    bool checkout(const std::string& commit);
    std::optional<CommitStamp> stamp(const std::string& commit);  // from the local repository
    void saveStamp(const std::string& commit, const CommitStamp& st);  // stamps/<commit>.json
    std::optional<CommitStamp> savedStamp(const std::string& commit) const;
    bool finishSwitch(UpdateState& s);                    // under the lock
    bool finishRollback(UpdateState& s);                  // under the lock
    bool markGood(UpdateState& s);                        // under the lock
    Outcome settleTrial(UpdateState& s, bool launching);  // under the lock
    std::int64_t steadyMs() const;                          // the trial clock, ms
    void prune();
    void restart();
    Outcome resumeLocked();  // holding the agent lock
    Outcome install(const std::string& commit, const std::string& url);
    Outcome fail(Outcome o, const std::string& message);

    UpdaterOptions options_;
    std::string error_;
};

// The boot id (/proc/sys/kernel/random/boot_id), or "" where there is none.
std::string currentBootId();

}  // namespace kiosk::remote
