#pragma once
// Logging: one line per message to stderr, prefixed with the sd-daemon
// priority ("<6>") so that journald records the level, and no timestamp
// (journald adds its own). Use the KLOG_* macros; they format with fmt.
//
// Personal data must never be logged: pass it as kiosk::Personal, which
// formats as "[redacted]" (see personal.h), never as a plain string.
#include <spdlog/spdlog.h>

#include <memory>
#include <string_view>

#include "kiosk/core/personal.h"

namespace kiosk {

// Sets up the default logger. `level` is one of trace, debug, info, warn,
// error (validated by the config parser). Safe to call more than once.
void initLogging(std::string_view level);

// Adds or removes a sink beside stderr; safe while other threads log.
void addLogSink(std::shared_ptr<spdlog::sinks::sink> sink);
void removeLogSink(const std::shared_ptr<spdlog::sinks::sink>& sink);

// Routes log lines into a string as well, for tests that check what was logged.
// Returns a handle; call stopCapture with it.
struct LogCapture;
LogCapture* startLogCapture();
std::string stopLogCapture(LogCapture* capture);

}  // namespace kiosk

#define KLOG_DEBUG(...) SPDLOG_DEBUG(__VA_ARGS__)
#define KLOG_INFO(...) SPDLOG_INFO(__VA_ARGS__)
#define KLOG_WARN(...) SPDLOG_WARN(__VA_ARGS__)
#define KLOG_ERROR(...) SPDLOG_ERROR(__VA_ARGS__)
