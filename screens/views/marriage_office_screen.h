#pragma once
#include "screens/screen.h"

namespace kiosk {

// Choosing a registration office, a page of tiles at a time.
class MarriageOfficeScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::MarriageOffice; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;

private:
    size_t page_ = 0;  // presentation state only
};

}  // namespace kiosk
