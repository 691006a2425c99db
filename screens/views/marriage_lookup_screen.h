#pragma once
#include "screens/screen.h"

namespace kiosk {

// Finding a booking by its number (keypad) or its QR code (scanner).
class MarriageLookupScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::MarriageLookup; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;
};

}  // namespace kiosk
