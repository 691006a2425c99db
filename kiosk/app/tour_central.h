#pragma once
// The central service as the guided tour sees it: answers read from
// assets/demo/tour/ (one JSON file per request, named after it:
// "POST /api/v1/balances/query" -> POST_api_v1_balances_query.json; a
// missing file is a 404), switchable offline, with snapshots kept in memory.
// It lets the tour show every state of every flow (online, offline, errors)
// without a network; the kiosk itself and the tests use the real gateway.
//
// UI thread only; replies are posted to the run queue like the real ones.
#include <map>
#include <string>

#include "kiosk/core/central_api.h"
#include "kiosk/core/run_queue.h"

namespace kiosk {

class TourCentral : public CentralApi {
public:
    TourCentral(RunQueue& queue, std::string cannedDir) : queue_(queue), dir_(std::move(cannedDir)) {}

    void setOnline(bool online) { online_ = online; }
    // The next query answers this status (404: "no records", 500: a failure).
    void failNextQuery(int status) { failNext_ = status; }
    // The file a request is answered from (for tests of the canned set).
    static std::string fileFor(const std::string& method, const std::string& path);

    void query(std::string method, std::string path, Personal body, Reply<CentralReply> done) override;
    void submit(std::vector<Submission> chain, Reply<Result<std::vector<SubmittedItem>, std::string>> done) override;
    void submission(std::string idempotencyKey, Reply<SubmissionStatus> done) override;
    void saveSnapshot(std::string kind, Personal subject, Personal body) override;
    void snapshot(std::string kind, Personal subject, Reply<std::optional<Snapshot>> done) override;
    void reference(std::string path, Reply<std::optional<Snapshot>> done) override;

private:
    std::optional<std::string> canned(const std::string& method, const std::string& path) const;

    RunQueue& queue_;
    std::string dir_;
    bool online_ = true;
    int failNext_ = 0;
    int submitted_ = 0;
    std::map<std::string, std::pair<std::string, std::string>> submissions_;  // key -> (method, path)
    std::map<std::string, Snapshot> snapshots_;
};

}  // namespace kiosk
