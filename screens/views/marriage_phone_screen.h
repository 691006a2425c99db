#pragma once
#include "screens/screen.h"

namespace kiosk {

// The phone number for the booking, on a phone keypad.
class MarriagePhoneScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::MarriagePhone; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;
};

}  // namespace kiosk
