#pragma once
#include "screens/screen.h"

namespace kiosk {

// maintenance: export redacted logs: to a mounted USB stick or the configured folder; where it wrote
// and how many lines, or why not.
class MaintExportScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::MaintExport; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;
};

}  // namespace kiosk
