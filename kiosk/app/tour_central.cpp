#include "kiosk/app/tour_central.h"

#include <cstdio>
#include <fstream>
#include <sstream>

namespace kiosk {
namespace {
// Snapshots and cached references are "as of" a fixed time, so the tour's
// pictures are the same from run to run: 2026-11-27 08:00 UTC.
constexpr std::int64_t kSnapshotTimeMs = 1795766400000;
}  // namespace

std::string TourCentral::fileFor(const std::string& method, const std::string& path) {
    std::string name = method;
    for (char c : path.substr(0, path.find('?'))) name += (c == '/' || c == '{' || c == '}') ? '_' : c;
    return name + ".json";
}

std::optional<std::string> TourCentral::canned(const std::string& method, const std::string& path) const {
    std::ifstream in(dir_ + "/" + fileFor(method, path));
    if (!in) return std::nullopt;
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void TourCentral::query(std::string method, std::string path, Personal, Reply<CentralReply> done) {
    CentralReply reply;
    if (!online_) {
        reply.transportError = true;
    } else if (failNext_ != 0) {
        reply.status = failNext_;
        reply.body = Personal(R"({"type":"tour","status":)" + std::to_string(failNext_) + "}");
        failNext_ = 0;
    } else if (auto body = canned(method, path)) {
        reply.status = 200;
        reply.body = Personal(std::move(*body));
    } else {
        reply.status = 404;
        reply.body = Personal(R"({"type":"not-found","status":404})");
    }
    queue_.post([done = std::move(done), reply = std::move(reply)]() mutable { done(std::move(reply)); });
}

void TourCentral::submit(std::vector<Submission> chain, Reply<Result<std::vector<SubmittedItem>, std::string>> done) {
    std::vector<SubmittedItem> items;
    for (const Submission& s : chain) {
        // A key shaped like the outbox's UUIDs (its first 8 characters are
        // the receipt's local reference), the same in every run of the tour.
        const auto n = static_cast<unsigned>(++submitted_);
        char key[40];
        std::snprintf(key, sizeof key, "%08x-%04x-4%03x-a%03x-%012x", n * 2654435761u, (n * 40503u) & 0xFFFFu,
                      (n * 977u) & 0xFFFu, (n * 613u) & 0xFFFu, n * 2246822519u);
        SubmittedItem item{submitted_, key};
        submissions_[item.idempotencyKey] = {s.method, s.path};
        items.push_back(item);
    }
    queue_.post([done = std::move(done), items = std::move(items)]() mutable { done(std::move(items)); });
}

void TourCentral::submission(std::string key, Reply<SubmissionStatus> done) {
    SubmissionStatus status;
    if (auto it = submissions_.find(key); it != submissions_.end()) {
        // Online, the centre acknowledges at once with its canned answer;
        // offline, it stays queued.
        status.state = online_ ? SubmissionState::Acknowledged : SubmissionState::Pending;
        if (online_)
            if (auto body = canned(it->second.first, it->second.second)) {
                status.httpStatus = 201;
                status.response = Personal(std::move(*body));
            }
    }
    queue_.post([done = std::move(done), status = std::move(status)]() mutable { done(std::move(status)); });
}

void TourCentral::saveSnapshot(std::string kind, Personal subject, Personal body) {
    snapshots_[kind + "/" + subject.reveal()] = Snapshot{std::move(body), kSnapshotTimeMs};
}

void TourCentral::snapshot(std::string kind, Personal subject, Reply<std::optional<Snapshot>> done) {
    std::optional<Snapshot> found;
    if (auto it = snapshots_.find(kind + "/" + subject.reveal()); it != snapshots_.end()) found = it->second;
    queue_.post([done = std::move(done), found = std::move(found)]() mutable { done(std::move(found)); });
}

void TourCentral::reference(std::string path, Reply<std::optional<Snapshot>> done) {
    std::optional<Snapshot> found;
    if (auto body = canned("GET", path)) found = Snapshot{Personal(std::move(*body)), kSnapshotTimeMs};
    queue_.post([done = std::move(done), found = std::move(found)]() mutable { done(std::move(found)); });
}

}  // namespace kiosk
