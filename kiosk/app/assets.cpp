#include "kiosk/app/assets.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace kiosk {

std::string locateAssetsDir(const std::string& configured) {
    if (!configured.empty()) return configured;
    if (const char* env = std::getenv("KIOSK_ASSETS_DIR")) return env;
#ifdef KIOSK_SOURCE_ASSETS_DIR
    if (std::filesystem::is_directory(KIOSK_SOURCE_ASSETS_DIR)) return KIOSK_SOURCE_ASSETS_DIR;
#endif
    return "/usr/share/civil-kiosk/assets";
}

std::optional<std::string> readTextFile(const std::string& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return "cannot read " + path;
    std::ostringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return std::nullopt;
}

std::optional<std::string> loadStringTables(const std::string& assetsDir, Strings& strings) {
    for (Language lang : kAllLanguages) {
        std::string path = assetsDir + "/i18n/" + std::string(languageTag(lang)) + ".json";
        std::string text;
        if (auto err = readTextFile(path, text)) return err;
        if (auto err = strings.load(lang, text)) return path + ": " + *err;
    }
    return std::nullopt;
}

Result<KioskConfig, std::string> loadConfigFile(const std::string& path) {
    std::string text;
    if (auto err = readTextFile(path, text)) return *err;
    auto parsed = parseConfig(text);
    if (!parsed) return path + ": " + parsed.error().describe();
    return parsed.value();
}

}  // namespace kiosk
