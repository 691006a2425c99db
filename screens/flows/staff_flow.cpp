#include "screens/flows/staff_flow.h"

#include <algorithm>
#include <chrono>

#include "kiosk/core/log.h"
#include "kiosk/core/scanned_code.h"
#include "kiosk/core/status.h"
#include "kiosk/core/strings.h"

namespace kiosk {
namespace {

constexpr const char* kStaffCardPrefix = "KC1.S.";

// Why a staff card was refused, said to the staff member holding it (what to
// do about the card), not the resident's words for a receipt code.
const char* staffCardRefusalKey(std::optional<SignedCodeError> error) {
    if (!error) return i18nKey("staff.card_error.not_staff");
    switch (*error) {
        case SignedCodeError::Expired: return i18nKey("staff.card_error.expired");
        case SignedCodeError::BadSignature: return i18nKey("staff.card_error.tampered");
        case SignedCodeError::UnknownKey: return i18nKey("staff.card_error.unknown_key");
        // With the clock before the software existed, every expired card
        // would pass: refused, saying why (#15).
        case SignedCodeError::ClockWrong: return i18nKey("staff.card_error.clock_wrong");
        case SignedCodeError::Malformed:
        case SignedCodeError::UnsupportedVersion: break;
    }
    return i18nKey("staff.card_error.unreadable");
}

// Why a sign-in was refused, for the PIN screen.
const char* signInErrorKey(SignInError error) {
    switch (error) {
        case SignInError::WrongPin: return i18nKey("staff.error.wrong_pin");
        case SignInError::LockedOut: return i18nKey("staff.error.locked");
        case SignInError::UnknownStaff: return i18nKey("staff.error.unknown");
        case SignInError::NoDirectory: return i18nKey("staff.error.no_directory");
        case SignInError::CardRefused: return i18nKey("staff.error.card_refused");
        case SignInError::OfflineUnavailable: return i18nKey("staff.error.offline_unavailable");
        case SignInError::None:
        case SignInError::StoreFailed: break;
    }
    return i18nKey("staff.error.unavailable");
}

}  // namespace

bool StaffFlow::owns(ScreenId screen) const {
    switch (screen) {
        case ScreenId::StaffPin:
        case ScreenId::StaffHome:
        case ScreenId::StaffOutbox:
        case ScreenId::StaffReceipts:
            return true;
        default:
            return false;
    }
}

bool StaffFlow::takeCode(const std::string& text) {
    std::string code(trimScannedText(text));
    if (code.rfind(kStaffCardPrefix, 0) != 0) return false;
    // A new card starts a new sign-in, whoever was signed in before.
    session_.endSession();
    session_.showStaffScreen(ScreenId::StaffPin);
    busy_ = true;
    const int request = ++request_;
    session_.knownCodeKeys([this, request, code](std::vector<CodePublicKey> keys) {
        if (request != request_) return;
        busy_ = false;
        auto verified = verifySignedCode(code, keys, session_.timeFloor());
        if (!verified || verified.value().kind != CodeKind::StaffCard) {
            // Unlike a receipt, a staff card is never sent to the centre to be
            // judged: a key the kiosk does not hold is a refusal too.
            KLOG_INFO("staff: a staff card was refused ({})",
                      verified ? "not a staff card" : signedCodeErrorName(verified.error()));
            refuse(staffCardRefusalKey(verified ? std::nullopt : std::optional(verified.error())));
            return;
        }
        cardNumber_ = verified.value().id;
        card_ = code;
        messageKey_ = nullptr;
    });
    return true;
}

void StaffFlow::refuse(const char* key) {
    messageKey_ = key;
    pin_.wipe();
}

void StaffFlow::pinPress(char digit) {
    if (session_.current() != ScreenId::StaffPin || cardNumber_.empty() || busy_) return;
    if (digit < '0' || digit > '9' || pin_.reveal().size() >= kPinMaxDigits) return;
    pin_.append(digit);
    messageKey_ = nullptr;
}

void StaffFlow::pinBackspace() { pin_.popBack(); }

void StaffFlow::submitPin() {
    if (busy_ || cardNumber_.empty() || pin_.reveal().size() < kPinMinDigits) return;
    StaffDesk* desk = session_.staffDesk();
    if (!desk) {
        refuse(i18nKey("staff.error.unavailable"));
        return;
    }
    busy_ = true;
    const int request = ++request_;
    desk->signIn(cardNumber_, card_, std::move(pin_), [this, request](SignInOutcome outcome) {
        if (request != request_) return;
        busy_ = false;
        pin_.wipe();
        attemptsLeft_ = outcome.attemptsLeft;
        lockedUntilMs_ = outcome.lockedUntilMs;
        if (outcome.error != SignInError::None) {
            refuse(signInErrorKey(outcome.error));
            return;
        }
        member_ = std::move(outcome.member);
        messageKey_ = nullptr;
        showHome();
    });
    pin_.wipe();
}

void StaffFlow::showHome() {
    if (!member_) return;
    ++request_;  // a list still loading belongs to the screen being left
    items_.clear();
    receipts_.clear();
    reprinted_.reset();
    session_.showStaffScreen(ScreenId::StaffHome);
}

void StaffFlow::assistResident() {
    if (!member_ || session_.current() != ScreenId::StaffHome) return;
    audit("assisted-session");
    session_.beginAssisted(member_->number);
}

void StaffFlow::openOutbox() {
    if (!member_ || session_.current() != ScreenId::StaffHome) return;
    page_ = 0;
    session_.show(ScreenId::StaffOutbox);
    loadItems();
}

void StaffFlow::openReceipts() {
    if (!member_ || session_.current() != ScreenId::StaffHome) return;
    page_ = 0;
    reprinted_.reset();
    session_.show(ScreenId::StaffReceipts);
    loadReceipts();
}

void StaffFlow::openMaintenance() {
    if (!maintainer() || session_.current() != ScreenId::StaffHome) return;
    audit("maintenance-enter");
    // Maintenance mode is its own model (maintenance_flow.h); it ends the
    // session (and this sign-in) when the maintainer leaves.
    if (openMaintenance_) openMaintenance_(*member_);
}

void StaffFlow::signOut() {
    audit("sign-out");
    session_.endSession();
}

void StaffFlow::audit(std::string action, std::string detail) {
    StaffDesk* desk = session_.staffDesk();
    if (!desk || !member_) return;
    desk->audit(AuditEntry{0, member_->number, std::move(action), std::move(detail)});
}

void StaffFlow::loadItems() {
    StaffDesk* desk = session_.staffDesk();
    if (!desk) {
        listState_ = ListState::Failed;
        return;
    }
    listState_ = ListState::Loading;
    const int request = ++request_;
    desk->openItems([this, request](std::optional<std::vector<StaffOutboxItem>> items) {
        if (request != request_) return;
        listState_ = items ? ListState::Ready : ListState::Failed;
        items_ = items ? std::move(*items) : std::vector<StaffOutboxItem>{};
        page_ = std::clamp(page_, 0, pageCount() - 1);
    });
}

void StaffFlow::loadReceipts() {
    StaffDesk* desk = session_.staffDesk();
    if (!desk) {
        listState_ = ListState::Failed;
        return;
    }
    listState_ = ListState::Loading;
    const int request = ++request_;
    desk->recentReceipts(40, [this, request](std::vector<JournalledReceipt> receipts) {
        if (request != request_) return;
        listState_ = ListState::Ready;
        receipts_ = std::move(receipts);
        page_ = std::clamp(page_, 0, pageCount() - 1);
    });
}

void StaffFlow::retryItem(std::int64_t id) {
    StaffDesk* desk = session_.staffDesk();
    if (!desk || !member_ || session_.current() != ScreenId::StaffOutbox) return;
    desk->retry(member_->number, id, [this](bool) {
        if (session_.current() == ScreenId::StaffOutbox) loadItems();
    });
}

void StaffFlow::toggleFollowUp(std::int64_t id) {
    StaffDesk* desk = session_.staffDesk();
    if (!desk || !member_ || session_.current() != ScreenId::StaffOutbox) return;
    auto it = std::find_if(items_.begin(), items_.end(), [id](const StaffOutboxItem& i) { return i.id == id; });
    if (it == items_.end()) return;
    desk->setFollowUp(member_->number, id, !it->followUp, [this](bool) {
        if (session_.current() == ScreenId::StaffOutbox) loadItems();
    });
}

void StaffFlow::reprint(size_t index) {
    if (!member_ || index >= receipts_.size() || session_.current() != ScreenId::StaffReceipts) return;
    audit("receipt-reprint", "receipt " + std::to_string(receipts_[index].id));
    session_.requestPrint(receipts_[index].receipt);
    reprinted_ = index;
}

size_t StaffFlow::listSize() const {
    return session_.current() == ScreenId::StaffReceipts ? receipts_.size() : items_.size();
}

int StaffFlow::pageCount() const { return std::max(1, static_cast<int>((listSize() + kPageSize - 1) / kPageSize)); }

void StaffFlow::nextPage() { page_ = std::min(page_ + 1, pageCount() - 1); }
void StaffFlow::previousPage() { page_ = std::max(page_ - 1, 0); }

void StaffFlow::wipe() {
    ++request_;
    cardNumber_.clear();
    card_.clear();
    pin_.wipe();
    busy_ = false;
    messageKey_ = nullptr;
    attemptsLeft_ = kMaxPinFailures;
    lockedUntilMs_ = 0;
    member_.reset();
    listState_ = ListState::Idle;
    items_.clear();
    receipts_.clear();
    reprinted_.reset();
    page_ = 0;
}

const char* staffItemKindKey(const std::string& kind) {
    if (kind == "assistance-application") return i18nKey("staff.kind.application");
    if (kind == "document") return i18nKey("staff.kind.document");
    if (kind == "marriage-booking") return i18nKey("staff.kind.booking");
    if (kind == "marriage-booking-change" || kind == "marriage-booking-cancel")
        return i18nKey("staff.kind.booking_change");
    if (kind == "audit-entry") return i18nKey("staff.kind.audit");
    return i18nKey("staff.kind.other");
}

const char* staffItemErrorKey(const StaffOutboxItem& item) {
    const int s = item.httpStatus;
    if (s == 409) return i18nKey("staff.item_error.conflict");
    if (s == 400 || s == 422) return i18nKey("staff.item_error.invalid");
    if (s == 401 || s == 403) return i18nKey("staff.item_error.not_allowed");
    if (s == 404) return i18nKey("staff.item_error.not_found");
    if (s == 408 || s == 429) return i18nKey("staff.item_error.busy");
    if (s >= 500) return i18nKey("staff.item_error.server");
    if (s >= 400) return i18nKey("staff.item_error.refused");
    // No answer from the centre at all: the network or the centre is down.
    if (!item.lastError.empty()) return i18nKey("staff.item_error.unreachable");
    return nullptr;
}

const char* staffItemStateKey(StaffOutboxItem::State state) {
    switch (state) {
        case StaffOutboxItem::State::Pending:
            return i18nKey("staff.state.pending");
        case StaffOutboxItem::State::Sending:
            return i18nKey("staff.state.sending");
        case StaffOutboxItem::State::Acknowledged:
            return i18nKey("staff.state.acknowledged");
        case StaffOutboxItem::State::Rejected:
            return i18nKey("staff.state.rejected");
    }
    return i18nKey("staff.state.pending");
}

}  // namespace kiosk
