#pragma once
#include "screens/screen.h"

namespace kiosk {

// The identified resident's applications and bookings, a few large tiles
// per page (what it is, its number, where it stands); a tap opens its
// progress. Offline: a plain message and Retry, no old data.
class StatusListScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::StatusList; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;

private:
    size_t page_ = 0;  // presentation state only
};

}  // namespace kiosk
