#pragma once
#include "screens/screen.h"

namespace kiosk {

// Progress lookup, first screen: two large choices, "scan the QR code on my
// receipt" and "list my applications and bookings".
class StatusStartScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::StatusStart; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;
};

}  // namespace kiosk
