#include "kiosk/app/card_devices.h"

#include <unistd.h>

#include "drivers/idcard/emulator/idcard_emulator.h"
#include "drivers/idcard/sam_reader.h"
#include "kiosk/core/log.h"

namespace kiosk {

CardDevices::CardDevices() = default;
CardDevices::~CardDevices() { stop(); }

void CardDevices::startReader(const KioskConfig::IdCardReader& config, RunQueue& queue, CardReader::Callbacks ui) {
    idcard::SamReaderConfig readerConfig;
    readerConfig.devicePath = config.device;
    readerConfig.baud = config.baud;
    readerConfig.photoLibrary = config.photoLibrary;
    reader_ = std::make_unique<idcard::SamCardReader>(readerConfig);
    reader_->start(postingTo(queue, std::move(ui)));
}

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

void CardDevices::placeDemoCard(const std::string& name) {
    if (!emulator_) return;
    auto profile = idcard::loadCardProfile(assetsDir_ + "/demo/cards/" + name);
    if (!profile) {
        KLOG_WARN("demo card: {}", profile.error());
        return;
    }
    // Like a person swapping cards: whatever lies on the reader is lifted
    // first, so the driver sees it go (removalMisses polls) and reads the
    // new one as a new presentation (a second party after the resident).
    emulator_->placeCardAfterPolls(profile.value(), 3);
}

void CardDevices::stop() {
    if (reader_) reader_->stop();  // before the emulator and the run queue go away
    reader_.reset();
    emulator_.reset();
}

}  // namespace kiosk
