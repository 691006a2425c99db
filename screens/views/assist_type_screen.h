#pragma once
#include "screens/screen.h"

namespace kiosk {

// The kind of assistance: four large tiles, each with one plain sentence
// about who it is for.
class AssistTypeScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::AssistType; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;
};

}  // namespace kiosk
