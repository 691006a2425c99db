#pragma once
#include "screens/screen.h"

namespace kiosk {

// Household monthly income (yuan) and a phone number, keyed in on the
// on-screen keypad; each message shows right under its field.
class AssistIncomeScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::AssistIncome; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;
};

}  // namespace kiosk
