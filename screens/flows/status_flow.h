#pragma once
// Progress lookup (services.md, "Status lookup"): where an application or a
// booking stands, found from its receipt's QR code or listed for the
// identified resident.
//
//   StatusStart -> "scan my receipt" -> StatusScan  -- a code --> StatusDetail
//              \-> "list mine"       -> StatusList  -- a tap  --> StatusDetail
//
// A slip this kiosk printed for a submission still waiting (queuedSlipCode,
// receipt.h) is looked up in this kiosk's outbox: still queued says so;
// once the centre answered, its signed code is looked up as above; refused,
// or unknown here (another kiosk's slip), says whom to ask.
//
// A scanned code is first checked here with the central code-signing keys
// the kiosk holds (from its config, and the cached GET
// /api/v1/keys/code-signing when the sync engine has fetched it): a code
// that is malformed, tampered with or expired is refused at once, online or
// not. A code that passes (or whose key this kiosk does not hold: the centre
// may have rotated keys) goes to POST /api/v1/status/lookup, where the
// centre verifies it again and answers with the item. Listing is POST
// /api/v1/status/by-person with the ID number in the body. Offline, the
// flow says so plainly: nothing is made up or shown from an old answer.
//
// UI thread only; replies from CentralApi arrive on the UI thread.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/signed_code.h"
#include "kiosk/core/status.h"
#include "screens/flows/service_flow.h"

namespace kiosk {

class StatusFlow : public ServiceFlow {
public:
    // What the current screen (StatusScan or StatusList) shows.
    enum class State {
        Idle,
        WaitingForCode,  // StatusScan: hold the receipt to the camera
        Checking,        // StatusScan: a code is being checked and looked up
        Refused,         // StatusScan: the code cannot be used (refusalKey())
        NotFound,        // StatusScan: genuine code, the centre has no such item
        Queued,          // StatusScan: this kiosk's slip, the submission not sent yet
        Loading,         // StatusList: asking for the resident's items
        Listed,          // StatusList: items() (may be empty)
        Offline,         // either: the centre cannot be reached now
        Failed,          // either: an answer that could not be used
    };

    using ServiceFlow::ServiceFlow;

    ServiceId service() const override { return ServiceId::Status; }
    void begin() override;
    bool owns(ScreenId screen) const override;
    StepBar steps(ScreenId current) const override;
    // Taken on StatusStart and StatusScan (a resident may hold the receipt
    // up before choosing); ignored elsewhere.
    bool takeCode(const ScannedCode& code) override;
    void wipe() override;


    State state() const { return state_; }
    // i18n key of the reason in State::Refused.
    const char* refusalKey() const { return refusalKey_; }
    // The code was checked here and is genuine (the offline message says so).
    bool verifiedLocally() const { return verifiedLocally_; }
    const std::vector<StatusItem>& items() const { return items_; }
    // The item on StatusDetail, or null.
    const StatusItem* shown() const { return shown_ ? &*shown_ : nullptr; }
    // The signed code of the item shown (scanned, or a confirmed booking's),
    // for the receipt's QR; empty when the centre gave none.
    const std::string& shownCode() const { return shownCode_; }
    // The registration office of a booking shown, when the cached office
    // list names it.
    const std::optional<std::string>& shownOfficeName() const { return officeName_; }

    // --- intents ---
    void chooseScan();  // StatusStart -> StatusScan
    void chooseList();  // StatusStart -> StatusList (asks the centre)
    void retry();       // after Offline / Failed: the same request again
    void scanAgain();   // StatusScan: back to waiting for a code
    void select(size_t index);  // StatusList -> StatusDetail

    // Demo mode: "show my receipt to the camera". The app sees the request,
    // plays the last printed receipt's picture through the camera source,
    // and the decoded code arrives through takeCode like any other; when
    // there is nothing to play, it says why (an i18n key).
    void requestDemoScan();
    int demoScanRequests() const { return demoScanRequests_; }
    void demoScanUnavailable(const char* messageKey) { demoScanMessageKey_ = messageKey; }
    const char* demoScanMessageKey() const { return demoScanMessageKey_; }

private:
    void check(std::string code);
    void checkSlip(std::string idempotencyKey);
    void lookUp(int request, int generation);
    void offline();  // no answer from the centre
    void loadList();
    void showItem(StatusItem item, std::string code);

    State state_ = State::Idle;
    const char* refusalKey_ = nullptr;
    bool verifiedLocally_ = false;
    bool clockWrong_ = false;  // the code is genuine but this kiosk's clock cannot judge its expiry
    std::string code_;  // the code being looked up (signed codes carry no personal data)
    std::vector<StatusItem> items_;
    std::optional<StatusItem> shown_;
    std::string shownCode_;
    std::optional<std::string> officeName_;
    int demoScanRequests_ = 0;
    const char* demoScanMessageKey_ = nullptr;
    int request_ = 0;  // a reply for an older request (or session) is dropped
};

// i18n keys for the values the centre sends (unknown values: null, and the
// view says it in general words, "status.step.other" / "status.type.other",
// never with the centre's code word).
const char* statusStepKey(std::string_view step);        // "status.step.*"
const char* assistanceTypeKey(std::string_view type);    // "status.type.*"
const char* bookingStatusKey(std::string_view status);   // "status.booking.*"

// An application's progress as rows to draw: every step in order, the ones
// reached with their dates, the current one marked, and a last row for the
// decision (approved, rejected, or still to come).
struct StatusTimelineRow {
    std::string step;  // "submitted", ..., "approved" / "rejected" / "decision" (not yet)
    std::string date;  // YYYY-MM-DD when reached
    bool reached = false;
    bool current = false;
};
std::vector<StatusTimelineRow> applicationTimeline(const StatusItem& item);

}  // namespace kiosk
