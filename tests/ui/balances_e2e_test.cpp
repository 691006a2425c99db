// Subsidy balances end to end: the real app offscreen, the demo card on the
// emulated reader, the reference central service on loopback. A resident
// checks balances online, then with the centre down sees the snapshot with
// its time; a resident never seen before gets a plain "cannot look up now".
#include <gtest/gtest.h>

#include <filesystem>

#include "screens/flows/service_flows.h"
#include "central_e2e_support.h"

using namespace kiosk;
using namespace kiosk::test;

namespace {

class BalancesE2eTest : public CentralE2eTest {
protected:
    BalancesFlow& balances() { return app->flow().services().balances; }
    bool settled() { return balances().state() != BalancesFlow::State::Loading; }
    void keyIn(const std::string& number) {
        tap("identify.key_in");
        for (char c : number) tap(std::string("id_entry.key.") + c);
        tap("id_entry.confirm");
    }
};

}  // namespace

TEST_F(BalancesE2eTest, OnlineThenOfflineShowsTheSnapshotWithItsTime) {
    ASSERT_GT(central.port(), 0);
    startApp(config());
    tap("attract.start");
    tap("identify.demo_card");  // 赵堃, 74: holds the elderly subsidies
    waitForScreen(ScreenId::Menu);
    ASSERT_EQ(app->flow().current(), ScreenId::Menu);
    saveStep("menu");

    tap("menu.balances");
    EXPECT_EQ(app->flow().current(), ScreenId::BalancesList);
    ASSERT_TRUE(waitUntil([&] { return settled(); }));
    ASSERT_EQ(balances().state(), BalancesFlow::State::Online);
    const auto& held = balances().balances().balances;
    ASSERT_GE(held.size(), 3u);
    EXPECT_EQ(held[0].kind, "chongyang-points");
    EXPECT_EQ(held[0].unit, "points");
    EXPECT_GT(held[0].balance, 0);
    EXPECT_FALSE(held[0].transactions.empty());
    const double onlineBalance = held[0].balance;
    EXPECT_TRUE(hasTarget("balances.kind.0"));
    EXPECT_TRUE(hasTarget("balances.print"));
    EXPECT_FALSE(hasTarget("balances.retry")) << "online: nothing to retry";
    saveStep("balances-online");

    tap("balances.kind.0");
    EXPECT_EQ(app->flow().current(), ScreenId::BalanceDetail);
    ASSERT_NE(balances().selected(), nullptr);
    EXPECT_EQ(balances().selected()->kind, "chongyang-points");
    saveStep("detail-online");
    tap("header.back");
    EXPECT_EQ(app->flow().current(), ScreenId::BalancesList);

    // The centre goes down (503 for a minute): the same resident checks again.
    central.faults({{"unavailableForMs", 60000}});
    tap("header.home");
    tap("menu.balances");
    ASSERT_TRUE(waitUntil([&] { return settled(); }));
    ASSERT_EQ(balances().state(), BalancesFlow::State::Snapshot);
    ASSERT_TRUE(balances().snapshotAsOfMs());
    EXPECT_GT(*balances().snapshotAsOfMs(), 0);
    ASSERT_FALSE(balances().balances().balances.empty());
    EXPECT_DOUBLE_EQ(balances().balances().balances[0].balance, onlineBalance);
    EXPECT_TRUE(hasTarget("balances.retry"));
    saveStep("balances-snapshot");
    tap("balances.kind.0");
    saveStep("detail-snapshot");

    // The centre is back: Retry brings the live answer.
    central.faults({{"unavailableForMs", 0}});
    tap("header.back");
    tap("balances.retry");
    ASSERT_TRUE(waitUntil([&] { return settled(); }));
    EXPECT_EQ(balances().state(), BalancesFlow::State::Online);
    saveStep("balances-back-online");

    // The session ends: nothing of the balances stays in memory.
    tap("header.home");
    tap("menu.exit");
    EXPECT_EQ(app->flow().current(), ScreenId::Attract);
    EXPECT_TRUE(balances().balances().balances.empty());
    EXPECT_EQ(balances().state(), BalancesFlow::State::Idle);
}

TEST_F(BalancesE2eTest, OfflineWithoutASnapshotAndAPersonWithoutRecordsAreSaidPlainly) {
    ASSERT_GT(central.port(), 0);
    startApp(config());
    central.faults({{"unavailableForMs", 60000}});
    tap("attract.start");
    keyIn("11010519491231002X");  // valid, unknown to the centre
    ASSERT_EQ(app->flow().current(), ScreenId::Menu);
    tap("menu.balances");
    ASSERT_TRUE(waitUntil([&] { return settled(); }));
    EXPECT_EQ(balances().state(), BalancesFlow::State::Unavailable);
    EXPECT_TRUE(hasTarget("balances.retry"));
    saveStep("balances-unavailable");

    central.faults({{"unavailableForMs", 0}});
    tap("balances.retry");
    ASSERT_TRUE(waitUntil([&] { return settled(); }));
    EXPECT_EQ(balances().state(), BalancesFlow::State::NoRecords);
    saveStep("balances-no-records");
}
