#pragma once
// Hall staff at the kiosk: sign-in with a staff card and a PIN, then a staff
// home with what staff do here: help a resident (assisted mode, where staff
// may key in an ID number after checking the original), look after the
// outbox (retry, mark for follow-up), reprint a receipt, and, for
// maintainers, maintenance mode.
//
//   Attract/Identify --staff card shown--> StaffPin --right PIN--> StaffHome
//   StaffHome -> StaffOutbox | StaffReceipts | assisted resident session | maintenance
//
// A staff card is a code the central service signs (KC1.S...), verified on
// the kiosk with the central keys, offline too; the PIN, the lockout and the
// audit log are the StaffDesk's (kiosk/core/staff_desk.h). Staff stay signed
// in while they help residents one after another; the inactivity timeout
// and "sign out" end it all.
//
// UI thread only; replies from StaffDesk arrive on the UI thread.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/personal.h"
#include "kiosk/core/signed_code.h"
#include "kiosk/core/staff_desk.h"
#include "screens/flows/session_flow.h"

namespace kiosk {

class StaffFlow {
public:
    static constexpr size_t kPinMaxDigits = kiosk::kPinMaxDigits;  // 12 (staff_desk.h)
    static constexpr size_t kPinMinDigits = kiosk::kPinMinDigits;  // 6
    static constexpr int kPageSize = 4;

    explicit StaffFlow(SessionFlow& session) : session_(session) {}
    StaffFlow(const StaffFlow&) = delete;
    StaffFlow& operator=(const StaffFlow&) = delete;

    bool owns(ScreenId screen) const;
    // A code shown on the attract or identify screen. Returns true when it
    // is a staff card (genuine or refused): the flow takes over.
    bool takeCode(const std::string& text);

    // --- sign-in (StaffPin) ---
    const std::string& cardNumber() const { return cardNumber_; }
    size_t pinLength() const { return pin_.reveal().size(); }
    bool busy() const { return busy_; }
    // The i18n key of the last refusal (wrong PIN, locked, card refused, ...).
    const char* messageKey() const { return messageKey_; }
    int attemptsLeft() const { return attemptsLeft_; }
    std::int64_t lockedUntilMs() const { return lockedUntilMs_; }
    void pinPress(char digit);
    void pinBackspace();
    void submitPin();

    // --- signed in ---
    const std::optional<StaffMember>& member() const { return member_; }
    bool signedIn() const { return member_.has_value(); }
    bool maintainer() const { return member_ && member_->role == StaffRole::Maintainer; }
    void showHome();        // the staff home, resident data wiped
    void assistResident();  // StaffHome -> Identify, the session marked as assisted
    void openOutbox();
    void openReceipts();
    void openMaintenance();  // maintainers only
    void signOut();          // ends everything, back to the attract screen
    // Set by the host of maintenance mode: opens it for a maintainer.
    void setMaintenanceEntry(std::function<void(const StaffMember&)> open) { openMaintenance_ = std::move(open); }
    // Demo mode: ask for the demo staff (or maintainer) card to be shown to
    // the emulated camera; it then arrives through the real camera path.
    void requestDemoCard(StaffRole role) {
        demoCardRole_ = role;
        ++demoCardRequests_;
    }
    int demoCardRequests() const { return demoCardRequests_; }
    StaffRole demoCardRole() const { return demoCardRole_; }
    // Writes an audit entry for the signed-in staff member (no-op otherwise).
    void audit(std::string action, std::string detail = {});

    // --- outbox (StaffOutbox) ---
    enum class ListState { Idle, Loading, Ready, Failed };
    ListState listState() const { return listState_; }
    const std::vector<StaffOutboxItem>& items() const { return items_; }
    void retryItem(std::int64_t id);
    void toggleFollowUp(std::int64_t id);

    // --- receipts (StaffReceipts) ---
    const std::vector<JournalledReceipt>& receipts() const { return receipts_; }
    void reprint(size_t index);
    // The receipt reprinted last (its title), for the confirmation line.
    const std::optional<size_t>& reprinted() const { return reprinted_; }

    // Paging of the outbox and receipt lists.
    int page() const { return page_; }
    int pageCount() const;
    void nextPage();
    void previousPage();

    // Everything goes: the PIN, the member, the lists.
    void wipe();

private:
    void refuse(const char* key);
    void loadItems();
    void loadReceipts();
    size_t listSize() const;

    SessionFlow& session_;
    std::string cardNumber_;
    std::string card_;  // the verified card's code: the centre checks it again at sign-in
    Personal pin_;
    bool busy_ = false;
    const char* messageKey_ = nullptr;
    int attemptsLeft_ = kMaxPinFailures;
    std::int64_t lockedUntilMs_ = 0;
    std::optional<StaffMember> member_;
    ListState listState_ = ListState::Idle;
    std::vector<StaffOutboxItem> items_;
    std::vector<JournalledReceipt> receipts_;
    std::optional<size_t> reprinted_;
    int page_ = 0;
    int request_ = 0;  // a reply for an older request (or sign-in) is dropped
    std::function<void(const StaffMember&)> openMaintenance_;
    int demoCardRequests_ = 0;
    StaffRole demoCardRole_ = StaffRole::Staff;
};

// The i18n key for an outbox item's kind ("staff.kind.document", ...).
const char* staffItemKindKey(const std::string& kind);
const char* staffItemStateKey(StaffOutboxItem::State state);
// Why an item is not delivered yet, in words (an i18n key), from its HTTP
// status or transport error; null when nothing went wrong. The screen shows
// the technical detail (lastError) beside it for staff.
const char* staffItemErrorKey(const StaffOutboxItem& item);

}  // namespace kiosk
