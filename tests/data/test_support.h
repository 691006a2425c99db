#pragma once
// Helpers for the data tests: a temporary directory, and the real
// kiosk-central started on a free loopback port (port 0; the port is read
// from its "listening on" line) and stopped with SIGTERM by its pid.
// CentralProcess runs with --demo (demo data, kiosk-demo-01:demo-token, demo
// staff) unless told Demo::No, and with the admin token kAdminToken unless
// the arguments give --admin-token; admin() sends it as a bearer token.
// Every answer it sends is checked against openapi.yaml's response schemas;
// the test fails for each one that breaks them (the response contract test).
//
// The store (issue #16): with KIOSK_TEST_CENTRAL_DB set (a PostgreSQL URI of
// a maintenance database, tests/data/pg_cluster.sh's), each CentralProcess
// without its own --db gets a new PostgreSQL database and key files of its
// own; unset, it runs on SQLite (":memory:"). A PostgreSQL run that cannot
// make its database fails the test, never falls back to SQLite.
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "offline-cache/http_client.h"

namespace kiosk::testing {

class TempDir {
public:
    TempDir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "kiosk-data-XXXXXX").string();
        path_ = mkdtemp(tmpl.data());
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    std::string file(const std::string& name) const { return path_ + "/" + name; }
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

// Polls `done` every 5 ms until it holds or the guard expires (a guard
// against hanging, not a timing assertion).
template <typename F>
bool waitFor(F done, std::chrono::seconds guard = std::chrono::seconds(30)) {
    auto end = std::chrono::steady_clock::now() + guard;
    while (std::chrono::steady_clock::now() < end) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return done();
}

// Forks KIOSK_CENTRAL_BIN --port 0 `args` (no --port 0 when `args` give a --port) with its stdout (and, with
// `alsoStderr`, its stderr) on a pipe; returns the pid and the pipe's read end
// (pid -1 when it could not fork). With `contractLog`, the server appends
// every answer that breaks openapi.yaml's response schemas to that file
// (KIOSK_CENTRAL_CONTRACT_LOG, central/server.h).
inline std::pair<pid_t, int> spawnCentral(const std::vector<std::string>& args, bool alsoStderr,
                                          const std::string& contractLog = {}) {
    int fds[2];
    if (pipe(fds) != 0) return {-1, -1};
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        if (alsoStderr) dup2(fds[1], STDERR_FILENO);
        close(fds[0]);
        close(fds[1]);
        // A test that dies (an assertion abort under the sanitizers) must
        // not leave its server running: it would hold ctest's output pipe
        // open and stall the run until the test's timeout.
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (!contractLog.empty()) setenv("KIOSK_CENTRAL_CONTRACT_LOG", contractLog.c_str(), 1);
        // A restart on a port the first start chose gives its own --port.
        std::vector<std::string> all{KIOSK_CENTRAL_BIN};
        if (std::find(args.begin(), args.end(), "--port") == args.end()) all.insert(all.end(), {"--port", "0"});
        all.insert(all.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& a : all) argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    close(fds[1]);
    return {pid, fds[0]};
}

struct Finished {
    int exitCode = -1;
    std::string out;  // stdout and stderr
};

// kiosk-central with `args` run to its end (it is expected to exit by itself).
inline Finished runCentral(const std::vector<std::string>& args) {
    auto [pid, out] = spawnCentral(args, true);
    Finished r;
    if (pid < 0) return r;
    char buf[4096];
    ssize_t n;
    while ((n = read(out, buf, sizeof buf)) > 0) r.out.append(buf, static_cast<size_t>(n));
    close(out);
    int status = 0;
    waitpid(pid, &status, 0);
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

// The PostgreSQL URI the central tests run against, or "" for SQLite.
inline std::string centralTestDatabase() {
    const char* url = std::getenv("KIOSK_TEST_CENTRAL_DB");
    return url != nullptr ? url : "";
}

// Runs `sql` with psql (from KIOSK_TEST_PG_BIN) on KIOSK_TEST_CENTRAL_DB's
// maintenance database; false (with a gtest failure) when it fails.
inline bool psqlAdmin(const std::string& sql) {
    const char* bin = std::getenv("KIOSK_TEST_PG_BIN");
    const std::string psql = std::string(bin != nullptr ? bin : "/usr/lib/postgresql/15/bin") + "/psql";
    const std::string command =
        psql + " -X -q -v ON_ERROR_STOP=1 -d '" + centralTestDatabase() + "' -c \"" + sql + "\" 2>&1";
    FILE* p = ::popen(command.c_str(), "r");
    std::string out;
    char buf[512];
    while (p != nullptr && std::fgets(buf, sizeof buf, p) != nullptr) out += buf;
    if (p == nullptr || ::pclose(p) != 0) {
        ADD_FAILURE() << "psql failed (" << command << "): " << out;
        return false;
    }
    return true;
}

// The name of a new, empty database in KIOSK_TEST_CENTRAL_DB's cluster.
inline std::string newPostgresDatabaseName() {
    static std::atomic<int> counter{0};
    const std::string name = "central_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
    return psqlAdmin("CREATE DATABASE " + name) ? name : std::string();
}

// A new, empty database in KIOSK_TEST_CENTRAL_DB's cluster: its URI, or ""
// (with a gtest failure) when it could not be made.
inline std::string freshPostgresDatabase() {
    const std::string base = centralTestDatabase();
    // postgresql:///postgres?host=/tmp/...: the database is the path after the third '/'.
    const size_t query = base.find('?');
    const size_t slash = base.rfind('/', query);
    if (base.empty() || slash == std::string::npos) {
        ADD_FAILURE() << "KIOSK_TEST_CENTRAL_DB is not a postgresql:///DB?host=... URI: " << base;
        return {};
    }
    const std::string name = newPostgresDatabaseName();
    if (name.empty()) return {};
    return base.substr(0, slash + 1) + name + (query == std::string::npos ? "" : base.substr(query));
}

// Under the tsan preset (halt_on_error=1) a race found in a server stops it
// with ThreadSanitizer's exit code (66, its default): the report is on the
// test's stderr, and the test fails here instead of passing on what the
// server answered before it stopped. `status` is waitpid's.
inline void expectNoSanitizerExit(int status, const char* what) {
    if (WIFEXITED(status) && WEXITSTATUS(status) == 66)
        ADD_FAILURE() << what << " stopped with ThreadSanitizer's exit code 66 (a race: see its report above)";
}

class CentralProcess {
public:
    enum class Demo { Yes, No };
    static constexpr const char* kAdminToken = "test-admin-token";

    explicit CentralProcess(std::vector<std::string> extraArgs = {}, Demo demo = Demo::Yes) {
        for (size_t i = 0; i + 1 < extraArgs.size(); ++i)
            if (extraArgs[i] == "--admin-token") adminToken_ = extraArgs[i + 1];
        if (adminToken_.empty()) {
            adminToken_ = kAdminToken;
            extraArgs.insert(extraArgs.end(), {"--admin-token", adminToken_});
        }
        if (demo == Demo::Yes) extraArgs.push_back("--demo");
        if (!centralTestDatabase().empty() && std::find(extraArgs.begin(), extraArgs.end(), "--db") == extraArgs.end()) {
            const std::string db = freshPostgresDatabase();
            if (db.empty()) return;
            keys_ = std::make_unique<TempDir>();
            extraArgs.insert(extraArgs.end(), {"--db", db, "--signing-key", keys_->file("signing-key"), "--digest-key",
                                               keys_->file("digest-key")});
        }
        extraArgs.insert(extraArgs.begin(), {"--log-level", "warn"});
        int out = -1;
        std::tie(pid_, out) = spawnCentral(extraArgs, false, contractLog_.file("violations"));
        if (pid_ < 0) return;
        std::string line;
        char c;
        while (read(out, &c, 1) == 1 && c != '\n') line += c;
        close(out);
        auto colon = line.rfind(':');
        if (line.find("listening on") != std::string::npos && colon != std::string::npos)
            port_ = std::atoi(line.c_str() + colon + 1);
    }
    ~CentralProcess() {
        if (pid_ > 0) {
            kill(pid_, SIGTERM);
            int status = 0;
            waitpid(pid_, &status, 0);
            expectNoSanitizerExit(status, "kiosk-central");
        }
        // The response contract test: every answer this server sent in the
        // test conformed to openapi.yaml (a line per one that did not).
        std::ifstream violations(contractLog_.file("violations"));
        for (std::string line; std::getline(violations, line);)
            ADD_FAILURE() << "kiosk-central answered against central/api/openapi.yaml: " << line;
    }
    int port() const { return port_; }
    pid_t pid() const { return pid_; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

    offline::HttpResponse call(const std::string& method, const std::string& path, const std::string& body = {},
                               std::vector<std::pair<std::string, std::string>> headers = {}) {
        offline::HttpClient http({});
        offline::HttpRequest req;
        req.method = method;
        req.url = url() + path;
        req.headers = std::move(headers);
        req.body = &body;
        return http.perform(req);
    }
    // An /admin request as kioskctl makes it: the admin token as a bearer token, JSON.
    offline::HttpResponse adminCall(const std::string& method, const std::string& path, const std::string& body = {}) {
        return call(method, path, body,
                    {{"Authorization", "Bearer " + adminToken_}, {"Content-Type", "application/json"}});
    }
    nlohmann::json admin(const std::string& method, const std::string& path, const nlohmann::json& body = nullptr) {
        auto r = adminCall(method, path, body.is_null() ? std::string() : body.dump());
        return nlohmann::json::parse(r.body.reveal(), nullptr, false);
    }
    const std::string& adminToken() const { return adminToken_; }
    nlohmann::json stats() { return admin("GET", "/admin/stats"); }
    void faults(const nlohmann::json& j) { admin("POST", "/admin/faults", j); }

private:
    TempDir contractLog_;
    std::unique_ptr<TempDir> keys_;  // PostgreSQL runs: this server's key files
    pid_t pid_ = -1;
    int port_ = 0;
    std::string adminToken_;
};

}  // namespace kiosk::testing
