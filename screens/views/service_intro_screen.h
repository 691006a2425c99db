#pragma once
#include "screens/screen.h"

namespace kiosk {

// Step 3: the chosen service. Until each service's own flow lands it explains
// the service in plain words and what to bring.
class ServiceIntroScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::ServiceIntro; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;
};

}  // namespace kiosk
