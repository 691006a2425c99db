#pragma once
// Helpers for the ID card integration tests: a temporary directory for the
// emulator's stable device link, a fast driver configuration, the demo card
// profiles, and a recorder of reader events with waits. Waits use generous
// timeouts only as guards; no test asserts a duration.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "drivers/idcard/emulator/idcard_emulator.h"
#include "drivers/idcard/sam_reader.h"

namespace idcard_test {

using namespace std::chrono_literals;
inline constexpr auto kGuard = std::chrono::seconds(10);

struct TempDir {
    std::filesystem::path path;
    TempDir() {
        char tmpl[] = "/tmp/idcard-test-XXXXXX";
        path = ::mkdtemp(tmpl);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
};

inline kiosk::idcard::CardProfile profile(const std::string& file) {
    auto p = kiosk::idcard::loadCardProfile(std::string(KIOSK_SOURCE_DIR) + "/assets/demo/cards/" + file);
    EXPECT_TRUE(p) << (p ? "" : p.error());
    return p ? p.value() : kiosk::idcard::CardProfile{};
}

inline kiosk::idcard::SamReaderConfig fastConfig(const std::string& device) {
    kiosk::idcard::SamReaderConfig c;
    c.devicePath = device;
    c.pollInterval = 20ms;
    c.commandTimeout = 300ms;
    c.readTimeout = 600ms;
    c.reconnectMin = 20ms;
    c.reconnectMax = 200ms;
    c.photoLibrary = "";
    return c;
}

// Records every callback; tests wait on predicates over the record.
class Recorder {
public:
    struct Record {
        std::vector<kiosk::IdCard> cards;
        int removed = 0;
        std::vector<kiosk::CardReadError> errors;
        std::vector<kiosk::ReaderHealth> health;
    };

    kiosk::CardReader::Callbacks callbacks() {
        kiosk::CardReader::Callbacks cb;
        cb.onCardRead = [this](kiosk::IdCard card) { update([&](Record& r) { r.cards.push_back(std::move(card)); }); };
        cb.onCardRemoved = [this] { update([](Record& r) { ++r.removed; }); };
        cb.onError = [this](kiosk::CardReadError e) { update([&](Record& r) { r.errors.push_back(e); }); };
        cb.onHealthChanged = [this](const kiosk::ReaderHealth& h) {
            update([&](Record& r) { r.health.push_back(h); });
        };
        return cb;
    }

    template <typename Pred>
    bool waitFor(Pred pred, std::chrono::milliseconds timeout = kGuard) {
        std::unique_lock lock(mutex_);
        return cv_.wait_for(lock, timeout, [&] { return pred(record_); });
    }
    Record snapshot() {
        std::lock_guard lock(mutex_);
        return record_;
    }
    kiosk::ReaderHealthState lastHealth() {
        std::lock_guard lock(mutex_);
        return record_.health.empty() ? kiosk::ReaderHealthState::NoDevice : record_.health.back().state;
    }

private:
    template <typename F>
    void update(F f) {
        {
            std::lock_guard lock(mutex_);
            f(record_);
        }
        cv_.notify_all();
    }
    std::mutex mutex_;
    std::condition_variable cv_;
    Record record_;
};

inline bool healthIs(const Recorder::Record& r, kiosk::ReaderHealthState s) {
    return !r.health.empty() && r.health.back().state == s;
}

}  // namespace idcard_test
