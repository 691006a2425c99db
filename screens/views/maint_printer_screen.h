#pragma once
#include "screens/screen.h"

namespace kiosk {

// maintenance: printer test receipt: prints the kiosk id, the time, the versions and a QR code, and
// shows the picture of what was printed, or the printer's error.
class MaintPrinterScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::MaintPrinterTest; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;
};

}  // namespace kiosk
