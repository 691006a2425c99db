// Balances: the centre's answer parsed into values, amounts formatted for a
// resident, and the flow's states (online, snapshot, no records, unavailable)
// driven by a CentralApi that answers from canned replies when told to.
#include <gtest/gtest.h>

#include <deque>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include "kiosk/core/balances.h"
#include "screens/flows/service_flows.h"
#include "screens/voice_prompts.h"

using namespace kiosk;

namespace {

constexpr const char* kAnswer = R"({"asOf":"2026-11-28T10:00:00Z","balances":[
  {"kind":"chongyang-points","name":"重阳分","unit":"points","balance":1234.5,"monthlyCredit":200,
   "expires":"2027-11-28","transactions":[{"date":"2026-11-20","merchant":"社区老年食堂","amount":-12.5}]},
  {"kind":"aixin-card","name":"爱心卡","unit":"yuan","balance":88,"monthlyCredit":50,"transactions":[]}]})";

// Replies are held until deliver(), as the real gateway replies later on the UI thread.
class CannedCentral : public CentralApi {
public:
    CentralReply next;  // what the next query answers
    std::map<std::string, Snapshot> snapshots;
    int queries = 0;

    void deliver() {
        while (!pending_.empty()) {
            auto f = std::move(pending_.front());
            pending_.pop_front();
            f();
        }
    }
    void query(std::string, std::string, Personal, Reply<CentralReply> done) override {
        ++queries;
        pending_.push_back([done, r = next] { done(r); });
    }
    void submit(std::vector<Submission>, Reply<Result<std::vector<SubmittedItem>, std::string>> done) override {
        pending_.push_back([done] { done(std::string("submit.store_failed")); });
    }
    void submission(std::string, Reply<SubmissionStatus> done) override {
        pending_.push_back([done] { done(SubmissionStatus{}); });
    }
    void saveSnapshot(std::string kind, Personal subject, Personal body) override {
        snapshots[kind + "/" + subject.reveal()] = Snapshot{std::move(body), 1764324000000};
    }
    void snapshot(std::string kind, Personal subject, Reply<std::optional<Snapshot>> done) override {
        std::optional<Snapshot> s;
        if (auto it = snapshots.find(kind + "/" + subject.reveal()); it != snapshots.end()) s = it->second;
        pending_.push_back([done, s] { done(s); });
    }
    void reference(std::string, Reply<std::optional<Snapshot>> done) override {
        pending_.push_back([done] { done(std::nullopt); });
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

class BalancesFlowTest : public ::testing::Test {
protected:
    void SetUp() override {
        session.setCentral(&central);
        Identity id;
        id.source = IdentitySource::IdCard;
        id.idNumber = Personal("330109195201300053");
        session.identify(std::move(id));
    }
    BalancesFlow& flow() { return session.services().balances; }

    KioskConfig config;
    CannedCentral central;
    SessionFlow session{config};
};

}  // namespace

TEST(Balances, ParsesTheCentresAnswer) {
    auto parsed = parseBalances(kAnswer);
    ASSERT_TRUE(parsed) << parsed.error();
    const auto& b = parsed.value().balances;
    ASSERT_EQ(b.size(), 2u);
    EXPECT_EQ(b[0].kind, "chongyang-points");
    EXPECT_EQ(b[0].unit, "points");
    EXPECT_DOUBLE_EQ(b[0].balance, 1234.5);
    EXPECT_EQ(b[0].expires, "2027-11-28");
    ASSERT_EQ(b[0].transactions.size(), 1u);
    EXPECT_DOUBLE_EQ(b[0].transactions[0].amount, -12.5);
    EXPECT_FALSE(b[1].expires);
    EXPECT_EQ(parsed.value().asOf, "2026-11-28T10:00:00Z");
}

TEST(Balances, GarbageAndIncompleteAnswersAreErrors) {
    EXPECT_FALSE(parseBalances("<html>502 Bad Gateway</html>"));
    EXPECT_FALSE(parseBalances(R"({"balances":{}})"));
    EXPECT_FALSE(parseBalances(R"({"balances":[{"kind":"x"}]})")) << "a balance without its amount";
    EXPECT_FALSE(parseBalances(R"({"balances":[{"balance":3}]})")) << "a balance without its kind";
    auto empty = parseBalances(R"({"balances":[]})");
    ASSERT_TRUE(empty);
    EXPECT_TRUE(empty.value().balances.empty());
}

TEST(Balances, AmountsReadTheWayPeopleWriteThem) {
    EXPECT_EQ(formatAmount(1234.5, "yuan"), "1,234.50");
    EXPECT_EQ(formatAmount(-12.5, "yuan"), "-12.50");
    EXPECT_EQ(formatAmount(1234567, "points"), "1,234,567");
    EXPECT_EQ(formatAmount(1234.5, "points"), "1,234.50");
    EXPECT_EQ(formatAmount(0, "yuan"), "0.00");
    EXPECT_EQ(formatAmount(999, "points"), "999");
}

TEST_F(BalancesFlowTest, OnlineAnswerIsShownAndKeptAsASnapshot) {
    central.next = reply(200, kAnswer);
    session.chooseService(ServiceId::Balances);
    EXPECT_EQ(session.current(), ScreenId::BalancesList);
    EXPECT_EQ(flow().state(), BalancesFlow::State::Loading);
    central.deliver();
    ASSERT_EQ(flow().state(), BalancesFlow::State::Online);
    EXPECT_EQ(flow().balances().balances.size(), 2u);
    EXPECT_EQ(central.snapshots.count("balances/330109195201300053"), 1u);
    flow().select(1);
    EXPECT_EQ(session.current(), ScreenId::BalanceDetail);
    EXPECT_EQ(flow().selected()->kind, "aixin-card");
    session.back();
    EXPECT_EQ(session.current(), ScreenId::BalancesList);
    EXPECT_EQ(flow().balances().balances.size(), 2u) << "Back keeps what was shown";
}

TEST_F(BalancesFlowTest, OfflineShowsTheSnapshotWithItsTime) {
    central.snapshots["balances/330109195201300053"] = Snapshot{Personal(kAnswer), 1764324000000};
    for (int status : {0, 503, 502, 429}) {
        SCOPED_TRACE(status);
        central.next = reply(status);
        central.next.transportError = status == 0;
        session.home();
        session.chooseService(ServiceId::Balances);
        central.deliver();
        ASSERT_EQ(flow().state(), BalancesFlow::State::Snapshot);
        EXPECT_EQ(flow().snapshotAsOfMs(), 1764324000000);
        EXPECT_EQ(flow().balances().balances.size(), 2u);
    }
}

TEST_F(BalancesFlowTest, ASnapshotStampedAheadOfTheClockIsNeverShownAsFresh) {
    // Recorded at 2025-12-01T10:00Z; the kiosk's clock then jumps (#15).
    ManualClock clock;  // 2025-12-01T00:00Z + a little
    session.setClock(clock);
    const std::int64_t recorded = 1'764'583'200'000;
    central.snapshots["balances/330109195201300053"] = Snapshot{Personal(kAnswer), recorded};
    auto offlineVisit = [&] {
        central.next = reply(503);
        session.home();
        session.chooseService(ServiceId::Balances);
        central.deliver();
        ASSERT_EQ(flow().state(), BalancesFlow::State::Snapshot);
        EXPECT_EQ(flow().snapshotAsOfMs(), recorded) << "shown as the time it was recorded";
    };
    clock.jumpWall(std::chrono::hours(12));  // the clock is past it: an ordinary old snapshot
    offlineVisit();
    EXPECT_FALSE(flow().snapshotAgeUnknown());
    EXPECT_STREQ(flow().snapshotNoticeKey(), "balances.snapshot_notice");

    clock.jumpWall(std::chrono::hours(-12));  // NTP steps back: the record is "from the future"
    offlineVisit();
    EXPECT_TRUE(flow().snapshotAgeUnknown());
    EXPECT_STREQ(flow().snapshotNoticeKey(), "balances.snapshot_notice_clock");

    clock.setWallEpochSeconds(0);  // RTC reset to 1970
    offlineVisit();
    EXPECT_TRUE(flow().snapshotAgeUnknown());

    // Stamped by a kiosk whose clock read 1970, read with the clock right.
    clock.setWallEpochSeconds(1'764'547'200);
    central.snapshots["balances/330109195201300053"] = Snapshot{Personal(kAnswer), 86'400'000};
    central.next = reply(503);
    session.home();
    session.chooseService(ServiceId::Balances);
    central.deliver();
    EXPECT_TRUE(flow().snapshotAgeUnknown());

    central.next = reply(200, kAnswer);
    flow().retry();
    central.deliver();
    ASSERT_EQ(flow().state(), BalancesFlow::State::Online);
    EXPECT_EQ(flow().snapshotNoticeKey(), nullptr);
}

TEST_F(BalancesFlowTest, AGarbageAnswerFallsBackToTheSnapshotOrSaysUnavailable) {
    central.next = reply(200, "{\"not\":\"balances\"}");
    session.chooseService(ServiceId::Balances);
    central.deliver();
    EXPECT_EQ(flow().state(), BalancesFlow::State::Unavailable) << "no snapshot yet";
    central.snapshots["balances/330109195201300053"] = Snapshot{Personal(kAnswer), 5};
    flow().retry();
    central.deliver();
    EXPECT_EQ(flow().state(), BalancesFlow::State::Snapshot);
}

TEST_F(BalancesFlowTest, NoRecordsIsItsOwnState) {
    central.next = reply(404, R"({"type":"not-found"})");
    session.chooseService(ServiceId::Balances);
    central.deliver();
    EXPECT_EQ(flow().state(), BalancesFlow::State::NoRecords);
}

TEST_F(BalancesFlowTest, AReplyAfterTheSessionEndedIsDropped) {
    central.next = reply(200, kAnswer);
    session.chooseService(ServiceId::Balances);
    session.endSession();  // timed out while the query was under way
    central.deliver();
    EXPECT_EQ(flow().state(), BalancesFlow::State::Idle);
    EXPECT_TRUE(flow().balances().balances.empty());
    EXPECT_TRUE(central.snapshots.empty()) << "nothing of an ended session is kept";
}

TEST_F(BalancesFlowTest, WithoutACentralServiceItSaysUnavailable) {
    session.setCentral(nullptr);
    session.chooseService(ServiceId::Balances);
    EXPECT_EQ(flow().state(), BalancesFlow::State::Unavailable);
}

TEST_F(BalancesFlowTest, TheBalancesCanBeHeardNotOnlySeen) {
    Strings strings;
    for (Language lang : kAllLanguages) {
        std::ifstream in(std::string(KIOSK_SOURCE_DIR) + "/assets/i18n/" + std::string(languageTag(lang)) + ".json");
        std::stringstream text;
        text << in.rdbuf();
        ASSERT_FALSE(strings.load(lang, text.str()));
    }
    central.next = reply(200, kAnswer);
    session.chooseService(ServiceId::Balances);
    EXPECT_TRUE(spokenDetails(session, strings).empty()) << "nothing to read out while loading";
    central.deliver();
    std::string spoken = spokenDetails(session, strings).reveal();
    EXPECT_NE(spoken.find("重阳分"), std::string::npos) << spoken;
    EXPECT_NE(spoken.find("1,234.50 分"), std::string::npos) << spoken;
    EXPECT_NE(spoken.find("爱心卡"), std::string::npos) << spoken;
    EXPECT_NE(spoken.find("88.00 元"), std::string::npos) << spoken;
    flow().select(0);
    spoken = spokenDetails(session, strings).reveal();
    EXPECT_NE(spoken.find("本月到账 200 分"), std::string::npos) << spoken;
    session.setLanguage(Language::En);
    spoken = spokenDetails(session, strings).reveal();
    EXPECT_NE(spoken.find("balance 1,234.50 points"), std::string::npos) << spoken;
    session.endSession();
    EXPECT_TRUE(spokenDetails(session, strings).empty());
}
