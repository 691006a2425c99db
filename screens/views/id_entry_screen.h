#pragma once
#include "screens/screen.h"

namespace kiosk {

// Keying in an ID number on a large keypad, with the check digit verified
// before anything goes on.
class IdEntryScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::IdEntry; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;
};

}  // namespace kiosk
