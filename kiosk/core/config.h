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
#include <vector>

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

    // How a resident without a card is identified (services.md, "Identity").
    struct Identity {
        // Residents may key in their own ID number. Off: only signed-in staff
        // do, after checking the original (assisted mode).
        bool residentKeyIn = false;
    } identity;

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

    struct DocumentScanner {
        std::string device;              // SANE device name, e.g. "genesys:libusb:001:004"; "" = none
        std::string folder;              // instead: pictures taken as pages (a document camera's
                                         // drop folder); "" = none (demo mode: the demo pages)
        int ocrEngines = 1;              // Tesseract workers (1..4); each needs ~100 MB
    } scanner;

    struct Printer {
        std::string device;              // ESC/POS printer node, e.g. /dev/usb/lp0; "" = none
        bool readStatus = false;         // ask the paper sensor first (bidirectional printers only)
        std::string outputDir;           // instead of a device: each receipt as .escpos bytes and a .png
                                         // (demo mode defaults to <central.data_dir>/receipts)
    } printer;

    // Where scanned codes come from (receipts, bookings).
    enum class CodeSourceKind { None, Serial, Wedge, CameraFolder, Camera };
    struct Codes {
        CodeSourceKind source = CodeSourceKind::None;
        std::string device;              // serial: /dev/ttyACM0; wedge: /dev/input/eventN;
                                         // camera: /dev/video0 (better /dev/v4l/by-id/...)
        int baud = 9600;                 // serial scanners
        std::string folder;              // camera-folder: pictures played as camera frames
        int width = 1280;                // camera: the picture size and rate asked of the
        int height = 720;                //   driver (it may set less; the log says what)
        int fps = 15;
        std::vector<std::string> publicKeys;  // the centre's code-signing keys (base64url), checked at parse
    } codes;

    // fleet: the fleet agent (kiosk/remote/fleet_agent.h). Runs when central.url is set.
    struct Fleet {
        int heartbeatSeconds = 60;            // heartbeat, remote config and command poll period
        std::vector<std::string> configKeys;  // maintainers' config-signing keys (base64url Ed25519)
        std::string stateDir;                 // remote config and command ledger; "" = <central.data_dir>/fleet
        int trialSeconds = 60;                // a remote config must run healthy this long to become good
        int maxStarts = 3;                    // starts with a config on trial before it is rolled back
    } fleet;
    // maintenance: maintenance mode at the kiosk ([maintenance] in the file;
    // not `maintenance`, which is the fleet's switch below).
    struct MaintenanceTools {
        std::string exportDir;  // a folder "export logs" offers besides removable media; "" = media only
    } maintenanceTools;
    // fleet: set at run time by remote commands (UI thread), never read from the file.
    std::string notice;        // shown on the attract screen; "" = none
    bool maintenance = false;  // every service shows "under maintenance"

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
