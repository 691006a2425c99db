#pragma once
#include "screens/screen.h"

namespace kiosk {

// The outbox as staff see it: the items waiting or refused (what, since when, attempts, the centre's answer), with
// Retry and Follow-up per item, a few rows per page. No bodies: nothing personal is shown.
class StaffOutboxScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::StaffOutbox; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;
};

}  // namespace kiosk
