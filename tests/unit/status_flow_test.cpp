// The progress lookup flow, driven through its intents with a CentralApi that
// answers from canned replies when told to (replies arrive later, as from the
// real gateway): codes checked here before the centre is asked, the centre's
// refusals, offline, the list by person, and replies from ended sessions.
#include <gtest/gtest.h>

#include <chrono>
#include <deque>
#include <functional>
#include <map>

#include "screens/flows/service_flows.h"

using namespace kiosk;

namespace {

constexpr const char* kApplication = R"({"kind":"assistance-application","reference":"SA-20261120-000042","type":"dibao",
  "status":"accepted","final":false,"steps":[{"step":"submitted","at":"2026-11-20T09:12:00+08:00"},
  {"step":"accepted","at":"2026-11-21T10:03:00+08:00"}]})";
constexpr const char* kList = R"({"items":[
  {"kind":"assistance-application","reference":"SA-20261120-000042","type":"dibao","status":"submitted","final":false,
   "steps":[{"step":"submitted","at":"2026-11-20T09:12:00+08:00"}]},
  {"kind":"marriage-booking","reference":"MB-000123","officeId":"xihu","date":"2026-12-02","slot":"09:00-10:00",
   "status":"confirmed","code":"KC1.B.booking-code"}]})";
constexpr const char* kOffices = R"({"offices":[{"id":"xihu","name":"西湖区婚姻登记处"}]})";

class CannedCentral : public CentralApi {
public:
    CentralReply next;                            // what the next query answers
    std::map<std::string, std::string> references;  // path -> cached body
    int queries = 0;
    std::string lastPath, lastBody;

    void deliver() {
        // Replies may ask again (keys, then the lookup): deliver until quiet.
        while (!pending_.empty()) {
            auto f = std::move(pending_.front());
            pending_.pop_front();
            f();
        }
    }
    void query(std::string, std::string path, Personal body, Reply<CentralReply> done) override {
        ++queries;
        lastPath = path;
        lastBody = body.reveal();
        pending_.push_back([done, r = next] { done(r); });
    }
    void submit(std::vector<Submission>, Reply<Result<std::vector<SubmittedItem>, std::string>> done) override {
        pending_.push_back([done] { done(std::string("submit.store_failed")); });
    }
    std::map<std::string, SubmissionStatus> submissions;  // this kiosk's outbox, by key
    void submission(std::string key, Reply<SubmissionStatus> done) override {
        SubmissionStatus s;
        if (auto it = submissions.find(key); it != submissions.end()) s = it->second;
        pending_.push_back([done, s] { done(s); });
    }
    void saveSnapshot(std::string, Personal, Personal) override {}
    void snapshot(std::string, Personal, Reply<std::optional<Snapshot>> done) override {
        pending_.push_back([done] { done(std::nullopt); });
    }
    void reference(std::string path, Reply<std::optional<Snapshot>> done) override {
        std::optional<Snapshot> s;
        if (auto it = references.find(path); it != references.end()) s = Snapshot{Personal(it->second), 1};
        pending_.push_back([done, s] { done(s); });
    }

private:
    std::deque<std::function<void()>> pending_;
};

CentralReply reply(int status, std::string body = "") {
    CentralReply r;
    r.status = status;
    r.body = Personal(std::move(body));
    return r;
}

CentralReply unreachable() {
    CentralReply r;
    r.transportError = true;
    return r;
}

std::int64_t unixIn(std::chrono::hours h) {
    return std::chrono::duration_cast<std::chrono::seconds>((std::chrono::system_clock::now() + h).time_since_epoch())
        .count();
}

ScannedCode scanned(std::string text) { return ScannedCode{Personal(std::move(text)), CodeSource::Camera, {}}; }

class StatusFlowTest : public ::testing::Test {
protected:
    void SetUp() override {
        session.setCentral(&central);
        Identity id;
        id.source = IdentitySource::IdCard;
        id.idNumber = Personal("330109195201300053");
        session.identify(std::move(id));
        session.setCodeKeys({key.publicKey()});
    }
    StatusFlow& flow() { return session.services().status; }
    std::string code(const std::string& id = "SA-20261120-000042", std::chrono::hours validFor = std::chrono::hours(24)) {
        return key.sign({CodeKind::ApplicationReceipt, id, unixIn(validFor), {}});
    }
    void startScanning() {
        ASSERT_TRUE(session.chooseService(ServiceId::Status));
        ASSERT_EQ(session.current(), ScreenId::StatusStart);
        flow().chooseScan();
        ASSERT_EQ(session.current(), ScreenId::StatusScan);
        ASSERT_EQ(flow().state(), StatusFlow::State::WaitingForCode);
    }

    KioskConfig config;
    SessionFlow session{config};
    CannedCentral central;
    CodeSigningKey key = CodeSigningKey::generate();
};

}  // namespace

TEST_F(StatusFlowTest, AGenuineCodeOpensItsApplicationsProgress) {
    startScanning();
    const std::string receipt = code();
    central.next = reply(200, kApplication);
    EXPECT_TRUE(flow().takeCode(scanned(receipt)));
    EXPECT_EQ(flow().state(), StatusFlow::State::Checking);
    central.deliver();
    EXPECT_EQ(central.queries, 1);
    EXPECT_EQ(central.lastPath, "/api/v1/status/lookup");
    EXPECT_NE(central.lastBody.find(receipt), std::string::npos) << "the code goes in the body";
    ASSERT_EQ(session.current(), ScreenId::StatusDetail);
    ASSERT_NE(flow().shown(), nullptr);
    EXPECT_EQ(flow().shown()->reference, "SA-20261120-000042");
    EXPECT_EQ(flow().shown()->status, "accepted");
    EXPECT_EQ(flow().shownCode(), receipt) << "the slip printed from here carries the same code";
    // Back: ready for the next receipt.
    session.back();
    EXPECT_EQ(session.current(), ScreenId::StatusScan);
    EXPECT_EQ(flow().state(), StatusFlow::State::WaitingForCode);
}

TEST_F(StatusFlowTest, AKioskSlipTellsWhatBecameOfItsSubmission) {
    const std::string key = "5e0c1a37-9e37-4b1e-a7f3-00000000002a";
    startScanning();
    // Still in this kiosk's outbox: said so, the centre not asked.
    central.submissions[key] = SubmissionStatus{SubmissionState::Pending, 0, Personal()};
    flow().takeCode(scanned(queuedSlipCode(key)));
    central.deliver();
    EXPECT_EQ(flow().state(), StatusFlow::State::Queued);
    EXPECT_EQ(central.queries, 0);

    // Refused by the centre: the resident is sent to the counter.
    flow().scanAgain();
    central.submissions[key] = SubmissionStatus{SubmissionState::Rejected, 422, Personal()};
    flow().takeCode(scanned(queuedSlipCode(key)));
    central.deliver();
    EXPECT_EQ(flow().state(), StatusFlow::State::Refused);
    EXPECT_STREQ(flow().refusalKey(), "status.slip.refused");

    // Another kiosk's slip, and something that only looks like one.
    flow().scanAgain();
    flow().takeCode(scanned(queuedSlipCode("0000aaaa-0000-4000-a000-000000000000")));
    central.deliver();
    EXPECT_STREQ(flow().refusalKey(), "status.slip.unknown");
    flow().scanAgain();
    flow().takeCode(scanned("KQ1.<script>"));
    central.deliver();
    EXPECT_STREQ(flow().refusalKey(), "codes.unknown");

    // Delivered since: the centre's own receipt code is looked up as if scanned.
    flow().scanAgain();
    central.submissions[key] = SubmissionStatus{
        SubmissionState::Acknowledged, 201,
        Personal(R"({"reference":"SA-20261120-000042","receiptCode":")" + code() + R"("})")};
    central.next = reply(200, kApplication);
    flow().takeCode(scanned(queuedSlipCode(key)));
    central.deliver();
    ASSERT_EQ(session.current(), ScreenId::StatusDetail);
    ASSERT_NE(flow().shown(), nullptr);
    EXPECT_EQ(flow().shown()->reference, "SA-20261120-000042");
    EXPECT_EQ(central.lastPath, "/api/v1/status/lookup");
}

TEST_F(StatusFlowTest, WithTheClockAt1970TheCentreJudgesTheCodeOrTheResidentHearsWhy) {
    ManualClock clock;
    clock.setWallEpochSeconds(0);  // the RTC reset: every expired code would pass here (#15)
    session.setClock(clock);
    startScanning();
    const std::string expired = code("SA-20201120-000001", std::chrono::hours(-1));
    // Online: the centre, whose clock is right, decides.
    central.next = reply(422, R"({"type":"urn:civil-kiosk:problem:code-expired"})");
    flow().takeCode(scanned(expired));
    central.deliver();
    EXPECT_EQ(central.queries, 1) << "not accepted, not refused here: asked";
    EXPECT_EQ(flow().state(), StatusFlow::State::Refused);
    EXPECT_STREQ(flow().refusalKey(), "codes.error.expired");
    EXPECT_FALSE(flow().verifiedLocally());

    // Offline: not "offline, try later" for ever, nor a silent pass: the clock is wrong.
    flow().scanAgain();
    central.next = unreachable();
    flow().takeCode(scanned(code()));
    central.deliver();
    EXPECT_EQ(flow().state(), StatusFlow::State::Refused);
    EXPECT_STREQ(flow().refusalKey(), "codes.error.clock_wrong");

    // The clock set right again: judged here as before.
    clock.setWallEpochSeconds(std::chrono::duration_cast<std::chrono::seconds>(
                                  std::chrono::system_clock::now().time_since_epoch()).count());
    flow().scanAgain();
    flow().takeCode(scanned(expired));
    central.deliver();
    EXPECT_EQ(central.queries, 2) << "refused here without asking";
    EXPECT_STREQ(flow().refusalKey(), "codes.error.expired");
}

TEST_F(StatusFlowTest, TamperedExpiredAndForeignCodesAreRefusedWithoutAskingTheCentre) {
    startScanning();
    std::string tampered = code();
    tampered.replace(tampered.find("000042"), 6, "000043");
    flow().takeCode(scanned(tampered));
    central.deliver();
    EXPECT_EQ(flow().state(), StatusFlow::State::Refused);
    EXPECT_STREQ(flow().refusalKey(), "codes.error.tampered");

    flow().scanAgain();
    flow().takeCode(scanned(code("SA-20201120-000001", std::chrono::hours(-1))));
    central.deliver();
    EXPECT_EQ(flow().state(), StatusFlow::State::Refused);
    EXPECT_STREQ(flow().refusalKey(), "codes.error.expired");

    flow().scanAgain();
    flow().takeCode(scanned("https://example.com/some-shop"));
    central.deliver();
    EXPECT_EQ(flow().state(), StatusFlow::State::Refused);
    EXPECT_STREQ(flow().refusalKey(), "codes.unknown");

    flow().takeCode(scanned("KC1.A.short"));
    central.deliver();
    EXPECT_STREQ(flow().refusalKey(), "codes.error.malformed");
    EXPECT_EQ(central.queries, 0);
    EXPECT_EQ(session.current(), ScreenId::StatusScan);
}

TEST_F(StatusFlowTest, WithoutTheKeyTheCentreDecidesAndItsRefusalIsShown) {
    session.setCodeKeys({});  // a kiosk that holds no key yet
    startScanning();
    std::string tampered = code();
    tampered.replace(tampered.find("000042"), 6, "000043");
    central.next = reply(422, R"({"type":"urn:civil-kiosk:problem:code-bad-signature","title":"x","status":422})");
    flow().takeCode(scanned(tampered));
    central.deliver();
    EXPECT_EQ(central.queries, 1);
    EXPECT_EQ(flow().state(), StatusFlow::State::Refused);
    EXPECT_STREQ(flow().refusalKey(), "codes.error.tampered");
    EXPECT_FALSE(flow().verifiedLocally());
}

TEST_F(StatusFlowTest, TheCachedKeyDocumentIsUsedToo) {
    session.setCodeKeys({});
    central.references["/api/v1/keys/code-signing"] =
        R"({"keys":[{"alg":"Ed25519","publicKey":")" + encodeCodePublicKey(key.publicKey()) + R"("}]})";
    startScanning();
    std::string tampered = code();
    tampered.replace(tampered.find("000042"), 6, "000043");
    flow().takeCode(scanned(tampered));
    central.deliver();
    EXPECT_EQ(central.queries, 0) << "refused here, with the cached key";
    EXPECT_STREQ(flow().refusalKey(), "codes.error.tampered");
}

TEST_F(StatusFlowTest, OfflineSaysSoAndRetryAsksAgain) {
    startScanning();
    central.next = unreachable();
    flow().takeCode(scanned(code()));
    central.deliver();
    EXPECT_EQ(flow().state(), StatusFlow::State::Offline);
    EXPECT_TRUE(flow().verifiedLocally()) << "the message can say the code itself is genuine";
    EXPECT_EQ(flow().shown(), nullptr) << "nothing is made up";
    central.next = reply(503);
    flow().retry();
    central.deliver();
    EXPECT_EQ(flow().state(), StatusFlow::State::Offline);
    central.next = reply(200, kApplication);
    flow().retry();
    central.deliver();
    EXPECT_EQ(central.queries, 3);
    EXPECT_EQ(session.current(), ScreenId::StatusDetail);
}

TEST_F(StatusFlowTest, AGenuineCodeTheCentreDoesNotKnowAndABrokenAnswer) {
    startScanning();
    central.next = reply(404, R"({"type":"urn:civil-kiosk:problem:not-found","status":404})");
    flow().takeCode(scanned(code()));
    central.deliver();
    EXPECT_EQ(flow().state(), StatusFlow::State::NotFound);
    flow().scanAgain();
    central.next = reply(200, "{\"kind\":\"parcel\"}");
    flow().takeCode(scanned(code()));
    central.deliver();
    EXPECT_EQ(flow().state(), StatusFlow::State::Failed);
    EXPECT_EQ(session.current(), ScreenId::StatusScan);
}

TEST_F(StatusFlowTest, ACodeHeldUpOnTheFirstScreenIsTakenButNotOnOthers) {
    ASSERT_TRUE(session.chooseService(ServiceId::Status));
    central.next = reply(200, kApplication);
    EXPECT_TRUE(flow().takeCode(scanned(code())));
    EXPECT_EQ(session.current(), ScreenId::StatusScan);
    central.deliver();
    EXPECT_EQ(session.current(), ScreenId::StatusDetail);
    EXPECT_FALSE(flow().takeCode(scanned(code()))) << "the detail screen does not take codes";
    session.home();
    EXPECT_EQ(session.currentServiceFlow(), nullptr) << "on the menu no flow takes a code";
}

TEST_F(StatusFlowTest, TheListIsAskedByIdNumberInTheBodyAndOpensAnItem) {
    ASSERT_TRUE(session.chooseService(ServiceId::Status));
    central.next = reply(200, kList);
    central.references["/api/v1/offices"] = kOffices;
    flow().chooseList();
    EXPECT_EQ(session.current(), ScreenId::StatusList);
    EXPECT_EQ(flow().state(), StatusFlow::State::Loading);
    central.deliver();
    EXPECT_EQ(central.lastPath, "/api/v1/status/by-person");
    EXPECT_NE(central.lastBody.find("330109195201300053"), std::string::npos);
    ASSERT_EQ(flow().state(), StatusFlow::State::Listed);
    ASSERT_EQ(flow().items().size(), 2u);

    flow().select(1);
    central.deliver();
    EXPECT_EQ(session.current(), ScreenId::StatusDetail);
    ASSERT_NE(flow().shown(), nullptr);
    EXPECT_EQ(flow().shown()->reference, "MB-000123");
    EXPECT_EQ(flow().shownCode(), "KC1.B.booking-code");
    EXPECT_EQ(flow().shownOfficeName().value_or(""), "西湖区婚姻登记处");
    session.back();
    flow().select(0);
    EXPECT_EQ(flow().shown()->reference, "SA-20261120-000042");
    EXPECT_EQ(flow().shownCode(), "") << "the centre gives no code for applications in a list";
    EXPECT_FALSE(flow().shownOfficeName());
}

TEST_F(StatusFlowTest, TheListOfflineThenBack) {
    ASSERT_TRUE(session.chooseService(ServiceId::Status));
    central.next = unreachable();
    flow().chooseList();
    central.deliver();
    EXPECT_EQ(flow().state(), StatusFlow::State::Offline);
    EXPECT_TRUE(flow().items().empty());
    central.next = reply(200, R"({"items":[]})");
    flow().retry();
    central.deliver();
    EXPECT_EQ(flow().state(), StatusFlow::State::Listed);
    EXPECT_TRUE(flow().items().empty());
}

TEST_F(StatusFlowTest, AReplyForAnEndedSessionIsDropped) {
    ASSERT_TRUE(session.chooseService(ServiceId::Status));
    central.next = reply(200, kList);
    flow().chooseList();
    session.endSession();
    central.deliver();
    EXPECT_EQ(session.current(), ScreenId::Attract);
    EXPECT_TRUE(flow().items().empty());
    EXPECT_EQ(flow().state(), StatusFlow::State::Idle);
}

TEST_F(StatusFlowTest, EndingTheSessionWipesButKeepsTheKioskKeys) {
    startScanning();
    central.next = reply(200, kApplication);
    flow().takeCode(scanned(code()));
    central.deliver();
    ASSERT_NE(flow().shown(), nullptr);
    session.endSession();
    EXPECT_EQ(flow().shown(), nullptr);
    EXPECT_EQ(flow().shownCode(), "");
    // The next resident: the configured key still refuses a forged code here.
    Identity id;
    id.source = IdentitySource::KeyedIn;
    id.idNumber = Personal("11010519491231002X");
    session.start();
    session.identify(std::move(id));
    startScanning();
    std::string tampered = code();
    tampered.replace(tampered.find("000042"), 6, "000043");
    flow().takeCode(scanned(tampered));
    central.deliver();
    EXPECT_STREQ(flow().refusalKey(), "codes.error.tampered");
}

TEST_F(StatusFlowTest, TheDemoScanRequestIsCountedAndItsProblemShown) {
    startScanning();
    const int before = flow().demoScanRequests();
    flow().requestDemoScan();
    EXPECT_EQ(flow().demoScanRequests(), before + 1);
    flow().demoScanUnavailable("status.demo_no_receipt");
    EXPECT_STREQ(flow().demoScanMessageKey(), "status.demo_no_receipt");
    session.endSession();
    EXPECT_EQ(flow().demoScanMessageKey(), nullptr);
    EXPECT_EQ(flow().demoScanRequests(), before + 1) << "a wipe must not look like a new request to the app";
}
