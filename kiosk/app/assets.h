#pragma once
// Finding and reading the kiosk's assets (string tables, demo data, sample
// config). Start-up only, UI thread.
#include <optional>
#include <string>

#include "kiosk/core/config.h"
#include "kiosk/core/strings.h"

namespace kiosk {

// The assets folder: the configured one, else $KIOSK_ASSETS_DIR, else the
// source tree's (development and demo builds), else the installed one.
std::string locateAssetsDir(const std::string& configured);

// Reads a whole file; returns an error message naming the path on failure.
std::optional<std::string> readTextFile(const std::string& path, std::string& out);

// Loads assets/i18n/<tag>.json for every language.
std::optional<std::string> loadStringTables(const std::string& assetsDir, Strings& strings);

// Reads and parses a config file; the error names the file and the key.
Result<KioskConfig, std::string> loadConfigFile(const std::string& path);

}  // namespace kiosk
