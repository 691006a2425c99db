#include "kiosk/core/maintenance.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <ctime>

#include "kiosk/core/strings.h"

namespace kiosk {
namespace {

// Least squares for target = a * tap + b over one axis; nullopt when the
// taps do not spread (all on one line across this axis).
std::optional<std::pair<float, float>> fitAxis(const std::vector<std::pair<double, double>>& tapTarget) {
    const double n = static_cast<double>(tapTarget.size());
    double st = 0, sg = 0, stt = 0, stg = 0;
    for (auto [t, g] : tapTarget) {
        st += t;
        sg += g;
        stt += t * t;
        stg += t * g;
    }
    const double denominator = n * stt - st * st;
    // Taps less than a few pixels apart cannot tell a scale from noise.
    if (n < 2 || denominator <= n * n * 25.0) return std::nullopt;
    const double a = (n * stg - st * sg) / denominator;
    const double b = (sg - a * st) / n;
    return std::make_pair(static_cast<float>(a), static_cast<float>(b));
}

}  // namespace

std::optional<TouchCalibration> fitTouchCalibration(const std::vector<CalibrationPoint>& points, float displayW,
                                                    float displayH) {
    std::vector<std::pair<double, double>> xs, ys;
    for (const CalibrationPoint& p : points) {
        xs.emplace_back(p.tapX, p.targetX);
        ys.emplace_back(p.tapY, p.targetY);
    }
    auto fx = fitAxis(xs), fy = fitAxis(ys);
    if (!fx || !fy) return std::nullopt;
    TouchCalibration c{fx->first, fy->first, fx->second, fy->second};
    // A panel that needs more than this is broken or was tapped carelessly:
    // storing it would make the kiosk unusable, so ask for another round.
    auto plausibleScale = [](float s) { return s >= 0.8f && s <= 1.25f; };
    if (!plausibleScale(c.scaleX) || !plausibleScale(c.scaleY)) return std::nullopt;
    if (std::abs(c.offsetX) > displayW / 4 || std::abs(c.offsetY) > displayH / 4) return std::nullopt;
    // Sub-pixel results are noise: round so that an ideal panel stores identity.
    auto round2 = [](float v) { return std::round(v * 100.0f) / 100.0f; };
    auto round3 = [](float v) { return std::round(v * 1000.0f) / 1000.0f; };
    c.scaleX = round3(c.scaleX);
    c.scaleY = round3(c.scaleY);
    c.offsetX = round2(c.offsetX);
    c.offsetY = round2(c.offsetY);
    return c;
}

float calibrationResidual(const TouchCalibration& c, const std::vector<CalibrationPoint>& points) {
    float worst = 0;
    for (const CalibrationPoint& p : points)
        worst = std::max(worst, std::hypot(c.mapX(p.tapX) - p.targetX, c.mapY(p.tapY) - p.targetY));
    return worst;
}

std::string displaySettingsToJson(const DisplaySettings& s) {
    nlohmann::json j;
    if (s.orientation) j["orientation"] = *s.orientation == Orientation::Portrait ? "portrait" : "landscape";
    j["touch"] = {{"scaleX", s.touch.scaleX},
                  {"scaleY", s.touch.scaleY},
                  {"offsetX", s.touch.offsetX},
                  {"offsetY", s.touch.offsetY}};
    return j.dump(2);
}

std::optional<DisplaySettings> displaySettingsFromJson(std::string_view text) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object()) return std::nullopt;
    DisplaySettings s;
    try {
        if (j.contains("orientation")) {
            const std::string o = j["orientation"].get<std::string>();
            if (o == "portrait")
                s.orientation = Orientation::Portrait;
            else if (o == "landscape")
                s.orientation = Orientation::Landscape;
            else
                return std::nullopt;
        }
        if (j.contains("touch")) {
            const auto& t = j["touch"];
            s.touch.scaleX = t.value("scaleX", 1.0f);
            s.touch.scaleY = t.value("scaleY", 1.0f);
            s.touch.offsetX = t.value("offsetX", 0.0f);
            s.touch.offsetY = t.value("offsetY", 0.0f);
        }
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;
    }
    // A hand-edited or damaged file must not make the screen untouchable.
    auto sane = [](float scale, float offset) { return scale >= 0.5f && scale <= 2.0f && std::abs(offset) <= 2000; };
    if (!sane(s.touch.scaleX, s.touch.offsetX) || !sane(s.touch.scaleY, s.touch.offsetY)) return std::nullopt;
    return s;
}

std::string logExportFileName(std::string_view kioskId, std::chrono::system_clock::time_point now) {
    std::string id;
    for (char c : kioskId) {
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                           c == '_' || c == '.';
        id += plain ? c : '_';
    }
    const std::time_t t = std::chrono::system_clock::to_time_t(now);
    std::tm utc{};
    gmtime_r(&t, &utc);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &utc);
    return "kiosk-logs-" + id + "-" + stamp + ".txt";
}

ExportError exportErrorFromErrno(int error) {
    switch (error) {
        case 0:
            return ExportError::None;
        case ENOENT:
        case ENOTDIR:
        case ENODEV:
        case ENXIO:
            return ExportError::Missing;
        case EROFS:
        case EACCES:
        case EPERM:
            return ExportError::ReadOnly;
        case ENOSPC:
        case EDQUOT:
        case EFBIG:
            return ExportError::Full;
        default:
            return ExportError::Failed;
    }
}

const char* deviceStateKey(std::string_view state) {
    if (state == "ok") return i18nKey("maint.device.state.ok");
    if (state == "none") return i18nKey("maint.device.state.none");
    if (state == "no-device") return i18nKey("maint.device.state.no_device");
    if (state == "disconnected") return i18nKey("maint.device.state.disconnected");
    return i18nKey("maint.device.state.error");
}

const char* storeHealthKey(StoreHealthState state) {
    switch (state) {
        case StoreHealthState::None:
            return i18nKey("maint.store.none");
        case StoreHealthState::Ok:
            return i18nKey("maint.store.ok");
        case StoreHealthState::Recovered:
            return i18nKey("maint.store.recovered");
        case StoreHealthState::Corrupt:
            return i18nKey("maint.store.corrupt");
        case StoreHealthState::DiskFull:
            return i18nKey("maint.store.disk_full");
        case StoreHealthState::Failed:
            return i18nKey("maint.store.failed");
    }
    return i18nKey("maint.store.failed");
}

const char* codeKindKey(CodeKindSeen kind) {
    switch (kind) {
        case CodeKindSeen::Receipt:
            return i18nKey("maint.code.kind.receipt");
        case CodeKindSeen::Booking:
            return i18nKey("maint.code.kind.booking");
        case CodeKindSeen::StaffCard:
            return i18nKey("maint.code.kind.staff");
        case CodeKindSeen::DoorPlate:
            return i18nKey("maint.code.kind.door_plate");
        case CodeKindSeen::Url:
            return i18nKey("maint.code.kind.url");
        case CodeKindSeen::Unknown:
            return i18nKey("maint.code.kind.unknown");
    }
    return i18nKey("maint.code.kind.unknown");
}

const char* codeKindName(CodeKindSeen kind) {
    switch (kind) {
        case CodeKindSeen::Receipt:
            return "receipt";
        case CodeKindSeen::Booking:
            return "booking";
        case CodeKindSeen::StaffCard:
            return "staff-card";
        case CodeKindSeen::DoorPlate:
            return "door-plate";
        case CodeKindSeen::Url:
            return "url";
        case CodeKindSeen::Unknown:
            return "unknown";
    }
    return "unknown";
}

const char* exportErrorKey(ExportError error) {
    switch (error) {
        case ExportError::None:
            return i18nKey("maint.export.done");
        case ExportError::Missing:
            return i18nKey("maint.export.error.missing");
        case ExportError::ReadOnly:
            return i18nKey("maint.export.error.read_only");
        case ExportError::Full:
            return i18nKey("maint.export.error.full");
        case ExportError::Failed:
            return i18nKey("maint.export.error.failed");
    }
    return i18nKey("maint.export.error.failed");
}

}  // namespace kiosk
