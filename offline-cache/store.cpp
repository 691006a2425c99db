#include "offline-cache/store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "kiosk/core/log.h"
#include "offline-cache/schema.h"

namespace kiosk::offline {
namespace {

constexpr std::string_view kKeyCheckPlain = "kiosk-store-key-check-v1";
constexpr std::string_view kKeyCheckAd = "key-check";

std::int64_t toMs(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

// Moves the database and its WAL/SHM files aside so a maintainer can look at
// them (the pending submissions are still in there), then a fresh one starts.
std::string moveAside(const std::string& path, std::int64_t nowMs) {
    std::string target = path + ".corrupt-" + std::to_string(nowMs);
    std::error_code ec;
    std::filesystem::rename(path, target, ec);
    for (const char* suffix : {"-wal", "-shm"}) {
        std::error_code ignored;
        if (std::filesystem::exists(path + suffix, ignored)) std::filesystem::rename(path + suffix, target + suffix, ignored);
    }
    return ec ? std::string() : target;
}

// The owner lock: an fd holding flock(LOCK_EX) on "<db>.owner", or -1 when
// another process holds it (or the lock file cannot be made: then this
// process behaves as a guest, the safe side).
int takeOwnerLock(const std::string& dbPath) {
    int fd = ::open((dbPath + ".owner").c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) return -1;
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

}  // namespace

const char* outboxStateName(OutboxState s) {
    switch (s) {
    case OutboxState::Pending: return "pending";
    case OutboxState::Sending: return "sending";
    case OutboxState::Acknowledged: return "acknowledged";
    case OutboxState::Rejected: return "rejected";
    }
    return "unknown";
}

Store::Store(std::unique_ptr<Database> db, AtRestKey key, const Clock& clock, StoreOptions options)
    : db_(std::move(db)), key_(std::move(key)), clock_(clock), options_(std::move(options)) {}

Store::~Store() {
    db_.reset();
    if (ownerLockFd_ >= 0) ::close(ownerLockFd_);  // releases the flock
}

std::int64_t Store::nowMs() const { return toMs(clock_.wallNow()); }

std::int64_t Store::steadyMs() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(clock_.steadyNow().time_since_epoch()).count();
}

Result<std::unique_ptr<Store>, StoreError> Store::open(const StoreOptions& options, const Clock& clock) {
    ensureSodium();
    auto key = AtRestKey::loadOrCreate(options.keyFilePath);
    if (!key) {
        KLOG_ERROR("store: {}", key.error().message);
        return key.error();
    }
    StoreHealth health;
    const int ownerLock = takeOwnerLock(options.databasePath);
    health.sharedWithOwner = ownerLock < 0;
    auto releaseLock = [&] {
        if (ownerLock >= 0) ::close(ownerLock);
    };
    auto db = Database::open(options.databasePath, options.busyTimeout);
    if (!db && db.error().code == StoreErrorCode::Corrupt && !health.sharedWithOwner) {
        std::string movedTo = moveAside(options.databasePath, toMs(clock.wallNow()));
        KLOG_ERROR("store: database {} is corrupt ({}); moved aside to {} and starting a fresh one",
                   options.databasePath, db.error().message, movedTo.empty() ? "(rename failed)" : movedTo);
        if (movedTo.empty()) return db.error();
        health.recoveredFromCorruption = true;
        health.corruptFileMovedTo = movedTo;
        db = Database::open(options.databasePath, options.busyTimeout);
    }
    if (!db) {
        KLOG_ERROR("store: cannot open {}: {}", options.databasePath, db.error().message);
        releaseLock();
        return db.error();
    }
    std::unique_ptr<Store> store(new Store(std::move(db.value()), std::move(key.value()), clock, options));
    store->ownerLockFd_ = ownerLock;  // the Store releases it from here on
    store->health_ = health;
    if (auto s = store->migrate(); !s) return s.error();
    if (auto s = store->checkKey(); !s) return s.error();
    if (store->health_.sharedWithOwner) return store;  // the owner's sends are in flight: leave them
    auto recovered = store->recoverInterrupted();
    if (!recovered) return recovered.error();
    store->health_.recoveredSendingItems = recovered.value();
    if (recovered.value() > 0)
        KLOG_WARN("store: {} interrupted send(s) back to pending; the idempotency key makes a resend safe",
                  recovered.value());
    return store;
}

Status Store::migrate() {
    std::lock_guard lock(mutex_);
    if (auto s = db_->exec(sql::kCreateMeta); !s) return s;
    auto readVersion = [&]() -> int {
        auto st = db_->prepare(sql::kSelectMeta);
        st.bind(1, std::string_view("schema_version"));
        return st.step() ? static_cast<int>(st.columnInt(0)) : 0;
    };
    int version = readVersion();
    health_.schemaVersionAtOpen = version;
    if (version > kSchemaVersion)
        return StoreError{StoreErrorCode::SchemaTooNew, "database schema " + std::to_string(version) +
                                                            " is newer than this kiosk's " +
                                                            std::to_string(kSchemaVersion)};
    for (const auto& m : sql::kMigrations) {
        if (m.toVersion <= version) continue;
        Transaction tx(*db_);
        if (tx.beginError()) return *tx.beginError();
        // Another process (the kiosk and kiosk-cli starting together) may
        // have migrated since the version was read: read it again under
        // the write lock this transaction holds.
        if (int now = readVersion(); now >= m.toVersion) {
            version = now;
            continue;
        }
        if (auto s = db_->exec(m.sql); !s) return s;
        auto up = db_->prepare(sql::kUpsertMeta);
        up.bind(1, std::string_view("schema_version")).bind(2, static_cast<std::int64_t>(m.toVersion));
        if (auto s = up.run(); !s) return s;
        if (auto s = tx.commit(); !s) return s;
        KLOG_INFO("store: migrated schema {} -> {}", version, m.toVersion);
        version = m.toVersion;
    }
    return Ok{};
}

Status Store::checkKey() {
    std::lock_guard lock(mutex_);
    auto st = db_->prepare(sql::kSelectMeta);
    st.bind(1, std::string_view("key_check"));
    if (st.step()) {
        if (!key_.open(st.columnBlob(0), kKeyCheckAd))
            return StoreError{StoreErrorCode::WrongKey,
                              "the key file does not match this database (was it replaced?); data cannot be read"};
        return Ok{};
    }
    if (st.error()) return *st.error();
    auto up = db_->prepare(sql::kUpsertMeta);
    up.bind(1, std::string_view("key_check")).bindBlob(2, key_.seal(kKeyCheckPlain, kKeyCheckAd));
    return up.run();
}

int Store::schemaVersion() const {
    std::lock_guard lock(mutex_);
    auto st = db_->prepare(sql::kSelectMeta);
    st.bind(1, std::string_view("schema_version"));
    return st.step() ? static_cast<int>(st.columnInt(0)) : 0;
}

StoreHealth Store::health() const {
    std::lock_guard lock(mutex_);
    StoreHealth h = health_;
    h.corruptionSeen = db_->sawCorruption();
    return h;
}

Status Store::noteWrite(Status s) const {
    health_.diskFull = !s && s.error().code == StoreErrorCode::DiskFull;
    if (!s) KLOG_ERROR("store: write failed: {}", s.error().message);
    return s;
}

Result<EnqueuedItem, StoreError> Store::insertLocked(OutboxRequest& request, std::optional<std::int64_t> dependsOn) {
    EnqueuedItem out;
    out.idempotencyKey = newUuidV4();
    auto st = db_->prepare(sql::kInsertItem);
    std::int64_t now = nowMs();
    st.bind(1, out.idempotencyKey).bind(2, request.kind).bind(3, request.method).bind(4, request.path);
    st.bind(5, request.contentType).bindBlob(6, key_.seal(request.body.reveal(), out.idempotencyKey));
    st.bind(7, now).bind(8, now);
    if (dependsOn) st.bind(9, *dependsOn);
    else st.bindNull(9);
    if (auto s = st.run(); !s) return s.error();
    out.id = sqlite3_last_insert_rowid(db_->handle());
    return out;
}

Result<EnqueuedItem, StoreError> Store::enqueue(OutboxRequest request) {
    std::vector<OutboxRequest> one;
    one.push_back(std::move(request));
    auto r = enqueueChain(std::move(one));
    if (!r) return r.error();
    return r.value().front();
}

Result<std::vector<EnqueuedItem>, StoreError> Store::enqueueChain(std::vector<OutboxRequest> requests) {
    if (requests.empty()) return StoreError{StoreErrorCode::Invalid, "nothing to enqueue"};
    for (const auto& r : requests)
        if (r.path.empty() || r.kind.empty()) return StoreError{StoreErrorCode::Invalid, "request without kind or path"};
    std::lock_guard lock(mutex_);
    std::vector<EnqueuedItem> out;
    Transaction tx(*db_);
    if (tx.beginError()) return noteWrite(*tx.beginError()).error();
    std::optional<std::int64_t> previous;
    for (auto& r : requests) {
        auto item = insertLocked(r, previous);
        if (!item) return noteWrite(item.error()).error();
        previous = item.value().id;
        out.push_back(item.value());
    }
    if (auto s = noteWrite(tx.commit()); !s) return s.error();
    return out;
}

OutboxItem Store::readItem(const Statement& s) {
    OutboxItem it;
    it.id = s.columnInt(0);
    it.idempotencyKey = s.columnText(1);
    it.kind = s.columnText(2);
    it.method = s.columnText(3);
    it.path = s.columnText(4);
    it.contentType = s.columnText(5);
    it.state = static_cast<OutboxState>(s.columnInt(6));
    it.attempts = static_cast<int>(s.columnInt(7));
    it.nextAttemptMs = s.columnInt(8);
    it.lastError = s.columnText(9);
    it.httpStatus = static_cast<int>(s.columnInt(10));
    it.createdMs = s.columnInt(11);
    it.ackedMs = s.columnIsNull(12) ? 0 : s.columnInt(12);
    if (!s.columnIsNull(13)) it.dependsOn = s.columnInt(13);
    it.followUp = s.columnInt(14) != 0;
    return it;
}

namespace {
// Bookkeeping writes of the sender (claim, acknowledgement, retry) commit
// with synchronous=NORMAL: in WAL mode they skip the fsync. A power cut may
// lose one, and then the item is simply sent again, which the central
// service's idempotency keys make harmless. Only enqueue, the promise made
// to the resident, needs synchronous=FULL. Halves the fsyncs per item.
class RelaxedDurability {
public:
    explicit RelaxedDurability(Database& db) : db_(db) { (void)db_.exec("PRAGMA synchronous=NORMAL"); }
    ~RelaxedDurability() { (void)db_.exec("PRAGMA synchronous=FULL"); }
    RelaxedDurability(const RelaxedDurability&) = delete;
    RelaxedDurability& operator=(const RelaxedDurability&) = delete;

private:
    Database& db_;
};
}  // namespace

Result<std::optional<ClaimedItem>, StoreError> Store::claimNext() {
    std::lock_guard lock(mutex_);
    RelaxedDurability relaxed(*db_);
    Transaction tx(*db_);
    if (tx.beginError()) return *tx.beginError();
    auto st = db_->prepare(sql::kSelectDue);
    std::int64_t now = nowMs();
    st.bind(1, now).bind(2, now + kMaxRetryDelayMs);
    if (!st.step()) {
        if (st.error()) return *st.error();
        return std::optional<ClaimedItem>();
    }
    ClaimedItem claimed;
    claimed.item = readItem(st);
    auto body = key_.open(st.columnBlob(15), claimed.item.idempotencyKey);
    auto mark = db_->prepare(sql::kMarkSending);
    mark.bind(1, claimed.item.id);
    if (auto s = mark.run(); !s) return s.error();
    if (auto s = tx.commit(); !s) return s.error();
    if (!body) {
        // Cannot happen with the key check at open unless the row was damaged.
        KLOG_ERROR("store: outbox item {} cannot be decrypted", claimed.item.id);
        return StoreError{StoreErrorCode::Corrupt, "outbox item " + std::to_string(claimed.item.id) + " unreadable"};
    }
    claimed.item.state = OutboxState::Sending;
    claimed.item.attempts += 1;
    claimed.body = std::move(*body);
    return std::optional<ClaimedItem>(std::move(claimed));
}

Status Store::markAcknowledged(std::int64_t id, int httpStatus, const Personal& response) {
    std::lock_guard lock(mutex_);
    RelaxedDurability relaxed(*db_);
    auto sel = db_->prepare(sql::kSelectResponse);
    sel.bind(1, id);
    if (!sel.step()) return sel.error() ? *sel.error() : StoreError{StoreErrorCode::NotFound, "no such item"};
    std::string key = sel.columnText(0);
    auto st = db_->prepare(sql::kMarkAcked);
    st.bind(1, nowMs()).bind(2, static_cast<std::int64_t>(httpStatus)).bindBlob(3, key_.seal(response.reveal(), key));
    st.bind(4, id);
    return noteWrite(st.run());
}

Status Store::markRetry(std::int64_t id, std::int64_t nextAttemptMs, std::string_view error, int httpStatus) {
    std::lock_guard lock(mutex_);
    RelaxedDurability relaxed(*db_);
    auto st = db_->prepare(sql::kMarkRetry);
    st.bind(1, nextAttemptMs).bind(2, error.substr(0, 500)).bind(3, static_cast<std::int64_t>(httpStatus)).bind(4, id);
    return noteWrite(st.run());
}

Status Store::markRejected(std::int64_t id, int httpStatus, std::string_view error) {
    std::lock_guard lock(mutex_);
    Transaction tx(*db_);
    if (tx.beginError()) return *tx.beginError();
    std::vector<std::int64_t> todo{id};
    std::string reason(error.substr(0, 500));
    while (!todo.empty()) {
        std::int64_t current = todo.back();
        todo.pop_back();
        auto st = db_->prepare(sql::kMarkRejected);
        st.bind(1, reason).bind(2, static_cast<std::int64_t>(current == id ? httpStatus : 0)).bind(3, current);
        if (auto s = st.run(); !s) return noteWrite(s);
        auto deps = db_->prepare(sql::kSelectDependents);
        deps.bind(1, current);
        while (deps.step()) todo.push_back(deps.columnInt(0));
        if (deps.error()) return *deps.error();
        reason = "an earlier item of this submission was rejected";
    }
    return noteWrite(tx.commit());
}

Status Store::retry(std::int64_t id) {
    std::lock_guard lock(mutex_);
    auto st = db_->prepare(sql::kRetryItem);
    st.bind(1, nowMs()).bind(2, id);
    if (auto s = noteWrite(st.run()); !s) return s;
    if (sqlite3_changes(db_->handle()) == 0)
        return StoreError{StoreErrorCode::NotFound, "no pending or rejected item " + std::to_string(id)};
    return Ok{};
}

Result<bool, StoreError> Store::setFollowUp(std::int64_t id, bool on) {
    std::lock_guard lock(mutex_);
    auto st = db_->prepare(sql::kSetFollowUp);
    st.bind(1, static_cast<std::int64_t>(on)).bind(2, id).bind(3, static_cast<std::int64_t>(on));
    if (auto s = noteWrite(st.run()); !s) return s.error();
    if (sqlite3_changes(db_->handle()) > 0) return true;
    auto exists = db_->prepare(sql::kItemExists);
    exists.bind(1, id);
    if (exists.step()) return false;
    if (exists.error()) return *exists.error();
    return StoreError{StoreErrorCode::NotFound, "no item " + std::to_string(id)};
}

Result<int, StoreError> Store::recoverInterrupted() {
    std::lock_guard lock(mutex_);
    auto st = db_->prepare(sql::kRecoverSending);
    if (auto s = noteWrite(st.run()); !s) return s.error();
    return sqlite3_changes(db_->handle());
}

Result<std::vector<OutboxItem>, StoreError> Store::list(int limit) const {
    std::lock_guard lock(mutex_);
    auto st = db_->prepare(sql::kSelectItems);
    st.bind(1, static_cast<std::int64_t>(limit));
    std::vector<OutboxItem> items;
    while (st.step()) items.push_back(readItem(st));
    if (st.error()) return *st.error();
    return items;
}

Result<std::vector<OutboxItem>, StoreError> Store::openItems(int limit) const {
    std::lock_guard lock(mutex_);
    auto st = db_->prepare(sql::kSelectOpenItems);
    st.bind(1, static_cast<std::int64_t>(limit));
    std::vector<OutboxItem> items;
    while (st.step()) items.push_back(readItem(st));
    if (st.error()) return *st.error();
    return items;
}

Result<OutboxItem, StoreError> Store::item(std::int64_t id) const {
    std::lock_guard lock(mutex_);
    auto st = db_->prepare(sql::kSelectItem);
    st.bind(1, id);
    if (st.step()) return readItem(st);
    if (st.error()) return *st.error();
    return StoreError{StoreErrorCode::NotFound, "no item " + std::to_string(id)};
}

Result<OutboxStats, StoreError> Store::stats() const {
    std::lock_guard lock(mutex_);
    OutboxStats out;
    auto st = db_->prepare(sql::kCountByState);
    while (st.step()) {
        int n = static_cast<int>(st.columnInt(1));
        switch (static_cast<OutboxState>(st.columnInt(0))) {
        case OutboxState::Pending: out.pending = n; break;
        case OutboxState::Sending: out.sending = n; break;
        case OutboxState::Acknowledged: out.acknowledged = n; break;
        case OutboxState::Rejected: out.rejected = n; break;
        }
    }
    if (st.error()) return *st.error();
    auto oldest = db_->prepare(sql::kOldestPending);
    if (oldest.step() && !oldest.columnIsNull(0)) out.oldestPendingCreatedMs = oldest.columnInt(0);
    return out;
}

Result<Personal, StoreError> Store::response(std::int64_t id) const {
    std::lock_guard lock(mutex_);
    auto st = db_->prepare(sql::kSelectResponse);
    st.bind(1, id);
    if (!st.step()) return st.error() ? *st.error() : StoreError{StoreErrorCode::NotFound, "no such item"};
    if (st.columnIsNull(2)) return StoreError{StoreErrorCode::NotFound, "item not acknowledged"};
    auto plain = key_.open(st.columnBlob(2), st.columnText(0));
    if (!plain) return StoreError{StoreErrorCode::Corrupt, "response unreadable"};
    return std::move(*plain);
}

std::optional<std::int64_t> Store::nextDueMs() const {
    std::lock_guard lock(mutex_);
    auto st = db_->prepare(sql::kNextDue);
    if (!st.step() || st.columnIsNull(0)) return std::nullopt;
    std::int64_t due = st.columnInt(0), now = nowMs();
    // Further ahead than any backoff: the wall clock went back; due now.
    return due > now + kMaxRetryDelayMs ? now : due;
}

Result<int, StoreError> Store::purge() {
    std::lock_guard lock(mutex_);
    std::int64_t now = nowMs();
    if (!wallClockPlausible(clock_.wallNow())) {
        // The clock is wrong (header): age from the newest plausible stamp.
        const std::int64_t floorMs = kPlausibleWallFloorSeconds * 1000;
        auto newest = db_->prepare(sql::kNewestStamp);
        now = newest.step() && !newest.columnIsNull(0) ? std::max(floorMs, newest.columnInt(0)) : floorMs;
    }
    std::int64_t cutoff = now - std::chrono::duration_cast<std::chrono::milliseconds>(options_.retention).count();
    Transaction tx(*db_);
    if (tx.beginError()) return *tx.beginError();
    int removed = 0;
    for (const char* q : {sql::kPurgeAcked, sql::kPurgeSnapshots, sql::kPurgeReceipts}) {
        auto st = db_->prepare(q);
        st.bind(1, cutoff);
        if (auto s = st.run(); !s) return noteWrite(s).error();
        removed += sqlite3_changes(db_->handle());
    }
    if (auto s = noteWrite(tx.commit()); !s) return s.error();
    return removed;
}

Status Store::putReference(std::string_view key, std::string_view etag, std::string_view body) {
    std::lock_guard lock(mutex_);
    auto st = db_->prepare(sql::kUpsertReference);
    st.bind(1, key).bind(2, etag).bindBlob(3, body).bind(4, nowMs());
    return noteWrite(st.run());
}

Status Store::touchReference(std::string_view key) {
    std::lock_guard lock(mutex_);
    auto st = db_->prepare(sql::kTouchReference);
    st.bind(1, nowMs()).bind(2, key);
    return noteWrite(st.run());
}

std::optional<CachedReference> Store::reference(std::string_view key) const {
    std::lock_guard lock(mutex_);
    auto st = db_->prepare(sql::kSelectReference);
    st.bind(1, key);
    if (!st.step()) return std::nullopt;
    return CachedReference{st.columnText(0), st.columnBlob(1), st.columnInt(2)};
}

Status Store::putSnapshot(std::string_view kind, const Personal& subject, const Personal& body) {
    std::lock_guard lock(mutex_);
    std::string key = std::string(kind) + ":" + key_.keyedDigest(subject.reveal());
    auto st = db_->prepare(sql::kUpsertSnapshot);
    st.bind(1, key).bindBlob(2, key_.seal(body.reveal(), key)).bind(3, nowMs());
    return noteWrite(st.run());
}

std::optional<std::pair<Personal, std::int64_t>> Store::snapshot(std::string_view kind, const Personal& subject) const {
    std::lock_guard lock(mutex_);
    std::string key = std::string(kind) + ":" + key_.keyedDigest(subject.reveal());
    auto st = db_->prepare(sql::kSelectSnapshot);
    st.bind(1, key);
    if (!st.step()) return std::nullopt;
    auto body = key_.open(st.columnBlob(0), key);
    if (!body) return std::nullopt;
    return std::make_pair(std::move(*body), st.columnInt(1));
}

namespace {
// Associated data of a journalled receipt: bound to its row.
std::string receiptAd(std::int64_t id) { return "receipt-journal/" + std::to_string(id); }
}  // namespace

Result<SignInState, StoreError> Store::signInState(std::string_view staffNumber) const {
    std::lock_guard lock(mutex_);
    auto st = db_->prepare(sql::kSelectSignIn);
    st.bind(1, staffNumber);
    SignInState state;
    if (st.step()) {
        state.failures = static_cast<int>(st.columnInt(0));
        state.lockedUntilMs = st.columnInt(1);
        state.lastFailureMs = st.columnInt(2);
    } else if (st.error()) {
        return *st.error();
    }
    return lockSeenNow(staffNumber, state);
}

SignInState Store::lockSeenNow(std::string_view staffNumber, SignInState stored) const {
    auto anchor = lockAnchors_.find(staffNumber);
    if (stored.lockedUntilMs == 0) {
        if (anchor != lockAnchors_.end()) lockAnchors_.erase(anchor);
        return stored;
    }
    const std::int64_t wall = nowMs(), steady = steadyMs();
    if (anchor == lockAnchors_.end() || anchor->second.storedUntilMs != stored.lockedUntilMs) {
        // Made before this process started (or by another one): what its
        // wall time says is left, never more than a whole lockout.
        const std::int64_t lockout = std::chrono::duration_cast<std::chrono::milliseconds>(kLockout).count();
        const std::int64_t lockedAt = stored.lockedUntilMs - lockout;
        const std::int64_t left =
            wall < lockedAt ? lockout : std::clamp<std::int64_t>(stored.lockedUntilMs - wall, 0, lockout);
        anchor = lockAnchors_.insert_or_assign(std::string(staffNumber), LockAnchor{stored.lockedUntilMs, steady + left})
                     .first;
    }
    stored.lockedUntilMs = wall + std::max<std::int64_t>(0, anchor->second.endsSteadyMs - steady);
    return stored;
}

Result<SignInState, StoreError> Store::recordSignInFailure(std::string_view staffNumber) {
    std::lock_guard lock(mutex_);
    Transaction tx(*db_);
    if (tx.beginError()) return noteWrite(*tx.beginError()).error();
    auto sel = db_->prepare(sql::kSelectSignIn);
    sel.bind(1, staffNumber);
    SignInState state;
    if (sel.step()) {
        state.failures = static_cast<int>(sel.columnInt(0));
        state.lockedUntilMs = sel.columnInt(1);
        state.lastFailureMs = sel.columnInt(2);
    } else if (sel.error()) {
        return *sel.error();
    }
    // The rule runs on the lock as seen now, so a wall jump neither ends
    // nor prolongs it; a new lock is anchored on the monotonic clock.
    const std::int64_t wall = nowMs(), steady = steadyMs();
    state = afterPinFailure(lockSeenNow(staffNumber, state), wall);
    auto up = db_->prepare(sql::kUpsertSignIn);
    up.bind(1, staffNumber).bind(2, static_cast<std::int64_t>(state.failures)).bind(3, state.lockedUntilMs);
    up.bind(4, state.lastFailureMs);
    if (auto s = up.run(); !s) return noteWrite(s).error();
    if (auto s = noteWrite(tx.commit()); !s) return s.error();
    // What was written is the lock as seen now (or a new one): it ends that
    // far ahead on the monotonic clock.
    if (state.lockedUntilMs != 0)
        lockAnchors_.insert_or_assign(std::string(staffNumber),
                                      LockAnchor{state.lockedUntilMs, steady + (state.lockedUntilMs - wall)});
    return lockSeenNow(staffNumber, state);
}

Status Store::clearSignIn(std::string_view staffNumber) {
    std::lock_guard lock(mutex_);
    auto st = db_->prepare(sql::kDeleteSignIn);
    st.bind(1, staffNumber);
    if (auto anchor = lockAnchors_.find(staffNumber); anchor != lockAnchors_.end()) lockAnchors_.erase(anchor);
    return noteWrite(st.run());
}

Result<std::int64_t, StoreError> Store::appendAudit(AuditEntry entry, std::optional<OutboxRequest> sendToCentral) {
    if (entry.action.empty()) return StoreError{StoreErrorCode::Invalid, "audit entry without an action"};
    if (sendToCentral && (sendToCentral->path.empty() || sendToCentral->kind.empty()))
        return StoreError{StoreErrorCode::Invalid, "request without kind or path"};
    std::lock_guard lock(mutex_);
    if (entry.atMs == 0) entry.atMs = nowMs();
    Transaction tx(*db_);
    if (tx.beginError()) return noteWrite(*tx.beginError()).error();
    auto st = db_->prepare(sql::kInsertAudit);
    st.bind(1, entry.atMs).bind(2, entry.staffNumber).bind(3, entry.action).bind(4, entry.detail);
    if (auto s = st.run(); !s) return noteWrite(s).error();
    const std::int64_t id = sqlite3_last_insert_rowid(db_->handle());
    if (sendToCentral)
        if (auto item = insertLocked(*sendToCentral, std::nullopt); !item) return noteWrite(item.error()).error();
    if (auto s = noteWrite(tx.commit()); !s) return s.error();
    return id;
}

Result<std::vector<AuditEntry>, StoreError> Store::recentAudit(int limit) const {
    std::lock_guard lock(mutex_);
    auto st = db_->prepare(sql::kSelectRecentAudit);
    st.bind(1, static_cast<std::int64_t>(limit));
    std::vector<AuditEntry> out;
    while (st.step()) out.push_back(AuditEntry{st.columnInt(1), st.columnText(2), st.columnText(3), st.columnText(4)});
    if (st.error()) return *st.error();
    return out;
}

Result<std::int64_t, StoreError> Store::journalReceipt(std::string_view receiptJson, std::int64_t printedMs) {
    std::lock_guard lock(mutex_);
    Transaction tx(*db_);
    if (tx.beginError()) return noteWrite(*tx.beginError()).error();
    auto ins = db_->prepare(sql::kInsertReceipt);
    ins.bind(1, printedMs != 0 ? printedMs : nowMs());
    if (auto s = ins.run(); !s) return noteWrite(s).error();
    const std::int64_t id = sqlite3_last_insert_rowid(db_->handle());
    auto seal = db_->prepare(sql::kSealReceipt);
    seal.bindBlob(1, key_.seal(receiptJson, receiptAd(id))).bind(2, id);
    if (auto s = seal.run(); !s) return noteWrite(s).error();
    if (auto s = noteWrite(tx.commit()); !s) return s.error();
    return id;
}

Result<std::vector<JournalRow>, StoreError> Store::recentReceipts(int limit) const {
    std::lock_guard lock(mutex_);
    auto st = db_->prepare(sql::kSelectRecentReceipts);
    st.bind(1, static_cast<std::int64_t>(limit));
    std::vector<JournalRow> out;
    while (st.step()) {
        const std::int64_t id = st.columnInt(0);
        auto body = key_.open(st.columnBlob(2), receiptAd(id));
        if (!body) {
            KLOG_ERROR("store: journalled receipt {} cannot be decrypted", id);
            continue;
        }
        out.push_back(JournalRow{id, st.columnInt(1), body->reveal()});
    }
    if (st.error()) return *st.error();
    return out;
}

}  // namespace kiosk::offline
