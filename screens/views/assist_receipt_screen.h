#pragma once
#include "screens/screen.h"

namespace kiosk {

// The receipt: "received, will be sent" with a local reference while the
// outbox holds it; the application number and signed QR once the centre
// acknowledged; printed on request or shown here.
class AssistReceiptScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::AssistReceipt; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;
};

}  // namespace kiosk
