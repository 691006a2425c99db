#pragma once
// The real CentralApi (kiosk/core/central_api.h): online queries over
// libcurl, submissions into the store's outbox (then a nudge to the sync
// engine), snapshots and cached references from the store.
//
// Threads: the calls come from the UI thread and return at once; the work
// runs in order on one worker thread (which owns its HttpClient, so queries
// reuse the connection), and each reply is handed to `post` (the app's run
// queue) so that it runs on the UI thread. stop() (or the destructor) drops
// what is still queued and joins the worker; replies not yet run are
// dropped with the queue's tasks.
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "kiosk/core/central_api.h"
#include "offline-cache/http_client.h"
#include "offline-cache/store.h"

namespace kiosk::offline {

class SyncEngine;

struct GatewayConfig {
    std::string baseUrl;  // empty: no central service configured, every query is offline
    std::string kioskId;
    std::string token;
    HttpOptions http;
};

class CentralGateway : public CentralApi {
public:
    using Post = std::function<void(std::function<void()>)>;

    // `store` may be null (it failed to open): submissions then fail with
    // "submit.store_failed" and there are no snapshots. `sync` may be null.
    CentralGateway(GatewayConfig config, Store* store, SyncEngine* sync, Post post);
    ~CentralGateway() override;
    void stop();

    void query(std::string method, std::string path, Personal body, Reply<CentralReply> done) override;
    void submit(std::vector<Submission> chain, Reply<Result<std::vector<SubmittedItem>, std::string>> done) override;
    void submission(std::string idempotencyKey, Reply<SubmissionStatus> done) override;
    void saveSnapshot(std::string kind, Personal subject, Personal body) override;
    void snapshot(std::string kind, Personal subject, Reply<std::optional<Snapshot>> done) override;
    void reference(std::string path, Reply<std::optional<Snapshot>> done) override;

private:
    void enqueue(std::function<void()> work);
    void workerMain();

    GatewayConfig config_;
    Store* store_;
    SyncEngine* sync_;
    Post post_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> work_;
    bool stopping_ = false;
    std::unique_ptr<HttpClient> http_;  // the worker's: consecutive queries reuse the connection
    std::thread worker_;
};

}  // namespace kiosk::offline
