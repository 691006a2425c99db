#pragma once
#include "screens/screen.h"

namespace kiosk {

// The idle screen: invites a resident to start (tap anywhere or place a card)
// and to choose a language.
class AttractScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::Attract; }
    const char* titleKey(const SessionFlow& flow) const override;
    bool showsHeader() const override { return false; }
    void draw(UiContext& ui) override;
};

}  // namespace kiosk
