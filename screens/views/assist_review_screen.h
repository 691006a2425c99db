#pragma once
#include <optional>

#include "screens/screen.h"

namespace kiosk {

// Everything entered, section by section with a Change button each, and
// Submit. Every answer and every household member is shown; when they do
// not all fit, the cards scroll.
class AssistReviewScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::AssistReview; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;

private:
    // The section to scroll into view next frame (a submit found it
    // incomplete). Presentation state only.
    std::optional<ScreenId> scrollTo_;
};

}  // namespace kiosk
