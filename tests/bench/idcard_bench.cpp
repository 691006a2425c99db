// ID card (issue 3): time from a card laid on the reader to the identity
// event, through the real driver (SamCardReader polling at its default
// interval) against the emulator at 115200 baud with real wire timing; next
// to the peer measured in the same run: a bare client that sends the same
// find, select and read commands back to back the moment the card is down
// (no polling, no retries, no decoding): the floor the wire itself sets.
// Prints medians and the ratio. Not a test: it never fails on speed.
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <vector>

#include "drivers/idcard/emulator/idcard_emulator.h"
#include "drivers/idcard/protocol.h"
#include "drivers/idcard/sam_reader.h"
#include "drivers/serial/serial_port.h"

using namespace kiosk;
using namespace kiosk::idcard;
using Clock = std::chrono::steady_clock;

namespace {

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

// One command and its answer over the raw port; false on a timeout or a bad frame.
bool exchange(serial::SerialPort& port, Command command) {
    auto request = encodeRequest(command);
    if (!port.writeAll(request, std::chrono::milliseconds(1000))) return false;
    FrameAssembler assembler;
    std::vector<uint8_t> buf(4096);
    auto deadline = Clock::now() + std::chrono::seconds(2);
    while (Clock::now() < deadline) {
        auto n = port.read(buf, std::chrono::milliseconds(50));
        if (!n) return false;
        assembler.feed(std::span<const uint8_t>(buf.data(), n.value()));
        if (auto item = assembler.next()) return item->frame.has_value();
    }
    return false;
}

}  // namespace

int main(int argc, char** argv) {
    const int rounds = argc > 1 ? std::max(3, std::atoi(argv[1])) : 9;
    const std::string cards = std::string(KIOSK_SOURCE_DIR) + "/assets/demo/cards/resident.json";
    auto profile = loadCardProfile(cards);
    if (!profile) {
        std::fprintf(stderr, "idcard_bench: %s\n", profile.error().c_str());
        return 1;
    }
    const auto dir = std::filesystem::temp_directory_path() / ("kiosk-idcard-bench-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    EmulatorOptions options;
    options.linkPath = (dir / "reader").string();
    options.wireTiming = true;

    // The peer: find, select, read back to back as soon as the card is down.
    std::vector<double> peer;
    {
        auto emu = IdCardEmulator::start(options);
        if (!emu) return std::fprintf(stderr, "idcard_bench: %s\n", emu.error().c_str()), 1;
        auto port = serial::SerialPort::open(emu.value()->devicePath(), 115200);
        if (!port) return std::fprintf(stderr, "idcard_bench: cannot open the emulator\n"), 1;
        for (int i = 0; i < rounds; ++i) {
            emu.value()->placeCard(profile.value());
            auto t0 = Clock::now();
            bool ok = exchange(port.value(), kFindCard) && exchange(port.value(), kSelectCard) &&
                      exchange(port.value(), kReadTextPhoto);
            if (!ok) return std::fprintf(stderr, "idcard_bench: the bare exchange failed\n"), 1;
            peer.push_back(ms(Clock::now() - t0));
            emu.value()->liftCard();
        }
    }

    // The kiosk's driver, polling at its default interval.
    std::vector<double> driver;
    {
        auto emu = IdCardEmulator::start(options);
        if (!emu) return std::fprintf(stderr, "idcard_bench: %s\n", emu.error().c_str()), 1;
        SamReaderConfig config;
        config.devicePath = emu.value()->devicePath();
        config.photoLibrary = "";
        SamCardReader reader(config);
        std::mutex m;
        std::condition_variable cv;
        int reads = 0, removals = 0;
        CardReader::Callbacks callbacks;
        callbacks.onCardRead = [&](IdCard card) {
            card.wipe();
            std::lock_guard lock(m);
            ++reads;
            cv.notify_all();
        };
        callbacks.onCardRemoved = [&] {
            std::lock_guard lock(m);
            ++removals;
            cv.notify_all();
        };
        reader.start(callbacks);
        for (int i = 0; i < rounds; ++i) {
            auto t0 = Clock::now();
            emu.value()->placeCard(profile.value());
            std::unique_lock lock(m);
            if (!cv.wait_for(lock, std::chrono::seconds(5), [&] { return reads == i + 1; }))
                return std::fprintf(stderr, "idcard_bench: no card event\n"), 1;
            driver.push_back(ms(Clock::now() - t0));
            lock.unlock();
            emu.value()->liftCard();
            lock.lock();
            cv.wait_for(lock, std::chrono::seconds(5), [&] { return removals == i + 1; });
        }
        reader.stop();
    }
    std::filesystem::remove_all(dir);

    const double d = median(driver), p = median(peer);
    std::printf("idcard: card placed -> identity event at 115200 baud with wire timing, %d placements\n", rounds);
    std::printf("  kiosk driver (poll every %lld ms)   median %6.1f ms  (min %.1f, max %.1f)\n",
                static_cast<long long>(SamReaderConfig{}.pollInterval.count()), d,
                *std::min_element(driver.begin(), driver.end()), *std::max_element(driver.begin(), driver.end()));
    std::printf("  bare find+select+read (the floor)  median %6.1f ms\n", p);
    std::printf("  ratio driver/floor: %.2f   goal: driver <= 250 ms\n", d / p);
    return 0;
}
