#pragma once
#include "screens/screen.h"

namespace kiosk {

class AssistanceFlow;

// Supporting documents: scan a page, confirm what was read from it (an
// amount or number can be corrected on the keypad), page thumbnails of
// what is attached.
class AssistDocumentsScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::AssistDocuments; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;

private:
    void drawCapturing(UiContext& ui, AssistanceFlow& flow);
    void drawPages(UiContext& ui, AssistanceFlow& flow);
    void drawReview(UiContext& ui, AssistanceFlow& flow);
    size_t page_ = 0;  // presentation state only
};

}  // namespace kiosk
