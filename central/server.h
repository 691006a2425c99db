#pragma once
// kiosk-central: the reference implementation of central/api/openapi.yaml.
// For the demo, the kiosk's integration tests and small pilots; not a
// production platform (a bureau's platform implements the same contract).
//
// - Storage: one SQLite database (":memory:" by default) behind one mutex.
// - Idempotency (IETF draft "The Idempotency-Key HTTP Header Field"), scoped
//   per kiosk: the first request with a key is processed and its response
//   stored; the same key and the same body get the stored response again
//   (header Idempotent-Replayed: true); the same key with another body is 422;
//   a duplicate arriving while the first is still being processed is 409
//   (problem type ...:request-in-progress, Retry-After: 1).
//   Completed keys are kept for idempotencyRetentionDays (server time, so
//   POST /admin/time ages them), then forgotten: a key older than that is a
//   new request. Keys left in progress by a killed server are released at start.
// - Fault injection (FaultSettings), set by flags at start and at run time
//   with POST /admin/faults (loopback clients only): latency, error rate and
//   a count of next errors (500), dropped connections mid-response (after the
//   request was processed: the ack is lost), 503 windows, garbage answers.
// - Time: the system clock plus an offset that POST /admin/time moves, so
//   tests advance application status steps without waiting.
//
// Threads: httplib's worker pool calls the handlers; run() blocks until stop()
// (callable from any thread).
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>

#include "central/sql.h"
#include "kiosk/core/signed_code.h"

namespace httplib {
class Server;
}

namespace kiosk::central {

struct FaultSettings {
    int latencyMs = 0;
    double errorRate = 0;       // share of requests answered 500 before processing
    double dropRate = 0;        // share of processed requests whose response is cut off
    int errorNext = 0;          // the next N requests get 500
    int dropNext = 0;           // the next N processed POST/PUT responses are cut off
    int garbageNext = 0;        // the next N processed POST/PUT get a 200 with a non-JSON body
    std::int64_t unavailableUntilMs = 0;  // 503 until then (server time)
    int outageEverySeconds = 0;  // periodic 503 windows: every N s ...
    int outageLengthSeconds = 0; // ... lasting M s
};

struct ServerOptions {
    std::string host = "127.0.0.1";
    int port = 8443;  // 0 = any free port
    std::string databasePath = ":memory:";
    std::string certFile;  // TLS when both are given
    std::string keyFile;
    std::string signingKeyFile;  // ed25519 seed for receipt/booking codes; empty = ephemeral
    std::map<std::string, std::string> kioskTokens{{"kiosk-demo-01", "demo-token"}};  // id -> token
    int statusStepSeconds = 600;  // an application advances one status step per this many seconds
    int idempotencyRetentionDays = 30;  // completed Idempotency-Keys are forgotten after this (server time)
    int slotDays = 60;            // slot calendar length from today
    int slotCapacity = 4;
    FaultSettings faults;
    unsigned seed = 20251201;
    // updates: an OSTree repository (plain static files) served under /ostree/; empty = none.
    std::string ostreeRepoDir;
    // fleet: lets /admin be used from other hosts with this bearer token (or
    // ?token= on the fleet page); empty = loopback only.
    std::string adminToken;
};

class CentralServer {
public:
    explicit CentralServer(ServerOptions options);
    ~CentralServer();

    // Binds; returns the port (the chosen one for port 0) or -1.
    int bind();
    // Serves until stop().
    bool run();
    void stop();
    bool tls() const { return tls_; }
    const CodeSigningKey& signingKey() const { return *signingKey_; }

    // Demo residents (synthetic, valid check digits): "ID name" lines.
    std::string residentList();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::unique_ptr<httplib::Server> http_;
    std::unique_ptr<CodeSigningKey> signingKey_;
    bool tls_ = false;
};

}  // namespace kiosk::central
