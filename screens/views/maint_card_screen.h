#pragma once
#include "screens/screen.h"

namespace kiosk {

// maintenance: test card read: lay a card on the reader; the card type, the masked number and the read
// time, or the reader's error.
class MaintCardScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::MaintCardTest; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;
};

}  // namespace kiosk
