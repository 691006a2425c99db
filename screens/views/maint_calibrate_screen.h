#pragma once
#include "screens/screen.h"

namespace kiosk {

// maintenance: touch calibration: full screen, a target at a time to tap; then the offset and scale
// found, to save or measure again.
class MaintCalibrateScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::MaintCalibrate; }
    const char* titleKey(const SessionFlow& flow) const override;
    bool showsHeader() const override { return false; }  // every tap is a measurement
    void draw(UiContext& ui) override;
};

}  // namespace kiosk
