#pragma once
// What hall staff and maintainers do at the kiosk, as one small asynchronous
// contract (like CentralApi for the resident flows). The staff screens
// (screens/flows/staff_flow.*, maintenance) see only this interface; the app
// wires in the real one (offline-cache/staff_desk_store.*) over the local
// store, so sign-in, lockout and the audit log work offline.
//
// - Sign-in: a staff card is a code signed by the central service
//   (KC1.S.<key>.<staff number>.<expiry>.<sig>, kiosk/core/signed_code.h),
//   verified on the kiosk like a receipt. The PIN (kPinMinDigits to
//   kPinMaxDigits digits) is checked by the centre when it can be reached
//   (POST /api/v1/staff/sign-in with the card as proof): the centre keeps the
//   argon2id hashes and its own lockout count per staff number, and answers
//   with a session id. When the centre cannot be reached the kiosk checks the
//   PIN against a per-kiosk keyed verifier (kiosk/core/staff.h) with its
//   offline key, which lives in memory only: after a restart without network
//   there is no offline sign-in until the kiosk has reached the centre once.
//   The kiosk also counts wrong PINs itself: after kMaxPinFailures in a row
//   the number is locked here for kLockout (stored, so a restart does not
//   reset it) and the lockout is reported to the centre through the outbox.
//   A right PIN clears the count.
// - Audit: every staff action is one entry (when, staff number, action,
//   detail). Details never hold personal data (no ID numbers, no names): an
//   outbox item id, a service, "keyed an ID number". Entries are stored on
//   the kiosk; those of a signed-in staff member are sent to the central
//   service through the outbox with the session id of that sign-in (the
//   centre refuses entries that match no session it knows for the kiosk).
// - Outbox: staff see the items waiting or refused (metadata only, never the
//   bodies), retry one, or mark one for follow-up at the counter.
// - Receipts: every receipt the kiosk printed (or tried to) is journalled
//   (receipts hold references and masked values only), so staff can reprint
//   one when the paper jammed or the resident lost it.
//
// Threads: call from the UI thread. Every reply runs later on the UI thread
// (through the app's run queue), never inside the call.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/personal.h"
#include "kiosk/core/receipt.h"

namespace kiosk {

enum class StaffRole { Staff, Maintainer };

struct StaffMember {
    std::string number;       // the staff number on the card, e.g. "00000017"
    std::string displayName;  // as the directory gives it, e.g. "王 (窗口 3)"
    StaffRole role = StaffRole::Staff;
};

inline constexpr int kMaxPinFailures = 5;
inline constexpr size_t kPinMinDigits = 6;
inline constexpr size_t kPinMaxDigits = 12;
inline constexpr std::chrono::minutes kLockout{15};

enum class SignInError {
    None,
    UnknownStaff,  // the card is genuine but the number is not in the directory (left, or not synced yet)
    NoDirectory,   // the kiosk has never received the staff directory
    WrongPin,      // attemptsLeft says how many before the lock
    LockedOut,     // lockedUntilMs says until when
    StoreFailed,   // the store could not be read or written
    CardRefused,   // the centre did not accept the staff card (revoked, another centre's key)
    OfflineUnavailable,  // the centre is unreachable and the kiosk holds no offline key (restarted offline)
};

struct SignInOutcome {
    SignInError error = SignInError::None;
    std::optional<StaffMember> member;  // set when error == None
    int attemptsLeft = kMaxPinFailures;
    std::int64_t lockedUntilMs = 0;  // Unix ms, when LockedOut
    bool offline = false;  // checked on the kiosk (the centre was unreachable)
    std::string session;   // when error == None: the id audit entries carry
};

struct AuditEntry {
    std::int64_t atMs = 0;  // Unix ms (filled in by the desk)
    std::string staffNumber;
    std::string action;  // "sign-in", "sign-in-failed", "keyed-id-number", "outbox-retry", ...
    std::string detail;  // never personal data
};

// An outbox item as staff see it: metadata, no body.
struct StaffOutboxItem {
    std::int64_t id = 0;
    std::string kind;  // "assistance-application", "document", "marriage-booking", ...
    enum class State { Pending, Sending, Acknowledged, Rejected } state = State::Pending;
    int attempts = 0;
    std::string lastError;  // the central answer or transport error (no personal data)
    int httpStatus = 0;
    std::int64_t createdMs = 0;
    bool followUp = false;  // marked by staff for follow-up at the counter
};

struct JournalledReceipt {
    std::int64_t id = 0;
    std::int64_t printedMs = 0;
    Receipt receipt;
};

class StaffDesk {
public:
    template <typename T>
    using Reply = std::function<void(T)>;

    virtual ~StaffDesk() = default;

    // `staffNumber` comes from a verified staff card, `card` is that card's
    // code (the centre checks it too). The PIN is wiped after use.
    virtual void signIn(std::string staffNumber, std::string card, Personal pin, Reply<SignInOutcome> done) = 0;
    // Durable; fire and forget (a failure is logged, never shown to a resident).
    // An entry for the staff member signed in last carries that sign-in's session.
    virtual void audit(AuditEntry entry) = 0;
    virtual void recentAudit(int limit, Reply<std::vector<AuditEntry>> done) = 0;

    // Pending, sending and rejected items, newest first (acknowledged ones are not staff's business).
    virtual void openItems(Reply<std::optional<std::vector<StaffOutboxItem>>> done) = 0;
    // Each audited with the staff number. Reply: true when the item changed.
    virtual void retry(std::string staffNumber, std::int64_t id, Reply<bool> done) = 0;
    virtual void setFollowUp(std::string staffNumber, std::int64_t id, bool on, Reply<bool> done) = 0;

    // The journal: the app calls this for every receipt it prints.
    virtual void journal(Receipt receipt) = 0;
    virtual void recentReceipts(int limit, Reply<std::vector<JournalledReceipt>> done) = 0;
};

}  // namespace kiosk
