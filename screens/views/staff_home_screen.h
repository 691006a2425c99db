#pragma once
#include "screens/screen.h"

namespace kiosk {

// The staff home: who is signed in, and what staff do here (help a resident, outbox, reprint a receipt, maintenance for
// maintainers, sign out).
class StaffHomeScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::StaffHome; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;
};

}  // namespace kiosk
