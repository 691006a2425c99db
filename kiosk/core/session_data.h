#pragma once
// Everything a resident's session has gathered. It lives only for the
// session: wipe() zeroes the personal data and resets it to empty, and the
// session manager calls it on Home-from-done, timeout and language reset.
#include <optional>
#include <string>

#include "kiosk/core/language.h"
#include "kiosk/core/personal.h"
#include "kiosk/core/services.h"

namespace kiosk {

enum class IdentitySource { IdCard, IssuedCode, KeyedIn, Demo };

struct Identity {
    IdentitySource source = IdentitySource::KeyedIn;
    Personal name;      // may be empty when only the number was keyed in
    Personal idNumber;  // normalised, check digit valid
};

struct SessionData {
    std::optional<Identity> identity;
    std::optional<ServiceId> service;
    Personal keypadEntry;  // digits being keyed in on the ID entry screen
    std::string assistedBy;  // the staff number helping (not personal data); "" = none

    bool empty() const { return !identity && !service && keypadEntry.empty(); }
    void wipe() {
        if (identity) {
            identity->name.wipe();
            identity->idNumber.wipe();
        }
        identity.reset();
        service.reset();
        keypadEntry.wipe();
        assistedBy.clear();
    }
};

}  // namespace kiosk
