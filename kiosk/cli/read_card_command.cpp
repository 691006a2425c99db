// kiosk-cli read-card: waits for an ID card on the reader, reads it through
// the real driver and prints it once, the ID number masked (first 6 + last 4).
//   kiosk-cli read-card --device /dev/ttyUSB0 [--baud 115200] [--json] [--timeout 30]
// Exit codes: 0 read, 1 timed out without a card, 2 reader missing or faulty.
// Works against idcard-emulator's pty just the same.
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <optional>

#include <nlohmann/json.hpp>

#include "drivers/idcard/sam_reader.h"
#include "kiosk/cli/command.h"
#include "kiosk/core/id_number.h"

namespace kiosk::cli {
namespace {

struct ReadCardOptions {
    std::string device;
    int baud = 115200;
    bool json = false;
    double timeoutSeconds = 30;
    std::string photoLibrary = "libwlt2bmp.so";
};

// One line of JSON with the keys of issue 3; keys a card does not have are left out.
std::string toJson(const IdCard& card, std::chrono::year_month_day today) {
    nlohmann::ordered_json j;
    j["type"] = cardKindName(card.kind);
    auto put = [&](const char* key, const std::string& value) {
        if (!value.empty()) j[key] = value;
    };
    put("name", card.name.reveal());
    put("english_name", card.englishName.reveal());
    j["gender"] = genderName(card.gender);
    put("nation", card.nation.reveal());
    put("birth_date", card.birthDate.reveal());
    put("address", card.address.reveal());
    put("id_number", maskIdentifier(card.idNumber.reveal()));
    put("authority", card.authority);
    j["valid_from"] = formatDate(card.validFrom);
    j["valid_to"] = card.validTo ? formatDate(*card.validTo) : "long-term";
    j["expired"] = card.isExpired(today);
    put("nationality", card.nationality);
    if (!card.passNumber.empty()) put("pass_number", maskIdentifier(card.passNumber.reveal()));
    return j.dump();
}

void printText(const IdCard& card, std::chrono::year_month_day today) {
    auto line = [](const char* label, const std::string& value) {
        if (!value.empty()) std::printf("%-13s %s\n", label, value.c_str());
    };
    line("type:", std::string(cardKindName(card.kind)));
    line("name:", card.name.reveal());
    line("english name:", card.englishName.reveal());
    line("gender:", std::string(genderName(card.gender)));
    line("nation:", card.nation.reveal());
    line("birth date:", card.birthDate.reveal());
    line("address:", card.address.reveal());
    line("id number:", maskIdentifier(card.idNumber.reveal()));
    if (!card.passNumber.empty()) line("pass number:", maskIdentifier(card.passNumber.reveal()));
    line("nationality:", card.nationality);
    line("authority:", card.authority);
    line("valid:", formatDate(card.validFrom) + " to " + (card.validTo ? formatDate(*card.validTo) : "long-term") +
                       (card.isExpired(today) ? " (EXPIRED)" : ""));
    line("photo:", card.photo ? "decoded" : "not decoded (no vendor WLT library)");
}

int runReadCard(const ReadCardOptions& opts) {
    idcard::SamReaderConfig config;
    config.devicePath = opts.device;
    config.baud = opts.baud;
    config.photoLibrary = opts.photoLibrary;
    config.pollInterval = std::chrono::milliseconds(100);

    std::mutex mutex;
    std::condition_variable cv;
    std::optional<IdCard> card;
    std::optional<ReaderHealth> fault;
    idcard::SamCardReader reader(config);
    CardReader::Callbacks cb;
    cb.onCardRead = [&](IdCard c) {
        std::lock_guard lock(mutex);
        if (!card) card = std::move(c);
        cv.notify_all();
    };
    cb.onError = [](CardReadError e) {
        std::fprintf(stderr, "read-card: %s; still waiting\n",
                     e == CardReadError::ReadFailed ? "the card could not be read, hold it flat and still"
                                                    : "the card's data is not valid");
    };
    cb.onHealthChanged = [&](const ReaderHealth& h) {
        if (h.state == ReaderHealthState::Ok) return;
        std::lock_guard lock(mutex);
        if (!fault) fault = h;
        cv.notify_all();
    };
    reader.start(cb);
    auto timeout = std::chrono::milliseconds(static_cast<long long>(opts.timeoutSeconds * 1000));
    {
        std::unique_lock lock(mutex);
        cv.wait_for(lock, timeout, [&] { return card || fault; });
    }
    reader.stop();  // no callback runs after this: the state below is ours alone

    if (card) {
        auto today = localDate(std::chrono::system_clock::now());
        if (opts.json)
            std::printf("%s\n", toJson(*card, today).c_str());
        else
            printText(*card, today);
        card->wipe();
        return 0;
    }
    if (fault) {
        std::fprintf(stderr, "read-card: card reader %s: %s\n",
                     fault->state == ReaderHealthState::NoDevice ? "not found" : "fault", fault->reason.c_str());
        return 2;
    }
    std::fprintf(stderr, "read-card: no card was placed on the reader within %g seconds\n", opts.timeoutSeconds);
    return 1;
}

}  // namespace

void addReadCardCommand(CLI::App& cli) {
    auto opts = std::make_shared<ReadCardOptions>();
    auto* cmd = cli.add_subcommand("read-card", "Wait for an ID card, read it and print it (ID number masked)");
    cmd->add_option("--device,--port", opts->device, "Serial device of the reader (or idcard-emulator's pty)")
        ->required();
    cmd->add_option("--baud", opts->baud, "Line speed")->capture_default_str();
    cmd->add_flag("--json", opts->json, "Print one JSON object on one line");
    cmd->add_option("--timeout", opts->timeoutSeconds, "Seconds to wait for a card")->capture_default_str();
    cmd->add_option("--photo-library", opts->photoLibrary, "Vendor WLT decoder to dlopen (\"\" to skip)")
        ->capture_default_str();
    cmd->callback([opts] { exitCode() = runReadCard(*opts); });
}

}  // namespace kiosk::cli
