// The app's link to its data: the store opens in the configured folder and
// the connectivity shown to residents follows the real central service.
#include "kiosk/app/data_link.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <thread>

#include "../data/test_support.h"
#include "offline-cache/sync_engine.h"

using namespace kiosk;

namespace {
bool hasAlert(const DataLink& link, const char* key) {
    auto a = link.alerts();
    return std::any_of(a.begin(), a.end(), [&](const char* k) { return std::strcmp(k, key) == 0; });
}

template <typename Pred>
bool eventually(Pred pred) {
    for (int i = 0; i < 400 && !pred(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return pred();
}

std::string freshDir(const char* name) {
    auto dir = std::filesystem::temp_directory_path() / (std::string(name) + "-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir);
    return dir.string();
}
}  // namespace

TEST(DataLink, NoCentralServiceMeansOfflineShownAndTheStoreStillOpen) {
    KioskConfig cfg;
    cfg.central.url = "http://127.0.0.1:9";  // nothing listens there
    cfg.central.dataDir = freshDir("kiosk-datalink-offline");
    SystemClock clock;
    RunQueue queue;
    DataLink link;
    link.start(cfg, clock, queue);
    EXPECT_TRUE(link.storeOpen());
    EXPECT_TRUE(std::filesystem::exists(cfg.central.dataDir + "/kiosk.db"));
    EXPECT_TRUE(eventually([&] { return hasAlert(link, "sync.offline"); }));
    link.stop();
    std::filesystem::remove_all(cfg.central.dataDir);
}

TEST(DataLink, TheReferenceServerBringsItOnline) {
    kiosk::testing::CentralProcess central;
    ASSERT_GT(central.port(), 0);
    KioskConfig cfg;
    cfg.kioskId = "kiosk-demo-01";
    cfg.central.url = central.url();
    cfg.central.token = "demo-token";
    cfg.central.dataDir = freshDir("kiosk-datalink-online");
    SystemClock clock;
    RunQueue queue;
    DataLink link;
    link.start(cfg, clock, queue);
    // "No offline alert" holds before any contact too: wait for a contact
    // that got an answer first, so the check means something.
    ASSERT_NE(link.sync(), nullptr);
    ASSERT_TRUE(eventually([&] {
        auto status = link.sync()->status();
        return status.contacted && status.online && status.lastSuccess.has_value();
    }));
    EXPECT_FALSE(hasAlert(link, "sync.offline"));
    EXPECT_TRUE(link.alerts().empty());
    link.stop();
    std::filesystem::remove_all(cfg.central.dataDir);
}

TEST(DataLink, AStoreThatCannotOpenIsShownNotFatal) {
    KioskConfig cfg;
    cfg.central.dataDir = "/proc/no-such-place/kiosk";
    SystemClock clock;
    RunQueue queue;
    DataLink link;
    link.start(cfg, clock, queue);
    EXPECT_FALSE(link.storeOpen());
    EXPECT_TRUE(hasAlert(link, "sync.store_failed"));
}
