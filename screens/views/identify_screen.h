#pragma once
#include "screens/screen.h"

namespace kiosk {

// Step 1: how the resident identifies. The card reader is primary; keying the
// number in is the fallback; the demo twin identifies with a demo resident.
class IdentifyScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::Identify; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;
};

}  // namespace kiosk
