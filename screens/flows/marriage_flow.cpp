#include "screens/flows/marriage_flow.h"

#include <algorithm>

#include "kiosk/core/id_number.h"
#include "kiosk/core/log.h"
#include "kiosk/core/strings.h"

namespace kiosk {

using namespace std::chrono;

namespace {

// Per person, encrypted: the idempotency keys of requests queued offline.
constexpr const char* kRequestsSnapshot = "marriage-requests";
constexpr const char* kOfficesPath = "/api/v1/offices";
constexpr size_t kRememberedRequests = 5;

std::int64_t unixMs(system_clock::time_point t) { return duration_cast<milliseconds>(t.time_since_epoch()).count(); }

}  // namespace

bool MarriageFlow::owns(ScreenId screen) const {
    switch (screen) {
        case ScreenId::MarriageStart:
        case ScreenId::MarriagePartner:
        case ScreenId::MarriagePartnerNumber:
        case ScreenId::MarriageOffice:
        case ScreenId::MarriageDate:
        case ScreenId::MarriageSlot:
        case ScreenId::MarriagePhone:
        case ScreenId::MarriageConfirm:
        case ScreenId::MarriageResult:
        case ScreenId::MarriageLookup:
        case ScreenId::MarriageBooking:
        case ScreenId::MarriageCancel: return true;
        default: return false;
    }
}

StepBar MarriageFlow::steps(ScreenId current) const {
    // Two paths from the start screen, each with its own labelled steps and
    // both ending in "done", which the result (with its receipt) reaches.
    StepBar bar;
    const bool existing = current == ScreenId::MarriageLookup || current == ScreenId::MarriageBooking ||
                          current == ScreenId::MarriageCancel || mode_ == Mode::Change ||
                          (current == ScreenId::MarriageResult && action_ != Action::Book);
    if (existing) {
        bar.labels = {i18nKey("marriage.step.start"), i18nKey("marriage.step.find"), i18nKey("marriage.step.change"),
                      i18nKey("marriage.step.confirm"), i18nKey("step.done")};
        switch (current) {
            case ScreenId::MarriageStart: bar.current = 0; break;
            case ScreenId::MarriageLookup: bar.current = 1; break;
            case ScreenId::MarriageBooking:
            case ScreenId::MarriageDate:
            case ScreenId::MarriageSlot: bar.current = 2; break;
            case ScreenId::MarriageConfirm:
            case ScreenId::MarriageCancel: bar.current = 3; break;
            default: bar.current = 4; break;
        }
        return bar;
    }
    bar.labels = {i18nKey("marriage.step.start"), i18nKey("marriage.step.partner"), i18nKey("marriage.step.office"),
                  i18nKey("marriage.step.time"),  i18nKey("marriage.step.phone"),   i18nKey("marriage.step.confirm"),
                  i18nKey("step.done")};
    switch (current) {
        case ScreenId::MarriageStart: bar.current = 0; break;
        case ScreenId::MarriagePartner:
        case ScreenId::MarriagePartnerNumber: bar.current = 1; break;
        case ScreenId::MarriageOffice: bar.current = 2; break;
        case ScreenId::MarriageDate:
        case ScreenId::MarriageSlot: bar.current = 3; break;
        case ScreenId::MarriagePhone: bar.current = 4; break;
        case ScreenId::MarriageConfirm: bar.current = 5; break;
        default: bar.current = 6; break;
    }
    return bar;
}

year_month_day MarriageFlow::today() const { return todayOverride_.value_or(localDate(session_.timeFloor().now())); }
bool MarriageFlow::clockWrong() const {
    const TimeFloor& time = session_.timeFloor();
    return !todayOverride_ && time.wall() == TimeFloor::Wall::Behind && !time.serverNow();
}
year_month_day MarriageFlow::firstBookableDay() const { return sys_days(today()) + days(1); }
year_month_day MarriageFlow::lastBookableDay() const { return sys_days(today()) + days(kHorizonDays); }

// ---- start -----------------------------------------------------------------------
void MarriageFlow::begin() {
    wipe();
    if (const auto& identity = session_.data().identity) {
        applicant_ = partyFromIdNumber(identity->idNumber, identity->name);
        // A booking needs the 18-digit number the registration offices check
        // (a 2017 foreign permanent resident card has 15 characters).
        if (!isValidIdNumber(applicant_->idNumber.reveal()) || !applicant_->birthDate)
            applicantProblemKey_ = i18nKey("marriage.applicant_no_number");
    } else {
        applicantProblemKey_ = i18nKey("marriage.applicant_no_number");
    }
    session_.show(ScreenId::MarriageStart);
    loadEarlierRequests();
}

void MarriageFlow::startBooking() {
    if (applicantProblemKey_ || !applicant_) return;
    mode_ = Mode::Book;
    session_.show(ScreenId::MarriagePartner);
}

// ---- the second party ---------------------------------------------------------------
bool MarriageFlow::takeCard(IdCard& card) {
    const ScreenId at = session_.current();
    if (at != ScreenId::MarriagePartner && at != ScreenId::MarriagePartnerNumber) return false;
    if (!applicant_) return false;
    // Judged against the trusted time floor, as the resident's own card is
    // (kiosk/app/app.cpp): a clock set back never revives an expired card.
    switch (session_.timeFloor().judgeCard(card)) {
        case TimeFloor::Expiry::Expired: partnerErrorKey_ = partyProblemKey(PartyProblem::CardExpired); return true;
        case TimeFloor::Expiry::ExpiredByWallOnly:
            partnerErrorKey_ = i18nKey("marriage.partner_error.card_expired_clock");
            return true;
        case TimeFloor::Expiry::Valid:
        case TimeFloor::Expiry::Unknown: break;  // not expired by any time the kiosk trusts
    }
    MarriageParty party = partyFromCard(card);
    if (PartyProblem p = checkParties(*applicant_, party, lastBookableDay()); p != PartyProblem::None) {
        partnerErrorKey_ = partyProblemKey(p);
        party.wipe();
        return true;
    }
    partner_ = std::move(party);
    partnerErrorKey_ = nullptr;
    partnerEntry_.wipe();
    if (at == ScreenId::MarriagePartnerNumber) session_.back();
    return true;
}

void MarriageFlow::chooseKeyInPartner() {
    partnerErrorKey_ = nullptr;
    session_.show(ScreenId::MarriagePartnerNumber);
}

void MarriageFlow::partnerKey(char c) {
    if (partnerEntry_.size() >= SessionFlow::kMaxKeypadDigits) return;
    if ((c >= '0' && c <= '9') || c == 'X') partnerEntry_.append(c);
    partnerErrorKey_ = nullptr;
}

void MarriageFlow::partnerBackspace() {
    partnerEntry_.popBack();
    partnerErrorKey_ = nullptr;
}

void MarriageFlow::partnerClear() {
    partnerEntry_.wipe();
    partnerErrorKey_ = nullptr;
}

void MarriageFlow::submitPartnerNumber() {
    if (!applicant_) return;
    Personal number(normalizeIdNumber(partnerEntry_.reveal()));
    if (IdNumberError e = validateIdNumber(number.reveal()); e != IdNumberError::None) {
        partnerErrorKey_ = idNumberErrorKey(e);
        return;
    }
    MarriageParty party = partyFromIdNumber(std::move(number));
    if (PartyProblem p = checkParties(*applicant_, party, lastBookableDay()); p != PartyProblem::None) {
        partnerErrorKey_ = partyProblemKey(p);
        party.wipe();
        return;
    }
    partner_ = std::move(party);
    partnerErrorKey_ = nullptr;
    partnerEntry_.wipe();
    if (session_.current() == ScreenId::MarriagePartnerNumber) session_.back();
}

void MarriageFlow::clearPartner() {
    if (partner_) partner_->wipe();
    partner_.reset();
    partnerErrorKey_ = nullptr;
}

// ---- offices -----------------------------------------------------------------------------
void MarriageFlow::continueToOffices() {
    if (!partner_) return;
    session_.show(ScreenId::MarriageOffice);
    if (officesData_ != Data::Online && officesData_ != Data::Loading) loadOffices();
}

void MarriageFlow::retryOffices() {
    if (officesData_ != Data::Loading) loadOffices();
}

void MarriageFlow::loadOffices() {
    CentralApi* api = session_.central();
    if (!api) {
        officesData_ = Data::Unavailable;
        return;
    }
    officesData_ = Data::Loading;
    const int request = request_, generation = session_.generation();
    api->query("GET", kOfficesPath, Personal(), [this, request, generation](CentralReply reply) {
        if (stale(request, generation)) return;
        if (reply.ok()) {
            if (auto parsed = parseOffices(reply.body.reveal()); parsed && !parsed.value().empty()) {
                offices_ = std::move(parsed.value());
                officesData_ = Data::Online;
                officesAsOfMs_ = 0;
                return;
            } else if (!parsed) {
                KLOG_WARN("{}", parsed.error());
            }
        }
        // Offline: the list the sync engine cached, with its time.
        session_.central()->reference(kOfficesPath, [this, request, generation](std::optional<Snapshot> cached) {
            if (stale(request, generation)) return;
            if (cached)
                if (auto parsed = parseOffices(cached->body.reveal()); parsed && !parsed.value().empty()) {
                    offices_ = std::move(parsed.value());
                    officesData_ = Data::Cached;
                    officesAsOfMs_ = cached->asOfMs;
                    return;
                }
            officesData_ = Data::Unavailable;
        });
    });
}

const MarriageOffice* MarriageFlow::office() const {
    for (const auto& o : offices_)
        if (o.id == officeId_) return &o;
    return nullptr;
}

std::string MarriageFlow::officeName(const std::string& id) const {
    for (const auto& o : offices_)
        if (o.id == id) return o.name;
    return id;
}

void MarriageFlow::chooseOffice(size_t index) {
    if (index >= offices_.size()) return;
    if (offices_[index].id != officeId_) {
        choices_.clear();
        date_.clear();
    }
    officeId_ = offices_[index].id;
    showFirstMonth();
    session_.show(ScreenId::MarriageDate);
    loadSlots();
}

void MarriageFlow::showFirstMonth() {
    year_month_day first = firstBookableDay();
    if (partner_ && applicant_)
        if (auto eligible = firstEligibleDate(*applicant_, *partner_); eligible && sys_days(*eligible) > sys_days(first))
            first = *eligible;
    month_ = first.year() / first.month();
}

// ---- calendar and slots ----------------------------------------------------------------------
bool MarriageFlow::canShowPreviousMonth() const {
    const year_month_day first = firstBookableDay();
    return month_ > first.year() / first.month();
}

bool MarriageFlow::canShowNextMonth() const {
    const year_month_day last = lastBookableDay();
    return month_ < last.year() / last.month();
}

void MarriageFlow::showPreviousMonth() {
    if (!canShowPreviousMonth()) return;
    month_ -= months(1);
    loadSlots();
}

void MarriageFlow::showNextMonth() {
    if (!canShowNextMonth()) return;
    month_ += months(1);
    loadSlots();
}

void MarriageFlow::retrySlots() {
    if (slotsData_ == Data::Loading) return;
    // The clock was wrong when the month was chosen: today is known now.
    const year_month_day first = firstBookableDay(), last = lastBookableDay();
    if (month_ < first.year() / first.month() || month_ > last.year() / last.month()) showFirstMonth();
    loadSlots();
}

void MarriageFlow::loadSlots() {
    slots_.clear();
    CentralApi* api = session_.central();
    if (!api || officeId_.empty()) {
        slotsData_ = Data::Unavailable;
        return;
    }
    if (clockWrong()) {  // no month to ask for; the date screen says why
        slotsData_ = Data::Idle;
        return;
    }
    slotsData_ = Data::Loading;
    year_month_day from = month_ / day(1);
    if (sys_days(from) < sys_days(firstBookableDay())) from = firstBookableDay();
    const int request = request_, generation = session_.generation();
    api->query("GET", monthSlotsPath(officeId_, from), Personal(), [this, request, generation](CentralReply reply) {
        if (stale(request, generation)) return;
        if (reply.ok()) {
            if (auto parsed = parseSlots(reply.body.reveal()); parsed) {
                slots_ = std::move(parsed.value());
                slotsData_ = Data::Online;
                return;
            } else {
                KLOG_WARN("{}", parsed.error());
            }
        }
        // Not known now: offline the resident may still queue a request.
        slotsData_ = Data::Unavailable;
    });
}

std::vector<MarriageSlot> MarriageFlow::slotsOn(const std::string& date) const {
    std::vector<MarriageSlot> out;
    for (const auto& s : slots_)
        if (s.date == date) out.push_back(s);
    return out;
}

int MarriageFlow::freePlacesOn(const std::string& date) const {
    int free = 0;
    for (const auto& s : slots_)
        if (s.date == date) free += s.available;
    return free;
}

bool MarriageFlow::dayOpen(year_month_day d) const {
    if (clockWrong()) return false;
    if (sys_days(d) < sys_days(firstBookableDay()) || sys_days(d) > sys_days(lastBookableDay())) return false;
    if (applicant_ && !ofMarriageAge(*applicant_, d)) return false;
    if (mode_ == Mode::Book && partner_ && !ofMarriageAge(*partner_, d)) return false;
    if (slotsData_ == Data::Online) return freePlacesOn(formatDate(d)) > 0;
    // Offline a new booking may be requested for any day in reach; a change
    // needs the live calendar.
    return slotsData_ == Data::Unavailable && mode_ == Mode::Book;
}

void MarriageFlow::chooseDate(year_month_day d) {
    if (!dayOpen(d)) return;
    date_ = formatDate(d);
    session_.show(ScreenId::MarriageSlot);
}

int MarriageFlow::choiceIndex(const SlotChoice& choice) const {
    auto it = std::find(choices_.begin(), choices_.end(), choice);
    return it == choices_.end() ? -1 : static_cast<int>(it - choices_.begin());
}

void MarriageFlow::chooseSlot(const std::string& slot) {
    if (date_.empty()) return;
    SlotChoice choice{date_, slot};
    if (slotsData_ == Data::Online) {
        bool free = false;
        for (const auto& s : slots_) free |= s.date == date_ && s.slot == slot && s.available > 0;
        if (!free) return;
        choices_ = {choice};
        session_.show(mode_ == Mode::Change ? ScreenId::MarriageConfirm : ScreenId::MarriagePhone);
        return;
    }
    if (mode_ == Mode::Change) return;
    if (auto it = std::find(choices_.begin(), choices_.end(), choice); it != choices_.end()) choices_.erase(it);
    else if (choices_.size() < kMaxChoices) choices_.push_back(choice);
}

void MarriageFlow::anotherDay() {
    if (session_.current() == ScreenId::MarriageSlot) session_.back();
}

void MarriageFlow::continueFromSlots() {
    if (choices_.empty() || slotsData_ == Data::Online) return;
    session_.show(ScreenId::MarriagePhone);
}

// ---- phone ---------------------------------------------------------------------------------
void MarriageFlow::phoneKey(char c) {
    if (phoneEntry_.size() >= kPhoneDigits || c < '0' || c > '9') return;
    phoneEntry_.append(c);
    phoneErrorKey_ = nullptr;
}

void MarriageFlow::phoneBackspace() {
    phoneEntry_.popBack();
    phoneErrorKey_ = nullptr;
}

void MarriageFlow::phoneClear() {
    phoneEntry_.wipe();
    phoneErrorKey_ = nullptr;
}

void MarriageFlow::submitPhone() {
    if (!validMobileNumber(phoneEntry_.reveal())) {
        phoneErrorKey_ = i18nKey("marriage.phone_error");
        return;
    }
    phone_ = phoneEntry_;
    phoneErrorKey_ = nullptr;
    session_.show(ScreenId::MarriageConfirm);
}

// ---- confirming ----------------------------------------------------------------------------
void MarriageFlow::confirm() {
    if (choices_.empty() || !applicant_) return;
    if (mode_ == Mode::Change) {
        if (!lookedUp_) return;
        submitOne({"marriage-booking-change", "POST", "/api/v1/marriage-bookings/" + lookedUp_->reference + "/change",
                   "application/json", changeBookingBody(applicant_->idNumber, choices_.front())},
                  Action::Change);
        return;
    }
    if (!partner_ || phone_.empty()) return;
    MarriageBookingRequest request{officeId_, choices_, &*applicant_, &*partner_, &phone_};
    submitOne({"marriage-booking", "POST", "/api/v1/marriage-bookings", "application/json", bookingRequestBody(request)},
              Action::Book);
}

void MarriageFlow::askCancel() {
    if (lookedUp_ && lookedUp_->status == BookingStatus::Confirmed) session_.show(ScreenId::MarriageCancel);
}

void MarriageFlow::confirmCancel() {
    if (!lookedUp_ || !applicant_) return;
    submitOne({"marriage-booking-cancel", "POST", "/api/v1/marriage-bookings/" + lookedUp_->reference + "/cancel",
               "application/json", partyIdBody(applicant_->idNumber)},
              Action::Cancel);
}

void MarriageFlow::submitOne(Submission submission, Action action) {
    action_ = action;
    outcome_ = Outcome::Sending;
    outcomeKey_ = nullptr;
    booking_.reset();
    pendingKey_.clear();
    submittedKey_.clear();
    waitingSince_.reset();
    lastPoll_.reset();
    receiptWanted_ = false;
    session_.showResult(ScreenId::MarriageResult);
    CentralApi* api = session_.central();
    if (!api) {
        outcome_ = Outcome::StoreFailed;
        outcomeKey_ = i18nKey("submit.store_failed");
        return;
    }
    const int request = request_, generation = session_.generation();
    api->submit({std::move(submission)},
                [this, request, generation](Result<std::vector<SubmittedItem>, std::string> stored) {
                    if (stale(request, generation)) return;
                    if (!stored || stored.value().empty()) {
                        outcome_ = Outcome::StoreFailed;
                        outcomeKey_ = stored ? i18nKey("submit.store_failed")
                                             : (stored.error() == "submit.disk_full" ? i18nKey("submit.disk_full")
                                                                                      : i18nKey("submit.store_failed"));
                        return;
                    }
                    pendingKey_ = stored.value().front().idempotencyKey;
                    submittedKey_ = pendingKey_;
                    // Offline from the start (the slots could not be read): say so
                    // now; tick() keeps listening in case the answer comes while
                    // the resident is still here.
                    if (action_ == Action::Book && offline()) queueOffline();
                });
}

void MarriageFlow::tick(steady_clock::time_point now) {
    if (pendingKey_.empty() || pollInFlight_) return;
    if (outcome_ != Outcome::Sending && outcome_ != Outcome::Queued) return;
    CentralApi* api = session_.central();
    if (!api) return;
    if (!waitingSince_) waitingSince_ = now;
    if (lastPoll_ && now - *lastPoll_ < kPollEvery) return;
    lastPoll_ = now;
    pollInFlight_ = true;
    const bool late = now - *waitingSince_ >= kAckWait;
    const int request = request_, generation = session_.generation();
    api->submission(pendingKey_, [this, request, generation, late](SubmissionStatus status) {
        if (stale(request, generation)) return;
        pollInFlight_ = false;
        settle(status, late);
    });
}

void MarriageFlow::settle(const SubmissionStatus& status, bool late) {
    const bool wasQueued = outcome_ == Outcome::Queued;
    switch (status.state) {
        case SubmissionState::Acknowledged: {
            auto parsed = parseBooking(status.response.reveal());
            if (!parsed) {
                KLOG_WARN("{}", parsed.error());
                outcome_ = Outcome::Refused;
                outcomeKey_ = i18nKey("marriage.refused.other");
                break;
            }
            booking_ = std::move(parsed.value());
            if (action_ == Action::Cancel) outcome_ = Outcome::Cancelled;
            else outcome_ = booking_->status == BookingStatus::Confirmed ? Outcome::Confirmed : Outcome::Declined;
            if (action_ != Action::Book) lookedUp_ = booking_;
            receiptWanted_ = outcome_ == Outcome::Confirmed;
            break;
        }
        case SubmissionState::Rejected:
            outcome_ = Outcome::Refused;
            outcomeKey_ = status.httpStatus == 409   ? i18nKey("marriage.refused.slot_full")
                          : status.httpStatus == 403 ? i18nKey("marriage.refused.not_a_party")
                          : status.httpStatus == 422 ? i18nKey("marriage.refused.invalid")
                                                     : i18nKey("marriage.refused.other");
            break;
        case SubmissionState::Pending:
        case SubmissionState::Sending:
        case SubmissionState::Unknown: {
            // An attempt already failed with the centre down, or no answer in
            // time: the request waits in the outbox; say so plainly.
            const int s = status.httpStatus;
            const bool centreDown = s >= 500 || s == 408 || s == 429;
            if (outcome_ == Outcome::Sending && (late || centreDown)) {
                if (action_ == Action::Book) queueOffline();
                else outcome_ = Outcome::Queued;
            }
            return;
        }
    }
    // A queued request answered while the resident is still here: remember
    // that its answer was shown.
    if (wasQueued && action_ == Action::Book) {
        for (auto& q : queued_)
            if (q.idempotencyKey == pendingKey_) q.settled = true;
        saveEarlier();
    }
    pendingKey_.clear();
}

void MarriageFlow::queueOffline() {
    outcome_ = Outcome::Queued;
    // Not confirmed, but received: the resident leaves with a slip.
    receiptWanted_ = true;
    QueuedRequest q;
    q.idempotencyKey = pendingKey_;
    q.officeId = officeId_;
    q.choices = choices_;
    q.queuedMs = unixMs(session_.clock().wallNow());
    queued_.push_back(std::move(q));
    // Keep the newest few; the settled ones go first.
    while (queued_.size() > kRememberedRequests) {
        auto settled = std::find_if(queued_.begin(), queued_.end(), [](const QueuedRequest& r) { return r.settled; });
        queued_.erase(settled != queued_.end() ? settled : queued_.begin());
    }
    saveEarlier();
}

bool MarriageFlow::takeReceiptRequest() {
    const bool wanted = receiptWanted_;
    receiptWanted_ = false;
    return wanted;
}

void MarriageFlow::chooseAnotherTime() {
    if (officeId_.empty()) return;
    mode_ = action_ == Action::Change ? Mode::Change : Mode::Book;
    outcome_ = Outcome::None;
    choices_.clear();
    date_.clear();
    session_.show(ScreenId::MarriageDate);
    loadSlots();
}

// ---- earlier requests -------------------------------------------------------------------
void MarriageFlow::loadEarlierRequests() {
    CentralApi* api = session_.central();
    if (!api || !applicant_ || applicant_->idNumber.empty()) return;
    const int request = request_, generation = session_.generation();
    api->snapshot(kRequestsSnapshot, applicant_->idNumber, [this, request, generation](std::optional<Snapshot> snap) {
        if (stale(request, generation) || !snap) return;
        queued_ = parseQueuedRequests(snap->body.reveal());
        earlier_.clear();
        for (const auto& q : queued_)
            if (!q.settled) earlier_.push_back({q, SubmissionState::Unknown, std::nullopt});
        for (size_t i = 0; i < earlier_.size(); ++i) resolveEarlier(i);
    });
}

void MarriageFlow::resolveEarlier(size_t index) {
    const int request = request_, generation = session_.generation();
    session_.central()->submission(earlier_[index].request.idempotencyKey,
                                   [this, request, generation, index](SubmissionStatus status) {
                                       if (stale(request, generation) || index >= earlier_.size()) return;
                                       EarlierRequest& e = earlier_[index];
                                       e.state = status.state;
                                       if (status.state == SubmissionState::Acknowledged)
                                           if (auto parsed = parseBooking(status.response.reveal()); parsed)
                                               e.booking = std::move(parsed.value());
                                       const bool final = status.state == SubmissionState::Acknowledged ||
                                                          status.state == SubmissionState::Rejected;
                                       if (!final) return;
                                       // Shown now: the next visit need not look it up again.
                                       for (auto& q : queued_)
                                           if (q.idempotencyKey == e.request.idempotencyKey) q.settled = true;
                                       saveEarlier();
                                   });
}

void MarriageFlow::saveEarlier() {
    CentralApi* api = session_.central();
    if (!api || !applicant_) return;
    api->saveSnapshot(kRequestsSnapshot, applicant_->idNumber, Personal(queuedRequestsJson(queued_)));
}

void MarriageFlow::viewEarlierRequest(size_t index) {
    if (index >= earlier_.size()) return;
    const EarlierRequest& e = earlier_[index];
    action_ = Action::Book;
    mode_ = Mode::Book;
    officeId_ = e.request.officeId;
    choices_ = e.request.choices;
    booking_ = e.booking;
    outcomeKey_ = nullptr;
    pendingKey_.clear();
    submittedKey_ = e.request.idempotencyKey;
    switch (e.state) {
        case SubmissionState::Acknowledged:
            outcome_ = booking_ && booking_->status == BookingStatus::Confirmed ? Outcome::Confirmed : Outcome::Declined;
            break;
        case SubmissionState::Rejected:
            outcome_ = Outcome::Refused;
            outcomeKey_ = i18nKey("marriage.refused.other");
            break;
        default:
            outcome_ = Outcome::Queued;
            pendingKey_ = e.request.idempotencyKey;  // tick() keeps listening
            break;
    }
    receiptWanted_ = outcome_ == Outcome::Confirmed;
    session_.show(ScreenId::MarriageResult);
}

// ---- an existing booking --------------------------------------------------------------------
void MarriageFlow::openLookup() {
    lookup_ = Lookup::Idle;
    session_.show(ScreenId::MarriageLookup);
    if (officesData_ == Data::Idle || officesData_ == Data::Unavailable) loadOffices();  // for the office's name
}

void MarriageFlow::lookupKey(char c) {
    if (lookupEntry_.size() >= kReferenceDigits || c < '0' || c > '9') return;
    lookupEntry_.push_back(c);
    if (lookup_ != Lookup::Loading) lookup_ = Lookup::Idle;
}

void MarriageFlow::lookupBackspace() {
    if (!lookupEntry_.empty()) lookupEntry_.pop_back();
    if (lookup_ != Lookup::Loading) lookup_ = Lookup::Idle;
}

void MarriageFlow::lookupClear() {
    lookupEntry_.clear();
    if (lookup_ != Lookup::Loading) lookup_ = Lookup::Idle;
}

void MarriageFlow::submitLookup() {
    if (lookup_ == Lookup::Loading) return;
    auto reference = bookingReferenceFromDigits(lookupEntry_);
    if (!reference) {
        lookup_ = Lookup::NotFound;
        return;
    }
    // The centre answers only a party of the booking: the reference alone
    // reads nothing (references are short enough to be guessed).
    if (!applicant_) {
        lookup_ = Lookup::NotFound;
        return;
    }
    CentralApi* api = session_.central();
    if (!api) {
        lookup_ = Lookup::Offline;
        return;
    }
    lookup_ = Lookup::Loading;
    const int request = request_, generation = session_.generation();
    api->query("POST", "/api/v1/marriage-bookings/" + *reference + "/lookup", partyIdBody(applicant_->idNumber),
               [this, request, generation](CentralReply reply) {
                   if (stale(request, generation)) return;
                   showBookingLookup(std::move(reply));
               });
}

bool MarriageFlow::takeCode(const ScannedCode& code) {
    const ScreenId at = session_.current();
    if (at != ScreenId::MarriageStart && at != ScreenId::MarriageLookup) return false;
    if (!looksLikeBookingCode(code.text.reveal())) return false;
    if (at == ScreenId::MarriageStart) openLookup();
    CentralApi* api = session_.central();
    if (!api) {
        lookup_ = Lookup::Offline;
        return true;
    }
    lookup_ = Lookup::Loading;
    const int request = request_, generation = session_.generation();
    // The central service verifies the signature: the code is not trusted here.
    api->query("POST", "/api/v1/status/lookup", Personal(codeLookupBody(code.text.reveal())),
               [this, request, generation](CentralReply reply) {
                   if (stale(request, generation)) return;
                   showBookingLookup(std::move(reply));
               });
    return true;
}

void MarriageFlow::showBookingLookup(CentralReply reply) {
    if (reply.ok()) {
        if (auto parsed = parseBooking(reply.body.reveal()); parsed) {
            lookedUp_ = std::move(parsed.value());
            lookup_ = Lookup::Found;
            if (session_.current() == ScreenId::MarriageLookup) session_.show(ScreenId::MarriageBooking);
            return;
        }
        lookup_ = Lookup::NotFound;
        return;
    }
    if (reply.offline()) lookup_ = Lookup::Offline;
    else if (reply.status == 422) lookup_ = Lookup::BadCode;
    else lookup_ = Lookup::NotFound;
}

void MarriageFlow::changeBooking() {
    if (!lookedUp_ || lookedUp_->status != BookingStatus::Confirmed) return;
    mode_ = Mode::Change;
    officeId_ = lookedUp_->officeId;
    choices_.clear();
    date_.clear();
    const year_month_day first = firstBookableDay();
    month_ = first.year() / first.month();
    session_.show(ScreenId::MarriageDate);
    loadSlots();
}

// ---- the end of a session -------------------------------------------------------------------
void MarriageFlow::wipe() {
    ++request_;
    mode_ = Mode::Book;
    action_ = Action::Book;
    if (applicant_) applicant_->wipe();
    applicant_.reset();
    clearPartner();
    applicantProblemKey_ = nullptr;
    partnerEntry_.wipe();
    officesData_ = Data::Idle;
    officesAsOfMs_ = 0;
    offices_.clear();
    officeId_.clear();
    slotsData_ = Data::Idle;
    month_ = {};
    slots_.clear();
    date_.clear();
    choices_.clear();
    phoneEntry_.wipe();
    phone_.wipe();
    phoneErrorKey_ = nullptr;
    outcome_ = Outcome::None;
    outcomeKey_ = nullptr;
    booking_.reset();
    pendingKey_.clear();
    submittedKey_.clear();
    waitingSince_.reset();
    lastPoll_.reset();
    pollInFlight_ = false;
    receiptWanted_ = false;
    lookupEntry_.clear();
    lookup_ = Lookup::Idle;
    lookedUp_.reset();
    queued_.clear();
    earlier_.clear();
}

}  // namespace kiosk
