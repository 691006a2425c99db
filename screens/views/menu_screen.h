#pragma once
#include "screens/screen.h"

namespace kiosk {

// Step 2: the service menu, four large tiles. A switched-off service stays
// visible, greyed, with the reason.
class MenuScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::Menu; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;
};

}  // namespace kiosk
