#pragma once
#include "screens/screen.h"

namespace kiosk {

// Everything at a glance before the booking (or the change) is sent.
class MarriageConfirmScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::MarriageConfirm; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;
};

}  // namespace kiosk
