#pragma once
#include "screens/screen.h"

namespace kiosk {

// The receipts this kiosk printed lately (when, what, reference), newest first, each with Reprint.
class StaffReceiptsScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::StaffReceipts; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;
};

}  // namespace kiosk
