#include <cstdio>

#include "kiosk/cli/command.h"

namespace kiosk::cli {

void addVersionCommand(CLI::App& cli) {
    auto* cmd = cli.add_subcommand("version", "Print the kiosk software version");
    cmd->callback([] { std::printf("%s\n", KIOSK_VERSION); });
}

}  // namespace kiosk::cli
