#include "screens/flows/session_flow.h"

#include <gtest/gtest.h>

using namespace kiosk;

namespace {
void keyIn(SessionFlow& flow, const std::string& digits) {
    for (char c : digits) flow.keypadPress(c);
}
}  // namespace

TEST(SessionFlow, WalksAttractIdentifyMenuServiceDone) {
    KioskConfig cfg;
    cfg.identity.residentKeyIn = true;  // these tests key numbers in without staff
    SessionFlow flow(cfg);
    EXPECT_EQ(flow.current(), ScreenId::Attract);
    EXPECT_EQ(flow.step(), -1);
    flow.start();
    EXPECT_EQ(flow.current(), ScreenId::Identify);
    flow.chooseKeyIn();
    EXPECT_EQ(flow.current(), ScreenId::IdEntry);
    keyIn(flow, "11010519491231002X");
    EXPECT_EQ(flow.submitKeyedNumber(), IdNumberError::None);
    EXPECT_EQ(flow.current(), ScreenId::Menu);
    ASSERT_TRUE(flow.data().identity);
    EXPECT_EQ(flow.data().identity->idNumber.reveal(), "11010519491231002X");
    EXPECT_TRUE(flow.data().keypadEntry.empty()) << "the keyed digits must not linger after identification";
    // Every service has its own flow now: assistance opens its wizard.
    EXPECT_TRUE(flow.chooseService(ServiceId::Assistance));
    EXPECT_EQ(flow.current(), ScreenId::AssistConsent);
    EXPECT_EQ(flow.step(), 2);
    flow.showResult(ScreenId::Done);
    EXPECT_EQ(flow.current(), ScreenId::Done);
    flow.endSession();
    EXPECT_EQ(flow.current(), ScreenId::Attract);
    EXPECT_TRUE(flow.data().empty());
}

TEST(SessionFlow, WrongCheckDigitStaysOnTheKeypadWithAnError) {
    KioskConfig cfg;
    cfg.identity.residentKeyIn = true;  // these tests key numbers in without staff
    SessionFlow flow(cfg);
    flow.start();
    flow.chooseKeyIn();
    keyIn(flow, "110105194912310021");
    EXPECT_EQ(flow.submitKeyedNumber(), IdNumberError::BadCheckDigit);
    EXPECT_EQ(flow.current(), ScreenId::IdEntry);
    EXPECT_EQ(flow.lastEntryError(), IdNumberError::BadCheckDigit);
    EXPECT_FALSE(flow.data().identity);
    flow.keypadBackspace();  // correcting clears the message
    EXPECT_EQ(flow.lastEntryError(), IdNumberError::None);
    keyIn(flow, "1234");  // the keypad stops at 18 characters
    EXPECT_EQ(flow.data().keypadEntry.reveal().size(), SessionFlow::kMaxKeypadDigits);
}

TEST(SessionFlow, SwitchedOffServiceCannotBeOpened) {
    KioskConfig cfg;
    cfg.identity.residentKeyIn = true;  // these tests key numbers in without staff
    cfg.service(ServiceId::Marriage).enabled = false;
    SessionFlow flow(cfg);
    Identity id;
    id.idNumber = Personal("11010519491231002X");
    flow.identify(std::move(id));
    EXPECT_FALSE(flow.chooseService(ServiceId::Marriage));
    EXPECT_EQ(flow.current(), ScreenId::Menu);
    EXPECT_TRUE(flow.chooseService(ServiceId::Balances));
}

TEST(SessionFlow, BackRetracesAndBackFromTheMenuEndsTheSession) {
    KioskConfig cfg;
    cfg.identity.residentKeyIn = true;  // these tests key numbers in without staff
    SessionFlow flow(cfg);
    flow.setLanguage(Language::En);
    flow.start();
    flow.chooseKeyIn();
    flow.back();
    EXPECT_EQ(flow.current(), ScreenId::Identify);
    Identity id;
    id.idNumber = Personal("11010519491231002X");
    flow.identify(std::move(id));
    flow.chooseService(ServiceId::Status);
    flow.back();
    EXPECT_EQ(flow.current(), ScreenId::Menu);
    flow.back();
    EXPECT_EQ(flow.current(), ScreenId::Attract);
    EXPECT_TRUE(flow.data().empty());
    EXPECT_EQ(flow.language(), Language::ZhCN) << "the next resident starts in the default language";
}

TEST(SessionFlow, HomeGoesToTheMenuWhenIdentifiedElseEndsTheSession) {
    KioskConfig cfg;
    cfg.identity.residentKeyIn = true;  // these tests key numbers in without staff
    SessionFlow flow(cfg);
    flow.start();
    flow.chooseKeyIn();
    keyIn(flow, "1101");
    flow.home();
    EXPECT_EQ(flow.current(), ScreenId::Attract);
    EXPECT_TRUE(flow.data().empty()) << "half-typed digits are wiped";
    Identity id;
    id.idNumber = Personal("11010519491231002X");
    flow.identify(std::move(id));
    flow.chooseService(ServiceId::Balances);
    flow.home();
    EXPECT_EQ(flow.current(), ScreenId::Menu);
    EXPECT_TRUE(flow.data().identity);
    EXPECT_FALSE(flow.data().service);
}

TEST(SessionFlow, AConfirmationRunsItsActionOnlyOnYes) {
    KioskConfig cfg;
    cfg.identity.residentKeyIn = true;  // these tests key numbers in without staff
    SessionFlow flow(cfg);
    int done = 0;
    flow.askToConfirm({"confirm.leave.title", "confirm.leave.detail", "confirm.leave.yes", "confirm.leave.no",
                       [&] { ++done; }});
    ASSERT_TRUE(flow.pendingConfirmation());
    flow.answerConfirmation(false);
    EXPECT_FALSE(flow.pendingConfirmation());
    EXPECT_EQ(done, 0);
    flow.askToConfirm({"confirm.leave.title", "confirm.leave.detail", "confirm.leave.yes", "confirm.leave.no",
                       [&] { ++done; }});
    flow.answerConfirmation(true);
    EXPECT_EQ(done, 1);
    flow.answerConfirmation(true);  // nothing pending: nothing runs
    EXPECT_EQ(done, 1);
    flow.askToConfirm({"confirm.leave.title", "confirm.leave.detail", "confirm.leave.yes", "confirm.leave.no",
                       [&] { ++done; }});
    flow.endSession();  // a timeout answers "no"
    EXPECT_FALSE(flow.pendingConfirmation());
    EXPECT_EQ(done, 1);
}

TEST(SessionFlow, LargeTextIsOfferedOnceAtTheStartOfASession) {
    KioskConfig cfg;
    cfg.identity.residentKeyIn = true;
    SessionFlow flow(cfg);
    EXPECT_FALSE(flow.largeTextOfferPending()) << "nothing is offered on the attract screen";
    flow.start();
    EXPECT_TRUE(flow.largeTextOfferPending());
    flow.answerLargeTextOffer(false);
    EXPECT_FALSE(flow.largeTextOfferPending());
    EXPECT_FALSE(flow.accessibility().largeText);
    // To the keypad and back within the same visit: not again.
    flow.chooseKeyIn();
    flow.back();
    EXPECT_FALSE(flow.largeTextOfferPending());

    // The next resident is asked afresh; accepting switches large text on.
    flow.endSession();
    flow.start();
    ASSERT_TRUE(flow.largeTextOfferPending());
    flow.answerLargeTextOffer(true);
    EXPECT_TRUE(flow.accessibility().largeText);
    EXPECT_FALSE(flow.largeTextOfferPending());
}

TEST(SessionFlow, TheOfferNeverFollowsIntoATask) {
    KioskConfig cfg;
    SessionFlow flow(cfg);
    // A card laid on the reader at the attract screen: the menu carries the offer.
    Identity id;
    id.source = IdentitySource::IdCard;
    id.name = Personal("张三");
    id.idNumber = Personal("11010519491231002X");
    flow.identify(std::move(id));
    EXPECT_EQ(flow.current(), ScreenId::Menu);
    EXPECT_TRUE(flow.largeTextOfferPending());
    // Choosing a service withdraws it, and nothing in the task brings it back.
    ASSERT_TRUE(flow.chooseService(ServiceId::Balances));
    EXPECT_FALSE(flow.largeTextOfferPending());
    for (int i = 0; i < 5; ++i) {
        flow.back();
        flow.chooseService(ServiceId::Balances);
    }
    EXPECT_FALSE(flow.largeTextOfferPending());
    EXPECT_FALSE(flow.pendingConfirmation().has_value());
}

TEST(SessionFlow, NoOfferWhenLargeTextIsAlreadyOn) {
    KioskConfig cfg;
    SessionFlow flow(cfg);
    flow.setLargeText(true);  // the switch on the attract screen
    flow.start();
    EXPECT_FALSE(flow.largeTextOfferPending());
    // The switch answers a pending offer too.
    flow.endSession();
    flow.start();
    ASSERT_TRUE(flow.largeTextOfferPending());
    flow.setLargeText(true);
    EXPECT_FALSE(flow.largeTextOfferPending());
}

TEST(SessionFlow, TheThankYouPageKeepsTheServicesStepsAtDone) {
    KioskConfig cfg;
    SessionFlow flow(cfg);
    Identity id;
    id.source = IdentitySource::IdCard;
    id.idNumber = Personal("11010519491231002X");
    flow.identify(std::move(id));
    EXPECT_EQ(flow.stepBar().current, 1) << "the session's steps before a service";
    ASSERT_TRUE(flow.chooseService(ServiceId::Balances));
    StepBar inService = flow.stepBar();
    ASSERT_EQ(inService.labels.size(), 3u);
    EXPECT_EQ(inService.current, 0);
    flow.finishService();
    ASSERT_EQ(flow.current(), ScreenId::Done);
    StepBar done = flow.stepBar();
    EXPECT_EQ(done.labels, inService.labels) << "one indicator through the whole service";
    EXPECT_EQ(done.current, 2);
    EXPECT_STREQ(done.labels.back(), "step.done");
}
