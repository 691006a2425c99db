// idcard-emulator: a SAM ID card reader on a pseudo-terminal, for the demo,
// manual testing and kiosk-cli read-card. Prints the device path on the
// first line of stdout, then takes commands on stdin, one per line:
//   place FILE | place-after N FILE | lift | bad-checksum | garbage | fail-read
//   | lift-mid-read | chunk N | slow on|off | silent on|off | unplug | replug | quit
// Runs until "quit", end of input with --exit-on-eof, SIGINT or SIGTERM.
#include <poll.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>

#include <CLI/CLI.hpp>

#include "drivers/idcard/emulator/idcard_emulator.h"
#include "kiosk/core/log.h"

namespace {
volatile std::sig_atomic_t gStop = 0;
void onSignal(int) { gStop = 1; }

bool place(kiosk::idcard::IdCardEmulator& emu, const std::string& file, int afterPolls) {
    auto profile = kiosk::idcard::loadCardProfile(file);
    if (!profile) {
        std::fprintf(stderr, "idcard-emulator: %s\n", profile.error().c_str());
        return false;
    }
    if (afterPolls > 0)
        emu.placeCardAfterPolls(profile.value(), afterPolls);
    else
        emu.placeCard(profile.value());
    std::fprintf(stderr, "idcard-emulator: card \"%s\" %s\n", profile.value().label.c_str(),
                 afterPolls > 0 ? "placed after polls" : "placed");
    return true;
}

void handle(kiosk::idcard::IdCardEmulator& emu, const std::string& line) {
    std::istringstream in(line);
    std::string cmd, arg;
    in >> cmd;
    if (cmd.empty()) return;
    if (cmd == "place" && (in >> arg))
        place(emu, arg, 0);
    else if (cmd == "place-after") {
        int n = 0;
        if (in >> n >> arg) place(emu, arg, n);
    } else if (cmd == "lift")
        emu.liftCard();
    else if (cmd == "bad-checksum")
        emu.corruptNextResponses(1);
    else if (cmd == "garbage")
        emu.garbageBeforeNextResponses(1);
    else if (cmd == "fail-read")
        emu.failNextReads(1);
    else if (cmd == "lift-mid-read")
        emu.liftDuringNextRead();
    else if (cmd == "chunk") {
        size_t n = 0;
        in >> n;
        emu.setChunking(n, std::chrono::milliseconds(n > 0 ? 2 : 0));
    } else if (cmd == "slow" && (in >> arg))
        emu.setWireTiming(arg == "on");
    else if (cmd == "silent" && (in >> arg))
        emu.setSilent(arg == "on");
    else if (cmd == "unplug")
        emu.unplug();
    else if (cmd == "replug") {
        auto r = emu.replug();
        if (!r)
            std::fprintf(stderr, "idcard-emulator: replug: %s\n", r.error().c_str());
        else
            std::printf("%s\n", emu.devicePath().c_str());
    } else if (cmd == "quit")
        gStop = 1;
    else
        std::fprintf(stderr, "idcard-emulator: unknown command: %s\n", line.c_str());
    std::fflush(stdout);
}
}  // namespace

int main(int argc, char** argv) {
    kiosk::initLogging("warn");
    CLI::App app{"SAM ID card reader emulator on a pseudo-terminal"};
    kiosk::idcard::EmulatorOptions options;
    std::string card;
    int placeAfter = 0;
    size_t chunk = 0;
    bool badChecksum = false, garbage = false, exitOnEof = false;
    int failReads = 0;
    app.add_option("--link", options.linkPath, "Also make this symlink to the pty (stable across replug)");
    app.add_option("--baud", options.baud, "Line speed for --slow wire timing")->capture_default_str();
    app.add_flag("--slow", options.wireTiming, "Pace responses at the real wire speed of --baud");
    app.add_option("--card", card, "Card profile JSON to place (assets/demo/cards/*.json)");
    app.add_option("--place-after", placeAfter, "Place --card only after N polls found nothing");
    app.add_option("--chunk", chunk, "Write responses in chunks of N bytes");
    app.add_flag("--bad-checksum-once", badChecksum, "Corrupt the checksum of the first response");
    app.add_flag("--garbage-once", garbage, "Send noise before the first response");
    app.add_option("--fail-reads", failReads, "Answer the first N reads with 'read card failed'");
    app.add_flag("--exit-on-eof", exitOnEof, "Exit when stdin closes");
    CLI11_PARSE(app, argc, argv);

    auto started = kiosk::idcard::IdCardEmulator::start(options);
    if (!started) {
        std::fprintf(stderr, "idcard-emulator: %s\n", started.error().c_str());
        return 1;
    }
    auto& emu = *started.value();
    if (!card.empty() && !place(emu, card, placeAfter)) return 1;
    if (chunk > 0) emu.setChunking(chunk, std::chrono::milliseconds(2));
    if (badChecksum) emu.corruptNextResponses(1);
    if (garbage) emu.garbageBeforeNextResponses(1);
    if (failReads > 0) emu.failNextReads(failReads);

    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    std::printf("%s\n", emu.devicePath().c_str());
    std::fflush(stdout);

    std::string pending;
    bool eof = false;
    while (!gStop) {
        if (eof) {
            if (exitOnEof) break;
            ::pause();
            continue;
        }
        pollfd pfd{STDIN_FILENO, POLLIN, 0};
        if (::poll(&pfd, 1, 200) <= 0) continue;
        char buf[256];
        ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
        if (n <= 0) {
            eof = true;
            continue;
        }
        pending.append(buf, static_cast<size_t>(n));
        for (size_t nl; (nl = pending.find('\n')) != std::string::npos;) {
            handle(emu, pending.substr(0, nl));
            pending.erase(0, nl + 1);
        }
    }
    return 0;
}
