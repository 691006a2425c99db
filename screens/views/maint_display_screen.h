#pragma once
#include "screens/screen.h"

namespace kiosk {

// maintenance: the display: landscape or portrait, and the touch calibration (start, reset).
class MaintDisplayScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::MaintDisplay; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;
};

}  // namespace kiosk
