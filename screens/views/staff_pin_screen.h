#pragma once
#include "screens/screen.h"

namespace kiosk {

// Staff sign-in: the staff number from the card, a PIN keypad (digits shown as dots), and why a sign-in was refused
// (wrong PIN with the attempts left, locked until a time, a card that is not genuine).
class StaffPinScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::StaffPin; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;
};

}  // namespace kiosk
