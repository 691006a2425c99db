#pragma once
#include "screens/screen.h"

namespace kiosk {

// The authorisation to check the household's finances (家庭经济状况核对
// 授权书) in plain words, signed on the signature pad.
class AssistSignScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::AssistSign; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;
};

}  // namespace kiosk
