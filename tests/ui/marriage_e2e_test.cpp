// Marriage registration booking end to end: the real app offscreen, the
// demo cards on the emulated reader (the resident, then the second party),
// the reference central service on loopback.
// - A couple books a free slot online (second party by card), gets the
//   booking number and its QR, then finds the booking by number and cancels it.
// - With the centre down (503 window), the same couple queues a request
//   with a fallback; the screen says it is not confirmed. The centre comes
//   back, the outbox delivers it, and when the resident opens the service
//   again the confirmation is there.
#include <gtest/gtest.h>

#include <filesystem>

#include "kiosk/core/id_card.h"
#include "kiosk/core/marriage.h"
#include "offline-cache/store.h"
#include "screens/flows/service_flows.h"
#include "central_e2e_support.h"

using namespace kiosk;
using namespace kiosk::test;

namespace {

class MarriageE2eTest : public CentralE2eTest {
protected:
    MarriageFlow& marriage() { return app->flow().services().marriage; }
    // Runs frames until the booking has its answer. The flow polls for the
    // acknowledgement on the session's clock (the test's ManualClock), so
    // the wait moves that clock on by the real time that passes, as time
    // passes for a resident at the kiosk (the ack wait and poll cadence hold).
    bool waitForOutcome() {
        auto last = std::chrono::steady_clock::now();
        return waitUntil([&] {
            const auto now = std::chrono::steady_clock::now();
            clock.advance(std::chrono::duration_cast<std::chrono::milliseconds>(now - last));
            last = now;
            return marriage().outcome() != MarriageFlow::Outcome::Sending;
        });
    }
    nlohmann::json centralGet(const std::string& path) {
        auto r = central.call("GET", path, {}, {{"Authorization", "Bearer demo-token"}});
        return nlohmann::json::parse(r.body.reveal(), nullptr, false);
    }
    // A booking as the centre holds it, read as one of its parties may.
    nlohmann::json centralBooking(const std::string& reference, const std::string& partyId) {
        auto r = central.call("POST", "/api/v1/marriage-bookings/" + reference + "/lookup",
                              nlohmann::json{{"idNumber", partyId}}.dump(),
                              {{"Authorization", "Bearer demo-token"}, {"Content-Type", "application/json"}});
        return nlohmann::json::parse(r.body.reveal(), nullptr, false);
    }
    // The first slot of an office that still has room (asked before any fault).
    SlotChoice freeSlot(const std::string& office) {
        auto doc = centralGet("/api/v1/offices/" + office + "/slots?days=60");
        for (const auto& s : doc["slots"])
            if (s["available"].get<int>() > 0) return {s["date"].get<std::string>(), s["slot"].get<std::string>()};
        ADD_FAILURE() << "no free slot at " << office;
        return {};
    }
    // Resident (赵堃, the demo card) identified, the marriage service open.
    void identifyAndOpen() {
        tap("attract.start");
        tap("identify.demo_card");
        waitForScreen(ScreenId::Menu);
        ASSERT_EQ(app->flow().current(), ScreenId::Menu);
        tap("menu.marriage");
        ASSERT_EQ(app->flow().current(), ScreenId::MarriageStart);
    }
    // The second party's demo card (李婷) through the emulated reader.
    void partnerByCard() {
        tap("marriage.new");
        ASSERT_EQ(app->flow().current(), ScreenId::MarriagePartner);
        saveStep("partner");
        tap("marriage.partner.demo_card");
        ASSERT_TRUE(waitUntil([&] { return marriage().partner().has_value(); })) << "the partner's card never arrived";
        EXPECT_EQ(marriage().partner()->name.reveal(), "李婷");
        EXPECT_EQ(marriage().partner()->gender, Gender::Female);
        EXPECT_EQ(marriage().partnerErrorKey(), nullptr);
        saveStep("partner-by-card");
        tap("marriage.partner.continue");
        ASSERT_EQ(app->flow().current(), ScreenId::MarriageOffice);
        ASSERT_TRUE(waitUntil([&] { return marriage().officesData() != MarriageFlow::Data::Loading; }));
    }
    void chooseOffice(const std::string& id) {
        const auto& offices = marriage().offices();
        auto it = std::find_if(offices.begin(), offices.end(), [&](const MarriageOffice& o) { return o.id == id; });
        ASSERT_NE(it, offices.end());
        const size_t index = static_cast<size_t>(it - offices.begin());
        while (!hasTarget("marriage.office." + std::to_string(index)) && hasTarget("marriage.office.next"))
            tap("marriage.office.next");
        tap("marriage.office." + std::to_string(index));
        ASSERT_EQ(app->flow().current(), ScreenId::MarriageDate);
        ASSERT_TRUE(waitUntil([&] { return marriage().slotsData() != MarriageFlow::Data::Loading; }));
    }
    // Pages the calendar to the month of `date` and taps the day.
    void chooseDay(const std::string& date) {
        auto d = parseDate(date);
        ASSERT_TRUE(d);
        for (int i = 0; i < 3 && marriage().month() != d->year() / d->month(); ++i) {
            tap("marriage.month.next");
            ASSERT_TRUE(waitUntil([&] { return marriage().slotsData() != MarriageFlow::Data::Loading; }));
        }
        tap("marriage.day." + date);
        ASSERT_EQ(app->flow().current(), ScreenId::MarriageSlot);
    }
    void keyPhone() {
        for (char c : std::string("13912345678")) tap(std::string("marriage.phone.key.") + c);
        tap("marriage.phone.confirm");
        ASSERT_EQ(app->flow().current(), ScreenId::MarriageConfirm);
    }
};

}  // namespace

TEST_F(MarriageE2eTest, ACoupleBooksOnlineWithTheSecondCardThenCancels) {
    ASSERT_GT(central.port(), 0);
    const SlotChoice wanted = freeSlot("xihu");
    startApp(config());
    identifyAndOpen();
    saveStep("start");
    partnerByCard();
    ASSERT_EQ(marriage().officesData(), MarriageFlow::Data::Online);
    ASSERT_EQ(marriage().offices().size(), 13u);
    saveStep("offices");
    chooseOffice("xihu");
    ASSERT_EQ(marriage().slotsData(), MarriageFlow::Data::Online);
    saveStep("calendar");
    chooseDay(wanted.date);
    saveStep("slots");
    auto daySlots = marriage().slotsOn(wanted.date);
    auto at = std::find_if(daySlots.begin(), daySlots.end(), [&](const MarriageSlot& s) { return s.slot == wanted.slot; });
    ASSERT_NE(at, daySlots.end());
    tap("marriage.slot." + std::to_string(at - daySlots.begin()));
    ASSERT_EQ(app->flow().current(), ScreenId::MarriagePhone);
    keyPhone();
    saveStep("confirm");

    tap("marriage.confirm.submit");
    ASSERT_EQ(app->flow().current(), ScreenId::MarriageResult);
    ASSERT_TRUE(waitForOutcome());
    ASSERT_EQ(marriage().outcome(), MarriageFlow::Outcome::Confirmed);
    const MarriageBooking booking = *marriage().booking();
    ASSERT_TRUE(marriage().applicant());
    const std::string residentId = marriage().applicant()->idNumber.reveal();
    EXPECT_EQ(booking.date, wanted.date);
    EXPECT_EQ(booking.slot, wanted.slot);
    EXPECT_EQ(booking.code.rfind("KC1.B.", 0), 0u) << "a signed booking code for the QR";
    EXPECT_EQ(central.stats()["bookings"], 1);
    ASSERT_TRUE(app->flow().lastReceipt()) << "a receipt was asked for";
    EXPECT_EQ(app->flow().lastReceipt()->qrPayload, booking.code);
    EXPECT_TRUE(hasTarget("marriage.result.print"));
    saveStep("confirmed");

    // Later in the session: find it by its number and cancel it.
    tap("marriage.result.finish");
    ASSERT_EQ(app->flow().current(), ScreenId::Done);
    tap("done.more");  // another service in the same session
    ASSERT_EQ(app->flow().current(), ScreenId::Menu);
    tap("menu.marriage");
    tap("marriage.lookup");
    ASSERT_EQ(app->flow().current(), ScreenId::MarriageLookup);
    for (char c : booking.reference.substr(3)) tap(std::string("marriage.lookup.key.") + c);
    saveStep("lookup");
    tap("marriage.lookup.confirm");
    ASSERT_TRUE(waitUntil([&] { return app->flow().current() == ScreenId::MarriageBooking; }));
    ASSERT_TRUE(marriage().lookedUp());
    EXPECT_EQ(marriage().lookedUp()->reference, booking.reference);
    saveStep("booking");
    tap("marriage.booking.cancel");
    ASSERT_EQ(app->flow().current(), ScreenId::MarriageCancel);
    saveStep("cancel-question");
    EXPECT_EQ(centralBooking(booking.reference, residentId)["status"], "confirmed")
        << "nothing is cancelled before the second question";
    tap("marriage.cancel.confirm");
    ASSERT_TRUE(waitForOutcome());
    EXPECT_EQ(marriage().outcome(), MarriageFlow::Outcome::Cancelled);
    saveStep("cancelled");
    EXPECT_EQ(centralBooking(booking.reference, residentId)["status"], "cancelled");

    tap("marriage.result.finish");
    ASSERT_EQ(app->flow().current(), ScreenId::Done);
    tap("done.finish");
    EXPECT_EQ(app->flow().current(), ScreenId::Attract);
    EXPECT_FALSE(marriage().partner()) << "the partner's data leaves with the session";
}

TEST_F(MarriageE2eTest, ARequestQueuedWhileTheCentreIsDownIsConfirmedWhenItReturns) {
    ASSERT_GT(central.port(), 0);
    const SlotChoice wanted = freeSlot("xihu");
    startApp(config());
    // The sync engine caches the office list at start: offline, the kiosk shows it.
    ASSERT_TRUE(waitUntil([&] { return app->dataLink().store()->reference("/api/v1/offices").has_value(); }));
    central.faults({{"unavailableForMs", 600000}});

    identifyAndOpen();
    partnerByCard();
    ASSERT_EQ(marriage().officesData(), MarriageFlow::Data::Cached);
    saveStep("offices-cached");
    chooseOffice("xihu");
    ASSERT_EQ(marriage().slotsData(), MarriageFlow::Data::Unavailable);
    saveStep("calendar-offline");
    chooseDay(wanted.date);
    const auto& times = standardSlotTimes();
    auto at = std::find(times.begin(), times.end(), wanted.slot);
    ASSERT_NE(at, times.end());
    const size_t index = static_cast<size_t>(at - times.begin());
    tap("marriage.slot." + std::to_string(index));                      // the wanted time
    tap("marriage.slot." + std::to_string((index + 1) % times.size()));  // a fallback
    ASSERT_EQ(marriage().choices().size(), 2u);
    saveStep("slots-offline");
    tap("marriage.slot.continue");
    keyPhone();
    saveStep("confirm-offline");
    tap("marriage.confirm.submit");
    ASSERT_TRUE(waitForOutcome());
    ASSERT_EQ(marriage().outcome(), MarriageFlow::Outcome::Queued) << "offline: a request, not a booking";
    EXPECT_EQ(central.stats()["bookings"], 0);
    // Not a booking, yet a slip: this kiosk's reference and a QR it can resolve later.
    EXPECT_EQ(marriage().localReference().size(), 8u);
    ASSERT_TRUE(app->flow().lastReceipt()) << "the queued request is printed";
    EXPECT_EQ(app->flow().lastReceipt()->qrPayload, marriage().slipCode());
    EXPECT_EQ(app->flow().lastReceipt()->qrPayload.rfind("KQ1.", 0), 0u);
    EXPECT_TRUE(hasTarget("marriage.result.print"));
    const std::string slip = marriage().slipCode();
    saveStep("queued");
    tap("header.home");
    tap("menu.exit");
    ASSERT_EQ(app->flow().current(), ScreenId::Attract);

    // The centre returns; the outbox delivers the request by itself (with backoff).
    central.faults({{"unavailableForMs", 0}});
    auto delivered = [&] {
        auto items = app->dataLink().store()->list();
        return items && !items.value().empty() && items.value().front().state == offline::OutboxState::Acknowledged;
    };
    // The store schedules retries on the test's manual clock: move it past
    // any backoff (the session has ended, so no inactivity timer runs).
    clock.advance(std::chrono::minutes(15));
    for (int i = 0; i < 3 && !delivered(); ++i) waitUntil(delivered);
    ASSERT_TRUE(delivered()) << "the queued request was not delivered";
    EXPECT_EQ(central.stats()["bookings"], 1);

    // The resident checks again: the answer is there.
    identifyAndOpen();
    ASSERT_TRUE(waitUntil([&] { return !marriage().earlierRequests().empty() && marriage().earlierRequests()[0].booking; }));
    const auto& earlier = marriage().earlierRequests()[0];
    EXPECT_EQ(earlier.state, SubmissionState::Acknowledged);
    EXPECT_EQ(earlier.booking->status, BookingStatus::Confirmed);
    EXPECT_EQ(earlier.booking->date, wanted.date);
    const std::string booked = earlier.booking->reference;
    saveStep("start-with-answer");
    tap("marriage.earlier.0");
    ASSERT_EQ(app->flow().current(), ScreenId::MarriageResult);
    EXPECT_EQ(marriage().outcome(), MarriageFlow::Outcome::Confirmed);
    saveStep("answer-confirmed");

    // The slip from the day it was queued, shown to this kiosk's progress
    // lookup: found in the outbox, and the centre's booking shown.
    tap("marriage.result.finish");
    tap("done.finish");
    tap("attract.start");
    tap("identify.demo_card");
    waitForScreen(ScreenId::Menu);
    tap("menu.status");
    tap("status.scan");
    ASSERT_EQ(app->flow().current(), ScreenId::StatusScan);
    app->flow().services().status.takeCode(ScannedCode{Personal(slip), CodeSource::Camera, {}});
    ASSERT_TRUE(waitUntil([&] { return app->flow().current() == ScreenId::StatusDetail; }))
        << "the slip was not resolved (state " << static_cast<int>(app->flow().services().status.state()) << ")";
    ASSERT_NE(app->flow().services().status.shown(), nullptr);
    EXPECT_EQ(app->flow().services().status.shown()->reference, booked);
    saveStep("slip-resolved");
}
