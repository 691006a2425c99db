#pragma once
#include "screens/screen.h"

namespace kiosk {

// Consent to the processing of personal information, in plain words.
// Declining explains that the application cannot be taken without it.
class AssistConsentScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::AssistConsent; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;
};

}  // namespace kiosk
