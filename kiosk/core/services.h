#pragma once
// The resident services a kiosk offers. Each can be switched off by
// configuration; a switched-off service shows as unavailable with a reason.
#include <array>
#include <optional>
#include <string_view>

namespace kiosk {

enum class ServiceId { Balances, Assistance, Marriage, Status };
inline constexpr std::array<ServiceId, 4> kAllServices = {ServiceId::Balances, ServiceId::Assistance,
                                                          ServiceId::Marriage, ServiceId::Status};

// Why a service is switched off; each has a translated message
// ("service.unavailable.<name>").
enum class UnavailableReason { Maintenance, NotOffered, OutsideHours, Offline };

// Stable names used in config files and i18n keys: "balances", ...
std::string_view serviceName(ServiceId id);
std::optional<ServiceId> serviceFromName(std::string_view name);
std::string_view reasonName(UnavailableReason reason);
std::optional<UnavailableReason> reasonFromName(std::string_view name);

}  // namespace kiosk
