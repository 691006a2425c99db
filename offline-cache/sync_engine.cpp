#include "offline-cache/sync_engine.h"

#include <sodium.h>

#include <algorithm>
#include <cmath>

#include "kiosk/core/json_read.h"
#include "kiosk/core/log.h"

namespace kiosk::offline {
namespace {

constexpr std::string_view kInProgressProblem = "request-in-progress";
constexpr int kMaxBadAnswers = 5;

std::string describe(const HttpResponse& r) {
    if (r.transportError) return "network: " + r.transportMessage;
    std::string text = "HTTP " + std::to_string(r.status);
    // The problem title is written by the central service for people, not
    // personal; the detail may quote input, so it is left out.
    if (r.header("content-type").find("problem+json") != std::string::npos) {
        if (auto j = jsonr::parseObject(r.body.reveal()))
            if (auto title = jsonr::str(*j, "title")) text += ": " + title->substr(0, 200);
    }
    return text;
}

bool wellFormedAck(const HttpResponse& r) {
    if (r.status == 204) return true;
    return jsonr::parseObject(r.body.reveal()).has_value();
}

// A reference document is a JSON object or, like the staff directory
// (GET /api/v1/staff), a JSON array; anything else (a proxy's HTML page) is
// not cached over the good copy.
bool wellFormedReference(const HttpResponse& r) {
    auto j = jsonr::parse(r.body.reveal());
    return j && (j->is_object() || j->is_array());
}

}  // namespace

std::chrono::milliseconds backoffDelay(int attempts, const BackoffPolicy& policy, double unit) {
    double ceiling = static_cast<double>(policy.base.count()) * std::pow(2.0, std::clamp(attempts - 1, 0, 40));
    ceiling = std::min(ceiling, static_cast<double>(policy.cap.count()));
    unit = std::clamp(unit, 0.0, 1.0);
    return std::chrono::milliseconds(static_cast<std::int64_t>(ceiling * unit));
}

SendOutcome classifyResponse(const HttpResponse& r) {
    if (r.transportError || r.status == 0) return SendOutcome::Retry;
    if (r.status >= 200 && r.status < 300) return wellFormedAck(r) ? SendOutcome::Acknowledged : SendOutcome::Retry;
    if (r.status == 401 || r.status == 403) return SendOutcome::AuthProblem;
    if (r.status == 408 || r.status == 429 || r.status >= 500) return SendOutcome::Retry;
    if (r.status == 409) {
        auto j = jsonr::parseObject(r.body.reveal());
        if (j && jsonr::strOr(*j, "type", "").find(kInProgressProblem) != std::string::npos)
            return SendOutcome::Retry;
        return SendOutcome::Rejected;
    }
    if (r.status >= 400) return SendOutcome::Rejected;
    return SendOutcome::Retry;  // 1xx/3xx: not an ack; try again later
}

const char* sendOutcomeName(SendOutcome o) {
    switch (o) {
    case SendOutcome::Acknowledged: return "acknowledged";
    case SendOutcome::Retry: return "retry";
    case SendOutcome::Rejected: return "rejected";
    case SendOutcome::AuthProblem: return "auth-problem";
    }
    return "unknown";
}

SyncEngine::SyncEngine(Store& store, SyncConfig config, const Clock& clock, ResultCallback onResult)
    : store_(store), config_(std::move(config)), clock_(clock), onResult_(std::move(onResult)) {
    ensureSodium();
    rng_.seed(randombytes_random() | (static_cast<std::uint64_t>(randombytes_random()) << 32));
    while (!config_.baseUrl.empty() && config_.baseUrl.back() == '/') config_.baseUrl.pop_back();
    if (auto s = store_.stats()) {
        status_.queueDepth = s.value().pending + s.value().sending;
        status_.rejected = s.value().rejected;
    }
}

SyncEngine::~SyncEngine() { stop(); }

std::string SyncEngine::url(const std::string& path) const { return config_.baseUrl + path; }

void SyncEngine::start() {
    std::lock_guard lock(mutex_);
    if (thread_.joinable()) return;
    stopping_ = false;
    thread_ = std::thread([this] { threadMain(); });
}

void SyncEngine::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void SyncEngine::syncNow() {
    {
        std::lock_guard lock(mutex_);
        triggered_ = true;
    }
    wake_.notify_all();
}

SyncStatus SyncEngine::status() const {
    std::lock_guard lock(mutex_);
    return status_;
}

void SyncEngine::threadMain() {
    KLOG_INFO("sync: engine started for {}", config_.baseUrl);
    int consecutiveFailures = 0;
    for (;;) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_) break;
            triggered_ = false;
        }
        PassSummary summary;
        try {
            summary = runOnce();
        } catch (const std::exception& e) {
            // Nothing should throw here (answers are read with jsonr); if
            // something does, the engine backs off and lives on instead of
            // ending the kiosk in std::terminate.
            KLOG_ERROR("sync: a pass failed: {}", e.what());
            summary.stoppedOnFailure = true;
            std::lock_guard lock(mutex_);
            status_.lastError = std::string("internal: ") + e.what();
        }
        consecutiveFailures = summary.stoppedOnFailure ? consecutiveFailures + 1 : 0;
        auto wait = config_.idlePoll;
        if (auto due = store_.nextDueMs()) {
            auto untilDue = std::chrono::milliseconds(*due - store_.nowMs());
            wait = std::clamp(untilDue, std::chrono::milliseconds(20), config_.idlePoll);
        }
        if (consecutiveFailures > 0) {
            // The network or the centre is down: the whole engine backs off,
            // not just the item that found out, so a long queue does not
            // probe a dead link once per item.
            double unit = 0;
            {
                std::lock_guard lock(mutex_);
                unit = std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
            }
            wait = std::max(wait, backoffDelay(consecutiveFailures, config_.backoff, unit));
        }
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, wait, [this] { return stopping_ || triggered_; });
        if (stopping_) break;
    }
    std::lock_guard lock(mutex_);
    http_.reset();
    KLOG_INFO("sync: engine stopped");
}

void SyncEngine::noteContact(const HttpResponse& r) {
    std::lock_guard lock(mutex_);
    status_.online = !r.transportError && r.status != 0 && r.status < 500;
    status_.contacted = true;
    if (r.status >= 200 && r.status < 500 && r.status != 401 && r.status != 403) {
        status_.lastSuccess = clock_.wallNow();
        status_.authProblem = false;
    }
    if (r.status == 401 || r.status == 403) status_.authProblem = true;
}

PassSummary SyncEngine::runOnce() {
    PassSummary summary;
    {
        std::lock_guard lock(mutex_);
        if (!http_) http_ = std::make_unique<HttpClient>(config_.http);
    }
    for (;;) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_ && thread_.joinable()) break;
        }
        auto claimed = store_.claimNext();
        if (!claimed) {
            std::lock_guard lock(mutex_);
            status_.lastError = std::string("store: ") + claimed.error().message;
            summary.stoppedOnFailure = true;
            break;
        }
        if (!claimed.value()) break;
        SendOutcome outcome = sendOne(*http_, *claimed.value(), summary);
        if (outcome == SendOutcome::Retry || outcome == SendOutcome::AuthProblem) {
            summary.stoppedOnFailure = true;
            break;
        }
    }
    if (!summary.stoppedOnFailure) refreshReferences(false);
    if (auto purged = store_.purge(); purged && purged.value() > 0)
        KLOG_INFO("sync: purged {} acknowledged item(s) past retention", purged.value());
    if (auto s = store_.stats()) {
        std::lock_guard lock(mutex_);
        status_.queueDepth = s.value().pending + s.value().sending;
        status_.rejected = s.value().rejected;
    }
    return summary;
}

SendOutcome SyncEngine::sendOne(HttpClient& http, ClaimedItem& claimed, PassSummary& summary) {
    const OutboxItem& item = claimed.item;
    HttpRequest req;
    req.method = item.method;
    req.url = url(item.path);
    req.headers = {{"Idempotency-Key", item.idempotencyKey},
                   {"Authorization", "Bearer " + config_.token},
                   {"X-Kiosk-Id", config_.kioskId},
                   {"Content-Type", item.contentType},
                   {"Accept", "application/json, application/problem+json"}};
    req.body = &claimed.body.reveal();
    HttpResponse r = http.perform(req);
    noteContact(r);
    SendOutcome outcome = classifyResponse(r);
    std::string what = describe(r);
    // issue #13: an answer that is accepted (2xx) but not well formed, or one
    // too large to read, is not retried forever: when it comes to an item's
    // kMaxBadAnswers-th attempt, the item is parked (Rejected) for staff.
    // A 1xx/3xx to a POST is no better: no retry turns it into an answer (a
    // redirecting proxy or a confused centre), so it counts the same way.
    // Transport errors and 5xx are the centre being away: those keep retrying.
    const bool malformed2xx = r.status >= 200 && r.status < 300;
    const bool notAnAnswer = r.status >= 100 && r.status < 400 && !malformed2xx;
    const bool badAnswer =
        r.tooLarge || (outcome == SendOutcome::Retry && !r.transportError && (malformed2xx || notAnAnswer));
    if (badAnswer) {
        what = r.tooLarge      ? "HTTP " + std::to_string(r.status) + ": " + r.transportMessage
               : malformed2xx ? "HTTP " + std::to_string(r.status) + ": the answer is not a JSON object"
                              : "HTTP " + std::to_string(r.status) + ": not an answer to a submission";
        if (item.attempts >= kMaxBadAnswers) {
            outcome = SendOutcome::Rejected;
            what += " (" + std::to_string(item.attempts) + " attempts; parked)";
        }
    }

    SyncResult result;
    result.itemId = item.id;
    result.idempotencyKey = item.idempotencyKey;
    result.kind = item.kind;
    result.httpStatus = r.status;

    switch (outcome) {
    case SendOutcome::Acknowledged: {
        auto s = store_.markAcknowledged(item.id, r.status, r.body);
        if (!s) {
            // The centre has it; the next attempt gets the stored answer.
            KLOG_ERROR("sync: item {} acknowledged but not recorded: {}", item.id, s.error().message);
            store_.markRetry(item.id, store_.nowMs() + config_.backoff.base.count(), "ack not recorded", r.status);
            return SendOutcome::Retry;
        }
        ++summary.acknowledged;
        result.state = OutboxState::Acknowledged;
        KLOG_INFO("sync: item {} ({}) acknowledged, HTTP {}{}", item.id, item.kind, r.status,
                  r.header("idempotent-replayed") == "true" ? " (stored answer replayed)" : "");
        std::lock_guard lock(mutex_);
        status_.lastError.clear();
        break;
    }
    case SendOutcome::Rejected: {
        store_.markRejected(item.id, r.status, what);
        ++summary.rejected;
        result.state = OutboxState::Rejected;
        result.error = what;
        KLOG_WARN("sync: item {} ({}) rejected by the central service: {}; needs staff", item.id, item.kind, what);
        std::lock_guard lock(mutex_);
        status_.lastError = "item " + std::to_string(item.id) + " rejected: " + what;
        break;
    }
    case SendOutcome::Retry:
    case SendOutcome::AuthProblem: {
        double unit = 0;
        {
            std::lock_guard lock(mutex_);
            unit = std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
        }
        auto delay = backoffDelay(item.attempts, config_.backoff, unit);
        if (auto ra = r.header("retry-after"); !ra.empty()) {
            char* end = nullptr;
            long secs = std::strtol(ra.c_str(), &end, 10);
            if (end != ra.c_str() && secs > 0) delay = std::max<std::chrono::milliseconds>(delay, std::chrono::seconds(secs));
        }
        store_.markRetry(item.id, store_.nowMs() + delay.count(), what, r.status);
        ++summary.retried;
        result.state = OutboxState::Pending;
        result.error = what;
        KLOG_INFO("sync: item {} ({}) not acknowledged ({}); retry in {} ms", item.id, item.kind, what, delay.count());
        std::lock_guard lock(mutex_);
        status_.lastError = what;
        break;
    }
    }
    result.response = std::move(r.body);
    if (onResult_) onResult_(std::move(result));
    return outcome;
}

void SyncEngine::refreshReferences(bool force) {
    std::unique_lock lock(mutex_);
    if (!http_) http_ = std::make_unique<HttpClient>(config_.http);
    lock.unlock();
    for (const auto& path : config_.referencePaths) {
        auto cached = store_.reference(path);
        if (!force && cached && store_.nowMs() - cached->asOfMs < config_.refreshInterval.count()) continue;
        HttpRequest req;
        req.url = url(path);
        req.headers = {{"Authorization", "Bearer " + config_.token}, {"X-Kiosk-Id", config_.kioskId}};
        if (cached && !cached->etag.empty()) req.headers.emplace_back("If-None-Match", cached->etag);
        HttpResponse r = http_->perform(req);
        noteContact(r);
        if (r.status == 304 && cached) {
            store_.touchReference(path);
        } else if (r.status == 200 && wellFormedReference(r)) {
            store_.putReference(path, r.header("etag"), r.body.reveal());
        } else {
            KLOG_INFO("sync: reference {} not refreshed ({})", path, describe(r));
            if (r.transportError) return;
        }
    }
}

}  // namespace kiosk::offline
