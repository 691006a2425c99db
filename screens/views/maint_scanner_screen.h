#pragma once
#include "screens/screen.h"

namespace kiosk {

// maintenance: scanner test page: one page scanned without OCR (thumbnail, size, time) or the
// scanner's error; the scanners SANE finds.
class MaintScannerScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::MaintScannerTest; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;
};

}  // namespace kiosk
