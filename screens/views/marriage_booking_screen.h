#pragma once
#include "screens/screen.h"

namespace kiosk {

// A booking found: its details, Change and Cancel.
class MarriageBookingScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::MarriageBooking; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;
};

}  // namespace kiosk
