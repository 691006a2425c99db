// kiosk-central: the reference central service (see server.h and
// api/openapi.yaml). Prints "kiosk-central listening on <url>" on stdout once
// it accepts connections, so scripts and tests started with --port 0 learn
// the port. SIGINT/SIGTERM stop it. Without --demo it needs kiosk
// credentials (--kiosk / --kiosks-file) and refuses to start without them.
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <thread>

#include <CLI/CLI.hpp>

#include "central/key_file.h"
#include "central/server.h"
#include "kiosk/core/log.h"

namespace {

// ID:TOKEN into the options; false (with a message) when malformed.
bool addKiosk(kiosk::central::ServerOptions& o, const std::string& k) {
    auto colon = k.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == k.size()) {
        std::fprintf(stderr, "kiosk-central: a kiosk credential is ID:TOKEN\n");
        return false;
    }
    o.kioskTokens[k.substr(0, colon)] = k.substr(colon + 1);
    return true;
}

// The admin token from its file, made (32 random bytes, hex, 0600) when missing.
std::string adminTokenFrom(const std::string& path) {
    std::ifstream in(path);
    std::string token;
    if (in && std::getline(in, token) && !token.empty()) return token;
    if (in) throw std::runtime_error("the admin token file " + path + " is empty");
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    char hex[sizeof raw * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
    // Written aside and renamed into place (central/key_file.h): a kill
    // between creating the file and writing it would leave it empty, and
    // every later start would refuse it.
    kiosk::central::writeKeyFile(path, std::string(hex) + "\n");
    return hex;
}

}  // namespace

int main(int argc, char** argv) {
    kiosk::central::ServerOptions o;
    std::vector<std::string> kiosks;
    std::string kiosksFile, adminTokenFile;
    bool rotate = false;
    std::string logLevel = "info";
    bool listResidents = false;
    double unavailableFor = 0;
    CLI::App app{"kiosk-central: the reference central service for the civil-affairs kiosk"};
    app.add_option("--host", o.host, "Address to listen on")->capture_default_str();
    app.add_option("--port", o.port, "Port (0 = pick a free one)")->capture_default_str();
    app.add_option("--db", o.databasePath,
                   "SQLite database file (:memory: = nothing kept), or a PostgreSQL URI postgresql://... that several"
                   " kiosk-central processes may share (then --signing-key and --digest-key are required)")
        ->capture_default_str();
    app.add_option("--cert", o.certFile, "TLS certificate (PEM); with --key serves HTTPS");
    app.add_option("--key", o.keyFile, "TLS private key (PEM)");
    app.add_flag("--demo", o.demo,
                 "Demo mode: demo residents and staff (published PINs), kiosk-demo-01:demo-token when no --kiosk,"
                 " /api/v1/demo/staff-cards. Never in production");
    app.add_option("--signing-key", o.signingKeyFile,
                   "Code signing key file (32-byte seed, created 0600 if missing; default DB.signing-key)");
    app.add_option("--digest-key", o.digestKeyFile,
                   "HMAC key file for ID-number digests (created 0600 if missing; default DB.digest-key)");
    app.add_option("--retired-key-days", o.retiredKeyDays, "Days a rotated-out signing key stays published")
        ->capture_default_str();
    app.add_flag("--rotate-signing-key", rotate,
                 "Retire the --signing-key (its public key stays published) for a new one, print its key id, exit");
    app.add_option("--kiosk", kiosks, "A kiosk and its bearer token, ID:TOKEN (repeatable)");
    app.add_option("--kiosks-file", kiosksFile, "Kiosk credentials, one ID:TOKEN a line (# comments)");
    app.add_option("--status-step-seconds", o.statusStepSeconds, "Seconds per application status step")->capture_default_str();
    app.add_option("--idempotency-retention-days", o.idempotencyRetentionDays,
                   "Days a completed Idempotency-Key and its stored response are kept")
        ->check(CLI::Range(1, 3650))
        ->capture_default_str();
    app.add_option("--slot-days", o.slotDays, "Days of slot calendar")->capture_default_str();
    app.add_option("--slot-capacity", o.slotCapacity, "Bookings per slot")->capture_default_str();
    app.add_option("--latency-ms", o.faults.latencyMs, "Fault: added latency per request");
    app.add_option("--ack-delay-ms", o.faults.ackDelayMs,
                   "Fault: a processed write is committed, then answered this much later");
    app.add_option("--error-rate", o.faults.errorRate, "Fault: share of requests answered 500 (0..1)");
    app.add_option("--drop-rate", o.faults.dropRate, "Fault: share of processed writes whose answer is cut off (0..1)");
    app.add_option("--unavailable-for", unavailableFor, "Fault: answer 503 for this many seconds from start");
    app.add_option("--outage-every", o.faults.outageEverySeconds, "Fault: a 503 window every N seconds ...");
    app.add_option("--outage-length", o.faults.outageLengthSeconds, "... lasting M seconds");
    app.add_option("--ostree-repo", o.ostreeRepoDir, "Serve this OSTree repository (static files) under /ostree/");
    app.add_option("--admin-token", o.adminToken, "The token /admin requires (prefer --admin-token-file)");
    app.add_option("--admin-token-file", adminTokenFile,
                   "File with the admin token; made with a random token (0600) if missing");
    app.add_option("--admin-host", o.adminHosts, "A host name /admin answers to besides loopback and --host (repeatable)");
    app.add_option("--threads", o.threads,
                   "Connections served at once; idle connections close after 2 s and a request must come at"
                   " 8 KiB/s after its first 5 s, so slow clients cannot hold them all")
        ->check(CLI::Range(1, 1024))
        ->capture_default_str();
    app.add_option("--seed", o.seed, "Random seed for demo data and fault rolls")->capture_default_str();
    app.add_option("--log-level", logLevel, "trace, debug, info, warn, error")->capture_default_str();
    app.add_flag("--list-residents", listResidents, "Print the synthetic demo residents and exit");
    CLI11_PARSE(app, argc, argv);
    // Set by the tests' spawner, not a flag: every test's server checks its answers (server.h).
    if (const char* log = std::getenv("KIOSK_CENTRAL_CONTRACT_LOG"); log != nullptr) o.contractLog = log;
    kiosk::initLogging(logLevel);

    if (sodium_init() < 0) return 1;
    if (listResidents) o.demo = true;  // they are the demo data
    if (rotate) {
        if (o.signingKeyFile.empty()) {
            std::fprintf(stderr, "kiosk-central: --rotate-signing-key needs --signing-key FILE\n");
            return 2;
        }
        try {
            std::printf("new signing key %s; restart kiosk-central to use it\n",
                        kiosk::central::CentralServer::rotateSigningKey(o.signingKeyFile).c_str());
            return 0;
        } catch (const std::exception& e) {
            std::fprintf(stderr, "kiosk-central: %s\n", e.what());
            return 1;
        }
    }
    for (const auto& k : kiosks)
        if (!addKiosk(o, k)) return 2;
    if (!kiosksFile.empty()) {
        std::ifstream in(kiosksFile);
        if (!in) {
            std::fprintf(stderr, "kiosk-central: cannot read %s\n", kiosksFile.c_str());
            return 2;
        }
        for (std::string line; std::getline(in, line);) {
            line.erase(0, line.find_first_not_of(" \t"));
            line.erase(line.find_last_not_of(" \t\r") + 1);
            if (!line.empty() && line[0] != '#' && !addKiosk(o, line)) return 2;
        }
    }
    if (!adminTokenFile.empty()) {
        try {
            o.adminToken = adminTokenFrom(adminTokenFile);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "kiosk-central: %s\n", e.what());
            return 2;
        }
    }
    if (o.kioskTokens.empty() && !o.demo) {
        std::fprintf(stderr,
                     "kiosk-central: no kiosk credentials. Give each kiosk with --kiosk ID:TOKEN or --kiosks-file FILE;\n"
                     "  for the demo data and the demo kiosk (kiosk-demo-01:demo-token) run with --demo.\n");
        return 2;
    }
    if (o.adminToken.empty())
        std::fprintf(stderr, "kiosk-central: no admin token (--admin-token-file FILE): /admin refuses every request\n");

    // Block the stop signals in every thread; one thread waits for them.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGINT);
    sigaddset(&stopSignals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);
    signal(SIGPIPE, SIG_IGN);

    if (unavailableFor > 0) {
        auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch()).count();
        o.faults.unavailableUntilMs = now + static_cast<std::int64_t>(unavailableFor * 1000);
    }
    // Files made here (database, keys) are the owner's only.
    ::umask(0077);
    std::unique_ptr<kiosk::central::CentralServer> server;
    try {
        server = std::make_unique<kiosk::central::CentralServer>(o);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "kiosk-central: %s\n", e.what());
        return 1;
    }
    if (listResidents) {
        std::fputs(server->residentList().c_str(), stdout);
        return 0;
    }
    int port = server->bind();
    if (port <= 0) {
        std::fprintf(stderr, "kiosk-central: cannot listen on %s:%d\n", o.host.c_str(), o.port);
        return 1;
    }
    std::atomic<bool> ended{false};
    std::thread waiter([&] {
        int sig = 0;
        sigwait(&stopSignals, &sig);
        // waits for run() to be listening: a SIGTERM just after "listening" is not lost
        if (!ended) server->stop();
    });
    std::printf("kiosk-central listening on %s://%s:%d\n", server->tls() ? "https" : "http", o.host.c_str(), port);
    std::fflush(stdout);
    KLOG_INFO("kiosk-central: {} kiosk(s) configured; code signing key id {}", server->kioskCount(),
              kiosk::codeKeyId(server->signingKey().publicKey()));
    bool ok = server->run();
    // The waiter can still be inside stop() when run() returns: it is joined
    // before `server` is destroyed (detached, it raced the destructor: found
    // by the tsan preset). A run() that ended by itself wakes it to return.
    ended = true;
    pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
    return ok ? 0 : 1;
}
