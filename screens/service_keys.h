#pragma once
// The i18n keys that describe each service and each reason for switching one off.
#include "kiosk/core/services.h"
#include "kiosk/core/strings.h"

namespace kiosk {

struct ServiceKeys {
    const char* title;   // "查询补贴余额"
    const char* detail;  // one plain sentence for the tile
    const char* intro;   // what the service does, for its first screen
    const char* bring;   // what to have at hand
};

inline ServiceKeys serviceKeys(ServiceId id) {
    switch (id) {
        case ServiceId::Balances:
            return {i18nKey("service.balances.title"), i18nKey("service.balances.detail"),
                    i18nKey("service.balances.intro"), i18nKey("service.balances.bring")};
        case ServiceId::Assistance:
            return {i18nKey("service.assistance.title"), i18nKey("service.assistance.detail"),
                    i18nKey("service.assistance.intro"), i18nKey("service.assistance.bring")};
        case ServiceId::Marriage:
            return {i18nKey("service.marriage.title"), i18nKey("service.marriage.detail"),
                    i18nKey("service.marriage.intro"), i18nKey("service.marriage.bring")};
        case ServiceId::Status:
            return {i18nKey("service.status.title"), i18nKey("service.status.detail"),
                    i18nKey("service.status.intro"), i18nKey("service.status.bring")};
    }
    return serviceKeys(ServiceId::Balances);
}

inline const char* unavailableReasonKey(UnavailableReason reason) {
    switch (reason) {
        case UnavailableReason::Maintenance: return i18nKey("service.unavailable.maintenance");
        case UnavailableReason::NotOffered: return i18nKey("service.unavailable.not_offered");
        case UnavailableReason::OutsideHours: return i18nKey("service.unavailable.outside_hours");
        case UnavailableReason::Offline: return i18nKey("service.unavailable.offline");
    }
    return i18nKey("service.unavailable.maintenance");
}

}  // namespace kiosk
