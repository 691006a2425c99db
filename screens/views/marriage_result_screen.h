#pragma once
#include "screens/screen.h"

namespace kiosk {

// What became of the booking: confirmed with its number and QR code,
// declined, queued (plainly not confirmed yet), refused, or cancelled.
class MarriageResultScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::MarriageResult; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;
};

}  // namespace kiosk
