// kiosk-cli: headless diagnostics and tools over the kiosk's own libraries.
//   kiosk-cli <command> [options]      kiosk-cli --help lists the commands
#include "kiosk/cli/command.h"
#include "kiosk/core/log.h"

namespace kiosk::cli {
int& exitCode() {
    static int code = 0;
    return code;
}
}  // namespace kiosk::cli

int main(int argc, char** argv) {
    kiosk::initLogging("warn");
    CLI::App cli{"Civil-affairs kiosk: headless tools"};
    cli.require_subcommand(1);
    // One line per command:
    kiosk::cli::addVersionCommand(cli);
    kiosk::cli::addOcrCommand(cli);
    kiosk::cli::addReadCardCommand(cli);
    kiosk::cli::addOutboxCommand(cli);
    kiosk::cli::addSyncCommand(cli);
    kiosk::cli::addScanCodeCommand(cli);
    kiosk::cli::addScanCommand(cli);
    CLI11_PARSE(cli, argc, argv);
    return kiosk::cli::exitCode();
}
