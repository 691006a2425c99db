#include "offline-cache/staff_desk_store.h"

#include <sodium.h>

#include <nlohmann/json.hpp>

#include "kiosk/core/log.h"
#include "offline-cache/sync_engine.h"

namespace kiosk::offline {
namespace {

using json = nlohmann::json;

constexpr const char* kAuditKind = "audit-entry";
constexpr const char* kAuditPath = "/api/v1/audit-entries";
constexpr const char* kLockoutKind = "staff-lockout";
constexpr const char* kLockoutPath = "/api/v1/staff/lockouts";
constexpr const char* kSignInPath = "/api/v1/staff/sign-in";
constexpr const char* kOfflineKeyPath = "/api/v1/staff/offline-key";
constexpr const char* kProblemPrefix = "urn:civil-kiosk:problem:";
// While no offline key is held, the worker asks the centre again this often.
constexpr auto kKeyRetry = std::chrono::minutes(1);

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

// "off-" and 32 hex digits: unguessable, and visibly not one the centre issued.
std::string offlineSessionId() { return "off-" + randomHex(16); }

std::int64_t intOr(const json& j, const char* key, std::int64_t fallback) {
    auto it = j.find(key);
    return it != j.end() && it->is_number_integer() ? it->get<std::int64_t>() : fallback;
}

std::string stringOr(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

StaffDeskStore::StaffDeskStore(Store& store, SyncEngine* sync, Post post, GatewayConfig central)
    : store_(store),
      sync_(sync),
      post_(std::move(post)),
      alive_(std::make_shared<std::atomic<bool>>(true)),
      central_(std::move(central)) {
    worker_ = std::thread([this] { workerMain(); });
    // After a (re)start the kiosk holds no offline key: ask at once.
    if (!central_.baseUrl.empty()) enqueue([this] { fetchOfflineKey(); });
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
            const bool wantKey = !central_.baseUrl.empty() && !offlineKey_.has();
            auto ready = [this] { return stopping_ || !work_.empty(); };
            if (wantKey) {
                if (!wake_.wait_for(lock, kKeyRetry, ready)) work = [this] { fetchOfflineKey(); };
            } else {
                wake_.wait(lock, ready);
            }
            if (!work) {
                // Queued work still runs after stop(): audit entries and receipts are promises.
                if (work_.empty()) return;
                work = std::move(work_.front());
                work_.pop_front();
            }
        }
        // A bug or a hostile answer must not take the kiosk down with this
        // thread: the one piece of work is lost (its reply never comes), the
        // desk goes on.
        try {
            work();
        } catch (const std::exception& e) {
            KLOG_ERROR("staff desk: a task failed: {}", e.what());
        }
    }
}

template <typename T>
void StaffDeskStore::reply(Reply<T> done, T value) {
    if (!alive_->load() || !done) return;
    post_([alive = alive_, done = std::move(done), value = std::move(value)]() mutable {
        if (alive->load()) done(std::move(value));
    });
}

HttpResponse StaffDeskStore::call(const std::string& method, const std::string& path, const Personal* body) {
    if (!http_) {
        HttpOptions options = central_.http;
        // Staff stand at the kiosk waiting: an unreachable centre must turn
        // into the offline check in seconds.
        options.connectTimeoutMs = std::min<long>(options.connectTimeoutMs, 3000);
        options.timeoutMs = std::min<long>(options.timeoutMs, 10000);
        http_ = std::make_unique<HttpClient>(options);
    }
    HttpRequest req;
    req.method = method;
    req.url = central_.baseUrl + path;
    req.headers = {{"Authorization", "Bearer " + central_.token}, {"X-Kiosk-Id", central_.kioskId}};
    if (body) {
        req.headers.emplace_back("Content-Type", "application/json");
        req.body = &body->reveal();
    }
    return http_->perform(req);
}

void StaffDeskStore::fetchOfflineKey() {
    if (central_.baseUrl.empty()) return;
    HttpResponse r = call("GET", kOfflineKeyPath, nullptr);
    if (r.status != 200) {
        KLOG_INFO("staff desk: no offline key from the centre ({})",
                  r.status ? std::to_string(r.status) : r.transportMessage);
        return;
    }
    auto j = json::parse(r.body.reveal(), nullptr, false);
    auto key = j.is_object() ? fromBase64(stringOr(j, "key")) : std::nullopt;
    const std::string keyId = j.is_object() ? stringOr(j, "keyId") : std::string();
    OfflineKey k{};
    if (!key || key->size() != k.size()) {
        KLOG_WARN("staff desk: the centre's offline key answer is malformed");
        if (key) sodium_memzero(key->data(), key->size());
        return;
    }
    std::copy(key->begin(), key->end(), k.begin());
    sodium_memzero(key->data(), key->size());
    if (offlineKeyId(k) != keyId) {
        KLOG_WARN("staff desk: the centre's offline key does not match its id; not used");
    } else {
        offlineKey_.set(k);
        KLOG_INFO("staff desk: offline key {} held in {}", keyId, backendName(offlineKey_.backend()));
    }
    sodium_memzero(k.data(), k.size());
}

void StaffDeskStore::recordLocal(AuditEntry entry) {
    if (entry.atMs == 0) entry.atMs = store_.nowMs();
    const std::string action = entry.action;
    if (auto id = store_.appendAudit(std::move(entry)); !id)
        KLOG_ERROR("staff desk: audit entry \"{}\" not stored: {}", action, id.error().message);
}

void StaffDeskStore::record(AuditEntry entry) {
    auto session = sessions_.find(entry.staffNumber);
    if (session == sessions_.end()) return recordLocal(std::move(entry));
    if (entry.atMs == 0) entry.atMs = store_.nowMs();
    OutboxRequest toCentral{kAuditKind, "POST", kAuditPath, "application/json",
                            Personal(auditEntryJson(entry, session->second.id, session->second.offline))};
    const std::string action = entry.action;
    if (action == "sign-out") sessions_.erase(session);
    if (auto id = store_.appendAudit(std::move(entry), std::move(toCentral)); !id) {
        KLOG_ERROR("staff desk: audit entry \"{}\" not stored: {}", action, id.error().message);
        return;
    }
    if (sync_) sync_->syncNow();
}

SignInOutcome StaffDeskStore::countFailure(const std::string& staffNumber, SignInOutcome out, bool offline) {
    // The centre locked the number on this very attempt: it knows already.
    const bool centreLocked = !offline && out.error == SignInError::LockedOut;
    auto after = store_.recordSignInFailure(staffNumber);
    if (!after) {
        KLOG_ERROR("staff desk: a PIN failure could not be recorded: {}", after.error().message);
        out.error = SignInError::StoreFailed;
        return out;
    }
    const std::int64_t at = store_.nowMs();
    const bool lockedHere = isLockedOut(after.value(), at);
    const int leftHere = attemptsLeft(after.value(), at);
    // The stricter of the centre's answer and this kiosk's own count.
    if (out.error == SignInError::LockedOut || lockedHere) {
        out.error = SignInError::LockedOut;
        out.attemptsLeft = 0;
        if (lockedHere) out.lockedUntilMs = std::max(out.lockedUntilMs, after.value().lockedUntilMs);
    } else {
        out.error = SignInError::WrongPin;
        out.attemptsLeft = offline ? leftHere : std::min(out.attemptsLeft, leftHere);
    }
    const std::string where = offline ? "offline" : "at the centre";
    if (lockedHere && after.value().failures == kMaxPinFailures && !centreLocked) {
        // The lock is news for the centre (it may not have seen offline
        // failures): reported through the outbox, so it arrives after an outage.
        const std::string report = json{{"staffNumber", staffNumber},
                                        {"at", at},
                                        {"failures", after.value().failures},
                                        {"lockedUntil", after.value().lockedUntilMs},
                                        {"offline", offline}}
                                       .dump();
        AuditEntry entry{at, staffNumber, "sign-in-locked-out",
                         std::to_string(kMaxPinFailures) + " wrong PINs in a row (" + where + "); locked until " +
                             std::to_string(after.value().lockedUntilMs)};
        if (auto id = store_.appendAudit(std::move(entry), OutboxRequest{kLockoutKind, "POST", kLockoutPath,
                                                                          "application/json", Personal(report)});
            !id)
            KLOG_ERROR("staff desk: the lockout report was not stored: {}", id.error().message);
        else if (sync_)
            sync_->syncNow();
    } else {
        recordLocal({at, staffNumber, out.error == SignInError::LockedOut ? "sign-in-refused-locked" : "sign-in-failed",
                     "wrong PIN (" + where + "), " + std::to_string(out.attemptsLeft) + " attempt(s) left"});
    }
    return out;
}

std::optional<StaffDeskStore::OnlineAnswer> StaffDeskStore::signInOnline(const std::string& staffNumber, const std::string& card,
                                                          const Personal& pin) {
    Personal body(json{{"staffNumber", staffNumber}, {"pin", pin.reveal()}, {"card", card}}.dump(
        -1, ' ', false, json::error_handler_t::replace));
    HttpResponse r = call("POST", kSignInPath, &body);
    body.wipe();
    // No answer, the centre failing, or the kiosk's own token refused: none
    // says anything about the PIN, so the kiosk checks it offline.
    if (r.transportError || r.status == 0 || r.status >= 500 || r.status == 401) {
        KLOG_INFO("staff desk: the centre did not answer the sign-in ({}); checking offline",
                  r.status ? std::to_string(r.status) : r.transportMessage);
        return std::nullopt;
    }
    auto j = json::parse(r.body.reveal(), nullptr, false);
    OnlineAnswer answer;
    SignInOutcome& out = answer.outcome;
    if (!j.is_object()) {
        KLOG_WARN("staff desk: the centre's sign-in answer ({}) is not JSON", r.status);
        return std::nullopt;
    }
    if (r.status == 200) {
        auto staff = j.find("staff");
        const std::string session = stringOr(j, "session");
        std::optional<StaffRole> role;
        std::string name, number;
        if (staff != j.end() && staff->is_object()) {
            role = staffRoleFrom(stringOr(*staff, "role"));
            name = stringOr(*staff, "name");
            number = stringOr(*staff, "number");
        }
        if (session.empty() || !role || name.empty() || number != staffNumber) {
            KLOG_WARN("staff desk: the centre's sign-in answer is malformed");
            out.error = SignInError::StoreFailed;
            return answer;
        }
        out.member = StaffMember{number, name, *role};
        out.session = session;
        return answer;
    }
    std::string type = stringOr(j, "type");
    if (type.rfind(kProblemPrefix, 0) == 0) type.erase(0, std::string_view(kProblemPrefix).size());
    auto wrongPin = j.find("wrongPin");
    answer.wrongPin = wrongPin != j.end() && wrongPin->is_boolean() && wrongPin->get<bool>();
    if (type == "wrong-pin") {
        answer.wrongPin = true;
        out.error = SignInError::WrongPin;
        out.attemptsLeft = static_cast<int>(std::clamp<std::int64_t>(intOr(j, "attemptsLeft", 0), 0, kMaxPinFailures));
    } else if (type == "locked-out") {
        out.error = SignInError::LockedOut;
        out.attemptsLeft = 0;
        out.lockedUntilMs = intOr(j, "lockedUntil", 0);
    } else if (type == "unknown-staff") {
        out.error = SignInError::UnknownStaff;
    } else if (type == "card-refused") {
        out.error = SignInError::CardRefused;
    } else {
        KLOG_WARN("staff desk: the centre refused the sign-in ({} {})", r.status, type);
        out.error = SignInError::StoreFailed;
    }
    return answer;
}

SignInOutcome StaffDeskStore::signInOffline(const std::string& staffNumber, const std::string& card,
                                            const Personal& pin, SignInOutcome out) {
    out.offline = true;
    auto fail = [&](SignInError error, std::string detail) {
        out.error = error;
        recordLocal({0, staffNumber, "sign-in-failed", std::move(detail)});
        return out;
    };
    auto cached = store_.reference(kStaffDirectoryPath);
    if (!cached) return fail(SignInError::NoDirectory, "offline: no staff directory on this kiosk");
    auto directory = parseStaffDirectory(cached->body);
    if (!directory) {
        KLOG_ERROR("staff desk: the cached staff directory is unusable: {}", directory.error());
        return fail(SignInError::NoDirectory, "offline: the staff directory is unusable");
    }
    for (const auto& problem : directory.value().problems) KLOG_WARN("staff desk: {}", problem);
    std::optional<OfflineKey> key = offlineKey_.get();
    if (!key || directory.value().keyId != offlineKey_.keyId()) {
        if (key) sodium_memzero(key->data(), key->size());
        KLOG_INFO("staff desk: offline sign-in unavailable ({})",
                  offlineKey_.has() ? "the offline key does not belong to the cached directory"
                                    : "no offline key since the kiosk started");
        return fail(SignInError::OfflineUnavailable, "offline: no offline key");
    }
    const StaffDirectoryEntry* entry = directory.value().find(staffNumber);
    if (!entry) {
        sodium_memzero(key->data(), key->size());
        return fail(SignInError::UnknownStaff, "offline: staff number not in the directory");
    }
    auto hash = pinHashOf(pin, entry->params);
    if (!hash) {
        sodium_memzero(key->data(), key->size());
        return fail(SignInError::StoreFailed, "offline: the PIN could not be hashed");
    }
    Digest32 verifier = pinVerifier(*key, *hash);
    const bool right = sodium_memcmp(verifier.data(), entry->verifier.data(), verifier.size()) == 0;
    SignInOutcome result = out;
    if (right) {
        const std::int64_t at = store_.nowMs();
        const std::string session = offlineSessionId();
        Digest32 proof = offlineProof(*key, *hash, central_.kioskId, staffNumber, session, at);
        sessions_[staffNumber] = Session{session, OfflineSessionProof{at, toBase64(proof), card}};
        result.member = entry->member;
        result.session = session;
    }
    sodium_memzero(hash->data(), hash->size());
    sodium_memzero(key->data(), key->size());
    if (!right) return countFailure(staffNumber, out, /*offline=*/true);
    return result;
}

SignInOutcome StaffDeskStore::checkSignIn(const std::string& staffNumber, const std::string& card,
                                          const Personal& pin) {
    SignInOutcome out;
    // The lock first: a locked number learns nothing about its PIN.
    auto state = store_.signInState(staffNumber);
    if (!state) {
        KLOG_ERROR("staff desk: sign-in state unreadable: {}", state.error().message);
        out.error = SignInError::StoreFailed;
        return out;
    }
    const std::int64_t now = store_.nowMs();
    if (isLockedOut(state.value(), now)) {
        out.error = SignInError::LockedOut;
        out.attemptsLeft = 0;
        out.lockedUntilMs = state.value().lockedUntilMs;
        recordLocal({0, staffNumber, "sign-in-refused-locked", "locked here until " + std::to_string(out.lockedUntilMs)});
        return out;
    }
    out.attemptsLeft = attemptsLeft(state.value(), now);
    if (!validPinShape(pin.reveal())) {
        out.error = SignInError::WrongPin;
        return out;
    }

    std::optional<OnlineAnswer> online;
    if (!central_.baseUrl.empty()) online = signInOnline(staffNumber, card, pin);
    if (!online) out = signInOffline(staffNumber, card, pin, out);
    else if (online->wrongPin)
        // Counted here too, so an outage right after does not give a fresh five.
        return countFailure(staffNumber, online->outcome, /*offline=*/false);
    else
        out = online->outcome;
    if (online && out.error != SignInError::None)
        recordLocal({0, staffNumber, out.error == SignInError::LockedOut ? "sign-in-refused-locked" : "sign-in-failed",
                     "refused at the centre"});
    if (out.error != SignInError::None || !out.member) return out;

    if (auto cleared = store_.clearSignIn(staffNumber); !cleared) {
        // Signed in all the same: the person proved who they are; the stale
        // count only means an earlier lock on the next mistakes.
        KLOG_WARN("staff desk: the failure count could not be cleared: {}", cleared.error().message);
    }
    out.attemptsLeft = kMaxPinFailures;
    if (online) {
        // The centre recorded the sign-in itself; here it is the local log's.
        sessions_[staffNumber] = Session{out.session, std::nullopt};
        recordLocal({0, staffNumber, "sign-in", staffRoleName(out.member->role)});
        // The centre is reachable now: make sure the next outage finds a
        // key that belongs to the cached directory.
        bool keyMatches = offlineKey_.has();
        if (auto cached = store_.reference(kStaffDirectoryPath); cached && keyMatches)
            if (auto directory = parseStaffDirectory(cached->body); directory)
                keyMatches = directory.value().keyId == offlineKey_.keyId();
        if (!keyMatches) fetchOfflineKey();
        // And what waited in the outbox (an offline sign-in's entries) can go now.
        if (sync_) sync_->syncNow();
    } else {
        // Offline: this entry carries the proof the centre checks.
        record({0, staffNumber, "sign-in", std::string("offline, ") + staffRoleName(out.member->role)});
    }
    return out;
}

void StaffDeskStore::signIn(std::string staffNumber, std::string card, Personal pin, Reply<SignInOutcome> done) {
    enqueue([this, staffNumber = std::move(staffNumber), card = std::move(card), pin = std::move(pin),
             done = std::move(done)]() mutable {
        SignInOutcome outcome;
        try {
            outcome = checkSignIn(staffNumber, card, pin);
        } catch (const std::exception& e) {
            // Staff wait at the PIN screen: they get an answer, not a spinner.
            KLOG_ERROR("staff desk: the sign-in failed: {}", e.what());
            outcome.error = SignInError::StoreFailed;
        }
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
                if (it.kind == kAuditKind || it.kind == kLockoutKind) continue;
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
