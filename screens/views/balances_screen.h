#pragma once
#include "kiosk/core/balances.h"
#include "screens/screen.h"

namespace kiosk {

// Subsidy balances: one tile per kind the resident holds (balance, this
// month's credit, expiry); a tap opens its transactions. Offline, the last
// snapshot under a notice with its "as of" time. Pages of a few tiles, so
// that each screen stays easy to take in.
class BalancesScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::BalancesList; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;

private:
    size_t page_ = 0;  // presentation state only
};

// The name of a subsidy kind in the UI language ("balances.kind.<kind>"),
// falling back to the centre's Chinese name for kinds this kiosk does not know.
std::string subsidyKindName(const UiContext& ui, const SubsidyBalance& balance);
// "1,234 分" / "1,234.50 元" in the UI language.
std::string subsidyAmount(const UiContext& ui, double amount, const std::string& unit);

}  // namespace kiosk
