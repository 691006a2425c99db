// OSTree updates end to end, with real parts: GPG ed25519 keys made by
// tools/kioskctl in a temporary GNUPGHOME, releases committed, signed and
// delta'd by kioskctl into an archive repository, served as static files by
// the real kiosk-central (--ostree-repo) on loopback, pulled and deployed by
// the real kiosk-update, started by the real kiosk-launcher, and processes
// killed with SIGKILL. A "release" is a tiny tree whose bin/kiosk is a shell
// script that logs which version ran and reports healthy (or not).
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace {
namespace fs = std::filesystem;

std::string readFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void writeFile(const fs::path& p, const std::string& data, bool executable = false) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << data;
    if (executable)
        fs::permissions(p, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                               fs::perms::others_read | fs::perms::others_exec);
}

struct Proc {
    int status = -1;  // exit status, or -signal when killed
    std::string output;
    bool killed() const { return status == -SIGKILL || status == 128 + SIGKILL; }  // itself, or the child of sh
};

// Runs a shell command line with output captured; `killAfter` > 0 SIGKILLs
// its whole process group (the command and any ostree child) after that long.
Proc sh(const std::string& command, std::chrono::milliseconds killAfter = std::chrono::milliseconds(0)) {
    static int counter = 0;
    fs::path out = fs::temp_directory_path() /
                   ("kiosk-remote-out-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    std::string full = "exec >" + out.string() + " 2>&1; " + command;
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attr, 0);
    const char* argv[] = {"/bin/sh", "-c", full.c_str(), nullptr};
    pid_t pid = -1;
    Proc r;
    if (posix_spawn(&pid, "/bin/sh", nullptr, &attr, const_cast<char**>(argv), environ) != 0) return r;
    posix_spawnattr_destroy(&attr);
    if (killAfter.count() > 0) {
        std::this_thread::sleep_for(killAfter);
        ::kill(-pid, SIGKILL);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (killAfter.count() > 0) ::kill(-pid, SIGKILL);  // stragglers of the group
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? -WTERMSIG(status) : -1;
    r.output = readFile(out);
    fs::remove(out);
    return r;
}

bool haveOstree() { return std::system("command -v ostree >/dev/null 2>&1") == 0; }

std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    auto nl = s.rfind('\n');
    return nl == std::string::npos ? s : s.substr(nl + 1);  // the last line
}

const std::string kKioskctl = "bash " + std::string(KIOSK_SOURCE_DIR) + "/tools/kioskctl";
// kiosk-central's admin token here; kioskctl publish sends it (--token).
const std::string kAdminToken = "update-test-admin";

// Keys are made once for the suite: gpg's key generation and agent are the slow part.
struct Keys {
    fs::path dir;
    std::string good, wrong;  // fingerprints
    fs::path goodPublic;
};

Keys& keys() {
    static Keys k = [] {
        Keys k;
        char tmpl[] = "/tmp/kiosk-keys-XXXXXX";
        k.dir = ::mkdtemp(tmpl);
        k.goodPublic = k.dir / "release-key.asc";
        k.good =
            trim(sh(kKioskctl + " keygen --homedir " + (k.dir / "good").string() + " --export " + k.goodPublic.string())
                     .output);
        k.wrong = trim(sh(kKioskctl + " keygen --homedir " + (k.dir / "wrong").string() + " --name Impostor").output);
        return k;
    }();
    return k;
}

class KeysEnvironment : public ::testing::Environment {
public:
    void TearDown() override {
        if (!haveOstree()) return;
        for (const char* home : {"good", "wrong"})
            sh("gpgconf --homedir " + (keys().dir / home).string() + " --kill all");
        std::error_code ec;
        fs::remove_all(keys().dir, ec);
    }
};
const auto* const kKeysEnv = ::testing::AddGlobalTestEnvironment(new KeysEnvironment);

// kiosk-central serving the release repository.
class Central {
public:
    explicit Central(const fs::path& repo) {
        int fds[2];
        if (::pipe(fds) != 0) return;
        pid_ = ::fork();
        if (pid_ == 0) {
            ::dup2(fds[1], STDOUT_FILENO);
            ::close(fds[0]);
            ::close(fds[1]);
            ::execl(KIOSK_CENTRAL_BIN, KIOSK_CENTRAL_BIN, "--port", "0", "--log-level", "warn", "--demo", "--admin-token",
                    kAdminToken.c_str(), "--ostree-repo", repo.c_str(), static_cast<char*>(nullptr));
            ::_exit(127);
        }
        ::close(fds[1]);
        std::string line;
        char c;
        while (::read(fds[0], &c, 1) == 1 && c != '\n') line += c;
        ::close(fds[0]);
        auto colon = line.rfind(':');
        if (line.find("listening on") != std::string::npos) port_ = std::atoi(line.c_str() + colon + 1);
    }
    ~Central() {
        if (pid_ > 0) {
            ::kill(pid_, SIGTERM);
            ::waitpid(pid_, nullptr, 0);
        }
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    int port() const { return port_; }

private:
    pid_t pid_ = -1;
    int port_ = 0;
};

class Updates : public ::testing::Test {
protected:
    void SetUp() override {
        if (!haveOstree()) GTEST_SKIP() << "ostree is not installed: tools/deps installs it (tools/packages.txt)";
        char tmpl[] = "/tmp/kiosk-updates-XXXXXX";
        dir_ = ::mkdtemp(tmpl);
        repo_ = dir_ / "release-repo";
        root_ = dir_ / "kiosk";
        log_ = dir_ / "ran.log";
        ASSERT_FALSE(keys().good.empty()) << "kioskctl keygen made no key";
        // The repository must exist before kiosk-central mounts it.
        ASSERT_EQ(sh("ostree --repo=" + repo_.string() + " init --mode=archive-z2").status, 0);
        central_ = std::make_unique<Central>(repo_);
        ASSERT_GT(central_->port(), 0) << "kiosk-central did not start";
    }
    void TearDown() override {
        central_.reset();
        std::error_code ec;
        if (!dir_.empty()) fs::remove_all(dir_, ec);
    }

    // A release tree: bin/kiosk logs "<version> <deployment>" and reports
    // healthy (mode "good"), exits 1 before reporting (mode "crash"), or runs
    // without ever reporting (mode "silent"). A 2 MB asset that never changes
    // shows that static deltas carry only what changed.
    fs::path tree(const std::string& version, const std::string& mode = "good") {
        fs::path t = dir_ / ("tree-" + version);
        std::string script = "#!/bin/sh\necho \"" + version + " ${KIOSK_DEPLOYMENT:-none}\" >> " + log_.string() + "\n";
        if (mode == "crash") script += "exit 1\n";
        if (mode == "good") script += "[ -n \"$KIOSK_HEALTH_FILE\" ] && touch \"$KIOSK_HEALTH_FILE\"\n";
        script += "exit 0\n";
        writeFile(t / "bin/kiosk", script, true);
        std::string big(2 * 1024 * 1024, '\0');
        for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>((i * 2654435761u) >> 13);
        writeFile(t / "share/civil-kiosk/assets/big.bin", big);
        writeFile(t / "share/civil-kiosk/VERSION", version + "\n");
        return t;
    }

    // kioskctl release; returns the commit id.
    std::string release(const std::string& version, const std::string& mode = "good", const std::string& key = "",
                        const std::string& home = "good") {
        Proc r = sh(kKioskctl + " release " + tree(version, mode).string() + " --repo " + repo_.string() + " --key " +
                    (key.empty() ? keys().good : key) + " --homedir " + (keys().dir / home).string() + " --version " +
                    version);
        EXPECT_EQ(r.status, 0) << r.output;
        return trim(r.output);
    }
    void publish(const std::string& commit) {
        Proc r = sh(kKioskctl + " publish --token " + kAdminToken + " --central " + central_->url() + " --commit " + commit);
        ASSERT_EQ(r.status, 0) << r.output;
    }

    std::string updateCmd(const std::string& args, const std::string& env = "") {
        return env + " " + KIOSK_UPDATE_BIN + " --root " + root_.string() + " --trial-seconds " +
               std::to_string(trialSeconds_) + " " + args;
    }
    Proc update(const std::string& args, const std::string& env = "") { return sh(updateCmd(args, env)); }
    void initKiosk() {
        Proc r = update("init --url " + central_->url() + "/ostree --gpg-key " + keys().goodPublic.string());
        ASSERT_EQ(r.status, 0) << r.output;
    }
    Proc check(const std::string& extra = "", const std::string& env = "") {
        return update(extra + " check --central " + central_->url() + " --kiosk kiosk-demo-01 --token demo-token", env);
    }
    // One start of the kiosk through the launcher, as systemd would do it.
    Proc launch(const std::string& env = "") {
        return sh(env + " " + KIOSK_LAUNCHER_BIN + " --root " + root_.string() + " --trial-seconds " +
                  std::to_string(trialSeconds_) + " --factory " + factory().string());
    }
    fs::path factory() {
        fs::path f = dir_ / "factory/bin/kiosk";
        if (!fs::exists(f))
            writeFile(f, "#!/bin/sh\necho \"factory ${KIOSK_DEPLOYMENT:-none}\" >> " + log_.string() + "\n", true);
        return f;
    }
    // What the last start ran: "<version> <deployment>".
    std::string lastRan() { return trim(readFile(log_)); }
    nlohmann::json state() { return nlohmann::json::parse(readFile(root_ / "state.json"), nullptr, false); }
    std::string current() {
        std::error_code ec;
        return fs::read_symlink(root_ / "current", ec).filename().string();
    }
    std::vector<std::string> deployments() {
        std::vector<std::string> names;
        for (const auto& e : fs::directory_iterator(root_ / "deployments"))
            names.push_back(e.path().filename().string());
        std::sort(names.begin(), names.end());
        return names;
    }

    // Installs `commit` all the way: check, start, confirm.
    void installGood(const std::string& commit, const std::string& version) {
        publish(commit);
        Proc r = check();
        ASSERT_EQ(r.status, 0) << r.output;
        ASSERT_NE(r.output.find("update: switched"), std::string::npos) << r.output;
        ASSERT_EQ(launch().status, 0);
        ASSERT_EQ(lastRan(), version + " " + commit);
        r = update("resume");
        ASSERT_NE(r.output.find("update: good"), std::string::npos) << r.output;
        ASSERT_EQ(current(), commit);
    }

    fs::path dir_, repo_, root_, log_;
    std::unique_ptr<Central> central_;
    int trialSeconds_ = 300;
};

TEST_F(Updates, HappyPathWithStaticDeltaAndPruning) {
    initKiosk();
    // Before any update the factory install runs.
    ASSERT_EQ(launch().status, 0);
    EXPECT_EQ(lastRan(), "factory factory");

    std::string v1 = release("1.0");
    // Published to another kiosk only (a canary): not offered to this one.
    ASSERT_EQ(
        sh(kKioskctl + " publish --token " + kAdminToken + " --central " + central_->url() + " --commit " + v1 +
           " --kiosk kiosk-canary")
            .status,
        0);
    EXPECT_NE(check().output.find("update: up-to-date"), std::string::npos);
    EXPECT_EQ(current(), "");
    installGood(v1, "1.0");
    EXPECT_NE(check().output.find("update: up-to-date"), std::string::npos);

    // 1.1 changes only the program: the pull must use the static delta
    // (--require-static-deltas refuses loose objects), and it is small.
    std::string v2 = release("1.1");
    ASSERT_NE(v2, v1);
    Proc deltas = sh("ostree --repo=" + repo_.string() + " static-delta list");
    EXPECT_NE(deltas.output.find(v1 + "-" + v2), std::string::npos) << deltas.output;
    std::uintmax_t deltaBytes = 0;
    for (const auto& e : fs::recursive_directory_iterator(repo_ / "deltas"))
        if (e.is_regular_file()) deltaBytes += e.file_size();
    EXPECT_LT(deltaBytes, 64u * 1024) << "the unchanged 2 MB asset must not be in the delta";
    publish(v2);
    Proc r = check("--require-static-deltas");
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("delta part"), std::string::npos) << r.output;
    ASSERT_EQ(launch().status, 0);
    EXPECT_EQ(lastRan(), "1.1 " + v2);
    EXPECT_EQ(state()["phase"], "trial");
    r = update("resume");
    EXPECT_NE(r.output.find("update: good"), std::string::npos) << r.output;
    EXPECT_EQ(state()["phase"], "idle");

    // A third release: the first deployment is pruned, current and previous stay.
    std::string v3 = release("1.2");
    publish(v3);
    ASSERT_EQ(check("--require-static-deltas").status, 0);
    ASSERT_EQ(launch().status, 0);
    EXPECT_EQ(lastRan(), "1.2 " + v3);
    update("resume");
    std::vector<std::string> expected{v2, v3};
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(deployments(), expected);
    EXPECT_EQ(fs::read_symlink(root_ / "previous").filename().string(), v2);
    EXPECT_TRUE(fs::exists(root_ / "deployments" / v3 / "share/civil-kiosk/assets/big.bin"));
}

TEST_F(Updates, ReleaseSignedWithTheWrongKeyIsRefused) {
    initKiosk();
    std::string v1 = release("1.0");
    installGood(v1, "1.0");

    // The commit is signed by another key; the summary is re-signed with the
    // release key, so it is the commit's own signature that is checked.
    std::string bad = release("6.6.6", "good", keys().wrong, "wrong");
    ASSERT_EQ(sh("ostree --repo=" + repo_.string() + " summary -u --gpg-sign=" + keys().good +
                 " --gpg-homedir=" + (keys().dir / "good").string())
                  .status,
              0);
    publish(bad);
    Proc r = check();
    EXPECT_EQ(r.status, 4) << r.output;
    EXPECT_NE(r.output.find("update: refused"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("signature"), std::string::npos) << r.output;
    EXPECT_EQ(current(), v1);
    EXPECT_FALSE(fs::exists(root_ / "deployments" / bad));
    ASSERT_EQ(launch().status, 0);
    EXPECT_EQ(lastRan(), "1.0 " + v1);

    // Unsigned altogether: refused too.
    std::string unsignedCommit =
        trim(sh("ostree --repo=" + repo_.string() + " commit --branch=kiosk/stable -s unsigned " + tree("7.0").string())
                 .output);
    sh("ostree --repo=" + repo_.string() + " summary -u --gpg-sign=" + keys().good +
       " --gpg-homedir=" + (keys().dir / "good").string());
    publish(unsignedCommit);
    r = check();
    EXPECT_EQ(r.status, 4) << r.output;
    EXPECT_EQ(current(), v1);

    // A summary signed by the wrong key (it names the refs and deltas): refused.
    std::string v2 = release("2.0", "good", keys().wrong, "wrong");
    publish(v2);
    r = check();
    EXPECT_NE(r.status, 0) << r.output;
    EXPECT_EQ(current(), v1);
    EXPECT_EQ(state()["phase"], "idle");
}

TEST_F(Updates, ReleaseTamperedInTheRepositoryIsRefused) {
    initKiosk();
    std::string v1 = release("1.0");
    // Someone with write access to the web server swaps the program's bytes.
    int tampered = 0;
    for (const auto& e : fs::recursive_directory_iterator(repo_ / "objects")) {
        if (e.path().extension() != ".filez") continue;
        std::string data = readFile(e.path());
        if (data.size() > 4096) continue;  // the small files: the program and VERSION
        data[data.size() / 2] ^= 0x5a;
        writeFile(e.path(), data);
        ++tampered;
    }
    ASSERT_GT(tampered, 0);
    publish(v1);
    Proc r = check();
    EXPECT_EQ(r.status, 4) << r.output;
    EXPECT_NE(r.output.find("update: refused"), std::string::npos) << r.output;
    EXPECT_EQ(current(), "") << r.output;
    EXPECT_EQ(state()["phase"], "idle");
    EXPECT_TRUE(deployments().empty());
    ASSERT_EQ(launch().status, 0);
    EXPECT_EQ(lastRan(), "factory factory");
}

TEST_F(Updates, ReleaseThatCrashesAtStartIsRolledBack) {
    initKiosk();
    std::string v1 = release("1.0");
    installGood(v1, "1.0");
    std::string v2 = release("2.0", "crash");
    publish(v2);
    ASSERT_EQ(check().status, 0);
    ASSERT_EQ(current(), v2);

    // systemd restarts the unit after each crash; each start goes through the launcher.
    int crashes = 0;
    for (int start = 0; start < 6 && crashes < 10; ++start) {
        Proc r = launch();
        if (r.status == 0) break;
        ++crashes;
        EXPECT_EQ(lastRan(), "2.0 " + v2);
    }
    EXPECT_EQ(crashes, 3) << "maxStarts (3) starts of the broken release, then the rollback";
    EXPECT_EQ(lastRan(), "1.0 " + v1);
    EXPECT_EQ(current(), v1);
    auto s = state();
    EXPECT_EQ(s["phase"], "idle");
    EXPECT_EQ(s["failed"], v2);
    EXPECT_NE(s["lastError"].get<std::string>().find("rolled back"), std::string::npos);

    // The central service still names v2: it is not applied again.
    Proc r = check();
    EXPECT_EQ(r.status, 4) << r.output;
    EXPECT_EQ(current(), v1);
    // A fixed release goes in.
    std::string v3 = release("2.1");
    installGood(v3, "2.1");
}

// issue #13: an older release (a validly signed one that may carry fixed
// holes) is not installed unless a maintainer signs a rollback request for
// this kiosk and that commit.
TEST_F(Updates, AnOlderReleaseIsRefusedUnlessASignedRollbackRequestNamesIt) {
    initKiosk();
    std::string v1 = release("1.0");
    std::string v2 = release("1.1");
    installGood(v2, "1.1");
    publish(v1);  // a compromised centre (or a slip) names the older one
    Proc r = check();
    EXPECT_EQ(r.status, 4) << r.output;
    EXPECT_NE(r.output.find("downgrade refused"), std::string::npos) << r.output;
    EXPECT_EQ(current(), v2);

    fs::path key = dir_ / "maintainer.key";
    Proc pub = sh(std::string(KIOSK_FLEET_BIN) + " keygen --out " + key.string());
    ASSERT_EQ(pub.status, 0) << pub.output;
    std::string publicKey = pub.output.substr(0, pub.output.find('\n'));
    auto sign = [&](const std::string& kiosk, const std::string& commit) {
        fs::path file = dir_ / ("rollback-" + kiosk + "-" + commit.substr(0, 8) + ".json");
        Proc s = sh(std::string(KIOSK_FLEET_BIN) + " sign-command rollback '{\"commit\": \"" + commit +
                    "\"}' --key " + key.string() + " --kiosk " + kiosk + " > " + file.string());
        EXPECT_EQ(s.status, 0) << s.output;
        return file.string();
    };
    std::string keys = " --rollback-keys " + publicKey;
    // Signed for another kiosk, or for another commit: still refused.
    r = update(keys + " apply " + v1 + " --kiosk kiosk-demo-01 --rollback-request " + sign("kiosk-other", v1));
    EXPECT_EQ(r.status, 4) << r.output;
    EXPECT_NE(r.output.find("wrong-kiosk"), std::string::npos) << r.output;
    r = update(keys + " apply " + v1 + " --kiosk kiosk-demo-01 --rollback-request " + sign("kiosk-demo-01", v2));
    EXPECT_EQ(r.status, 4) << r.output;
    EXPECT_EQ(current(), v2);
    // Signed by the maintainer for this kiosk and v1, published with the
    // release (kioskctl publish --rollback): the centre relays it in the
    // offer and the rollback goes in.
    Proc published = sh(kKioskctl + " publish --token " + kAdminToken + " --central " + central_->url() + " --commit " + v1 +
                        " --kiosk kiosk-demo-01 --rollback " + sign("kiosk-demo-01", v1));
    ASSERT_EQ(published.status, 0) << published.output;
    r = check(keys);
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("update: switched"), std::string::npos) << r.output;
    EXPECT_EQ(current(), v1);
}

TEST_F(Updates, ReleaseThatNeverReportsHealthyIsRolledBackAtTheDeadline) {
    // A trial of the default 300 s, so "still pending" holds on any machine;
    // its end is reached by moving the deadline the updater stored
    // (monotonic time of this boot, state.json) into the past, as if the
    // trial time had passed, rather than by sleeping through a short trial
    // and racing it (#15). steady_clock here is the same CLOCK_MONOTONIC as
    // the kiosk-update processes'.
    initKiosk();
    std::string v1 = release("1.0");
    installGood(v1, "1.0");
    std::string v2 = release("2.0", "silent");
    publish(v2);
    ASSERT_EQ(check().status, 0);
    ASSERT_EQ(launch().status, 0);
    EXPECT_EQ(lastRan(), "2.0 " + v2);
    EXPECT_NE(update("resume").output.find("update: trial-pending"), std::string::npos);
    nlohmann::json s = state();
    ASSERT_EQ(s["phase"], "trial");
    const std::int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::steady_clock::now().time_since_epoch())
                                 .count();
    ASSERT_GT(s["deadlineMonotonicMs"].get<std::int64_t>(), now + 200'000) << "the trial is far from over";
    s["deadlineMonotonicMs"] = now - 1;
    writeFile(root_ / "state.json", s.dump());
    Proc r = update("resume");
    EXPECT_EQ(r.status, 3) << r.output;
    EXPECT_NE(r.output.find("update: rolled-back"), std::string::npos) << r.output;
    EXPECT_EQ(current(), v1);
    ASSERT_EQ(launch().status, 0);
    EXPECT_EQ(lastRan(), "1.0 " + v1);
}

// The agent killed (SIGKILL) at every step of an update, and the launcher at
// every step of a rollback: after each kill the launcher starts a good,
// complete release, and the next run finishes the job.
TEST_F(Updates, KillAtEveryStepLeavesAKioskThatStartsOnAGoodVersion) {
    initKiosk();
    std::string v1 = release("1.0");
    installGood(v1, "1.0");

    const char* updateSteps[] = {"pulling",   "pulled",          "checkout-partial", "checked-out",
                                 "switching", "previous-linked", "current-linked",   "switched"};
    std::string from = v1, fromVersion = "1.0";
    int n = 0;
    for (const char* step : updateSteps) {
        SCOPED_TRACE(std::string("agent killed at ") + step);
        std::string toVersion = "2." + std::to_string(++n);
        std::string to = release(toVersion);
        publish(to);
        Proc r = check("", std::string("KIOSK_UPDATE_CRASH_AT=") + step);
        ASSERT_TRUE(r.killed()) << "status " << r.status << ": " << r.output;
        // The kiosk starts on a complete release: the old one, or the new one
        // once the switch was under way.
        ASSERT_EQ(launch().status, 0);
        std::string ran = lastRan();
        EXPECT_TRUE(ran == fromVersion + " " + from || ran == toVersion + " " + to) << ran;
        // The next agent run finishes the update; the next start runs it.
        r = check();
        ASSERT_EQ(r.status, 0) << r.output;
        ASSERT_EQ(launch().status, 0);
        EXPECT_EQ(lastRan(), toVersion + " " + to);
        r = update("resume");
        EXPECT_EQ(r.status, 0) << r.output;
        EXPECT_EQ(current(), to);
        EXPECT_EQ(state()["phase"], "idle");
        for (const auto& d : deployments()) EXPECT_EQ(d.find('.'), std::string::npos) << "left over: " << d;
        from = to;
        fromVersion = toVersion;
    }

    // A release that crashes at start, with the launcher killed at each
    // step of its rollback.
    for (const char* step : {"rolling-back", "rolled-back-link"}) {
        SCOPED_TRACE(std::string("launcher killed at ") + step);
        std::string broken = release("3." + std::to_string(++n), "crash");
        publish(broken);
        ASSERT_EQ(check().status, 0);
        for (int i = 0; i < 3; ++i) ASSERT_EQ(launch().status, 1);
        Proc r = launch(std::string("KIOSK_UPDATE_CRASH_AT=") + step);
        ASSERT_TRUE(r.killed()) << r.output;
        ASSERT_EQ(launch().status, 0);
        EXPECT_EQ(lastRan(), fromVersion + " " + from);
        EXPECT_EQ(current(), from);
        EXPECT_EQ(state()["failed"], broken);
    }

    // The agent killed while pruning the oldest deployment.
    std::string v4 = release("4.0");
    installGood(v4, "4.0");
    std::string v5 = release("5.0");
    publish(v5);
    ASSERT_EQ(check().status, 0);
    ASSERT_EQ(launch().status, 0);
    Proc r = update("resume", "KIOSK_UPDATE_CRASH_AT=pruning");
    ASSERT_TRUE(r.killed()) << r.output;
    ASSERT_EQ(launch().status, 0);
    EXPECT_EQ(lastRan(), "5.0 " + v5);
    ASSERT_EQ(update("resume").status, 0);
    std::vector<std::string> expected{v4, v5};
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(deployments(), expected);
}

// SIGKILL from outside at arbitrary moments (the agent and its ostree child,
// as a power cut would): whatever was interrupted, the kiosk starts on a
// complete release, and the update completes on a later run.
TEST_F(Updates, KilledAtArbitraryMomentsStillStartsAndCompletes) {
    initKiosk();
    std::string v1 = release("1.0");
    installGood(v1, "1.0");
    std::string v2 = release("2.0");
    publish(v2);
    int killedRuns = 0;
    std::string phases;  // where each kill struck, for the log
    for (int delayMs : {1, 3, 6, 10, 15, 25, 40, 60, 90, 140}) {
        Proc r = sh(updateCmd("check --central " + central_->url() + " --kiosk kiosk-demo-01 --token demo-token"),
                    std::chrono::milliseconds(delayMs));
        if (r.killed()) {
            ++killedRuns;
            phases += std::to_string(delayMs) + "ms:" + state().value("phase", "?") + " ";
        }
        ASSERT_EQ(launch().status, 0);
        std::string ran = lastRan();
        ASSERT_TRUE(ran == "1.0 " + v1 || ran == "2.0 " + v2) << "after a kill at " << delayMs << " ms: " << ran;
        if (ran == "2.0 " + v2) break;
    }
    EXPECT_GT(killedRuns, 0);
    std::printf("killed in phases: %s\n", phases.c_str());
    Proc r = check();
    ASSERT_EQ(r.status, 0) << r.output;
    ASSERT_EQ(launch().status, 0);
    EXPECT_EQ(lastRan(), "2.0 " + v2);
    update("resume");
    EXPECT_EQ(current(), v2);
    EXPECT_EQ(state()["phase"], "idle");
}

}  // namespace
