#pragma once
#include "screens/screen.h"

namespace kiosk {

// maintenance: services on/off: one switch per resident service (until the next start, like the
// fleet's command).
class MaintServicesScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::MaintServices; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;
};

}  // namespace kiosk
