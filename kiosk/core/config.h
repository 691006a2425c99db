#pragma once
// Kiosk configuration: one TOML file, every key optional, defaults below.
// assets/config/kiosk.toml is the documented sample; keep it in step.
//
// parseConfig() rejects unknown keys, wrong types and out-of-range values
// with an error that names the key ("session.inactivity_seconds: ..."), so a
// typo stops start-up instead of being silently ignored.
#include <array>
#include <string>
#include <string_view>

#include "kiosk/core/language.h"
#include "kiosk/core/result.h"
#include "kiosk/core/services.h"

namespace kiosk {

enum class Orientation { Landscape, Portrait };

struct ServiceConfig {
    bool enabled = true;
    UnavailableReason reason = UnavailableReason::Maintenance;  // shown when !enabled
};

struct KioskConfig {
    std::string kioskId = "kiosk-dev";
    Language defaultLanguage = Language::ZhCN;
    bool demo = false;               // demo mode: emulated devices, demo identities

    struct Display {
        bool fullscreen = false;
        Orientation orientation = Orientation::Landscape;
        int width = 1920;            // window size in windowed mode
        int height = 1080;
        double diagonalInches = 21.5;  // physical size, for touch target sizes
    } display;

    struct Session {
        int inactivitySeconds = 90;  // no touch for this long: warn
        int warningSeconds = 20;     // countdown shown before the session ends
    } session;

    struct Voice {
        bool enabled = true;             // spoken prompts on each screen
        int volume = 70;                 // 0..100, the starting level
        std::string zhVoice = "cmn-latn-pinyin";  // espeak-ng voice names
        std::string enVoice = "en";
    } voice;

    struct Central {
        std::string url;                 // e.g. https://central.example; "" = no sync (store only)
        std::string token;               // this kiosk's bearer token (a secret: never logged)
        std::string caFile;              // "" = the system CA store
        std::string dataDir;             // the store and its key; "" = no local store
    } central;

    struct IdCardReader {
        std::string device;              // e.g. /dev/ttyUSB0; "" = none (demo mode uses its emulator)
        int baud = 115200;
        std::string photoLibrary = "libwlt2bmp.so";  // vendor WLT decoder, dlopen'ed if present
    } idcard;

    std::array<ServiceConfig, kAllServices.size()> services{};
    const ServiceConfig& service(ServiceId id) const { return services[static_cast<size_t>(id)]; }
    ServiceConfig& service(ServiceId id) { return services[static_cast<size_t>(id)]; }

    std::string logLevel = "info";   // trace, debug, info, warn, error
    std::string assetsDir;           // empty: the build tree's or installed assets
};

struct ConfigError {
    std::string key;      // dotted path of the offending key, "" for syntax errors
    std::string message;  // what is wrong, in English, for the operator
    std::string describe() const { return key.empty() ? message : key + ": " + message; }
};

Result<KioskConfig, ConfigError> parseConfig(std::string_view tomlText);

}  // namespace kiosk
