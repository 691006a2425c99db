#pragma once
#include "screens/screen.h"

namespace kiosk {

// Household members: the list so far (masked numbers), a member added by
// laying their card on the reader or keying in the number (checked) with
// the relation chosen from presets.
class AssistHouseholdScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::AssistHousehold; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;

private:
    size_t page_ = 0;  // presentation state only
};

}  // namespace kiosk
