#pragma once
#include "screens/screen.h"

namespace kiosk {

// maintenance: the overview: the kiosk's id, versions, network and sync, queue, disk and store; a tile
// per device that opens its test; export, display, services and Done.
class MaintOverviewScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::MaintOverview; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;
};

}  // namespace kiosk
