#include "offline-cache/staff_desk_store.h"

#include "kiosk/core/log.h"
#include "kiosk/core/staff.h"
#include "offline-cache/sync_engine.h"

namespace kiosk::offline {
namespace {

constexpr const char* kAuditKind = "audit-entry";
constexpr const char* kAuditPath = "/api/v1/audit-entries";

StaffOutboxItem::State staffState(OutboxState s) {
    switch (s) {
    case OutboxState::Pending: return StaffOutboxItem::State::Pending;
    case OutboxState::Sending: return StaffOutboxItem::State::Sending;
    case OutboxState::Acknowledged: return StaffOutboxItem::State::Acknowledged;
    case OutboxState::Rejected: return StaffOutboxItem::State::Rejected;
    }
    return StaffOutboxItem::State::Pending;
}

std::string itemDetail(std::int64_t id, const std::string& kind) {
    return "item " + std::to_string(id) + " (" + kind + ")";
}

}  // namespace

StaffDeskStore::StaffDeskStore(Store& store, SyncEngine* sync, Post post)
    : store_(store), sync_(sync), post_(std::move(post)), alive_(std::make_shared<std::atomic<bool>>(true)) {
    worker_ = std::thread([this] { workerMain(); });
}

StaffDeskStore::~StaffDeskStore() { stop(); }

void StaffDeskStore::stop() {
    alive_->store(false);
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (worker_.joinable()) worker_.join();
}

void StaffDeskStore::enqueue(std::function<void()> work) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        work_.push_back(std::move(work));
    }
    wake_.notify_one();
}

void StaffDeskStore::workerMain() {
    for (;;) {
        std::function<void()> work;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !work_.empty(); });
            // Queued work still runs after stop(): audit entries and receipts are promises.
            if (work_.empty()) return;
            work = std::move(work_.front());
            work_.pop_front();
        }
        work();
    }
}

template <typename T>
void StaffDeskStore::reply(Reply<T> done, T value) {
    if (!alive_->load() || !done) return;
    post_([alive = alive_, done = std::move(done), value = std::move(value)]() mutable {
        if (alive->load()) done(std::move(value));
    });
}

void StaffDeskStore::record(AuditEntry entry) {
    if (entry.atMs == 0) entry.atMs = store_.nowMs();
    OutboxRequest toCentral{kAuditKind, "POST", kAuditPath, "application/json", Personal(auditEntryJson(entry))};
    const std::string action = entry.action;
    if (auto id = store_.appendAudit(std::move(entry), std::move(toCentral)); !id) {
        KLOG_ERROR("staff desk: audit entry \"{}\" not stored: {}", action, id.error().message);
        return;
    }
    if (sync_) sync_->syncNow();
}

SignInOutcome StaffDeskStore::checkSignIn(const std::string& staffNumber, const Personal& pin) {
    SignInOutcome out;
    auto fail = [&](SignInError error, const char* action, std::string detail) {
        out.error = error;
        record({0, staffNumber, action, std::move(detail)});
        return out;
    };

    // The lock first: a locked number learns nothing about its PIN.
    auto state = store_.signInState(staffNumber);
    if (!state) {
        KLOG_ERROR("staff desk: sign-in state unreadable: {}", state.error().message);
        out.error = SignInError::StoreFailed;
        return out;
    }
    const std::int64_t now = store_.nowMs();
    if (isLockedOut(state.value(), now)) {
        out.attemptsLeft = 0;
        out.lockedUntilMs = state.value().lockedUntilMs;
        return fail(SignInError::LockedOut, "sign-in-refused-locked", "locked until " + std::to_string(out.lockedUntilMs));
    }
    out.attemptsLeft = attemptsLeft(state.value(), now);

    auto cached = store_.reference(kStaffDirectoryPath);
    if (!cached) return fail(SignInError::NoDirectory, "sign-in-failed", "no staff directory on this kiosk");
    auto directory = parseStaffDirectory(cached->body);
    if (!directory) {
        KLOG_ERROR("staff desk: the cached staff directory is unusable: {}", directory.error());
        return fail(SignInError::NoDirectory, "sign-in-failed", "the staff directory is unusable");
    }
    for (const auto& problem : directory.value().problems) KLOG_WARN("staff desk: {}", problem);
    const StaffDirectoryEntry* entry = directory.value().find(staffNumber);
    if (!entry) return fail(SignInError::UnknownStaff, "sign-in-failed", "staff number not in the directory");

    if (!verifyPin(entry->pinHash, pin)) {
        auto after = store_.recordSignInFailure(staffNumber);
        if (!after) {
            KLOG_ERROR("staff desk: a PIN failure could not be recorded: {}", after.error().message);
            out.error = SignInError::StoreFailed;
            return out;
        }
        const std::int64_t at = store_.nowMs();
        out.attemptsLeft = attemptsLeft(after.value(), at);
        if (isLockedOut(after.value(), at)) {
            out.lockedUntilMs = after.value().lockedUntilMs;
            return fail(SignInError::LockedOut, "sign-in-locked-out",
                        std::to_string(kMaxPinFailures) + " wrong PINs in a row; locked until " +
                            std::to_string(out.lockedUntilMs));
        }
        return fail(SignInError::WrongPin, "sign-in-failed",
                    "wrong PIN, " + std::to_string(out.attemptsLeft) + " attempt(s) left");
    }

    if (auto cleared = store_.clearSignIn(staffNumber); !cleared) {
        // Signed in all the same: the person proved who they are; the stale
        // count only means an earlier lock on the next mistakes.
        KLOG_WARN("staff desk: the failure count could not be cleared: {}", cleared.error().message);
    }
    out.error = SignInError::None;
    out.member = entry->member;
    out.attemptsLeft = kMaxPinFailures;
    record({0, staffNumber, "sign-in", staffRoleName(entry->member.role)});
    return out;
}

void StaffDeskStore::signIn(std::string staffNumber, Personal pin, Reply<SignInOutcome> done) {
    enqueue([this, staffNumber = std::move(staffNumber), pin = std::move(pin), done = std::move(done)]() mutable {
        SignInOutcome outcome = checkSignIn(staffNumber, pin);
        pin.wipe();
        reply(std::move(done), std::move(outcome));
    });
}

void StaffDeskStore::audit(AuditEntry entry) {
    // Stamped when it happened, not when the worker gets to it.
    if (entry.atMs == 0) entry.atMs = store_.nowMs();
    enqueue([this, entry = std::move(entry)]() mutable { record(std::move(entry)); });
}

void StaffDeskStore::recentAudit(int limit, Reply<std::vector<AuditEntry>> done) {
    enqueue([this, limit, done = std::move(done)]() mutable {
        auto entries = store_.recentAudit(limit);
        if (!entries) KLOG_ERROR("staff desk: the audit log is unreadable: {}", entries.error().message);
        reply(std::move(done), entries ? std::move(entries.value()) : std::vector<AuditEntry>{});
    });
}

void StaffDeskStore::openItems(Reply<std::optional<std::vector<StaffOutboxItem>>> done) {
    enqueue([this, done = std::move(done)]() mutable {
        std::optional<std::vector<StaffOutboxItem>> items;
        if (auto stored = store_.openItems(); stored) {
            items.emplace();
            // The kiosk's own audit entries travel through the outbox too,
            // but they are not a resident's business to follow up.
            for (const OutboxItem& it : stored.value()) {
                if (it.kind == kAuditKind) continue;
                items->push_back(StaffOutboxItem{it.id, it.kind, staffState(it.state), it.attempts, it.lastError,
                                                 it.httpStatus, it.createdMs, it.followUp});
            }
        } else {
            KLOG_ERROR("staff desk: the outbox is unreadable: {}", stored.error().message);
        }
        reply(std::move(done), std::move(items));
    });
}

void StaffDeskStore::retry(std::string staffNumber, std::int64_t id, Reply<bool> done) {
    enqueue([this, staffNumber = std::move(staffNumber), id, done = std::move(done)]() mutable {
        bool changed = false;
        if (auto item = store_.item(id); item) {
            if (auto s = store_.retry(id); s) {
                changed = true;
                record({0, staffNumber, "outbox-retry", itemDetail(id, item.value().kind)});
                if (sync_) sync_->syncNow();
            } else {
                KLOG_INFO("staff desk: item {} not retried: {}", id, s.error().message);
            }
        }
        reply(std::move(done), changed);
    });
}

void StaffDeskStore::setFollowUp(std::string staffNumber, std::int64_t id, bool on, Reply<bool> done) {
    enqueue([this, staffNumber = std::move(staffNumber), id, on, done = std::move(done)]() mutable {
        bool changed = false;
        if (auto item = store_.item(id); item) {
            auto s = store_.setFollowUp(id, on);
            changed = s && s.value();
            if (changed)
                record({0, staffNumber, on ? "outbox-follow-up" : "outbox-follow-up-cleared",
                        itemDetail(id, item.value().kind)});
            else if (!s)
                KLOG_INFO("staff desk: item {} follow-up not changed: {}", id, s.error().message);
        }
        reply(std::move(done), changed);
    });
}

void StaffDeskStore::journal(Receipt receipt) {
    const std::int64_t printedMs = store_.nowMs();
    enqueue([this, receipt = std::move(receipt), printedMs] {
        if (auto id = store_.journalReceipt(receiptToJson(receipt), printedMs); !id)
            KLOG_ERROR("staff desk: a printed receipt was not journalled: {}", id.error().message);
    });
}

void StaffDeskStore::recentReceipts(int limit, Reply<std::vector<JournalledReceipt>> done) {
    enqueue([this, limit, done = std::move(done)]() mutable {
        std::vector<JournalledReceipt> out;
        if (auto rows = store_.recentReceipts(limit); rows) {
            for (const JournalRow& row : rows.value())
                if (auto receipt = receiptFromJson(row.receiptJson))
                    out.push_back(JournalledReceipt{row.id, row.printedMs, std::move(*receipt)});
        } else {
            KLOG_ERROR("staff desk: the receipt journal is unreadable: {}", rows.error().message);
        }
        reply(std::move(done), std::move(out));
    });
}

}  // namespace kiosk::offline
