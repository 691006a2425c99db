#include "offline-cache/central_gateway.h"

#include <memory>

#include "kiosk/core/log.h"
#include "offline-cache/sync_engine.h"

namespace kiosk::offline {
namespace {

SubmissionState stateOf(OutboxState s) {
    switch (s) {
        case OutboxState::Pending: return SubmissionState::Pending;
        case OutboxState::Sending: return SubmissionState::Sending;
        case OutboxState::Acknowledged: return SubmissionState::Acknowledged;
        case OutboxState::Rejected: return SubmissionState::Rejected;
    }
    return SubmissionState::Unknown;
}

}  // namespace

CentralGateway::CentralGateway(GatewayConfig config, Store* store, SyncEngine* sync, Post post)
    : config_(std::move(config)), store_(store), sync_(sync), post_(std::move(post)) {
    worker_ = std::thread([this] { workerMain(); });
}

CentralGateway::~CentralGateway() { stop(); }

void CentralGateway::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        work_.clear();
    }
    wake_.notify_all();
    if (worker_.joinable()) worker_.join();
}

void CentralGateway::enqueue(std::function<void()> work) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        work_.push_back(std::move(work));
    }
    wake_.notify_one();
}

void CentralGateway::workerMain() {
    for (;;) {
        std::function<void()> work;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !work_.empty(); });
            if (stopping_) return;
            work = std::move(work_.front());
            work_.pop_front();
        }
        try {
            work();
        } catch (const std::exception& e) {
            // Nothing here should throw (answers go to the UI thread unparsed);
            // if something does, that one piece of work is lost, not the kiosk.
            KLOG_ERROR("central gateway: a request failed: {}", e.what());
        }
    }
}

void CentralGateway::query(std::string method, std::string path, Personal body, Reply<CentralReply> done) {
    enqueue([this, method = std::move(method), path = std::move(path), body = std::move(body),
             done = std::move(done)]() mutable {
        CentralReply reply;
        if (config_.baseUrl.empty()) {
            reply.transportError = true;
        } else {
            if (!http_) http_ = std::make_unique<HttpClient>(config_.http);
            HttpRequest req;
            req.method = method;
            req.url = config_.baseUrl + path;
            req.headers = {{"Authorization", "Bearer " + config_.token}, {"X-Kiosk-Id", config_.kioskId}};
            if (!body.empty()) {
                req.headers.emplace_back("Content-Type", "application/json");
                req.body = &body.reveal();
            }
            HttpResponse r = http_->perform(req);
            if (r.transportError) KLOG_INFO("central query {} {}: {}", method, path, r.transportMessage);
            reply.status = r.status;
            reply.transportError = r.transportError;
            reply.body = std::move(r.body);
        }
        post_([done = std::move(done), reply = std::move(reply)]() mutable { done(std::move(reply)); });
    });
}

void CentralGateway::submit(std::vector<Submission> chain,
                            Reply<Result<std::vector<SubmittedItem>, std::string>> done) {
    enqueue([this, chain = std::move(chain), done = std::move(done)]() mutable {
        Result<std::vector<SubmittedItem>, std::string> outcome = std::string("submit.store_failed");
        if (store_) {
            std::vector<OutboxRequest> requests;
            for (Submission& s : chain)
                requests.push_back({s.kind, s.method, s.path, s.contentType, std::move(s.body)});
            auto stored = store_->enqueueChain(std::move(requests));
            if (stored) {
                std::vector<SubmittedItem> items;
                for (const EnqueuedItem& e : stored.value()) items.push_back({e.id, e.idempotencyKey});
                outcome = std::move(items);
                if (sync_) sync_->syncNow();
            } else {
                KLOG_ERROR("a submission could not be stored: {}", stored.error().message);
                outcome = std::string(stored.error().code == StoreErrorCode::DiskFull ? "submit.disk_full"
                                                                                      : "submit.store_failed");
            }
        }
        post_([done = std::move(done), outcome = std::move(outcome)]() mutable { done(std::move(outcome)); });
    });
}

void CentralGateway::submission(std::string idempotencyKey, Reply<SubmissionStatus> done) {
    enqueue([this, key = std::move(idempotencyKey), done = std::move(done)]() mutable {
        SubmissionStatus status;
        if (store_) {
            if (auto items = store_->list(); items) {
                for (const OutboxItem& item : items.value()) {
                    if (item.idempotencyKey != key) continue;
                    status.state = stateOf(item.state);
                    status.httpStatus = item.httpStatus;
                    if (item.state == OutboxState::Acknowledged)
                        if (auto r = store_->response(item.id); r) status.response = std::move(r.value());
                    break;
                }
            }
        }
        post_([done = std::move(done), status = std::move(status)]() mutable { done(std::move(status)); });
    });
}

void CentralGateway::saveSnapshot(std::string kind, Personal subject, Personal body) {
    enqueue([this, kind = std::move(kind), subject = std::move(subject), body = std::move(body)] {
        if (!store_) return;
        if (auto s = store_->putSnapshot(kind, subject, body); !s)
            KLOG_WARN("a {} snapshot could not be stored: {}", kind, s.error().message);
    });
}

void CentralGateway::snapshot(std::string kind, Personal subject, Reply<std::optional<Snapshot>> done) {
    enqueue([this, kind = std::move(kind), subject = std::move(subject), done = std::move(done)]() mutable {
        std::optional<Snapshot> found;
        if (store_)
            if (auto s = store_->snapshot(kind, subject)) found = Snapshot{std::move(s->first), s->second};
        post_([done = std::move(done), found = std::move(found)]() mutable { done(std::move(found)); });
    });
}

void CentralGateway::reference(std::string path, Reply<std::optional<Snapshot>> done) {
    enqueue([this, path = std::move(path), done = std::move(done)]() mutable {
        std::optional<Snapshot> found;
        if (store_)
            if (auto r = store_->reference(path)) found = Snapshot{Personal(std::move(r->body)), r->asOfMs};
        post_([done = std::move(done), found = std::move(found)]() mutable { done(std::move(found)); });
    });
}

}  // namespace kiosk::offline
