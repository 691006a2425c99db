#pragma once
#include "screens/screen.h"

namespace kiosk {

// maintenance: test code scan: the camera's picture (when the source is a camera) and, for a code
// shown, its kind and decode time, never its payload.
class MaintCodeScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::MaintCodeTest; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;
};

}  // namespace kiosk
