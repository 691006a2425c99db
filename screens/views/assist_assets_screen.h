#pragma once
#include "screens/screen.h"

namespace kiosk {

// The assets declaration in a few taps: housing beyond one home, vehicles
// (how many), deposits above the threshold (how much, on the keypad).
class AssistAssetsScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::AssistAssets; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;
};

}  // namespace kiosk
