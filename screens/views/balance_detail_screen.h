#pragma once
#include "screens/screen.h"

namespace kiosk {

// One subsidy kind: balance, this month's credit, expiry and the recent
// transactions (date, merchant or service, amount).
class BalanceDetailScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::BalanceDetail; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;
};

}  // namespace kiosk
