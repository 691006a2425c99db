#pragma once
#include "screens/screen.h"

namespace kiosk {

// The irreversible step: cancelling a booking, asked once more.
class MarriageCancelScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::MarriageCancel; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;
};

}  // namespace kiosk
