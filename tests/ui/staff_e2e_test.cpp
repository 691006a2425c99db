// Staff at the kiosk end to end: the real app offscreen in demo mode, the
// reference central service on loopback (it issues the demo staff cards,
// checks PINs, and serves the directory of offline verifiers), the demo
// camera reading the card through the real decoding path, the real store. A
// staff member signs in with card + PIN, helps a resident by keying the ID
// number in, looks after the outbox and reprints a receipt; wrong PINs lock
// the number, also across a restart; with the centre unreachable the
// in-memory offline key signs staff in, but not after a restart.
#include <gtest/gtest.h>

#include <filesystem>

#include "central_e2e_support.h"
#include "offline-cache/store.h"
#include "offline-cache/sync_engine.h"
#include "screens/flows/staff_flow.h"

using namespace kiosk;
using namespace kiosk::test;
using nlohmann::json;

namespace {

constexpr const char* kStaffNumber = "00000017";
constexpr const char* kStaffPin = "246810";
constexpr const char* kResidentNumber = "11010519491231002X";

class StaffE2eTest : public CentralE2eTest {
protected:
    KioskConfig staffConfig() {
        KioskConfig cfg = config();
        cfg.identity.residentKeyIn = false;  // the default: only staff key numbers in
        return cfg;
    }
    StaffFlow& staff() { return app->flow().staff(); }
    // The sync engine has cached the staff directory and the signing keys.
    bool directoryCached() {
        offline::Store* store = app->dataLink().store();
        return store && store->reference("/api/v1/staff") && store->reference("/api/v1/keys/code-signing");
    }
    void showCard(const char* target) {
        if (app->flow().current() == ScreenId::Attract) tap("attract.start");
        ASSERT_EQ(app->flow().current(), ScreenId::Identify);
        tap(target);
        ASSERT_TRUE(waitUntil([&] {
            return app->flow().current() == ScreenId::StaffPin && !staff().cardNumber().empty();
        })) << "the demo staff card was not read";
    }
    void keyPin(const std::string& pin) {
        for (char c : pin) tap(std::string("staff.pin.key.") + c);
        tap("staff.pin.sign_in");
        ASSERT_TRUE(waitUntil([&] { return !staff().busy(); }));
    }
    nlohmann::json auditAtCentral() {
        auto r = central.call("GET", "/api/v1/audit-entries?kiosk=kiosk-demo-01", {},
                              {{"Authorization", "Bearer demo-token"}});
        return nlohmann::json::parse(r.body.reveal(), nullptr, false);
    }
    bool centralHasAudit(const std::string& action) {
        auto answer = auditAtCentral();
        if (!answer.is_object() || !answer["entries"].is_array()) return false;
        const auto& entries = answer["entries"];
        for (const auto& e : entries)
            if (e.value("action", "") == action && e.value("staff", "") == kStaffNumber) return true;
        return false;
    }
    void centreDown() { central.faults({{"unavailableForMs", 3'600'000}}); }
    void centreBack() { central.faults({{"reset", true}}); }
};

}  // namespace

TEST_F(StaffE2eTest, ResidentsCannotKeyInWithoutStaff) {
    startApp(staffConfig());
    tap("attract.start");
    EXPECT_FALSE(hasTarget("identify.key_in"));
    app->flow().chooseKeyIn();
    EXPECT_EQ(app->flow().current(), ScreenId::Identify) << "the model refuses too";
    EXPECT_TRUE(hasTarget("identify.demo_staff"));
    saveStep("identify-without-key-in");
}

TEST_F(StaffE2eTest, SignInAssistOutboxAndReprint) {
    ASSERT_GT(central.port(), 0);
    startApp(staffConfig());
    ASSERT_TRUE(waitUntil([&] { return directoryCached(); })) << "the sync never fetched the staff directory";

    showCard("identify.demo_staff");
    EXPECT_EQ(staff().cardNumber(), kStaffNumber);
    saveStep("pin");

    // A wrong PIN: refused, with the attempts left.
    keyPin("111111");
    EXPECT_EQ(app->flow().current(), ScreenId::StaffPin);
    EXPECT_STREQ(staff().messageKey(), "staff.error.wrong_pin");
    EXPECT_EQ(staff().attemptsLeft(), kMaxPinFailures - 1);
    EXPECT_EQ(staff().pinLength(), 0u) << "the PIN is cleared after each try";
    saveStep("pin-wrong");

    keyPin(kStaffPin);
    ASSERT_EQ(app->flow().current(), ScreenId::StaffHome);
    ASSERT_TRUE(staff().member());
    EXPECT_EQ(staff().member()->role, StaffRole::Staff);
    EXPECT_FALSE(hasTarget("staff.home.maintenance")) << "maintenance is for maintainers";
    saveStep("home");

    // Assisted mode: staff key the resident's number in after checking the original.
    tap("staff.home.assist");
    ASSERT_EQ(app->flow().current(), ScreenId::Identify);
    EXPECT_EQ(app->flow().assistedBy(), kStaffNumber);
    saveStep("assisted-identify");
    tap("identify.key_in");
    for (char c : std::string(kResidentNumber)) tap(std::string("id_entry.key.") + c);
    saveStep("assisted-key-in");
    tap("id_entry.confirm");
    ASSERT_EQ(app->flow().current(), ScreenId::Menu);
    saveStep("assisted-menu");
    // The resident's visit ends: back to the staff home, the resident's data gone.
    tap("header.back");
    ASSERT_EQ(app->flow().current(), ScreenId::StaffHome);
    EXPECT_FALSE(app->flow().data().identity);
    EXPECT_TRUE(app->flow().assistedBy().empty());

    // The outbox: an item the centre refuses shows, can be marked and retried.
    offline::Store* store = app->dataLink().store();
    ASSERT_NE(store, nullptr);
    offline::OutboxRequest bad;
    bad.kind = "marriage-booking";
    bad.path = "/api/v1/marriage-bookings";
    bad.body = Personal("{\"not\": \"a booking\"}");
    auto queued = store->enqueue(std::move(bad));
    ASSERT_TRUE(queued);
    const std::int64_t badId = queued.value().id;
    app->dataLink().sync()->syncNow();  // enqueued behind the app's back: wake the sender
    ASSERT_TRUE(waitUntil([&] {
        auto item = store->item(badId);
        return item && item.value().state == offline::OutboxState::Rejected;
    })) << "the centre should refuse a malformed booking";
    tap("staff.home.outbox");
    ASSERT_EQ(app->flow().current(), ScreenId::StaffOutbox);
    ASSERT_TRUE(waitUntil([&] { return staff().listState() == StaffFlow::ListState::Ready; }));
    const std::string id = std::to_string(badId);
    ASSERT_TRUE(hasTarget("staff.outbox.follow_up." + id));
    saveStep("outbox");
    tap("staff.outbox.follow_up." + id);
    ASSERT_TRUE(waitUntil([&] {
        auto item = store->item(badId);
        return item && item.value().followUp;
    }));
    // The list reloads and shows the mark.
    ASSERT_TRUE(waitUntil([&] {
        return staff().listState() == StaffFlow::ListState::Ready && !staff().items().empty() &&
               staff().items().front().followUp;
    }));
    tap("staff.outbox.retry." + id);
    ASSERT_TRUE(waitUntil([&] { return centralHasAudit("outbox-retry"); })) << auditAtCentral().dump();
    saveStep("outbox-marked");
    tap("header.home");
    ASSERT_EQ(app->flow().current(), ScreenId::StaffHome);

    // Reprint: a receipt printed earlier comes out again.
    Receipt receipt;
    receipt.title = "救助申请回执";
    receipt.rows = {{"申请编号", "SA-20261128-000001"}};
    receipt.qrPayload = "SA-20261128-000001";
    app->flow().requestPrint(receipt);
    ASSERT_TRUE(waitUntil([&] { return app->flow().printState() == PrintState::Printed; }));
    const auto receiptsDir = std::filesystem::path(dataDir_) / "receipts";
    auto countPrinted = [&] {
        size_t n = 0;
        std::error_code ec;
        for (const auto& e : std::filesystem::directory_iterator(receiptsDir, ec))
            n += e.path().extension() == ".escpos";
        return n;
    };
    const size_t printedBefore = countPrinted();
    tap("staff.home.receipts");
    ASSERT_EQ(app->flow().current(), ScreenId::StaffReceipts);
    ASSERT_TRUE(waitUntil([&] { return staff().listState() == StaffFlow::ListState::Ready; }));
    ASSERT_FALSE(staff().receipts().empty());
    EXPECT_EQ(staff().receipts().front().receipt.title, receipt.title);
    saveStep("receipts");
    tap("staff.receipts.reprint.0");
    ASSERT_TRUE(waitUntil([&] { return app->flow().printState() == PrintState::Printed; }));
    EXPECT_EQ(countPrinted(), printedBefore + 1);
    saveStep("reprinted");

    // Every action reached the centre's audit log, with the staff number and
    // without the resident's number.
    ASSERT_TRUE(waitUntil([&] { return centralHasAudit("receipt-reprint"); }));
    for (const char* action : {"sign-in", "sign-in-failed", "assisted-session", "keyed-id-number", "outbox-follow-up"})
        EXPECT_TRUE(centralHasAudit(action)) << action;
    auto audit = auditAtCentral();
    EXPECT_EQ(audit.dump().find(kResidentNumber), std::string::npos);
    // Every entry belongs to the sign-in's session; none was refused.
    for (const auto& e : audit["entries"]) {
        const bool refusedSignIn = e.value("action", "") == "sign-in-failed";
        EXPECT_TRUE(refusedSignIn || !e.value("session", "").empty()) << e.dump();
    }
    EXPECT_TRUE(audit["refused"].empty()) << audit.dump();

    tap("header.home");
    tap("staff.home.sign_out");
    EXPECT_EQ(app->flow().current(), ScreenId::Attract);
    EXPECT_FALSE(staff().signedIn());
}

TEST_F(StaffE2eTest, WrongPinsLockTheNumberAcrossARestart) {
    startApp(staffConfig());
    ASSERT_TRUE(waitUntil([&] { return directoryCached(); }));
    showCard("identify.demo_staff");
    for (int i = 0; i < kMaxPinFailures; ++i) keyPin("000000");
    EXPECT_STREQ(staff().messageKey(), "staff.error.locked");
    saveStep("locked");

    // A restart does not unlock it, and the right PIN is refused while locked.
    app.reset();
    startApp(staffConfig());
    showCard("identify.demo_staff");
    keyPin(kStaffPin);
    EXPECT_EQ(app->flow().current(), ScreenId::StaffPin);
    EXPECT_STREQ(staff().messageKey(), "staff.error.locked");

    // After the lockout the right PIN works (the idle kiosk has long ended
    // the sign-in attempt: the card is shown again). The lock is the
    // centre's and the kiosk's: both clocks move on.
    central.admin("POST", "/admin/time",
                  {{"advanceSeconds", std::chrono::duration_cast<std::chrono::seconds>(kLockout).count() + 1}});
    clock.advance(kLockout + std::chrono::seconds(1));
    frames(2);
    showCard("identify.demo_staff");
    keyPin(kStaffPin);
    EXPECT_EQ(app->flow().current(), ScreenId::StaffHome);
}

TEST_F(StaffE2eTest, AMaintainerCanOpenMaintenance) {
    startApp(staffConfig());
    ASSERT_TRUE(waitUntil([&] { return directoryCached(); }));
    showCard("identify.demo_maintainer");
    keyPin("135790");
    ASSERT_EQ(app->flow().current(), ScreenId::StaffHome);
    ASSERT_TRUE(hasTarget("staff.home.maintenance"));
    saveStep("maintainer-home");
    tap("staff.home.maintenance");
    EXPECT_FALSE(app->flow().staff().owns(app->flow().current())) << "maintenance mode shows its own screens";
}

TEST_F(StaffE2eTest, OfflineSignInWorksWithTheKeyButNotAfterARestartUntilTheCentreIsBack) {
    startApp(staffConfig());
    ASSERT_TRUE(waitUntil([&] { return directoryCached(); }));
    showCard("identify.demo_staff");
    // The demo card buttons ask the centre for the card: keep it for the outage.
    const std::string card = json::parse(central.call("GET", "/api/v1/demo/staff-cards", {},
                                                      {{"Authorization", "Bearer demo-token"}})
                                             .body.reveal())[0]["code"];
    keyPin(kStaffPin);  // online: the kiosk holds its offline key by now
    ASSERT_EQ(app->flow().current(), ScreenId::StaffHome);
    tap("staff.home.sign_out");
    // The card shown to the kiosk while the centre is unreachable (verified with the cached keys).
    auto presentCard = [&] {
        ASSERT_TRUE(staff().takeCode(card));
        ASSERT_TRUE(waitUntil([&] { return !staff().cardNumber().empty(); }));
    };

    centreDown();
    presentCard();
    keyPin(kStaffPin);
    ASSERT_EQ(app->flow().current(), ScreenId::StaffHome) << "offline, with the key in memory";
    saveStep("offline-home");
    tap("staff.home.sign_out");

    // A restart while the centre is unreachable: the key is gone with the process.
    app.reset();
    startApp(staffConfig());
    presentCard();
    keyPin(kStaffPin);
    EXPECT_EQ(app->flow().current(), ScreenId::StaffPin);
    EXPECT_STREQ(staff().messageKey(), "staff.error.offline_unavailable");
    saveStep("offline-no-key");

    centreBack();
    keyPin(kStaffPin);
    EXPECT_EQ(app->flow().current(), ScreenId::StaffHome);
    // The offline sign-in reached the centre with its proof and was accepted
    // (once the kiosk's clock is past the backoff of the attempts during the outage).
    clock.advance(std::chrono::minutes(11));
    app->dataLink().sync()->syncNow();
    ASSERT_TRUE(waitUntil([&] {
        const auto audit = auditAtCentral();  // named: the loop must not walk a temporary's member
        for (const auto& e : audit["entries"])
            if (e.value("action", "") == "sign-in" && e.value("session", "").rfind("off-", 0) == 0) return true;
        return false;
    })) << auditAtCentral().dump();
    EXPECT_TRUE(auditAtCentral()["refused"].empty());
}
