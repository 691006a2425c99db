#pragma once
// Marriage registration appointments (services.md): both parties, office,
// date on a calendar that shows availability, time slot, phone, confirm.
//
//   MarriageStart -> MarriagePartner (-> MarriagePartnerNumber) -> MarriageOffice
//     -> MarriageDate -> MarriageSlot -> MarriagePhone -> MarriageConfirm -> MarriageResult
//   MarriageStart -> MarriageLookup -> MarriageBooking -> (Change: Date -> Slot -> Confirm)
//                                                     -> (Cancel: MarriageCancel) -> MarriageResult
//
// - The first party is the identified resident; the second lays a card on
//   the reader while MarriagePartner shows (takeCard) or keys in the number.
//   Both are checked here (legal age on the dates on offer, not the same
//   person) before an office is chosen.
// - Online: offices and a month of slots come from the central service; the
//   booking goes through CentralApi::submit (durable, sent once with its
//   Idempotency-Key) and the flow waits for its acknowledgement (tick()).
// - Offline (offices from the cached reference, slots unknown): the resident
//   picks a date and up to three time choices (the first wanted, the others
//   fallbacks) and the request is queued, plainly "not confirmed yet". Its
//   key is kept in an encrypted snapshot for the person, so the next time
//   the resident opens the service the flow looks up its fate.
// - A booking is looked up by its number (keypad) or its QR code
//   (takeCode; the central service verifies the signed code), then changed
//   or cancelled by one of the parties.
//
// UI thread only; CentralApi replies arrive on the UI thread.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/marriage.h"
#include "screens/flows/service_flow.h"

namespace kiosk {

class MarriageFlow : public ServiceFlow {
public:
    // How far ahead the kiosk offers dates (the central service seeds 60 days).
    static constexpr int kHorizonDays = 60;
    static constexpr size_t kMaxChoices = 3;  // the wanted slot and two fallbacks
    static constexpr size_t kPhoneDigits = 11;
    static constexpr size_t kReferenceDigits = 10;
    // How long a booking waits for the central acknowledgement before it is
    // treated as queued (the centre went away between the slots and the booking).
    static constexpr std::chrono::milliseconds kAckWait{8000};
    static constexpr std::chrono::milliseconds kPollEvery{250};

    enum class Mode { Book, Change };
    // What the last confirm() / confirmCancel() sent.
    enum class Action { Book, Change, Cancel };
    enum class Data { Idle, Loading, Online, Cached, Unavailable };
    enum class Outcome {
        None,
        Sending,     // stored in the outbox; waiting for the acknowledgement
        Confirmed,   // booked (or changed): reference and code
        Declined,    // no room in the wanted slot nor the fallbacks
        Queued,      // offline: a request, not confirmed yet
        Refused,     // the central service refused it (final 4xx); outcomeKey() says why
        StoreFailed, // the kiosk could not store it; outcomeKey() says why
        Cancelled,
    };
    enum class Lookup { Idle, Loading, Found, NotFound, BadCode, Offline };
    // An earlier offline request of this resident and what became of it.
    struct EarlierRequest {
        QueuedRequest request;
        SubmissionState state = SubmissionState::Unknown;
        std::optional<MarriageBooking> booking;  // once acknowledged
    };

    using ServiceFlow::ServiceFlow;

    ServiceId service() const override { return ServiceId::Marriage; }
    void begin() override;
    bool owns(ScreenId screen) const override;
    StepBar steps(ScreenId current) const override;
    bool takeCard(IdCard& card) override;
    bool takeCode(const ScannedCode& code) override;
    // A booking being put together (a partner, slots or a phone number) and
    // not sent yet: Home asks first.
    bool hasUnsavedWork() const override {
        return outcome_ == Outcome::None && (partner_.has_value() || !choices_.empty() || !phone_.empty());
    }
    void wipe() override;

    // --- state -----------------------------------------------------------
    Mode mode() const { return mode_; }
    // The day the calendar counts from (tomorrow is the first bookable day):
    // the local date of the session's trusted time (SessionFlow::timeFloor()):
    // the wall clock's when it is believed, the centre's when the wall clock
    // is known to be wrong (#15: not 1970 after an RTC reset).
    std::chrono::year_month_day today() const;
    // The kiosk's clock is set back (behind its trusted time floor) and the
    // centre's time was not heard: today is not known. The calendar offers
    // no day, no slots are asked for, and the date screen says the clock is
    // wrong and to ask staff, rather than showing 1970's dates.
    bool clockWrong() const;
    std::chrono::year_month_day firstBookableDay() const;
    std::chrono::year_month_day lastBookableDay() const;
    const std::optional<MarriageParty>& applicant() const { return applicant_; }
    const std::optional<MarriageParty>& partner() const { return partner_; }
    // Set when the resident's own number cannot book (not an 18-digit number).
    const char* applicantProblemKey() const { return applicantProblemKey_; }
    // The message next to the partner field (i18n key or null).
    const char* partnerErrorKey() const { return partnerErrorKey_; }
    const Personal& partnerEntry() const { return partnerEntry_; }
    bool partnerDemoAvailable() const { return session_.demo(); }
    int partnerDemoRequests() const { return partnerDemoRequests_; }

    Data officesData() const { return officesData_; }
    std::int64_t officesAsOfMs() const { return officesAsOfMs_; }
    const std::vector<MarriageOffice>& offices() const { return offices_; }
    const MarriageOffice* office() const;
    // The office's Chinese name for an id (the id itself when unknown).
    std::string officeName(const std::string& id) const;

    Data slotsData() const { return slotsData_; }
    bool offline() const { return slotsData_ == Data::Cached || slotsData_ == Data::Unavailable; }
    std::chrono::year_month month() const { return month_; }
    bool canShowPreviousMonth() const;
    bool canShowNextMonth() const;
    const std::vector<MarriageSlot>& slots() const { return slots_; }
    // The slots of a day (online); free places summed for the calendar.
    std::vector<MarriageSlot> slotsOn(const std::string& date) const;
    int freePlacesOn(const std::string& date) const;
    bool dayOpen(std::chrono::year_month_day day) const;  // within reach, both of age (and, online, has slots)
    const std::string& date() const { return date_; }
    const std::vector<SlotChoice>& choices() const { return choices_; }
    // 0-based position of a slot among the choices, or -1.
    int choiceIndex(const SlotChoice& choice) const;

    const Personal& phoneEntry() const { return phoneEntry_; }
    const char* phoneErrorKey() const { return phoneErrorKey_; }

    Action action() const { return action_; }
    Outcome outcome() const { return outcome_; }
    const char* outcomeKey() const { return outcomeKey_; }
    const std::optional<MarriageBooking>& booking() const { return booking_; }
    // For an outcome without a booking of the centre's (queued offline,
    // refused): this kiosk's reference (the first 8 characters of the
    // submission's key) and the slip's QR (queuedSlipCode); "" when nothing
    // was stored.
    std::string localReference() const { return submittedKey_.substr(0, 8); }
    std::string slipCode() const { return submittedKey_.empty() ? std::string() : queuedSlipCode(submittedKey_); }
    // The view asks for the receipt once per confirmation or queued request
    // (it translates it).
    bool takeReceiptRequest();

    const std::string& lookupEntry() const { return lookupEntry_; }
    Lookup lookup() const { return lookup_; }
    const std::optional<MarriageBooking>& lookedUp() const { return lookedUp_; }
    const std::vector<EarlierRequest>& earlierRequests() const { return earlier_; }

    // --- intents: a new booking -------------------------------------------
    void startBooking();                    // MarriageStart -> MarriagePartner
    void chooseKeyInPartner();              // -> MarriagePartnerNumber
    void partnerKey(char c);                // '0'-'9', 'X'
    void partnerBackspace();
    void partnerClear();
    void submitPartnerNumber();             // validated: back to MarriagePartner with the partner
    void requestPartnerDemoCard() { ++partnerDemoRequests_; }
    void clearPartner();
    void continueToOffices();               // MarriagePartner -> MarriageOffice
    void retryOffices();
    void chooseOffice(size_t index);        // -> MarriageDate (loads the month)
    void showPreviousMonth();
    void showNextMonth();
    void retrySlots();  // also after the clock was wrong: the month is found again
    void chooseDate(std::chrono::year_month_day day);  // -> MarriageSlot
    // Online: takes the slot and moves on. Offline: adds or removes it among
    // the choices (at most kMaxChoices, in the order picked).
    void chooseSlot(const std::string& slot);
    void anotherDay();                      // offline: back to the calendar, choices kept
    void continueFromSlots();               // offline -> MarriagePhone
    void phoneKey(char c);
    void phoneBackspace();
    void phoneClear();
    void submitPhone();                     // validated -> MarriageConfirm
    void confirm();                         // submits the booking (or the change)
    void chooseAnotherTime();               // after Declined / slot full: back to the calendar
    // The view calls this every frame (and tests with their own times): polls
    // the pending acknowledgement.
    void tick(std::chrono::steady_clock::time_point now);

    // --- intents: an existing booking -------------------------------------
    void openLookup();                      // MarriageStart -> MarriageLookup
    void lookupKey(char c);
    void lookupBackspace();
    void lookupClear();
    void submitLookup();
    void changeBooking();                   // MarriageBooking -> MarriageDate (change mode)
    void askCancel();                       // MarriageBooking -> MarriageCancel
    void confirmCancel();
    void viewEarlierRequest(size_t index);  // the answer to an offline request

    // For tests and the guided tour: the day the flow counts from (default: the local date).
    void setToday(std::chrono::year_month_day day) { todayOverride_ = day; }

private:
    void loadOffices();
    void loadSlots();
    void showFirstMonth();  // the month of the first day both can book
    void loadEarlierRequests();
    void resolveEarlier(size_t index);
    void saveEarlier();
    void submitOne(Submission submission, Action action);
    void settle(const SubmissionStatus& status, bool late);
    void queueOffline();
    void showBookingLookup(CentralReply reply);
    bool stale(int request, int generation) const { return request != request_ || generation != session_.generation(); }

    Mode mode_ = Mode::Book;
    std::optional<MarriageParty> applicant_;
    std::optional<MarriageParty> partner_;
    const char* applicantProblemKey_ = nullptr;
    const char* partnerErrorKey_ = nullptr;
    Personal partnerEntry_;
    int partnerDemoRequests_ = 0;

    Data officesData_ = Data::Idle;
    std::int64_t officesAsOfMs_ = 0;
    std::vector<MarriageOffice> offices_;
    std::string officeId_;

    Data slotsData_ = Data::Idle;
    std::chrono::year_month month_{};
    std::vector<MarriageSlot> slots_;
    std::string date_;
    std::vector<SlotChoice> choices_;

    Personal phoneEntry_;
    Personal phone_;
    const char* phoneErrorKey_ = nullptr;

    Action action_ = Action::Book;
    Outcome outcome_ = Outcome::None;
    const char* outcomeKey_ = nullptr;
    std::optional<MarriageBooking> booking_;
    std::string pendingKey_;
    std::string submittedKey_;  // the last submission's key (kept when it settles)
    std::optional<std::chrono::steady_clock::time_point> waitingSince_;
    std::optional<std::chrono::steady_clock::time_point> lastPoll_;
    bool pollInFlight_ = false;
    bool receiptWanted_ = false;

    std::string lookupEntry_;  // digits of a booking number: a reference, not personal
    Lookup lookup_ = Lookup::Idle;
    std::optional<MarriageBooking> lookedUp_;
    std::vector<QueuedRequest> queued_;  // the person's snapshot, settled ones included
    std::vector<EarlierRequest> earlier_;  // those not settled when the service opened

    std::optional<std::chrono::year_month_day> todayOverride_;
    int request_ = 0;  // bumped by wipe(): replies for an earlier run are dropped
};

}  // namespace kiosk
