#pragma once
// What the resident-service flows ask of the central service, as one small
// asynchronous contract. The flows (screens/flows) see only this interface;
// the app wires in the real one (offline-cache/central_gateway.h) over
// libcurl, the local store and the sync engine.
//
// - query(): an online request now (balances, slots, a booking, a status).
//   Nothing is stored or retried: a flow that needs an answer offline falls
//   back to a snapshot or a cached reference.
// - submit(): durable. The requests are written to the outbox in one
//   transaction (a chain: each is sent only after the one before it was
//   acknowledged) and the reply comes once they are committed; the sync
//   engine delivers them, exactly once, when the network allows.
// - submission(): where a submitted request stands, with the central answer
//   once it was acknowledged (how an offline booking learns its fate).
// - snapshots: the last answer for a person (balances), encrypted at rest,
//   with its "as of" time.
//
// Threads: call from the UI thread. Every reply runs later on the UI thread
// (through the app's run queue), never inside the call.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/personal.h"
#include "kiosk/core/result.h"

namespace kiosk {

struct CentralReply {
    int status = 0;                  // HTTP status; 0 when no answer arrived
    bool transportError = false;     // refused, timeout, dropped, TLS
    Personal body;                   // the JSON answer (may be personal)
    bool ok() const { return !transportError && status >= 200 && status < 300; }
    // Unreachable or the centre is failing: a flow shows its offline state.
    bool offline() const { return transportError || status == 0 || status >= 500 || status == 408 || status == 429; }
};

struct Submission {
    std::string kind;   // "assistance-application", "document", "marriage-booking", ...
    std::string method = "POST";
    std::string path;   // no personal data in it
    std::string contentType = "application/json";
    Personal body;
};

struct SubmittedItem {
    std::int64_t id = 0;
    std::string idempotencyKey;
};

enum class SubmissionState { Pending, Sending, Acknowledged, Rejected, Unknown };

struct SubmissionStatus {
    SubmissionState state = SubmissionState::Unknown;
    int httpStatus = 0;
    Personal response;  // the central answer once acknowledged
};

struct Snapshot {
    Personal body;
    std::int64_t asOfMs = 0;  // Unix ms
};

class CentralApi {
public:
    template <typename T>
    using Reply = std::function<void(T)>;

    virtual ~CentralApi() = default;

    virtual void query(std::string method, std::string path, Personal body, Reply<CentralReply> done) = 0;
    // Error: an i18n key ("submit.disk_full", "submit.store_failed").
    virtual void submit(std::vector<Submission> chain,
                        Reply<Result<std::vector<SubmittedItem>, std::string>> done) = 0;
    virtual void submission(std::string idempotencyKey, Reply<SubmissionStatus> done) = 0;
    virtual void saveSnapshot(std::string kind, Personal subject, Personal body) = 0;
    virtual void snapshot(std::string kind, Personal subject, Reply<std::optional<Snapshot>> done) = 0;
    // A cached reference document (catalog, offices), e.g. "/api/v1/offices".
    virtual void reference(std::string path, Reply<std::optional<Snapshot>> done) = 0;
};

}  // namespace kiosk
