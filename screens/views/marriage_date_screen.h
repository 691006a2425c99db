#pragma once
#include "screens/screen.h"

namespace kiosk {

// A month calendar with the free places of each day (online), or the days
// a request may ask for (offline, availability unknown).
class MarriageDateScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::MarriageDate; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;
};

}  // namespace kiosk
