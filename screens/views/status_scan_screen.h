#pragma once
#include "screens/screen.h"

namespace kiosk {

// Progress lookup by the receipt's QR code: asks the resident to hold the
// receipt to the camera, then says what became of the code (being checked,
// refused and why, unknown, the centre offline). In demo mode a button plays
// the last printed receipt to the emulated camera.
class StatusScanScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::StatusScan; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;
};

}  // namespace kiosk
