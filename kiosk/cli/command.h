#pragma once
// kiosk-cli: the headless tool that links the same libraries as the kiosk
// (diagnostics, read-card, scan-code, ocr, outbox, sync, selftest).
//
// Adding a command: one file kiosk/cli/<name>_command.cpp defining
// `void addXxxCommand(CLI::App& cli)`, its declaration below, and one line in
// main.cpp. A command prints results on stdout, messages on stderr, and
// returns its exit code through `throw CLI::RuntimeError(code)` or by
// setting the value behind the `exitCode` reference its callback captures.
#include <CLI/CLI.hpp>

namespace kiosk::cli {

// The exit code the chosen command asked for (0 unless a command sets it).
int& exitCode();

void addVersionCommand(CLI::App& cli);
void addOcrCommand(CLI::App& cli);
void addReadCardCommand(CLI::App& cli);
void addOutboxCommand(CLI::App& cli);
void addSyncCommand(CLI::App& cli);
void addScanCodeCommand(CLI::App& cli);
void addScanCommand(CLI::App& cli);

}  // namespace kiosk::cli
