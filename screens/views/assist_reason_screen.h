#pragma once
#include "screens/screen.h"

namespace kiosk {

// Why the resident applies: preset reasons, several may be chosen.
class AssistReasonScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::AssistReason; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;
};

}  // namespace kiosk
