#pragma once
// The real StaffDesk (kiosk/core/staff_desk.h) over the local store, so staff
// sign-in, lockout, the audit log and the receipt journal work offline.
//
// - signIn: the lock is checked first (a locked number does not even get its
//   PIN checked, so a lock cannot be probed), then the staff directory the
//   sync engine cached (reference "/api/v1/staff"), then the PIN
//   (argon2id, kiosk/core/staff.h). Wrong PINs are counted in the store; the
//   kMaxPinFailures-th in a row locks the number for kLockout. A right PIN
//   clears the count. Every sign-in, failure, lockout and refused attempt
//   is an audit entry.
// - audit: a row in the audit log and an outbox item
//   (kind "audit-entry", POST /api/v1/audit-entries) in one transaction, so
//   the central service gets every entry exactly once (Idempotency-Key).
// - openItems / retry / setFollowUp: outbox metadata only; retry and
//   follow-up are audited ("outbox-retry", "outbox-follow-up",
//   "outbox-follow-up-cleared", detail "item <id> (<kind>)").
// - journal / recentReceipts: the receipt journal (encrypted at rest).
//
// Threads: the calls come from the UI thread and return at once; the work
// runs in order on this object's worker thread (argon2id takes tens of ms)
// and each reply is handed to `post` (the app's run queue) to run on the UI
// thread. stop() (or the destructor) refuses new calls, lets the worker
// finish what is queued (audit entries and journalled receipts are
// promises: they are written), joins it, and drops every reply not yet run.
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "kiosk/core/staff_desk.h"
#include "offline-cache/store.h"

namespace kiosk::offline {

class SyncEngine;

class StaffDeskStore final : public StaffDesk {
public:
    using Post = std::function<void(std::function<void()>)>;

    // `sync` (may be null) is nudged when an audit entry is queued for the
    // central service or an item is retried.
    StaffDeskStore(Store& store, SyncEngine* sync, Post post);
    ~StaffDeskStore() override;
    StaffDeskStore(const StaffDeskStore&) = delete;
    StaffDeskStore& operator=(const StaffDeskStore&) = delete;
    void stop();

    void signIn(std::string staffNumber, Personal pin, Reply<SignInOutcome> done) override;
    void audit(AuditEntry entry) override;
    void recentAudit(int limit, Reply<std::vector<AuditEntry>> done) override;
    void openItems(Reply<std::optional<std::vector<StaffOutboxItem>>> done) override;
    void retry(std::string staffNumber, std::int64_t id, Reply<bool> done) override;
    void setFollowUp(std::string staffNumber, std::int64_t id, bool on, Reply<bool> done) override;
    void journal(Receipt receipt) override;
    void recentReceipts(int limit, Reply<std::vector<JournalledReceipt>> done) override;

private:
    void enqueue(std::function<void()> work);
    void workerMain();
    // Posts `done(value)` to the UI thread unless stop() has been called by then.
    template <typename T>
    void reply(Reply<T> done, T value);
    SignInOutcome checkSignIn(const std::string& staffNumber, const Personal& pin);
    // Worker only: logs and queues one entry (a failure is logged, never thrown).
    void record(AuditEntry entry);

    Store& store_;
    SyncEngine* sync_;
    Post post_;
    // Shared with every posted reply: false once stop() ran, so a reply
    // that reaches the UI thread after the desk stopped does nothing.
    std::shared_ptr<std::atomic<bool>> alive_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> work_;
    bool stopping_ = false;
    std::thread worker_;
};

}  // namespace kiosk::offline
