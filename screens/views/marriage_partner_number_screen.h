#pragma once
#include "screens/screen.h"

namespace kiosk {

// Keying in the second party's ID number (check digit verified).
class MarriagePartnerNumberScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::MarriagePartnerNumber; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;
};

}  // namespace kiosk
