#pragma once
#include "screens/screen.h"

namespace kiosk {

// The two parties: the resident (identified) and the second party, who lays
// a card on the reader or keys in the number; the check's message shows here.
class MarriagePartnerScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::MarriagePartner; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;
};

}  // namespace kiosk
