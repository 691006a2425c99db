#pragma once
// The real StaffDesk (kiosk/core/staff_desk.h) over the local store and the
// central service, so staff sign-in, lockout, the audit log and the receipt
// journal work online and offline.
//
// - signIn: the kiosk's own lock is checked first (a locked number does not
//   even get its PIN checked, so a lock cannot be probed). Then, with a
//   central URL, POST /api/v1/staff/sign-in {staffNumber, pin, card}: the
//   centre checks the card, its own lockout count and the PIN (argon2id) and
//   answers with a session id, or wrong-pin (attemptsLeft), locked-out
//   (lockedUntil), unknown-staff, card-refused. Only when no answer comes
//   (transport error, 5xx, the kiosk's token refused) is the PIN checked
//   here: against the verifier of the cached staff directory (reference
//   "/api/v1/staff"), with the offline key held in memory
//   (offline_key.h). No key (a restart without network) or a key that does
//   not belong to the directory: OfflineUnavailable. An offline sign-in gets
//   a session id made here ("off-" + 128 random bits) and a proof
//   (kiosk/core/staff.h) that travels with its audit entries.
//   Every wrong PIN (online or offline) is also counted in the store; the
//   kMaxPinFailures-th in a row locks the number here for kLockout and the
//   lock is reported to the centre through the outbox (kind "staff-lockout",
//   POST /api/v1/staff/lockouts). A right PIN clears the count.
// - The offline key: fetched (GET /api/v1/staff/offline-key) when the desk
//   starts, after an online sign-in when none is held or it does not match
//   the directory, and every minute while none is held.
// - audit: a row in the local audit log. An entry of the staff member who
//   signed in last goes to the centre too, in the same transaction, as an
//   outbox item (kind "audit-entry", POST /api/v1/audit-entries) with that
//   sign-in's session (and, for an offline session, its proof). Entries of
//   no session (refused sign-ins: the centre recorded those itself) stay
//   local. "sign-out" ends the session.
// - openItems / retry / setFollowUp: outbox metadata only; retry and
//   follow-up are audited ("outbox-retry", "outbox-follow-up",
//   "outbox-follow-up-cleared", detail "item <id> (<kind>)").
// - journal / recentReceipts: the receipt journal (encrypted at rest).
//
// Threads: the calls come from the UI thread and return at once; the work
// runs in order on this object's worker thread (argon2id and the centre take
// tens of ms) and each reply is handed to `post` (the app's run queue) to run
// on the UI thread. stop() (or the destructor) refuses new calls, lets the
// worker finish what is queued (audit entries and journalled receipts are
// promises: they are written), joins it, and drops every reply not yet run.
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "kiosk/core/staff.h"
#include "kiosk/core/staff_desk.h"
#include "offline-cache/central_gateway.h"
#include "offline-cache/http_client.h"
#include "offline-cache/offline_key.h"
#include "offline-cache/store.h"

namespace kiosk::offline {

class SyncEngine;

class StaffDeskStore final : public StaffDesk {
public:
    using Post = std::function<void(std::function<void()>)>;

    // `sync` (may be null) is nudged when an audit entry is queued for the
    // central service or an item is retried. `central` with an empty baseUrl:
    // no centre, only offline sign-in (which then never has a key).
    StaffDeskStore(Store& store, SyncEngine* sync, Post post, GatewayConfig central = {});
    ~StaffDeskStore() override;
    StaffDeskStore(const StaffDeskStore&) = delete;
    StaffDeskStore& operator=(const StaffDeskStore&) = delete;
    void stop();

    void signIn(std::string staffNumber, std::string card, Personal pin, Reply<SignInOutcome> done) override;
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
    // Worker only, from here on.
    struct Session {
        std::string id;
        std::optional<OfflineSessionProof> offline;
    };
    SignInOutcome checkSignIn(const std::string& staffNumber, const std::string& card, const Personal& pin);
    struct OnlineAnswer {
        SignInOutcome outcome;
        bool wrongPin = false;  // this attempt's PIN was wrong (not only "already locked")
    };
    // nullopt: no answer from the centre (check offline).
    std::optional<OnlineAnswer> signInOnline(const std::string& staffNumber, const std::string& card,
                                              const Personal& pin);
    SignInOutcome signInOffline(const std::string& staffNumber, const std::string& card, const Personal& pin,
                                SignInOutcome out);
    // Counts a wrong PIN here; on the lock, reports it. Fills attemptsLeft/lockedUntilMs.
    SignInOutcome countFailure(const std::string& staffNumber, SignInOutcome out, bool offline);
    void fetchOfflineKey();
    HttpResponse call(const std::string& method, const std::string& path, const Personal* body);
    // Logs and stores one entry; with its staff member's session, queues it
    // for the centre (a failure is logged, never thrown).
    void record(AuditEntry entry);
    void recordLocal(AuditEntry entry);


    Store& store_;
    SyncEngine* sync_;
    Post post_;
    // Shared with every posted reply: false once stop() ran, so a reply
    // that reaches the UI thread after the desk stopped does nothing.
    std::shared_ptr<std::atomic<bool>> alive_;
    GatewayConfig central_;
    std::unique_ptr<HttpClient> http_;        // the worker's
    OfflineKeyHolder offlineKey_;             // the worker's
    std::map<std::string, Session> sessions_; // the worker's: staff number -> the last sign-in
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> work_;
    bool stopping_ = false;
    std::thread worker_;
};

}  // namespace kiosk::offline
