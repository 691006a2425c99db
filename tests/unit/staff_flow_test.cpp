// The staff flow as a model: which screens a sign-in leads to, what assisted
// mode allows and what a resident's visit leaves behind. The desk here
// answers from memory (its real implementation over the store has its own
// tests in tests/data and the whole path runs end to end in tests/ui).
#include "screens/flows/staff_flow.h"

#include <gtest/gtest.h>

#include <deque>

using namespace kiosk;

namespace {

// Replies are queued and delivered by deliver(), as the run queue would.
class MemoryDesk final : public StaffDesk {
public:
    void signIn(std::string number, std::string card, Personal pin, Reply<SignInOutcome> done) override {
        SignInOutcome o;
        pinsSeen.push_back(pin.reveal());
        cardsSeen.push_back(card);
        if (pin.reveal() == "246810" || pin.reveal() == "907153826401")
            o.member = StaffMember{number, "王芳", role};
        else if (pin.reveal() == "999999")
            o.error = SignInError::OfflineUnavailable, o.offline = true;
        else
            o.error = SignInError::WrongPin, o.attemptsLeft = 3;
        later([done, o] { done(o); });
    }
    void audit(AuditEntry e) override { audits.push_back(e); }
    void recentAudit(int, Reply<std::vector<AuditEntry>> done) override {
        later([done, a = audits] { done(a); });
    }
    void openItems(Reply<std::optional<std::vector<StaffOutboxItem>>> done) override {
        later([done, items = items] { done(items); });
    }
    void retry(std::string, std::int64_t, Reply<bool> done) override {
        later([done] { done(true); });
    }
    void setFollowUp(std::string, std::int64_t id, bool on, Reply<bool> done) override {
        for (auto& i : items)
            if (i.id == id) i.followUp = on;
        later([done] { done(true); });
    }
    void journal(Receipt r) override { receipts.push_back({static_cast<std::int64_t>(receipts.size() + 1), 0, r}); }
    void recentReceipts(int, Reply<std::vector<JournalledReceipt>> done) override {
        later([done, r = receipts] { done(r); });
    }
    void deliver() {
        while (!pending.empty()) {
            auto f = std::move(pending.front());
            pending.pop_front();
            f();
        }
    }

    StaffRole role = StaffRole::Staff;
    std::vector<std::string> pinsSeen;
    std::vector<std::string> cardsSeen;
    std::vector<AuditEntry> audits;
    std::vector<StaffOutboxItem> items;
    std::vector<JournalledReceipt> receipts;

private:
    void later(std::function<void()> f) { pending.push_back(std::move(f)); }
    std::deque<std::function<void()>> pending;
};

class StaffFlowTest : public ::testing::Test {
protected:
    void SetUp() override {
        session.setStaffDesk(&desk);
        session.setCodeKeys({key.publicKey()});
    }
    StaffFlow& staff() { return session.staff(); }
    std::string card(const std::string& number = "00000017", std::int64_t expires = 4102444800) {
        return key.sign({CodeKind::StaffCard, number, expires, {}});
    }
    void signIn(const std::string& pin = "246810") {
        ASSERT_TRUE(staff().takeCode(card()));
        ASSERT_EQ(staff().cardNumber(), "00000017");
        for (char c : pin) staff().pinPress(c);
        staff().submitPin();
        desk.deliver();
    }
    bool audited(const std::string& action) {
        for (const auto& a : desk.audits)
            if (a.action == action && a.staffNumber == "00000017") return true;
        return false;
    }

    KioskConfig cfg;
    SessionFlow session{cfg};
    MemoryDesk desk;
    CodeSigningKey key = CodeSigningKey::generate();
};

}  // namespace

TEST_F(StaffFlowTest, OtherCodesAreNotStaffBusiness) {
    EXPECT_FALSE(staff().takeCode("https://example.org"));
    EXPECT_FALSE(staff().takeCode(key.sign({CodeKind::ApplicationReceipt, "SA-1", 4102444800, {}})));
    EXPECT_EQ(session.current(), ScreenId::Attract);
}

TEST_F(StaffFlowTest, RefusedCardsSayWhyAndTakeNoPin) {
    std::string tampered = card();
    tampered.replace(tampered.find("00000017"), 8, "00000099");
    ASSERT_TRUE(staff().takeCode(tampered));
    EXPECT_EQ(session.current(), ScreenId::StaffPin);
    EXPECT_TRUE(staff().cardNumber().empty());
    // Staff's words (what to do about the card), not a resident's for a receipt.
    EXPECT_STREQ(staff().messageKey(), "staff.card_error.tampered");
    staff().pinPress('1');
    EXPECT_EQ(staff().pinLength(), 0u);

    ASSERT_TRUE(staff().takeCode(card("00000017", 1'000'000'000)));  // expired in 2001
    EXPECT_STREQ(staff().messageKey(), "staff.card_error.expired");

    CodeSigningKey other = CodeSigningKey::generate();
    ASSERT_TRUE(staff().takeCode(other.sign({CodeKind::StaffCard, "00000017", 4102444800, {}})));
    EXPECT_STREQ(staff().messageKey(), "staff.card_error.unknown_key") << "a staff card is never judged by the centre";
}

TEST_F(StaffFlowTest, WithTheClockAt1970ACardIsRefusedSayingTheClockIsWrong) {
    ManualClock clock;
    clock.setWallEpochSeconds(0);  // RTC reset: a card expired in 2001 would pass (#15)
    session.setClock(clock);
    // Expired in 2001, before any time the kiosk trusts (the build floor,
    // SessionFlow::timeFloor()): certainly expired, whatever the clock says.
    ASSERT_TRUE(staff().takeCode(card("00000017", 1'000'000'000)));
    EXPECT_TRUE(staff().cardNumber().empty());
    EXPECT_STREQ(staff().messageKey(), "staff.card_error.expired");
    // Expiring after the floor: with the clock behind it and no centre time
    // heard, its expiry cannot be judged here.
    ASSERT_TRUE(staff().takeCode(card("00000017", 4102444800)));
    EXPECT_TRUE(staff().cardNumber().empty());
    EXPECT_STREQ(staff().messageKey(), "staff.card_error.clock_wrong");
    clock.setWallEpochSeconds(1'764'547'200);  // NTP sets it right
    ASSERT_TRUE(staff().takeCode(card("00000017", 1'000'000'000)));
    EXPECT_STREQ(staff().messageKey(), "staff.card_error.expired");
    signIn();
    EXPECT_TRUE(staff().signedIn());
}

TEST_F(StaffFlowTest, WrongPinThenRightPin) {
    signIn("111111");
    EXPECT_EQ(session.current(), ScreenId::StaffPin);
    EXPECT_STREQ(staff().messageKey(), "staff.error.wrong_pin");
    EXPECT_EQ(staff().attemptsLeft(), 3);
    EXPECT_EQ(staff().pinLength(), 0u);
    ASSERT_EQ(desk.cardsSeen.size(), 1u);
    EXPECT_EQ(desk.cardsSeen[0], card()) << "the card goes along: the centre checks it again";
    for (char c : std::string("12345")) staff().pinPress(c);
    staff().submitPin();  // five digits: too short, not even sent
    EXPECT_EQ(desk.pinsSeen.size(), 1u);
    for (int i = 0; i < 5; ++i) staff().pinBackspace();
    for (char c : std::string("246810")) staff().pinPress(c);
    staff().submitPin();
    desk.deliver();
    EXPECT_EQ(session.current(), ScreenId::StaffHome);
    ASSERT_TRUE(staff().member());
    EXPECT_EQ(staff().member()->displayName, "王芳");
}

TEST_F(StaffFlowTest, PinsOfUpToTwelveDigitsAndTheOfflineKeyMessage) {
    signIn("9071538264019");  // the 13th digit is not taken
    EXPECT_EQ(desk.pinsSeen.back(), "907153826401");
    EXPECT_EQ(session.current(), ScreenId::StaffHome);
    session.endSession();
    signIn("999999");
    EXPECT_EQ(session.current(), ScreenId::StaffPin);
    EXPECT_STREQ(staff().messageKey(), "staff.error.offline_unavailable");
}

TEST_F(StaffFlowTest, AssistedVisitsReturnToTheStaffHomeAndLeaveNothing) {
    signIn();
    ASSERT_EQ(session.current(), ScreenId::StaffHome);
    EXPECT_FALSE(session.keyInAllowed());
    staff().assistResident();
    EXPECT_EQ(session.current(), ScreenId::Identify);
    EXPECT_EQ(session.assistedBy(), "00000017");
    EXPECT_TRUE(session.keyInAllowed());
    session.chooseKeyIn();
    ASSERT_EQ(session.current(), ScreenId::IdEntry);
    for (char c : std::string("11010519491231002X")) session.keypadPress(c);
    EXPECT_EQ(session.submitKeyedNumber(), IdNumberError::None);
    EXPECT_EQ(session.current(), ScreenId::Menu);
    EXPECT_TRUE(audited("keyed-id-number"));
    for (const auto& a : desk.audits) EXPECT_EQ(a.detail.find("11010519491231002X"), std::string::npos);
    EXPECT_TRUE(session.chooseService(ServiceId::Balances));
    EXPECT_TRUE(audited("assisted-service"));

    // The visit ends with the thank-you page: the next resident, same staff.
    session.finishService();
    session.finishVisit();
    EXPECT_EQ(session.current(), ScreenId::StaffHome);
    EXPECT_FALSE(session.data().identity);
    EXPECT_TRUE(session.assistedBy().empty());
    EXPECT_FALSE(session.keyInAllowed());
    EXPECT_TRUE(staff().signedIn());

    // Back from the identify screen of an assisted visit: the staff home too.
    staff().assistResident();
    session.back();
    EXPECT_EQ(session.current(), ScreenId::StaffHome);

    // The inactivity timeout (endSession) signs staff out.
    session.endSession();
    EXPECT_EQ(session.current(), ScreenId::Attract);
    EXPECT_FALSE(staff().signedIn());
    EXPECT_TRUE(staff().cardNumber().empty());
}

TEST_F(StaffFlowTest, OutboxFollowUpAndReprint) {
    desk.items = {{7, "marriage-booking", StaffOutboxItem::State::Rejected, 1, "422", 422, 0, false}};
    desk.journal(Receipt{"回执", {{"编号", "SA-1"}}, "", "", ""});
    signIn();
    staff().openOutbox();
    EXPECT_EQ(staff().listState(), StaffFlow::ListState::Loading);
    desk.deliver();
    ASSERT_EQ(staff().items().size(), 1u);
    staff().toggleFollowUp(7);
    desk.deliver();
    desk.deliver();
    EXPECT_TRUE(staff().items().front().followUp);

    session.home();
    EXPECT_EQ(session.current(), ScreenId::StaffHome) << "Home on a staff screen is the staff home";
    staff().openReceipts();
    desk.deliver();
    ASSERT_EQ(staff().receipts().size(), 1u);
    staff().reprint(0);
    auto printed = session.takePrintRequest();
    ASSERT_TRUE(printed);
    EXPECT_EQ(printed->title, "回执");
    EXPECT_TRUE(audited("receipt-reprint"));
}

TEST_F(StaffFlowTest, OnlyMaintainersOpenMaintenance) {
    int opened = 0;
    staff().setMaintenanceEntry([&](const StaffMember&) { ++opened; });
    signIn();
    staff().openMaintenance();
    EXPECT_EQ(opened, 0);
    session.endSession();
    desk.role = StaffRole::Maintainer;
    signIn();
    staff().openMaintenance();
    EXPECT_EQ(opened, 1);
}
