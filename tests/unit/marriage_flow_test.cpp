// The marriage booking flow as a model: a small CentralApi in the test
// answers from canned JSON (replies are delivered later, as the real one
// does, when the test calls deliver()).
#include "screens/flows/marriage_flow.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <deque>
#include <functional>
#include <map>

#include "kiosk/core/id_number.h"
#include "screens/flows/service_flows.h"

using namespace kiosk;
using namespace std::chrono;

namespace {

constexpr const char* kOffices = R"({"offices":[{"id":"xihu","name":"西湖区婚姻登记处","address":"a"},
                                                {"id":"binjiang","name":"滨江区婚姻登记处","address":"b"}]})";
constexpr const char* kMan = "330106199003070014";      // 1990, male
constexpr const char* kWoman = "11010519491231002X";     // 1949, female: the identified resident

class FakeCentral : public CentralApi {
public:
    bool online = true;
    std::map<std::string, std::string> answers;  // "GET /path" -> body (online)
    std::optional<std::string> cachedOffices;
    std::vector<Submission> submitted;
    std::map<std::string, SubmissionStatus> statuses;  // by key
    std::map<std::string, std::string> snapshots;     // kind + subject -> body
    int submissionQueries = 0;
    std::vector<std::string> queryBodies;

    std::vector<std::string> queryPaths;

    void query(std::string method, std::string path, Personal body, Reply<CentralReply> done) override {
        queryBodies.push_back(body.reveal());
        queryPaths.push_back(path);
        CentralReply r;
        auto it = answers.find(method + " " + path.substr(0, path.find('?')));
        if (!online) r.status = 503;
        else if (it == answers.end()) r.status = 404;
        else { r.status = 200; r.body = Personal(it->second); }
        later([done, r]() mutable { done(std::move(r)); });
    }
    void submit(std::vector<Submission> chain, Reply<Result<std::vector<SubmittedItem>, std::string>> done) override {
        std::vector<SubmittedItem> items;
        for (auto& s : chain) {
            items.push_back({static_cast<std::int64_t>(submitted.size() + 1), "key-" + std::to_string(submitted.size() + 1)});
            statuses[items.back().idempotencyKey].state = SubmissionState::Pending;
            submitted.push_back(std::move(s));
        }
        later([done, items] { done(items); });
    }
    void submission(std::string key, Reply<SubmissionStatus> done) override {
        ++submissionQueries;
        SubmissionStatus s = statuses.count(key) ? statuses[key] : SubmissionStatus{};
        later([done, s]() mutable { done(std::move(s)); });
    }
    void saveSnapshot(std::string kind, Personal subject, Personal body) override {
        snapshots[kind + "/" + subject.reveal()] = body.reveal();
    }
    void snapshot(std::string kind, Personal subject, Reply<std::optional<Snapshot>> done) override {
        std::optional<Snapshot> s;
        if (auto it = snapshots.find(kind + "/" + subject.reveal()); it != snapshots.end()) s = Snapshot{Personal(it->second), 1};
        later([done, s]() mutable { done(std::move(s)); });
    }
    void reference(std::string, Reply<std::optional<Snapshot>> done) override {
        std::optional<Snapshot> s;
        if (cachedOffices) s = Snapshot{Personal(*cachedOffices), 1700000000000};
        later([done, s]() mutable { done(std::move(s)); });
    }
    // Runs every reply queued so far (and those they queue).
    void deliver() {
        while (!pending_.empty()) {
            auto f = std::move(pending_.front());
            pending_.pop_front();
            f();
        }
    }

private:
    void later(std::function<void()> f) { pending_.push_back(std::move(f)); }
    std::deque<std::function<void()>> pending_;
};

class MarriageFlowTest : public ::testing::Test {
protected:
    void SetUp() override {
        session.setCentral(&central);
        central.answers["GET /api/v1/offices"] = kOffices;
        central.answers["GET /api/v1/offices/xihu/slots"] =
            R"({"officeId":"xihu","slots":[{"date":"2026-12-02","slot":"09:00-10:00","capacity":4,"available":2},
                                           {"date":"2026-12-02","slot":"10:00-11:00","capacity":4,"available":0}]})";
        if (fixedToday) flow().setToday(year(2026) / December / day(1));
        session.start();
        session.chooseKeyIn();
        for (char c : std::string(kWoman)) session.keypadPress(c);
        ASSERT_EQ(session.submitKeyedNumber(), IdNumberError::None);
        ASSERT_TRUE(session.chooseService(ServiceId::Marriage));
        central.deliver();
        ASSERT_EQ(session.current(), ScreenId::MarriageStart);
    }
    MarriageFlow& flow() { return session.services().marriage; }
    void keyPartner(const std::string& number) {
        flow().chooseKeyInPartner();
        for (char c : number) flow().partnerKey(c);
        flow().submitPartnerNumber();
    }
    // Partner by number, the first office, 2 December.
    void upToTheSlots() {
        flow().startBooking();
        keyPartner(kMan);
        ASSERT_EQ(session.current(), ScreenId::MarriagePartner);
        flow().continueToOffices();
        central.deliver();
        flow().chooseOffice(0);
        central.deliver();
        flow().chooseDate(year(2026) / December / day(2));
        ASSERT_EQ(session.current(), ScreenId::MarriageSlot);
    }
    void keyPhone(const std::string& digits) {
        for (char c : digits) flow().phoneKey(c);
        flow().submitPhone();
    }

    static KioskConfig keyInConfig() {
        KioskConfig cfg;
        cfg.identity.residentKeyIn = true;  // these tests key numbers in without staff
        return cfg;
    }

    KioskConfig cfg = keyInConfig();
    SessionFlow session{cfg};
    FakeCentral central;
    bool fixedToday = true;  // false: the flow's today comes from the session's clock
};

// The session on a ManualClock and a time floor on it, today not fixed (#15).
class MarriageClockTest : public MarriageFlowTest {
protected:
    void SetUp() override {
        fixedToday = false;
        session.setClock(clock);
        session.setTimeFloor(floor);
        MarriageFlowTest::SetUp();
    }
    ManualClock clock;
    TimeFloor floor{clock};
};

}  // namespace

TEST_F(MarriageFlowTest, ThePartnersNumberIsCheckedWithTheMessageNextToIt) {
    flow().startBooking();
    ASSERT_EQ(session.current(), ScreenId::MarriagePartner);
    keyPartner("330106199003070015");  // wrong check digit
    EXPECT_EQ(session.current(), ScreenId::MarriagePartnerNumber);
    EXPECT_STREQ(flow().partnerErrorKey(), "id.error.check");
    EXPECT_FALSE(flow().partner());
    EXPECT_EQ(flow().partnerEntry().size(), 18u) << "a wrong number stays on the keypad to be corrected";
    flow().partnerClear();
    for (char c : std::string(kWoman)) flow().partnerKey(c);  // the resident's own number
    flow().submitPartnerNumber();
    EXPECT_STREQ(flow().partnerErrorKey(), "marriage.partner_error.same_person");
    flow().partnerClear();
    const std::string first17 = "33010620080101001";  // a man of 18: not of age within 60 days
    for (char c : first17 + *idCheckCharacter(first17)) flow().partnerKey(c);
    flow().submitPartnerNumber();
    EXPECT_STREQ(flow().partnerErrorKey(), "marriage.partner_error.under_age");
    EXPECT_FALSE(flow().partner());
}

TEST_F(MarriageFlowTest, AnExpiredCardIsRefusedAndAValidOneIsTakenOnlyOnThePartnerScreen) {
    IdCard card;
    card.name = Personal("李婷");
    card.idNumber = Personal("330106199608150025");
    card.gender = Gender::Female;
    card.birthDate = Personal("1996-08-15");
    EXPECT_FALSE(flow().takeCard(card)) << "the start screen takes no card";
    flow().startBooking();
    card.validTo = year(2020) / January / day(1);
    EXPECT_TRUE(flow().takeCard(card));
    EXPECT_STREQ(flow().partnerErrorKey(), "marriage.partner_error.card_expired");
    EXPECT_FALSE(flow().partner());
    card.validTo.reset();
    EXPECT_TRUE(flow().takeCard(card));
    ASSERT_TRUE(flow().partner());
    EXPECT_EQ(flow().partner()->name.reveal(), "李婷");
    EXPECT_EQ(flow().partnerErrorKey(), nullptr);
}

TEST_F(MarriageFlowTest, OnlineTheBookingIsConfirmedWhenTheCentreAcknowledges) {
    upToTheSlots();
    EXPECT_EQ(flow().slotsData(), MarriageFlow::Data::Online);
    EXPECT_EQ(flow().freePlacesOn("2026-12-02"), 2);
    EXPECT_FALSE(flow().dayOpen(year(2026) / December / day(3))) << "no slots that day";
    flow().chooseSlot("10:00-11:00");  // full
    EXPECT_EQ(session.current(), ScreenId::MarriageSlot);
    flow().chooseSlot("09:00-10:00");
    ASSERT_EQ(session.current(), ScreenId::MarriagePhone);
    keyPhone("1391234567");  // 10 digits
    EXPECT_STREQ(flow().phoneErrorKey(), "marriage.phone_error");
    EXPECT_EQ(session.current(), ScreenId::MarriagePhone);
    flow().phoneKey('8');
    flow().submitPhone();
    ASSERT_EQ(session.current(), ScreenId::MarriageConfirm);
    flow().confirm();
    EXPECT_EQ(session.current(), ScreenId::MarriageResult);
    EXPECT_EQ(flow().outcome(), MarriageFlow::Outcome::Sending);
    central.deliver();
    ASSERT_EQ(central.submitted.size(), 1u);
    EXPECT_EQ(central.submitted[0].path, "/api/v1/marriage-bookings");
    EXPECT_EQ(central.submitted[0].kind, "marriage-booking");

    auto t0 = steady_clock::now();
    flow().tick(t0);
    central.deliver();
    EXPECT_EQ(flow().outcome(), MarriageFlow::Outcome::Sending) << "pending, and not late yet";
    central.statuses["key-1"] = {SubmissionState::Acknowledged, 201,
                                 Personal(R"({"kind":"marriage-booking","reference":"MB-000009","officeId":"xihu",)"
                                          R"("date":"2026-12-02","slot":"09:00-10:00","status":"confirmed","code":"KC1.B.x"})")};
    flow().tick(t0 + milliseconds(100));  // too soon after the last poll
    central.deliver();
    EXPECT_EQ(flow().outcome(), MarriageFlow::Outcome::Sending);
    flow().tick(t0 + MarriageFlow::kPollEvery);
    central.deliver();
    ASSERT_EQ(flow().outcome(), MarriageFlow::Outcome::Confirmed);
    EXPECT_EQ(flow().booking()->reference, "MB-000009");
    EXPECT_TRUE(flow().takeReceiptRequest());
    EXPECT_FALSE(flow().takeReceiptRequest()) << "one receipt per confirmation";
    EXPECT_TRUE(central.snapshots.empty()) << "a confirmed booking leaves no request behind";
}

TEST_F(MarriageFlowTest, OfflineARequestWithFallbacksIsQueuedAndRememberedForTheNextVisit) {
    central.online = false;
    central.cachedOffices = kOffices;
    flow().startBooking();
    keyPartner(kMan);
    flow().continueToOffices();
    central.deliver();
    EXPECT_EQ(flow().officesData(), MarriageFlow::Data::Cached);
    flow().chooseOffice(1);
    central.deliver();
    EXPECT_TRUE(flow().offline());
    flow().chooseDate(year(2026) / December / day(5));
    flow().chooseSlot("09:00-10:00");
    flow().chooseSlot("10:00-11:00");
    EXPECT_EQ(session.current(), ScreenId::MarriageSlot) << "offline a tap adds a choice";
    flow().chooseSlot("10:00-11:00");  // a second tap takes it back
    ASSERT_EQ(flow().choices().size(), 1u);
    flow().anotherDay();
    EXPECT_EQ(session.current(), ScreenId::MarriageDate);
    flow().chooseDate(year(2026) / December / day(7));
    flow().chooseSlot("13:30-14:30");
    flow().chooseSlot("14:30-15:30");
    flow().chooseSlot("15:30-16:30");  // a fourth choice is one too many
    ASSERT_EQ(flow().choices().size(), MarriageFlow::kMaxChoices);
    flow().continueFromSlots();
    keyPhone("13912345678");
    flow().confirm();
    central.deliver();
    ASSERT_EQ(flow().outcome(), MarriageFlow::Outcome::Queued) << "offline: said plainly, at once";
    // Not confirmed, yet the resident leaves with a reference, a slip and its QR.
    EXPECT_EQ(flow().localReference(), "key-1");
    EXPECT_EQ(flow().slipCode(), queuedSlipCode("key-1"));
    EXPECT_TRUE(flow().takeReceiptRequest());
    EXPECT_FALSE(flow().takeReceiptRequest());
    EXPECT_EQ(session.stepBar().current, static_cast<int>(session.stepBar().labels.size()) - 1) << "the result is \"done\"";
    auto body = nlohmann::json::parse(central.submitted.at(0).body.reveal());
    EXPECT_EQ(body["officeId"], "binjiang");
    EXPECT_EQ(body["date"], "2026-12-05");
    EXPECT_EQ(body["fallbacks"].size(), 2u);
    auto saved = parseQueuedRequests(central.snapshots.at(std::string("marriage-requests/") + kWoman));
    ASSERT_EQ(saved.size(), 1u);
    EXPECT_EQ(saved[0].idempotencyKey, "key-1");
    EXPECT_FALSE(saved[0].settled);

    // The next visit, once the centre has answered: the answer is shown.
    session.home();
    central.statuses["key-1"] = {SubmissionState::Acknowledged, 201,
                                 Personal(R"({"kind":"marriage-booking","reference":"MB-000010","officeId":"binjiang",)"
                                          R"("date":"2026-12-07","slot":"13:30-14:30","status":"confirmed","code":"KC1.B.y"})")};
    ASSERT_TRUE(session.chooseService(ServiceId::Marriage));
    central.deliver();
    ASSERT_EQ(flow().earlierRequests().size(), 1u);
    ASSERT_TRUE(flow().earlierRequests()[0].booking);
    EXPECT_EQ(flow().earlierRequests()[0].booking->reference, "MB-000010");
    EXPECT_TRUE(parseQueuedRequests(central.snapshots.at(std::string("marriage-requests/") + kWoman))[0].settled)
        << "once shown, not looked up again";
    flow().viewEarlierRequest(0);
    EXPECT_EQ(session.current(), ScreenId::MarriageResult);
    EXPECT_EQ(flow().outcome(), MarriageFlow::Outcome::Confirmed);
}

TEST_F(MarriageFlowTest, OnlineButNoAcknowledgementInTimeBecomesAQueuedRequest) {
    upToTheSlots();
    flow().chooseSlot("09:00-10:00");
    keyPhone("13912345678");
    flow().confirm();
    central.deliver();
    auto t0 = steady_clock::now();
    flow().tick(t0);
    central.deliver();
    EXPECT_EQ(flow().outcome(), MarriageFlow::Outcome::Sending);
    flow().tick(t0 + MarriageFlow::kAckWait);
    central.deliver();
    EXPECT_EQ(flow().outcome(), MarriageFlow::Outcome::Queued);
    EXPECT_EQ(central.snapshots.size(), 1u);
}

TEST_F(MarriageFlowTest, BackKeepsWhatWasEnteredAndTheSessionEndWipesIt) {
    upToTheSlots();
    flow().chooseSlot("09:00-10:00");
    for (char c : std::string("139")) flow().phoneKey(c);
    session.back();  // to the slots
    session.back();  // to the calendar
    session.back();  // to the offices
    session.back();  // to the partner
    EXPECT_EQ(session.current(), ScreenId::MarriagePartner);
    ASSERT_TRUE(flow().partner());
    EXPECT_EQ(flow().partner()->idNumber.reveal(), kMan);
    EXPECT_EQ(flow().phoneEntry().reveal(), "139");
    EXPECT_EQ(flow().choices().size(), 1u);
    session.endSession();
    EXPECT_FALSE(flow().partner());
    EXPECT_FALSE(flow().applicant());
    EXPECT_TRUE(flow().phoneEntry().empty());
    EXPECT_TRUE(flow().choices().empty());
}

TEST_F(MarriageFlowTest, ABookingIsFoundByNumberAndCancelledOnlyAfterAskingAgain) {
    central.answers["POST /api/v1/marriage-bookings/MB-000042/lookup"] =
        R"({"kind":"marriage-booking","reference":"MB-000042","officeId":"xihu","date":"2026-12-02",)"
        R"("slot":"09:00-10:00","status":"confirmed","code":"KC1.B.z"})";
    flow().openLookup();
    for (char c : std::string("41")) flow().lookupKey(c);
    flow().submitLookup();
    central.deliver();
    EXPECT_EQ(flow().lookup(), MarriageFlow::Lookup::NotFound);
    EXPECT_EQ(session.current(), ScreenId::MarriageLookup);
    flow().lookupBackspace();
    flow().lookupKey('2');
    flow().submitLookup();
    central.deliver();
    ASSERT_EQ(session.current(), ScreenId::MarriageBooking);
    // The lookup names the resident as a party: the reference alone reads nothing.
    EXPECT_EQ(nlohmann::json::parse(central.queryBodies.back())["idNumber"], kWoman);
    flow().askCancel();
    ASSERT_EQ(session.current(), ScreenId::MarriageCancel);
    EXPECT_TRUE(central.submitted.empty()) << "nothing is cancelled before the second question";
    flow().confirmCancel();
    central.deliver();
    ASSERT_EQ(central.submitted.size(), 1u);
    EXPECT_EQ(central.submitted[0].path, "/api/v1/marriage-bookings/MB-000042/cancel");
    EXPECT_EQ(nlohmann::json::parse(central.submitted[0].body.reveal())["idNumber"], kWoman);
    central.statuses["key-1"] = {SubmissionState::Acknowledged, 200,
                                 Personal(R"({"kind":"marriage-booking","reference":"MB-000042","officeId":"xihu",)"
                                          R"("date":"2026-12-02","slot":"09:00-10:00","status":"cancelled"})")};
    flow().tick(steady_clock::now());
    central.deliver();
    EXPECT_EQ(flow().outcome(), MarriageFlow::Outcome::Cancelled);
}

TEST_F(MarriageFlowTest, EveryScreenShowsLabelledStepsThatEndInDone) {
    // The start screen, a new booking's steps, and a lookup's: always a bar.
    EXPECT_EQ(session.stepBar().current, 0);
    const size_t bookSteps = session.stepBar().labels.size();
    EXPECT_STREQ(session.stepBar().labels.back(), "step.done");
    flow().startBooking();
    EXPECT_EQ(session.stepBar().current, 1);
    EXPECT_EQ(session.stepBar().labels.size(), bookSteps);
    session.back();
    flow().openLookup();
    EXPECT_EQ(session.current(), ScreenId::MarriageLookup);
    EXPECT_EQ(session.stepBar().current, 1);
    EXPECT_STREQ(session.stepBar().labels[1], "marriage.step.find");
    EXPECT_STREQ(session.stepBar().labels.back(), "step.done");
}

TEST_F(MarriageClockTest, ClockJumpWithTheClockAt1970TheCalendarSaysSoAndShowsTheCentresMonthOnceHeard) {
    clock.setWallEpochSeconds(0);  // an RTC reset at power-up; the centre not heard yet
    flow().startBooking();
    keyPartner(kMan);
    ASSERT_TRUE(flow().partner()) << "ages are judged by the trusted time, not by 1970";
    flow().continueToOffices();
    central.deliver();
    flow().chooseOffice(0);
    central.deliver();
    ASSERT_EQ(session.current(), ScreenId::MarriageDate);
    EXPECT_TRUE(flow().clockWrong());
    for (const auto& path : central.queryPaths) EXPECT_EQ(path.find("/slots"), std::string::npos) << path;
    EXPECT_NE(flow().month().year(), year(1970));
    EXPECT_FALSE(flow().dayOpen(year(1970) / January / day(2)));
    EXPECT_FALSE(flow().dayOpen(year(2026) / December / day(2))) << "no day is offered while today is unknown";
    flow().chooseDate(year(1970) / January / day(2));
    EXPECT_EQ(session.current(), ScreenId::MarriageDate);

    // The fleet agent hears the centre's time (2026-12-01, local noon): the
    // calendar is the centre's month, and its days are offered.
    floor.noteServerTime(sys_days(year(2026) / December / day(1)) + hours(4));
    EXPECT_FALSE(flow().clockWrong());
    flow().retrySlots();
    ASSERT_FALSE(central.queryPaths.empty());
    EXPECT_NE(central.queryPaths.back().find("/slots?from=2026-12-02"), std::string::npos) << central.queryPaths.back();
    central.deliver();
    EXPECT_EQ(flow().month(), year(2026) / December);
    EXPECT_EQ(flow().slotsData(), MarriageFlow::Data::Online);
    EXPECT_TRUE(flow().dayOpen(year(2026) / December / day(2)));
    flow().chooseDate(year(2026) / December / day(2));
    EXPECT_EQ(session.current(), ScreenId::MarriageSlot);
}

TEST_F(MarriageClockTest, ClockJumpAPartnersCardExpiredOnlyByAClockSetForwardSaysTheClockMayBeWrong) {
    clock.setWallNow(sys_days(year(2045) / January / day(1)));
    IdCard card;
    card.name = Personal("李婷");
    card.idNumber = Personal("330106199608150025");
    card.gender = Gender::Female;
    card.birthDate = Personal("1996-08-15");
    card.validTo = year(2040) / May / day(1);
    flow().startBooking();
    EXPECT_TRUE(flow().takeCard(card));
    EXPECT_STREQ(flow().partnerErrorKey(), "marriage.partner_error.card_expired_clock");
    EXPECT_FALSE(flow().partner());
    // Set back to 1970 after the centre's time was heard: a card that expired
    // before it stays expired.
    floor.noteServerTime(sys_days(year(2026) / December / day(1)));
    clock.setWallEpochSeconds(0);
    card.validTo = year(2026) / November / day(1);
    EXPECT_TRUE(flow().takeCard(card));
    EXPECT_STREQ(flow().partnerErrorKey(), "marriage.partner_error.card_expired");
    card.validTo = year(2030) / November / day(1);
    EXPECT_TRUE(flow().takeCard(card));
    EXPECT_TRUE(flow().partner());
}
