#include "screens/flows/status_flow.h"

#include <chrono>

#include <nlohmann/json.hpp>

#include "kiosk/core/log.h"
#include "kiosk/core/strings.h"

namespace kiosk {
namespace {
constexpr const char* kOfficesPath = "/api/v1/offices";
}  // namespace

const char* statusStepKey(std::string_view step) {
    if (step == "submitted") return i18nKey("status.step.submitted");
    if (step == "accepted") return i18nKey("status.step.accepted");
    if (step == "under-review") return i18nKey("status.step.under_review");
    if (step == "home-visit") return i18nKey("status.step.home_visit");
    if (step == "public-notice") return i18nKey("status.step.public_notice");
    if (step == "approved") return i18nKey("status.step.approved");
    if (step == "rejected") return i18nKey("status.step.rejected");
    if (step == "decision") return i18nKey("status.step.decision");
    return nullptr;
}

const char* assistanceTypeKey(std::string_view type) {
    if (type == "dibao") return i18nKey("status.type.dibao");
    if (type == "tekun") return i18nKey("status.type.tekun");
    if (type == "linshi") return i18nKey("status.type.linshi");
    if (type == "yiliao") return i18nKey("status.type.yiliao");
    return nullptr;
}

const char* bookingStatusKey(std::string_view status) {
    if (status == "confirmed") return i18nKey("status.booking.confirmed");
    if (status == "declined") return i18nKey("status.booking.declined");
    if (status == "cancelled") return i18nKey("status.booking.cancelled");
    return nullptr;
}

std::vector<StatusTimelineRow> applicationTimeline(const StatusItem& item) {
    auto reachedAt = [&](std::string_view step) -> const StatusStep* {
        for (const StatusStep& s : item.steps)
            if (s.step == step) return &s;
        return nullptr;
    };
    std::vector<StatusTimelineRow> rows;
    for (const char* step : kApplicationSteps) {
        StatusTimelineRow row{step, "", false, false};
        if (const StatusStep* s = reachedAt(step)) {
            row.reached = true;
            row.date = statusDate(s->at);
        }
        rows.push_back(std::move(row));
    }
    StatusTimelineRow decision{"decision", "", false, false};
    for (const char* outcome : {"approved", "rejected"})
        if (const StatusStep* s = reachedAt(outcome)) decision = {outcome, statusDate(s->at), true, false};
    rows.push_back(std::move(decision));
    // The current step: the last one reached (the decision, once there is one).
    for (auto it = rows.rbegin(); it != rows.rend(); ++it)
        if (it->reached) {
            it->current = true;
            break;
        }
    return rows;
}

bool StatusFlow::owns(ScreenId screen) const {
    return screen == ScreenId::StatusStart || screen == ScreenId::StatusScan || screen == ScreenId::StatusList ||
           screen == ScreenId::StatusDetail;
}

StepBar StatusFlow::steps(ScreenId current) const {
    StepBar bar;
    // The item found is the outcome: the detail (with its slip) is "done".
    bar.labels = {i18nKey("status.steps.choose"), i18nKey("status.steps.find"), i18nKey("step.done")};
    bar.current = current == ScreenId::StatusStart ? 0 : current == ScreenId::StatusDetail ? 2 : 1;
    return bar;
}

void StatusFlow::begin() {
    wipe();
    session_.show(ScreenId::StatusStart);
}

void StatusFlow::chooseScan() {
    ++request_;  // an answer still on its way belongs to a lookup the resident left
    state_ = State::WaitingForCode;
    refusalKey_ = nullptr;
    demoScanMessageKey_ = nullptr;
    session_.show(ScreenId::StatusScan);
}

void StatusFlow::chooseList() {
    session_.show(ScreenId::StatusList);
    loadList();
}

void StatusFlow::scanAgain() {
    if (session_.current() != ScreenId::StatusScan) return;
    ++request_;
    state_ = State::WaitingForCode;
    refusalKey_ = nullptr;
    verifiedLocally_ = false;
    clockWrong_ = false;
    code_.clear();
}

void StatusFlow::retry() {
    if (state_ != State::Offline && state_ != State::Failed) return;
    if (session_.current() == ScreenId::StatusList) loadList();
    else if (session_.current() == ScreenId::StatusScan && !code_.empty()) check(code_);
}

bool StatusFlow::takeCode(const ScannedCode& code) {
    const ScreenId current = session_.current();
    if (current != ScreenId::StatusStart && current != ScreenId::StatusScan) return false;
    // A resident who holds the receipt up on the first screen chose "scan" by doing so.
    if (current == ScreenId::StatusStart) session_.show(ScreenId::StatusScan);
    check(code.text.reveal());
    return true;
}

void StatusFlow::requestDemoScan() {
    ++demoScanRequests_;
    demoScanMessageKey_ = nullptr;
    if (state_ != State::Checking) {
        state_ = State::WaitingForCode;
        refusalKey_ = nullptr;
    }
}

void StatusFlow::check(std::string code) {
    const int request = ++request_;
    const int generation = session_.generation();
    demoScanMessageKey_ = nullptr;
    refusalKey_ = nullptr;
    verifiedLocally_ = false;
    clockWrong_ = false;
    code = std::string(trimScannedText(code));
    if (code.rfind(kQueuedSlipPrefix, 0) == 0) {
        checkSlip(code.substr(kQueuedSlipPrefix.size()));
        return;
    }
    if (code.rfind("KC", 0) != 0) {
        // Not one of the centre's codes at all (a web address, a shop's code).
        code_.clear();
        state_ = State::Refused;
        refusalKey_ = i18nKey("codes.unknown");
        return;
    }
    code_ = std::move(code);
    state_ = State::Checking;
    session_.knownCodeKeys([this, request, generation](std::vector<CodePublicKey> keys) {
        if (request != request_ || generation != session_.generation()) return;
        auto verified = verifySignedCode(code_, keys, session_.timeFloor());
        // A key this kiosk does not hold may be a newer one of the centre's,
        // and a genuine code's expiry cannot be judged with this kiosk's
        // clock at 1970: the centre decides (offline, the resident is told
        // the clock is wrong). Every other failure is certain here and now.
        clockWrong_ = !verified && verified.error() == SignedCodeError::ClockWrong;
        if (!verified && verified.error() != SignedCodeError::UnknownKey && !clockWrong_) {
            KLOG_INFO("status: a scanned code was refused locally ({})", signedCodeErrorName(verified.error()));
            state_ = State::Refused;
            refusalKey_ = codeRefusalKey(verified.error());
            return;
        }
        verifiedLocally_ = verified.ok();
        lookUp(request, generation);
    });
}

void StatusFlow::checkSlip(std::string key) {
    const int request = request_;
    const int generation = session_.generation();
    code_.clear();
    // The outbox's keys are UUIDs: anything else is not one of our slips.
    const bool plausible = key.size() >= 8 && key.size() <= 64 &&
                           key.find_first_not_of("0123456789abcdefABCDEF-") == std::string::npos;
    CentralApi* api = session_.central();
    if (!plausible || !api) {
        state_ = State::Refused;
        refusalKey_ = plausible ? i18nKey("status.slip.unknown") : i18nKey("codes.unknown");
        return;
    }
    state_ = State::Checking;
    api->submission(key, [this, request, generation](SubmissionStatus s) {
        if (request != request_ || generation != session_.generation()) return;
        switch (s.state) {
            case SubmissionState::Pending:
            case SubmissionState::Sending: state_ = State::Queued; return;
            case SubmissionState::Rejected:
                state_ = State::Refused;
                refusalKey_ = i18nKey("status.slip.refused");
                return;
            case SubmissionState::Unknown:
                state_ = State::Refused;
                refusalKey_ = i18nKey("status.slip.unknown");
                return;
            case SubmissionState::Acknowledged: break;
        }
        // Answered: the centre's own code (an application's receipt code, a
        // booking's code) is looked up like a scanned one.
        auto doc = nlohmann::json::parse(s.response.reveal(), nullptr, false);
        std::string code;
        if (doc.is_object()) {
            if (doc.contains("receiptCode") && doc["receiptCode"].is_string()) code = doc["receiptCode"].get<std::string>();
            else if (doc.contains("code") && doc["code"].is_string()) code = doc["code"].get<std::string>();
        }
        if (code.rfind("KC", 0) != 0) {
            KLOG_WARN("status: an acknowledged submission carries no code to look up");
            state_ = State::Failed;
            return;
        }
        check(std::move(code));
    });
}

void StatusFlow::offline() {
    // No centre to judge a code this kiosk's wrong clock could not: say so.
    if (clockWrong_) {
        state_ = State::Refused;
        refusalKey_ = codeRefusalKey(SignedCodeError::ClockWrong);
        return;
    }
    state_ = State::Offline;
}

void StatusFlow::lookUp(int request, int generation) {
    CentralApi* api = session_.central();
    if (!api) {
        offline();
        return;
    }
    api->query("POST", "/api/v1/status/lookup", Personal(statusLookupBody(code_)),
               [this, request, generation](CentralReply reply) {
                   if (request != request_ || generation != session_.generation()) return;
                   if (reply.ok()) {
                       auto item = parseStatusItem(reply.body.reveal());
                       if (item) {
                           std::string code = code_;
                           state_ = State::WaitingForCode;  // Back from the detail: ready for the next code
                           code_.clear();
                           showItem(std::move(item.value()), std::move(code));
                           return;
                       }
                       KLOG_WARN("{}", item.error());
                       state_ = State::Failed;
                       return;
                   }
                   if (reply.offline()) {
                       offline();
                       return;
                   }
                   if (reply.status == 404) {
                       state_ = State::NotFound;
                       return;
                   }
                   if (const char* key = reply.status == 422 ? codeRefusalKeyForProblem(reply.body.reveal()) : nullptr) {
                       state_ = State::Refused;
                       refusalKey_ = key;
                       return;
                   }
                   KLOG_WARN("status: the lookup was answered {}", reply.status);
                   state_ = State::Failed;
               });
}

void StatusFlow::loadList() {
    const int request = ++request_;
    const int generation = session_.generation();
    items_.clear();
    const auto& identity = session_.data().identity;
    CentralApi* api = session_.central();
    if (!api) {
        state_ = State::Offline;
        return;
    }
    if (!identity) {
        // Listing is by person; the menu is reached only when identified, so
        // this is a programming slip, not a resident's.
        state_ = State::Failed;
        return;
    }
    state_ = State::Loading;
    api->query("POST", "/api/v1/status/by-person", Personal(statusByPersonBody(identity->idNumber.reveal())),
               [this, request, generation](CentralReply reply) {
                   if (request != request_ || generation != session_.generation()) return;
                   if (reply.ok()) {
                       auto items = parseStatusItems(reply.body.reveal());
                       if (items) {
                           items_ = std::move(items.value());
                           state_ = State::Listed;
                           return;
                       }
                       KLOG_WARN("{}", items.error());
                       state_ = State::Failed;
                       return;
                   }
                   if (reply.offline()) {
                       state_ = State::Offline;
                       return;
                   }
                   KLOG_WARN("status: the list was answered {}", reply.status);
                   state_ = State::Failed;
               });
}

void StatusFlow::select(size_t index) {
    if (session_.current() != ScreenId::StatusList || index >= items_.size()) return;
    showItem(items_[index], items_[index].code);
}

void StatusFlow::showItem(StatusItem item, std::string code) {
    shownCode_ = code.empty() ? item.code : std::move(code);
    officeName_.reset();
    const bool booking = item.kind == StatusItem::Kind::Booking;
    const std::string officeId = item.officeId;
    shown_ = std::move(item);
    session_.show(ScreenId::StatusDetail);
    CentralApi* api = session_.central();
    if (!booking || !api) return;
    // The office's name from the cached reference list; its id otherwise.
    const int request = request_;
    const int generation = session_.generation();
    api->reference(kOfficesPath, [this, request, generation, officeId](std::optional<Snapshot> offices) {
        if (request != request_ || generation != session_.generation() || !offices) return;
        officeName_ = officeName(offices->body.reveal(), officeId);
    });
}

void StatusFlow::wipe() {
    state_ = State::Idle;
    refusalKey_ = nullptr;
    verifiedLocally_ = false;
    clockWrong_ = false;
    code_.clear();
    items_.clear();
    shown_.reset();
    shownCode_.clear();
    officeName_.reset();
    demoScanMessageKey_ = nullptr;
    ++request_;
    // demoScanRequests_ only
    // grows, so the app never mistakes a wipe for a request.
}

}  // namespace kiosk
