#pragma once
#include <string>

#include "kiosk/core/receipt.h"
#include "kiosk/core/status.h"
#include "screens/screen.h"

namespace kiosk {

// One application's or booking's progress. An application: its steps
// (submitted, accepted, under review, home visit, public notice, approved or
// rejected) as a vertical list with the date each was reached; a booking:
// office, date, time and its state. "Print" gives a receipt with the item's
// code as a QR; when the printer fails, the QR is shown on screen instead,
// with the reason.
class StatusDetailScreen final : public Screen {
public:
    ScreenId id() const override { return ScreenId::StatusDetail; }
    const char* titleKey(const SessionFlow& flow) const override;
    void draw(UiContext& ui) override;
};

// What an item is ("最低生活保障" / "婚姻登记预约") and where it stands, in
// `lang` (the centre's own word when this kiosk does not know it).
std::string statusItemTitle(const Strings& strings, Language lang, const StatusItem& item);
std::string statusItemState(const Strings& strings, Language lang, const StatusItem& item);
// The progress slip: number, state, dates, and the code as a QR. In Chinese,
// whatever the screen's language, like every receipt (drivers/printer/receipt.h):
// the paper goes to the office counter.
Receipt statusReceipt(const Strings& strings, const StatusItem& item, const std::string& code,
                      const std::string& officeName);

}  // namespace kiosk
