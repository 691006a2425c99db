#pragma once
#include "screens/screen.h"

namespace kiosk {

// Everything entered, section by section with a Change button each, and
// Submit.
class AssistReviewScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::AssistReview; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;

private:
    size_t page_ = 0;  // presentation state only
};

}  // namespace kiosk
