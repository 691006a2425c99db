#include "kiosk/core/config.h"

#include <toml++/toml.h>

#include "kiosk/core/signed_code.h"
#include "kiosk/core/url_policy.h"

#include <set>
#include <sstream>

namespace kiosk {
namespace {

// Reads typed values from one TOML table and remembers which keys it used,
// so that whatever is left over can be reported as unknown.
class TableReader {
public:
    TableReader(const toml::table& table, std::string prefix) : table_(table), prefix_(std::move(prefix)) {}

    std::string path(std::string_view key) const { return prefix_.empty() ? std::string(key) : prefix_ + "." + std::string(key); }

    template <typename T>
    bool read(std::string_view key, T& out, ConfigError& err, const char* typeName) {
        used_.insert(std::string(key));
        const toml::node* node = table_.get(key);
        if (!node) return true;  // absent: keep the default
        if (auto v = node->value_exact<T>()) {
            out = *v;
            return true;
        }
        err = {path(key), std::string("expected ") + typeName};
        return false;
    }

    bool readInt(std::string_view key, int& out, int min, int max, ConfigError& err) {
        int64_t v = out;
        if (!read<int64_t>(key, v, err, "an integer")) return false;
        if (v < min || v > max) {
            err = {path(key), "must be between " + std::to_string(min) + " and " + std::to_string(max)};
            return false;
        }
        out = static_cast<int>(v);
        return true;
    }

    // For values read directly from the table (lists), so they are not "unknown".
    void markUsed(std::string_view key) { used_.insert(std::string(key)); }

    const toml::table* subtable(std::string_view key, ConfigError& err) {
        used_.insert(std::string(key));
        const toml::node* node = table_.get(key);
        if (!node) return nullptr;
        if (!node->is_table()) err = {path(key), "expected a table"};
        return node->as_table();
    }

    bool checkNoUnknownKeys(ConfigError& err) const {
        for (auto&& [k, v] : table_) {
            if (!used_.count(std::string(k.str()))) {
                err = {path(k.str()), "unknown key"};
                return false;
            }
        }
        return true;
    }

private:
    const toml::table& table_;
    std::string prefix_;
    std::set<std::string> used_;
};

bool readDisplay(const toml::table& t, KioskConfig::Display& d, ConfigError& err) {
    TableReader r(t, "display");
    std::string orientation = d.orientation == Orientation::Portrait ? "portrait" : "landscape";
    if (!r.read<bool>("fullscreen", d.fullscreen, err, "true or false")) return false;
    if (!r.read<std::string>("orientation", orientation, err, "a string")) return false;
    if (orientation == "landscape") d.orientation = Orientation::Landscape;
    else if (orientation == "portrait") d.orientation = Orientation::Portrait;
    else { err = {"display.orientation", "must be \"landscape\" or \"portrait\""}; return false; }
    if (!r.readInt("width", d.width, 320, 8192, err)) return false;
    if (!r.readInt("height", d.height, 320, 8192, err)) return false;
    double diag = d.diagonalInches;
    if (!r.read<double>("diagonal_inches", diag, err, "a number")) return false;
    if (diag < 7 || diag > 100) { err = {"display.diagonal_inches", "must be between 7 and 100"}; return false; }
    d.diagonalInches = diag;
    return r.checkNoUnknownKeys(err);
}

bool readSession(const toml::table& t, KioskConfig::Session& s, ConfigError& err) {
    TableReader r(t, "session");
    if (!r.readInt("inactivity_seconds", s.inactivitySeconds, 15, 3600, err)) return false;
    if (!r.readInt("warning_seconds", s.warningSeconds, 5, 300, err)) return false;
    if (s.warningSeconds >= s.inactivitySeconds) {
        err = {"session.warning_seconds", "must be shorter than session.inactivity_seconds"};
        return false;
    }
    return r.checkNoUnknownKeys(err);
}

bool readIdentity(const toml::table& t, KioskConfig::Identity& id, ConfigError& err) {
    TableReader r(t, "identity");
    if (!r.read<bool>("resident_key_in", id.residentKeyIn, err, "true or false")) return false;
    return r.checkNoUnknownKeys(err);
}

bool readVoice(const toml::table& t, KioskConfig::Voice& v, ConfigError& err) {
    TableReader r(t, "voice");
    if (!r.read<bool>("enabled", v.enabled, err, "true or false")) return false;
    if (!r.readInt("volume", v.volume, 0, 100, err)) return false;
    if (!r.read<std::string>("zh_voice", v.zhVoice, err, "a string")) return false;
    if (!r.read<std::string>("en_voice", v.enVoice, err, "a string")) return false;
    return r.checkNoUnknownKeys(err);
}

bool readCentral(const toml::table& t, KioskConfig::Central& c, ConfigError& err) {
    TableReader r(t, "central");
    if (!r.read<std::string>("url", c.url, err, "a string")) return false;
    if (!c.url.empty() && !centralUrlAllowed(c.url)) {
        // issue #13: the token, ID numbers and code keys must not cross the network in clear.
        err = {"central.url", "must start with https:// (plain http:// only to this machine: 127.0.0.1, ::1, "
                              "localhost)"};
        return false;
    }
    if (!r.read<std::string>("token", c.token, err, "a string")) return false;
    if (!r.read<std::string>("ca_file", c.caFile, err, "a string")) return false;
    if (!r.read<std::string>("data_dir", c.dataDir, err, "a string")) return false;
    if (!c.url.empty() && c.dataDir.empty()) {
        err = {"central.data_dir", "is needed with central.url: submissions are stored before they are sent"};
        return false;
    }
    return r.checkNoUnknownKeys(err);
}

bool readIdCard(const toml::table& t, KioskConfig::IdCardReader& c, ConfigError& err) {
    TableReader r(t, "idcard");
    if (!r.read<std::string>("device", c.device, err, "a string")) return false;
    if (!r.readInt("baud", c.baud, 9600, 115200, err)) return false;
    if (c.baud != 9600 && c.baud != 19200 && c.baud != 38400 && c.baud != 57600 && c.baud != 115200) {
        err = {"idcard.baud", "must be 9600, 19200, 38400, 57600 or 115200"};
        return false;
    }
    if (!r.read<std::string>("photo_library", c.photoLibrary, err, "a string")) return false;
    return r.checkNoUnknownKeys(err);
}

bool readScanner(const toml::table& t, KioskConfig::DocumentScanner& c, ConfigError& err) {
    TableReader r(t, "scanner");
    if (!r.read<std::string>("device", c.device, err, "a string")) return false;
    if (!r.read<std::string>("folder", c.folder, err, "a string")) return false;
    if (!r.readInt("ocr_engines", c.ocrEngines, 1, 4, err)) return false;
    if (!c.device.empty() && !c.folder.empty()) {
        err = {"scanner.folder", "set either scanner.device or scanner.folder, not both"};
        return false;
    }
    return r.checkNoUnknownKeys(err);
}

bool readPrinter(const toml::table& t, KioskConfig::Printer& p, ConfigError& err) {
    TableReader r(t, "printer");
    if (!r.read<std::string>("device", p.device, err, "a string")) return false;
    if (!r.read<bool>("read_status", p.readStatus, err, "true or false")) return false;
    if (!r.read<std::string>("output_dir", p.outputDir, err, "a string")) return false;
    if (!p.device.empty() && !p.outputDir.empty()) {
        err = {"printer.output_dir", "cannot be used together with printer.device"};
        return false;
    }
    return r.checkNoUnknownKeys(err);
}

bool readCodes(const toml::table& t, KioskConfig::Codes& c, ConfigError& err) {
    using Kind = KioskConfig::CodeSourceKind;
    TableReader r(t, "codes");
    std::string source = "none";
    if (!r.read<std::string>("source", source, err, "a string")) return false;
    if (source == "none") c.source = Kind::None;
    else if (source == "serial") c.source = Kind::Serial;
    else if (source == "wedge") c.source = Kind::Wedge;
    else if (source == "camera-folder") c.source = Kind::CameraFolder;
    else if (source == "camera") c.source = Kind::Camera;
    else { err = {"codes.source", "must be one of none, serial, wedge, camera, camera-folder"}; return false; }
    if (!r.read<std::string>("device", c.device, err, "a string")) return false;
    if (!r.readInt("baud", c.baud, 1200, 115200, err)) return false;
    if (!r.read<std::string>("folder", c.folder, err, "a string")) return false;
    // camera: what a UVC camera offers; YUYV pairs pixels, so the width is even.
    if (!r.readInt("width", c.width, 160, 4096, err)) return false;
    if (!r.readInt("height", c.height, 120, 4096, err)) return false;
    if (!r.readInt("fps", c.fps, 1, 60, err)) return false;
    if (c.width % 2 != 0) { err = {"codes.width", "must be even (cameras deliver pixels in pairs)"}; return false; }
    if ((c.source == Kind::Serial || c.source == Kind::Wedge || c.source == Kind::Camera) && c.device.empty()) {
        err = {"codes.device", "is needed with codes.source = \"" + source + "\""};
        return false;
    }
    if (c.source == Kind::CameraFolder && c.folder.empty()) {
        err = {"codes.folder", "is needed with codes.source = \"camera-folder\""};
        return false;
    }
    r.markUsed("public_keys");  // a list: read here, not through read<T>
    if (const toml::node* keys = t.get("public_keys")) {
        const toml::array* list = keys->as_array();
        if (!list) { err = {"codes.public_keys", "expected a list of strings"}; return false; }
        for (const toml::node& k : *list) {
            auto text = k.value_exact<std::string>();
            // A key that does not decode would make every code look forged: refuse it here.
            if (!text || !decodeCodePublicKey(*text)) {
                err = {"codes.public_keys", "each key must be a base64url Ed25519 public key (as GET /api/v1/keys/code-signing gives it)"};
                return false;
            }
            c.publicKeys.push_back(*text);
        }
    }
    return r.checkNoUnknownKeys(err);
}

// fleet: [fleet] (kiosk/remote/fleet_agent.h).
bool readFleet(const toml::table& t, KioskConfig::Fleet& f, ConfigError& err) {
    TableReader r(t, "fleet");
    if (!r.readInt("heartbeat_seconds", f.heartbeatSeconds, 1, 3600, err)) return false;
    if (!r.read<std::string>("state_dir", f.stateDir, err, "a string")) return false;
    if (!r.readInt("trial_seconds", f.trialSeconds, 1, 3600, err)) return false;
    if (!r.readInt("max_starts", f.maxStarts, 1, 20, err)) return false;
    r.markUsed("config_keys");  // a list: read here, not through read<T>
    if (const toml::node* keys = t.get("config_keys")) {
        const toml::array* list = keys->as_array();
        if (!list) { err = {"fleet.config_keys", "expected a list of strings"}; return false; }
        for (const toml::node& k : *list) {
            auto text = k.value_exact<std::string>();
            if (!text || !decodeCodePublicKey(*text)) {
                err = {"fleet.config_keys", "each key must be a base64url Ed25519 public key (kioskctl config-keygen)"};
                return false;
            }
            f.configKeys.push_back(*text);
        }
    }
    return r.checkNoUnknownKeys(err);
}

// maintenance: [maintenance] (screens/flows/maintenance_flow.h).
bool readMaintenance(const toml::table& t, KioskConfig::MaintenanceTools& m, ConfigError& err) {
    TableReader r(t, "maintenance");
    if (!r.read<std::string>("export_dir", m.exportDir, err, "a string")) return false;
    if (!m.exportDir.empty() && m.exportDir.front() != '/') {
        err = {"maintenance.export_dir", "must be an absolute path"};
        return false;
    }
    return r.checkNoUnknownKeys(err);
}

bool readServices(const toml::table& t, KioskConfig& cfg, ConfigError& err) {
    for (auto&& [name, node] : t) {
        std::string key = "services." + std::string(name.str());
        auto id = serviceFromName(name.str());
        if (!id) { err = {key, "unknown service (balances, assistance, marriage, status)"}; return false; }
        if (!node.is_table()) { err = {key, "expected a table"}; return false; }
        TableReader r(*node.as_table(), key);
        ServiceConfig& sc = cfg.service(*id);
        std::string reason(reasonName(sc.reason));
        if (!r.read<bool>("enabled", sc.enabled, err, "true or false")) return false;
        if (!r.read<std::string>("unavailable_reason", reason, err, "a string")) return false;
        auto parsed = reasonFromName(reason);
        if (!parsed) {
            err = {key + ".unavailable_reason", "must be one of maintenance, not_offered, outside_hours, offline"};
            return false;
        }
        sc.reason = *parsed;
        if (!r.checkNoUnknownKeys(err)) return false;
    }
    return true;
}

}  // namespace

Result<KioskConfig, ConfigError> parseConfig(std::string_view tomlText) {
    KioskConfig cfg;
    toml::table root;
    try {
        root = toml::parse(tomlText);
    } catch (const toml::parse_error& e) {
        std::ostringstream msg;
        msg << "syntax error at line " << e.source().begin.line << ": " << e.description();
        return ConfigError{"", msg.str()};
    }

    ConfigError err;
    TableReader r(root, "");
    std::string language(languageTag(cfg.defaultLanguage));
    if (!r.read<std::string>("kiosk_id", cfg.kioskId, err, "a string")) return err;
    if (cfg.kioskId.empty()) return ConfigError{"kiosk_id", "must not be empty"};
    if (!r.read<std::string>("language", language, err, "a string")) return err;
    auto lang = languageFromTag(language);
    if (!lang) return ConfigError{"language", "must be \"zh-CN\" or \"en\""};
    cfg.defaultLanguage = *lang;
    if (!r.read<bool>("demo", cfg.demo, err, "true or false")) return err;
    if (!r.read<std::string>("log_level", cfg.logLevel, err, "a string")) return err;
    static const std::set<std::string> kLevels = {"trace", "debug", "info", "warn", "error"};
    if (!kLevels.count(cfg.logLevel)) return ConfigError{"log_level", "must be one of trace, debug, info, warn, error"};
    if (!r.read<std::string>("assets_dir", cfg.assetsDir, err, "a string")) return err;

    if (auto* t = r.subtable("display", err)) { if (!readDisplay(*t, cfg.display, err)) return err; }
    else if (!err.key.empty()) return err;
    if (auto* t = r.subtable("session", err)) { if (!readSession(*t, cfg.session, err)) return err; }
    else if (!err.key.empty()) return err;
    if (auto* t = r.subtable("identity", err)) { if (!readIdentity(*t, cfg.identity, err)) return err; }
    else if (!err.key.empty()) return err;
    if (auto* t = r.subtable("central", err)) { if (!readCentral(*t, cfg.central, err)) return err; }
    else if (!err.key.empty()) return err;
    if (auto* t = r.subtable("idcard", err)) { if (!readIdCard(*t, cfg.idcard, err)) return err; }
    else if (!err.key.empty()) return err;
    if (auto* t = r.subtable("scanner", err)) { if (!readScanner(*t, cfg.scanner, err)) return err; }
    else if (!err.key.empty()) return err;
    if (auto* t = r.subtable("voice", err)) { if (!readVoice(*t, cfg.voice, err)) return err; }
    else if (!err.key.empty()) return err;
    if (auto* t = r.subtable("services", err)) { if (!readServices(*t, cfg, err)) return err; }
    else if (!err.key.empty()) return err;
    if (auto* t = r.subtable("printer", err)) { if (!readPrinter(*t, cfg.printer, err)) return err; }
    else if (!err.key.empty()) return err;
    if (auto* t = r.subtable("codes", err)) { if (!readCodes(*t, cfg.codes, err)) return err; }
    else if (!err.key.empty()) return err;
    if (auto* t = r.subtable("fleet", err)) { if (!readFleet(*t, cfg.fleet, err)) return err; }  // fleet
    else if (!err.key.empty()) return err;
    if (auto* t = r.subtable("maintenance", err)) { if (!readMaintenance(*t, cfg.maintenanceTools, err)) return err; }
    else if (!err.key.empty()) return err;

    if (!r.checkNoUnknownKeys(err)) return err;
    return cfg;
}

}  // namespace kiosk
