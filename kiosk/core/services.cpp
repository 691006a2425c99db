#include "kiosk/core/services.h"

namespace kiosk {
namespace {
constexpr std::array<std::string_view, 4> kServiceNames = {"balances", "assistance", "marriage", "status"};
constexpr std::array<std::string_view, 4> kReasonNames = {"maintenance", "not_offered", "outside_hours", "offline"};
}  // namespace

std::string_view serviceName(ServiceId id) { return kServiceNames[static_cast<size_t>(id)]; }

std::optional<ServiceId> serviceFromName(std::string_view name) {
    for (size_t i = 0; i < kServiceNames.size(); ++i)
        if (kServiceNames[i] == name) return static_cast<ServiceId>(i);
    return std::nullopt;
}

std::string_view reasonName(UnavailableReason reason) { return kReasonNames[static_cast<size_t>(reason)]; }

std::optional<UnavailableReason> reasonFromName(std::string_view name) {
    for (size_t i = 0; i < kReasonNames.size(); ++i)
        if (kReasonNames[i] == name) return static_cast<UnavailableReason>(i);
    return std::nullopt;
}

}  // namespace kiosk
