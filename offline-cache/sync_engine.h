#pragma once
// The sync engine: sends the outbox to the central service and refreshes the
// reference-data cache, on its own thread, with libcurl.
//
// - Each item is sent with `Idempotency-Key: <its key>` and the kiosk's bearer
//   token. It becomes Acknowledged only on a 2xx answer with a well-formed
//   body (the central service's ack); the answer is stored encrypted.
// - 5xx, 408, 429, a 409 "request in progress" (a concurrent duplicate),
//   timeouts, refused or dropped connections and garbage answers are retried
//   with exponential backoff and full jitter (delay uniform in
//   [0, min(cap, base * 2^(attempts-1))], never before a Retry-After).
// - A 2xx answer that is not a JSON object, or any answer over the client's
//   body limit, is retried like garbage, but at most until the item's
//   5th attempt: then the item is Rejected ("parked") with the reason, so a
//   broken centre or proxy cannot keep one item in flight forever (#13).
// - 401/403 mean the kiosk's credentials are wrong: items are kept (not the
//   submission's fault), retried with backoff, and status().authProblem is set.
// - Any other 4xx is final: the item is Rejected (with the chain after it) and
//   surfaced to staff through the result callback and `kiosk-cli outbox`.
// - A pass stops at the first retryable failure (the network or the centre
//   is down: no point trying every item); the thread then backs off as a
//   whole (same full-jitter policy, by consecutive failed passes) and
//   otherwise sleeps until the next due item, a syncNow(), or the idle poll.
//
// Threads: start()/stop()/syncNow()/status() from any thread. Answers are
// read with kiosk/core/json_read.h (never throws); the thread also catches
// whatever escapes a pass, logs it and backs off. The result
// callback runs on the engine thread: the app posts it to its RunQueue.
// runOnce() runs a pass on the caller's thread (kiosk-cli sync, tests); do
// not call it while the thread is running.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "kiosk/core/clock.h"
#include "offline-cache/http_client.h"
#include "offline-cache/store.h"

namespace kiosk::offline {

struct BackoffPolicy {
    std::chrono::milliseconds base{2000};
    std::chrono::milliseconds cap{std::chrono::minutes(10)};
};

// Full jitter: `unit` in [0, 1) picks the delay in [0, min(cap, base*2^(attempts-1))].
std::chrono::milliseconds backoffDelay(int attempts, const BackoffPolicy& policy, double unit);

enum class SendOutcome { Acknowledged, Retry, Rejected, AuthProblem };
// How an answer is treated (pure; see the header comment for the rules).
SendOutcome classifyResponse(const HttpResponse& response);
const char* sendOutcomeName(SendOutcome o);

struct SyncConfig {
    std::string baseUrl;  // e.g. https://central.example/ (paths already start with /api/v1)
    std::string kioskId;
    std::string token;    // the kiosk's bearer token (a secret, never logged)
    HttpOptions http;
    BackoffPolicy backoff;
    std::chrono::milliseconds idlePoll{std::chrono::seconds(30)};
    // Reference data refreshed (If-None-Match) when older than refreshInterval.
    std::vector<std::string> referencePaths{"/api/v1/catalog", "/api/v1/offices"};
    std::chrono::milliseconds refreshInterval{std::chrono::minutes(15)};
};

struct SyncStatus {
    bool online = false;        // the last contact got an answer that was not 5xx
    bool contacted = false;     // at least one contact attempt has finished (so `online` means something)
    bool authProblem = false;   // the central service refused the kiosk's token
    int queueDepth = 0;         // pending + sending
    int rejected = 0;           // waiting for staff
    std::optional<std::chrono::system_clock::time_point> lastSuccess;
    std::string lastError;      // no personal data
};

// What happened to one item, for the app (posted to the UI thread).
struct SyncResult {
    std::int64_t itemId = 0;
    std::string idempotencyKey;
    std::string kind;
    OutboxState state = OutboxState::Pending;  // Acknowledged, Rejected, or Pending (will retry)
    int httpStatus = 0;
    Personal response;  // the central answer (acknowledged or the problem document)
    std::string error;
};

struct PassSummary {
    int acknowledged = 0;
    int rejected = 0;
    int retried = 0;
    bool stoppedOnFailure = false;
};

class SyncEngine {
public:
    using ResultCallback = std::function<void(SyncResult)>;

    SyncEngine(Store& store, SyncConfig config, const Clock& clock, ResultCallback onResult = {});
    ~SyncEngine();  // stops the thread
    SyncEngine(const SyncEngine&) = delete;
    SyncEngine& operator=(const SyncEngine&) = delete;

    void start();
    void stop();
    void syncNow();
    SyncStatus status() const;

    PassSummary runOnce();
    // Fetches reference data now if stale (part of each pass).
    void refreshReferences(bool force);

private:
    void threadMain();
    SendOutcome sendOne(HttpClient& http, ClaimedItem& claimed, PassSummary& summary);
    void noteContact(const HttpResponse& r);
    std::string url(const std::string& path) const;

    Store& store_;
    SyncConfig config_;
    const Clock& clock_;
    ResultCallback onResult_;
    std::mt19937_64 rng_;

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    bool triggered_ = false;
    std::thread thread_;
    SyncStatus status_;
    std::unique_ptr<HttpClient> http_;
};

}  // namespace kiosk::offline
