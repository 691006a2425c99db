#include "kiosk/app/card_devices.h"

#include <unistd.h>

#include "drivers/idcard/emulator/idcard_emulator.h"
#include "drivers/idcard/sam_reader.h"
#include "kiosk/core/log.h"

namespace kiosk {

CardDevices::CardDevices() = default;
CardDevices::~CardDevices() { stop(); }

std::optional<std::string> CardDevices::startDemo(const std::string& assetsDir, RunQueue& queue,
                                                  CardReader::Callbacks ui) {
    assetsDir_ = assetsDir;
    idcard::EmulatorOptions options;
    options.linkPath = "/tmp/kiosk-idcard-" + std::to_string(getpid());
    auto emulator = idcard::IdCardEmulator::start(options);
    if (!emulator) return "card reader emulator: " + emulator.error();
    emulator_ = std::move(emulator.value());
    idcard::SamReaderConfig config;
    config.devicePath = emulator_->devicePath();
    reader_ = std::make_unique<idcard::SamCardReader>(config);
    reader_->start(postingTo(queue, std::move(ui)));
    return std::nullopt;
}

void CardDevices::placeDemoCard() {
    if (!emulator_) return;
    auto profile = idcard::loadCardProfile(assetsDir_ + "/demo/cards/resident.json");
    if (!profile) {
        KLOG_WARN("demo card: {}", profile.error());
        return;
    }
    emulator_->placeCard(profile.value());
}

void CardDevices::stop() {
    if (reader_) reader_->stop();  // before the emulator and the run queue go away
    reader_.reset();
    emulator_.reset();
}

}  // namespace kiosk
