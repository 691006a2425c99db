#pragma once
#include "screens/screen.h"

namespace kiosk {

// Step 4: the end of a visit: take your card, other services, or finish.
class DoneScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::Done; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;
};

}  // namespace kiosk
