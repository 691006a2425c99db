#pragma once
// kiosk-central: the reference implementation of central/api/openapi.yaml.
// For the demo, the kiosk's integration tests and small pilots; not a
// production platform (a bureau's platform implements the same contract).
//
// - Demo trust only with ServerOptions::demo (--demo): the demo data
//   (residents, staff with published PINs), the kiosk-demo-01:demo-token
//   credential and GET /api/v1/demo/staff-cards. Without it the server
//   refuses to start with no kiosk credentials, and refuses a database that
//   was seeded for the demo.
// - Request bodies: size-limited per endpoint, depth-checked before parsing
//   and validated against openapi.yaml's schemas (central/json_schema.h):
//   wrong input is a 4xx naming the field, never a 5xx (kiosks retry those).
// - /admin needs the admin token (central/admin_auth.h); loopback is no credential.
// - Keys (files 0600, made at first start): the code signing seed (rotated
//   with rotateSigningKey(); retired public keys stay published for
//   retiredKeyDays so printed receipts and staff cards still verify) and the
//   HMAC key that keys ID-number digests (applicants, booking parties).
//
// - Storage (central/sql.h): a SQLite file (":memory:" by default), or a
//   PostgreSQL database (databasePath "postgresql://...") that several
//   servers share; one connection per server behind one mutex. The schema is
//   versioned (central/schema.h). With PostgreSQL the signing and digest key
//   files must be given (the same on every server); a database remembers
//   the keys it was set up with and refuses a server with others.
// - Idempotency (IETF draft "The Idempotency-Key HTTP Header Field"), scoped
//   per kiosk: the first request with a key is processed and its response
//   stored; the same key and the same body get the stored response again
//   (header Idempotent-Replayed: true); the same key with another body is 422;
//   a duplicate arriving while the first is still being processed is 409
//   (problem type ...:request-in-progress, Retry-After: 1).
//   Completed keys are kept for idempotencyRetentionDays (server time, so
//   POST /admin/time ages them), then forgotten: a key older than that is a
//   new request. Several servers on one PostgreSQL database agree: a key in
//   progress is one server's claim (unique per kiosk and key), and a claim
//   older than the kiosk's request timeout (30 s) may be taken over by
//   another server; the first holder's late completion is then undone. On
//   SQLite (one server per file) claims a killed server left are released at start.
// - Fault injection (FaultSettings), set by flags at start and at run time
//   with POST /admin/faults: latency, a delay between commit and answer, error rate and
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
#include <vector>

#include "central/sql.h"
#include "kiosk/core/signed_code.h"

namespace httplib {
class Server;
}

namespace kiosk::central {

struct FaultSettings {
    int latencyMs = 0;
    int ackDelayMs = 0;         // a processed POST/PUT is answered this much later (committed, not yet acked)
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
    std::string databasePath = ":memory:";  // or a PostgreSQL URI: central/sql.h
    std::string certFile;  // TLS when both are given
    std::string keyFile;
    bool demo = false;  // demo data, the demo kiosk token and /api/v1/demo/* (see above)
    // ed25519 seed for receipt/booking codes and staff cards; empty = "<databasePath>.signing-key",
    // or ephemeral for ":memory:". Retired public keys: "<signingKeyFile>.retired".
    std::string signingKeyFile;
    std::string digestKeyFile;  // HMAC key for ID-number digests; empty = "<databasePath>.digest-key" (or ephemeral)
    int retiredKeyDays = 800;   // longer than the longest-lived code (receipts: 2 years)
    std::map<std::string, std::string> kioskTokens;  // id -> token; empty: refused unless demo
    int statusStepSeconds = 600;  // an application advances one status step per this many seconds
    int idempotencyRetentionDays = 30;  // completed Idempotency-Keys are forgotten after this (server time)
    int slotDays = 60;            // slot calendar length from today
    int slotCapacity = 4;
    FaultSettings faults;
    unsigned seed = 20251201;
    // updates: an OSTree repository (plain static files) served under /ostree/; empty = none.
    std::string ostreeRepoDir;
    // /admin: `Authorization: Bearer <adminToken>` or the sign-in form's cookie; empty = /admin refused.
    std::string adminToken;
    std::vector<std::string> adminHosts;  // Host names /admin answers to besides loopback names and `host`
    // Pool threads serving connections (central/http_server.h: idle and slow
    // connections are closed, so each thread is busy only while a client sends
    // or is answered); more connections than threads wait their turn.
    int threads = 64;
    // Tests (the response contract test): every JSON answer is checked against
    // openapi.yaml's response schema for its operation and status, and each
    // one that does not conform is appended to this file as a line. Empty = off.
    // kiosk-central takes it from the environment, KIOSK_CENTRAL_CONTRACT_LOG.
    std::string contractLog;
};

class CentralServer {
public:
    // Throws std::runtime_error (a message for the operator) on bad options:
    // no kiosk credentials without demo, a demo database without demo, unreadable keys.
    explicit CentralServer(ServerOptions options);
    ~CentralServer();

    // Binds; returns the port (the chosen one for port 0) or -1.
    int bind();
    // Serves until stop().
    bool run();
    // Also before run() has started listening (it waits for that, up to 5 s).
    void stop();
    bool tls() const { return tls_; }
    // Kiosks with credentials (the demo kiosk included under --demo).
    std::size_t kioskCount() const;
    const CodeSigningKey& signingKey() const { return *signingKey_; }

    // Demo residents (synthetic, valid check digits): "ID name" lines.
    std::string residentList();

    // Replaces the signing seed in `signingKeyFile` with a new one (written
    // 0600, then renamed over it) after appending the old public key to
    // "<signingKeyFile>.retired" with the time; the private half is gone.
    // Returns the new key id; throws std::runtime_error.
    static std::string rotateSigningKey(const std::string& signingKeyFile);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::unique_ptr<httplib::Server> http_;
    std::unique_ptr<CodeSigningKey> signingKey_;
    bool tls_ = false;
};

}  // namespace kiosk::central
