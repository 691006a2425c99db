#pragma once
#include "screens/screen.h"

namespace kiosk {

// The marriage service's first screen: a new booking or an existing one, and
// the answers to requests queued offline on an earlier visit.
class MarriageStartScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::MarriageStart; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;
};

}  // namespace kiosk
