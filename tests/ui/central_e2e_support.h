#pragma once
// The fixture of the services' end-to-end tests: the real app offscreen in
// demo mode (emulated card reader), against the reference central service
// on loopback, with a fresh data directory removed afterwards.
#include <unistd.h>

#include <filesystem>
#include <string>

#include "../data/test_support.h"
#include "ui_test_support.h"

namespace kiosk::test {

class CentralE2eTest : public UiTest {
protected:
    void SetUp() override {
        UiTest::SetUp();
        // The kiosk's wall clock agrees with the real centre's (its slots are
        // today's dates); time still moves only when a test says so.
        clock.setWallNow(std::chrono::system_clock::now());
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        dataDir_ = std::filesystem::temp_directory_path() /
                   ("kiosk-e2e-" + std::string(info->test_suite_name()) + "-" + std::to_string(getpid()));
        std::filesystem::remove_all(dataDir_);
    }
    void TearDown() override {
        UiTest::TearDown();
        std::filesystem::remove_all(dataDir_);
    }
    KioskConfig config() {
        KioskConfig cfg;
        cfg.identity.residentKeyIn = true;  // these tests key numbers in without staff
        cfg.demo = true;
        cfg.kioskId = "kiosk-demo-01";
        cfg.central.url = central.url();
        cfg.central.token = "demo-token";
        cfg.central.dataDir = dataDir_.string();
        return cfg;
    }

    kiosk::testing::CentralProcess central;
    std::filesystem::path dataDir_;
};

}  // namespace kiosk::test
