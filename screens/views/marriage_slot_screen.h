#pragma once
#include "screens/screen.h"

namespace kiosk {

// The time slots of the chosen day: online one is taken; offline up to three
// are chosen in order (the wanted one, then fallbacks).
class MarriageSlotScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::MarriageSlot; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;
};

}  // namespace kiosk
