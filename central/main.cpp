// kiosk-central: the reference central service (see server.h and
// api/openapi.yaml). Prints "kiosk-central listening on <url>" on stdout once
// it accepts connections, so scripts and tests started with --port 0 learn
// the port. SIGINT/SIGTERM stop it.
#include <pthread.h>
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include <CLI/CLI.hpp>

#include "central/server.h"
#include "kiosk/core/log.h"

int main(int argc, char** argv) {
    kiosk::central::ServerOptions o;
    std::vector<std::string> kiosks;
    std::string logLevel = "info";
    bool listResidents = false;
    double unavailableFor = 0;
    CLI::App app{"kiosk-central: the reference central service for the civil-affairs kiosk"};
    app.add_option("--host", o.host, "Address to listen on")->capture_default_str();
    app.add_option("--port", o.port, "Port (0 = pick a free one)")->capture_default_str();
    app.add_option("--db", o.databasePath, "SQLite database file (:memory: = nothing kept)")->capture_default_str();
    app.add_option("--cert", o.certFile, "TLS certificate (PEM); with --key serves HTTPS");
    app.add_option("--key", o.keyFile, "TLS private key (PEM)");
    app.add_option("--signing-key", o.signingKeyFile, "Code signing key file (32-byte seed, created 0600 if missing)");
    app.add_option("--kiosk", kiosks, "A kiosk and its bearer token, ID:TOKEN (repeatable; default kiosk-demo-01:demo-token)");
    app.add_option("--status-step-seconds", o.statusStepSeconds, "Seconds per application status step")->capture_default_str();
    app.add_option("--idempotency-retention-days", o.idempotencyRetentionDays,
                   "Days a completed Idempotency-Key and its stored response are kept")
        ->check(CLI::Range(1, 3650))
        ->capture_default_str();
    app.add_option("--slot-days", o.slotDays, "Days of slot calendar")->capture_default_str();
    app.add_option("--slot-capacity", o.slotCapacity, "Bookings per slot")->capture_default_str();
    app.add_option("--latency-ms", o.faults.latencyMs, "Fault: added latency per request");
    app.add_option("--error-rate", o.faults.errorRate, "Fault: share of requests answered 500 (0..1)");
    app.add_option("--drop-rate", o.faults.dropRate, "Fault: share of processed writes whose answer is cut off (0..1)");
    app.add_option("--unavailable-for", unavailableFor, "Fault: answer 503 for this many seconds from start");
    app.add_option("--outage-every", o.faults.outageEverySeconds, "Fault: a 503 window every N seconds ...");
    app.add_option("--outage-length", o.faults.outageLengthSeconds, "... lasting M seconds");
    app.add_option("--ostree-repo", o.ostreeRepoDir, "Serve this OSTree repository (static files) under /ostree/");
    app.add_option("--admin-token", o.adminToken, "fleet: allow /admin (the fleet page) from other hosts with this token");
    app.add_option("--seed", o.seed, "Random seed for demo data and fault rolls")->capture_default_str();
    app.add_option("--log-level", logLevel, "trace, debug, info, warn, error")->capture_default_str();
    app.add_flag("--list-residents", listResidents, "Print the synthetic demo residents and exit");
    CLI11_PARSE(app, argc, argv);
    kiosk::initLogging(logLevel);

    if (!kiosks.empty()) {
        o.kioskTokens.clear();
        for (const auto& k : kiosks) {
            auto colon = k.find(':');
            if (colon == std::string::npos || colon == 0 || colon + 1 == k.size()) {
                std::fprintf(stderr, "kiosk-central: --kiosk wants ID:TOKEN\n");
                return 2;
            }
            o.kioskTokens[k.substr(0, colon)] = k.substr(colon + 1);
        }
    }

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
    std::thread waiter([&] {
        int sig = 0;
        sigwait(&stopSignals, &sig);
        server->stop();
    });
    waiter.detach();
    std::printf("kiosk-central listening on %s://%s:%d\n", server->tls() ? "https" : "http", o.host.c_str(), port);
    std::fflush(stdout);
    KLOG_INFO("kiosk-central: {} kiosk(s) configured; code signing key id {}", o.kioskTokens.size(),
              kiosk::codeKeyId(server->signingKey().publicKey()));
    bool ok = server->run();
    return ok ? 0 : 1;
}
