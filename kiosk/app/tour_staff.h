#pragma once
// The staff desk as the guided tour sees it: a canned staff member
// (PIN 246810; 0000 stands for a locked number), a few outbox items and
// receipts, so the tour can show every staff screen without a store. The
// kiosk itself and the tests use the real desk (offline-cache/staff_desk_store.h).
//
// UI thread only; replies are posted to the run queue like the real ones.
#include "kiosk/core/run_queue.h"
#include "kiosk/core/staff_desk.h"

namespace kiosk {

class TourStaffDesk final : public StaffDesk {
public:
    explicit TourStaffDesk(RunQueue& queue) : queue_(queue) {}

    void signIn(std::string staffNumber, std::string card, Personal pin, Reply<SignInOutcome> done) override;
    void audit(AuditEntry) override {}
    void recentAudit(int, Reply<std::vector<AuditEntry>> done) override;
    void openItems(Reply<std::optional<std::vector<StaffOutboxItem>>> done) override;
    void retry(std::string, std::int64_t, Reply<bool> done) override;
    void setFollowUp(std::string, std::int64_t, bool, Reply<bool> done) override;
    void journal(Receipt) override {}
    void recentReceipts(int, Reply<std::vector<JournalledReceipt>> done) override;

private:
    template <typename T>
    void later(Reply<T> done, T value) {
        queue_.post([done = std::move(done), value = std::move(value)]() mutable { done(std::move(value)); });
    }

    RunQueue& queue_;
};

}  // namespace kiosk
