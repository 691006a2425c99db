#include "kiosk/remote/updater.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <ctime>

#include "kiosk/core/durable_file.h"
#include "kiosk/core/log.h"

extern char** environ;

namespace kiosk::remote {
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

constexpr struct {
    Phase phase;
    const char* name;
} kPhases[] = {{Phase::Idle, "idle"},           {Phase::Pulling, "pulling"}, {Phase::CheckingOut, "checking-out"},
               {Phase::Switching, "switching"}, {Phase::Trial, "trial"},     {Phase::RollingBack, "rolling-back"}};


bool isCommitId(const std::string& s) {
    if (s.size() != 64) return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

// fsync of a directory: makes a rename or a new entry in it durable.
void syncDir(const fs::path& dir) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

// Runs argv, collecting stdout and stderr together. Returns the exit status
// (-1 when it could not start or was killed).
int run(const std::vector<std::string>& args, std::string& output) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return -1;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDERR_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_t pid = -1;
    int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    if (rc != 0) {
        ::close(fds[0]);
        output = std::string("cannot run ") + args[0] + ": " + std::strerror(rc);
        return -1;
    }
    char buf[4096];
    for (;;) {
        ssize_t n = ::read(fds[0], buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        output.append(buf, static_cast<size_t>(n));
    }
    ::close(fds[0]);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}

// An flock on a file under the root, released on destruction or process death.
class FileLock {
public:
    FileLock(const fs::path& file, bool wait) {
        fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd_ >= 0 && ::flock(fd_, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0) {
            ::close(fd_);
            fd_ = -1;
        }
    }
    ~FileLock() {
        if (fd_ >= 0) ::close(fd_);
    }
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;
    bool held() const { return fd_ >= 0; }

private:
    int fd_ = -1;
};

}  // namespace

// The state lock: every read-modify-write of state.json and the links.
class Updater::Lock : public FileLock {
public:
    explicit Lock(const Updater& u) : FileLock(u.path("lock"), true) {}
};

const char* phaseName(Phase p) {
    for (const auto& e : kPhases)
        if (e.phase == p) return e.name;
    return "idle";
}

std::optional<Phase> phaseFromName(const std::string& name) {
    for (const auto& e : kPhases)
        if (name == e.name) return e.phase;
    return std::nullopt;
}

const char* outcomeName(Outcome o) {
    switch (o) {
        case Outcome::UpToDate:
            return "up-to-date";
        case Outcome::Switched:
            return "switched";
        case Outcome::Good:
            return "good";
        case Outcome::RolledBack:
            return "rolled-back";
        case Outcome::TrialPending:
            return "trial-pending";
        case Outcome::Refused:
            return "refused";
        case Outcome::Failed:
            return "failed";
    }
    return "failed";
}

std::string stateToJson(const UpdateState& s) {
    return json{{"phase", phaseName(s.phase)},
                {"target", s.target},
                {"previous", s.previous},
                {"deadlineMonotonicMs", s.deadlineSteadyMs},
                {"bootId", s.bootId},
                {"starts", s.starts},
                {"url", s.url},
                {"failed", s.failed},
                {"lastError", s.lastError}}
               .dump(2) +
           "\n";
}

std::optional<UpdateState> stateFromJson(const std::string& text) {
    auto j = json::parse(text, nullptr, false);
    if (!j.is_object()) return std::nullopt;
    try {
        UpdateState s;
        auto phase = phaseFromName(j.value("phase", "idle"));
        if (!phase) return std::nullopt;
        s.phase = *phase;
        s.target = j.value("target", "");
        s.previous = j.value("previous", "");
        s.deadlineSteadyMs = j.value("deadlineMonotonicMs", std::int64_t{0});
        s.bootId = j.value("bootId", "");
        // A file from before the deadline was monotonic ("deadlineMs", wall
        // time): no deadline this boot; the next launch sets one.
        if (!j.contains("deadlineMonotonicMs")) s.bootId.clear();
        s.starts = j.value("starts", 0);
        s.url = j.value("url", "");
        s.failed = j.value("failed", "");
        s.lastError = j.value("lastError", "");
        if (s.phase != Phase::Idle && !isCommitId(s.target)) return std::nullopt;
        return s;
    } catch (const json::exception&) {
        return std::nullopt;
    }
}

std::string currentBootId() {
    std::ifstream in("/proc/sys/kernel/random/boot_id");
    std::string id;
    std::getline(in, id);
    return id;
}

Updater::Updater(UpdaterOptions options) : options_(std::move(options)) {
    std::error_code ec;
    fs::create_directories(options_.root / "deployments", ec);
    fs::create_directories(options_.root / "health", ec);
}

std::int64_t Updater::steadyMs() const {
    const Clock& clock = options_.clock ? *options_.clock : systemClock();
    return std::chrono::duration_cast<std::chrono::milliseconds>(clock.steadyNow().time_since_epoch()).count();
}

fs::path Updater::deployment(const std::string& commit) const { return options_.root / "deployments" / commit; }

std::optional<std::string> Updater::linkCommit(const std::string& name) const {
    std::error_code ec;
    fs::path target = fs::read_symlink(path(name), ec);
    if (ec) return std::nullopt;
    std::string commit = target.filename().string();
    if (!isCommitId(commit) || !fs::is_directory(deployment(commit), ec)) return std::nullopt;
    return commit;
}

std::optional<std::string> Updater::currentCommit() const { return linkCommit("current"); }
std::optional<std::string> Updater::previousCommit() const { return linkCommit("previous"); }

UpdateState Updater::load() const {
    std::ifstream in(path("state.json"), std::ios::binary);
    if (!in) return {};
    std::stringstream ss;
    ss << in.rdbuf();
    auto s = stateFromJson(ss.str());
    if (!s) {
        // Written atomically, so this is damage from outside: the links alone
        // still describe a bootable kiosk, so start from idle.
        KLOG_WARN("updates: {} is unreadable; treating the kiosk as idle", path("state.json").string());
        return {};
    }
    return *s;
}

UpdateState Updater::state() const {
    Lock lock(*this);
    return load();
}

bool Updater::save(const UpdateState& s) {
    if (writeFileAtomic(path("state.json"), stateToJson(s), 0644)) return true;
    error_ = "cannot write " + path("state.json").string() + ": " + std::strerror(errno);
    return false;
}

bool Updater::setLink(const std::string& name, const std::string& commit) {
    fs::path tmp = path(name + ".new");
    std::error_code ec;
    fs::remove(tmp, ec);
    fs::create_symlink(fs::path("deployments") / commit, tmp, ec);
    if (ec || ::rename(tmp.c_str(), path(name).c_str()) != 0) {
        error_ = "cannot switch " + name + ": " + (ec ? ec.message() : std::string(std::strerror(errno)));
        return false;
    }
    syncDir(options_.root);
    return true;
}

bool Updater::removeLink(const std::string& name) {
    std::error_code ec;
    fs::remove(path(name), ec);
    syncDir(options_.root);
    return !ec;
}

bool Updater::healthy(const std::string& commit) const {
    std::error_code ec;
    return fs::exists(options_.root / "health" / commit, ec);
}

void Updater::crashPoint(const char* step) const {
    if (!options_.crashAt.empty() && options_.crashAt == step) {
        KLOG_WARN("updates: crash point {}: killing myself (test)", step);
        ::kill(::getpid(), SIGKILL);
    }
}

std::optional<std::string> Updater::ostree(const std::vector<std::string>& args, std::string* out) const {
    std::vector<std::string> argv{options_.ostree, "--repo=" + (options_.root / "repo").string()};
    argv.insert(argv.end(), args.begin(), args.end());
    std::string output;
    int rc = run(argv, output);
    if (out) *out = output;
    if (rc == 0) return std::nullopt;
    std::string what = args.empty() ? "ostree" : "ostree " + args.front();
    return what + " failed: " + trimmed(output);
}

std::optional<std::string> Updater::init(const std::string& url, const fs::path& gpgPublicKey,
                                         const std::string& caFile) {
    std::error_code ec;
    if (!fs::is_regular_file(gpgPublicKey, ec)) return "no release public key at " + gpgPublicKey.string();
    if (!fs::exists(options_.root / "repo" / "config", ec))
        if (auto err = ostree({"init", "--mode=bare-user"})) return err;
    if (auto err = ostree({"remote", "delete", "--if-exists", options_.remote})) return err;
    // gpg-verify covers the commit, gpg-verify-summary the summary that
    // names refs and static deltas: both must carry the release key.
    std::vector<std::string> add{"remote", "add", "--set=gpg-verify=true", "--set=gpg-verify-summary=true",
                                 "--gpg-import=" + gpgPublicKey.string()};
    if (!caFile.empty()) add.push_back("--set=tls-ca-path=" + caFile);
    add.insert(add.end(), {options_.remote, url, options_.ref});
    if (auto err = ostree(add)) return err;
    KLOG_INFO("updates: repository ready at {} (remote {} = {})", (options_.root / "repo").string(), options_.remote,
              url);
    return std::nullopt;
}

bool Updater::pull(const std::string& commit, const std::string& url) {
    std::vector<std::string> args{"pull"};
    if (!url.empty()) args.push_back("--url=" + url);
    if (options_.requireStaticDeltas) args.push_back("--require-static-deltas");
    args.push_back(options_.remote);
    args.push_back(options_.ref + "@" + commit);
    std::string out;
    if (auto err = ostree(args, &out)) {
        error_ = *err;
        return false;
    }
    KLOG_INFO("updates: pulled {}: {}", commit, trimmed(out));
    return true;
}

std::string CommitStamp::describe() const {
    std::time_t t = static_cast<std::time_t>(timestamp);
    std::tm utc{};
    gmtime_r(&t, &utc);
    char when[32];
    std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return version.empty() ? std::string(when) : version + ", " + when;
}

namespace {

// Dotted numbers ("1.10.2"); nothing when `v` is not made of them.
std::optional<std::vector<long>> versionNumbers(const std::string& v) {
    std::vector<long> out;
    size_t i = 0;
    while (i < v.size()) {
        size_t j = v.find('.', i);
        if (j == std::string::npos) j = v.size();
        std::string part = v.substr(i, j - i);
        if (part.empty() || part.size() > 9 || part.find_first_not_of("0123456789") != std::string::npos)
            return std::nullopt;
        out.push_back(std::stol(part));
        i = j + 1;
    }
    if (out.empty()) return std::nullopt;
    return out;
}

}  // namespace

bool isOlder(const CommitStamp& next, const CommitStamp& running) {
    if (next.timestamp < running.timestamp) return true;
    auto a = versionNumbers(next.version), b = versionNumbers(running.version);
    return a && b && *a < *b;
}

std::optional<CommitStamp> Updater::stamp(const std::string& commit) {
    // --raw reads only the commit object: a pruned release's commit still
    // answers (a plain `show` opens its content too).
    std::string out;
    if (auto err = ostree({"show", "--raw", commit}, &out)) {
        error_ = *err;
        return std::nullopt;
    }
    CommitStamp st;
    auto at = out.find("uint64 ");
    if (at == std::string::npos) {
        error_ = "ostree show " + commit + ": no timestamp";
        return std::nullopt;
    }
    std::uint64_t t = std::strtoull(out.c_str() + at + 7, nullptr, 10);
    if (t > (std::uint64_t{1} << 40)) t = __builtin_bswap64(t);  // printed in the commit's big-endian order
    st.timestamp = static_cast<std::int64_t>(t);
    std::string version;
    if (!ostree({"show", "--print-metadata-key=version", commit}, &version)) {
        version = trimmed(version);
        if (version.size() >= 2 && version.front() == '\'' && version.back() == '\'')
            version = version.substr(1, version.size() - 2);
        st.version = version;
    }
    return st;
}

void Updater::saveStamp(const std::string& commit, const CommitStamp& st) {
    writeFileAtomic(options_.root / "stamps" / (commit + ".json"),
                    nlohmann::json{{"timestamp", st.timestamp}, {"version", st.version}}.dump(), 0644);
}

std::optional<CommitStamp> Updater::savedStamp(const std::string& commit) const {
    std::ifstream in(options_.root / "stamps" / (commit + ".json"));
    std::stringstream text;
    text << in.rdbuf();
    auto j = nlohmann::json::parse(text.str(), nullptr, false);
    if (!j.is_object() || !j.contains("timestamp") || !j["timestamp"].is_number_integer()) return std::nullopt;
    CommitStamp st;
    st.timestamp = j["timestamp"].get<std::int64_t>();
    if (j.contains("version") && j["version"].is_string()) st.version = j["version"].get<std::string>();
    return st;
}

bool Updater::checkout(const std::string& commit) {
    fs::path dir = deployment(commit);
    fs::path tmp = dir;
    tmp += ".tmp";
    std::error_code ec;
    fs::remove_all(tmp, ec);
    // -U: user mode (no ownership changes), hard links into the repository.
    if (auto err = ostree({"checkout", "-U", commit, tmp.string()})) {
        error_ = *err;
        return false;
    }
    crashPoint("checkout-partial");
    // The checkout's files and directories must be on disk before its name
    // says it is complete.
    int fd = ::open(tmp.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::syncfs(fd);
        ::close(fd);
    }
    if (::rename(tmp.c_str(), dir.c_str()) != 0) {
        error_ = "cannot complete the checkout " + dir.string() + ": " + std::strerror(errno);
        return false;
    }
    syncDir(dir.parent_path());
    return true;
}

bool Updater::finishSwitch(UpdateState& s) {
    std::error_code ec;
    if (!fs::is_directory(deployment(s.target), ec)) {
        error_ = "deployment " + s.target + " is missing";
        s = UpdateState{Phase::Idle, "", "", 0, "", 0, "", s.failed, error_};
        save(s);
        return false;
    }
    fs::remove(options_.root / "health" / s.target, ec);  // a stale report from an earlier trial
    bool ok = s.previous.empty() ? removeLink("previous") : setLink("previous", s.previous);
    crashPoint("previous-linked");
    ok = ok && setLink("current", s.target);
    if (!ok) return false;
    crashPoint("current-linked");
    s.phase = Phase::Trial;
    s.starts = 0;
    s.deadlineSteadyMs = steadyMs() + std::chrono::milliseconds(options_.trialTimeout).count();
    s.bootId = currentBootId();
    if (!save(s)) return false;
    KLOG_INFO("updates: {} is current, on trial (previous {})", s.target, s.previous.empty() ? "factory" : s.previous);
    return true;
}

bool Updater::finishRollback(UpdateState& s) {
    std::error_code ec;
    bool ok = !s.previous.empty() && fs::is_directory(deployment(s.previous), ec) ? setLink("current", s.previous)
                                                                                  : removeLink("current");
    crashPoint("rolled-back-link");
    if (!ok) return false;
    fs::remove(options_.root / "health" / s.target, ec);
    std::string message = "release " + s.target + " did not report healthy; rolled back to " +
                          (s.previous.empty() ? std::string("the factory install") : s.previous);
    KLOG_WARN("updates: {}", message);
    s = UpdateState{Phase::Idle, "", "", 0, "", 0, "", s.target, message};
    return save(s);
}

bool Updater::markGood(UpdateState& s) {
    KLOG_INFO("updates: {} reported healthy after {} start(s)", s.target, s.starts);
    s = UpdateState{Phase::Idle, "", s.previous, 0, "", 0, "", "", ""};
    return save(s);
}

Outcome Updater::settleTrial(UpdateState& s, bool launching) {
    if (currentCommit() != s.target) {
        // The links were changed behind our back: nothing is on trial.
        s = UpdateState{Phase::Idle, "", "", 0, "", 0, "", s.failed, s.lastError};
        save(s);
        return Outcome::UpToDate;
    }
    if (healthy(s.target)) return markGood(s) ? Outcome::Good : Outcome::Failed;
    bool expired = s.bootId == currentBootId() && steadyMs() > s.deadlineSteadyMs;
    if (expired || (launching && s.starts >= options_.maxStarts)) {
        s.phase = Phase::RollingBack;
        if (!save(s)) return Outcome::Failed;
        crashPoint("rolling-back");
        return finishRollback(s) ? Outcome::RolledBack : Outcome::Failed;
    }
    if (launching) {
        ++s.starts;
        s.deadlineSteadyMs = steadyMs() + std::chrono::milliseconds(options_.trialTimeout).count();
        s.bootId = currentBootId();
        if (!save(s)) return Outcome::Failed;
    }
    return Outcome::TrialPending;
}

void Updater::prune() {
    {
        Lock lock(*this);
        UpdateState s = load();
        if (s.phase != Phase::Idle) return;
        std::set<std::string> keep;
        if (auto c = currentCommit()) keep.insert(*c);
        if (auto p = previousCommit()) keep.insert(*p);
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(options_.root / "deployments", ec)) {
            std::string name = entry.path().filename().string();
            if (keep.count(name)) continue;
            fs::path doomed = entry.path();
            if (isCommitId(name)) {
                // Renamed first: a half-deleted tree never carries a commit's name.
                doomed += ".trash";
                if (::rename(entry.path().c_str(), doomed.c_str()) != 0) continue;
                crashPoint("pruning");
            }
            fs::remove_all(doomed, ec);
            KLOG_INFO("updates: pruned {}", name);
        }
        for (const auto& entry : fs::directory_iterator(options_.root / "health", ec))
            if (!keep.count(entry.path().filename().string())) fs::remove(entry.path(), ec);
    }
    // Objects no ref reaches: the checkouts hold their own hard links.
    if (auto err = ostree({"prune", "--refs-only", "--depth=0"})) KLOG_WARN("updates: {}", *err);
}

void Updater::restart() {
    if (options_.restartCommand.empty()) return;
    std::string out;
    int rc = run({"/bin/sh", "-c", options_.restartCommand}, out);
    if (rc != 0) KLOG_WARN("updates: restart command exited {}: {}", rc, trimmed(out));
}

Outcome Updater::fail(Outcome o, const std::string& message) {
    error_ = message;
    KLOG_WARN("updates: {}", message);
    Lock lock(*this);
    UpdateState s = load();
    s = UpdateState{Phase::Idle, "", "", 0, "", 0, "", s.failed, message};
    save(s);
    return o;
}

Outcome Updater::resume() {
    error_.clear();
    FileLock agent(path("agent.lock"), false);
    if (!agent.held()) {
        error_ = "another update run is in progress";
        return Outcome::Failed;
    }
    return resumeLocked();
}

Outcome Updater::resumeLocked() {
    UpdateState s;
    Outcome o = Outcome::UpToDate;
    {
        Lock lock(*this);
        s = load();
        switch (s.phase) {
            case Phase::Idle:
                break;
            case Phase::Pulling:
            case Phase::CheckingOut:
                o = Outcome::Switched;
                break;  // install() below
            case Phase::Switching:
                o = finishSwitch(s) ? Outcome::Switched : Outcome::Failed;
                break;
            case Phase::RollingBack:
                o = finishRollback(s) ? Outcome::RolledBack : Outcome::Failed;
                break;
            case Phase::Trial:
                o = settleTrial(s, false);
                break;
        }
    }
    if (s.phase == Phase::Pulling || s.phase == Phase::CheckingOut) return install(s.target, s.url);
    if (o == Outcome::Switched || o == Outcome::RolledBack) restart();
    if (o == Outcome::Good || o == Outcome::UpToDate) prune();
    return o;
}

Outcome Updater::apply(const std::string& commit, const std::string& url) {
    error_.clear();
    if (!isCommitId(commit)) {
        error_ = "not an OSTree commit id: " + commit;
        return Outcome::Refused;
    }
    FileLock agent(path("agent.lock"), false);
    if (!agent.held()) {
        error_ = "another update run is in progress";
        return Outcome::Failed;
    }
    UpdateState s = state();
    if (s.phase != Phase::Pulling && s.phase != Phase::CheckingOut) {
        Outcome o = resumeLocked();
        if (o == Outcome::Failed) return o;
        s = state();
        if (s.phase == Phase::Trial) {
            error_ = "release " + s.target + " is on trial";
            return s.target == commit ? o : Outcome::TrialPending;
        }
        if (currentCommit() == commit) return Outcome::UpToDate;
        if (s.failed == commit) {
            error_ = "release " + commit + " was rolled back before; waiting for another";
            return Outcome::Refused;
        }
    }
    return install(commit, url);
}

Outcome Updater::install(const std::string& commit, const std::string& url) {
    {
        Lock lock(*this);
        UpdateState s = load();
        s.phase = Phase::Pulling;
        s.target = commit;
        s.url = url;
        s.lastError.clear();
        if (!save(s)) return Outcome::Failed;
    }
    crashPoint("pulling");
    std::error_code ec;
    if (!fs::is_directory(deployment(commit), ec)) {
        if (!pull(commit, url)) {
            bool refused = error_.find("GPG") != std::string::npos || error_.find("signature") != std::string::npos ||
                           error_.find("orrupted") != std::string::npos || error_.find("checksum") != std::string::npos;
            return fail(refused ? Outcome::Refused : Outcome::Failed, error_);
        }
        crashPoint("pulled");
        {
            Lock lock(*this);
            UpdateState s = load();
            s.phase = Phase::CheckingOut;
            if (!save(s)) return Outcome::Failed;
        }
        if (!checkout(commit)) return fail(Outcome::Failed, error_);
        crashPoint("checked-out");
    }
    // issue #13: no downgrades (an older, validly signed release may carry
    // fixed holes) unless a signed rollback request names this commit.
    auto next = stamp(commit);
    if (!next) next = savedStamp(commit);  // a deployment kept while its commit was pruned
    if (!next && commit != options_.allowRollbackTo) return fail(Outcome::Failed, error_);
    if (auto current = currentCommit(); next && current && *current != commit && commit != options_.allowRollbackTo) {
        // The running commit's object may be pruned from the local repository:
        // its stamp was kept when it was installed.
        auto running = stamp(*current);
        if (!running) running = savedStamp(*current);
        if (!running)
            KLOG_WARN("updates: the running release {} has no known date; not checked for a downgrade", *current);
        if (running && isOlder(*next, *running))
            return fail(Outcome::Refused, "downgrade refused: " + commit.substr(0, 12) + " (" + next->describe() +
                                              ") is older than the running " + current->substr(0, 12) + " (" +
                                              running->describe() + "); a signed rollback request is needed");
    }
    if (next) saveStamp(commit, *next);
    {
        Lock lock(*this);
        UpdateState s = load();
        s.phase = Phase::Switching;
        s.previous = currentCommit().value_or("");
        if (!save(s)) return Outcome::Failed;
        crashPoint("switching");
        if (!finishSwitch(s)) return Outcome::Failed;
    }
    crashPoint("switched");
    restart();
    return Outcome::Switched;
}

Launch Updater::prepareLaunch(const fs::path& factory, const std::string& programInTree) {
    Lock lock(*this);
    UpdateState s = load();
    switch (s.phase) {
        case Phase::Switching:
            finishSwitch(s);
            break;
        case Phase::RollingBack:
            finishRollback(s);
            break;
        default:
            break;
    }
    if (s.phase == Phase::Trial) {
        Outcome o = settleTrial(s, true);
        if (o == Outcome::TrialPending)
            KLOG_INFO("updates: starting {} on trial (start {} of {})", s.target, s.starts, options_.maxStarts);
    }
    std::error_code ec;
    for (const char* link : {"current", "previous"}) {
        auto commit = linkCommit(link);
        if (!commit) continue;
        fs::path program = fs::absolute(deployment(*commit) / programInTree, ec);
        if (::access(program.c_str(), X_OK) == 0) return Launch{program, *commit, options_.root / "health" / *commit};
        KLOG_WARN("updates: {} has no program {}", link, program.string());
    }
    return Launch{factory, "", ""};
}

}  // namespace kiosk::remote
