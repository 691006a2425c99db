#include "screens/views/marriage_booking_screen.h"

#include <algorithm>

#include "screens/flows/service_flows.h"
#include "screens/views/marriage_parts.h"
#include "screens/widgets.h"

namespace kiosk {

const char* MarriageBookingScreen::titleKey(const SessionFlow&) const { return i18nKey("marriage.booking.title"); }

void MarriageBookingScreen::draw(UiContext& ui) {
    MarriageFlow& flow = ui.flow.services().marriage;
    const auto& b = flow.lookedUp();
    if (!b) return;
    const Layout& l = ui.layout;
    const float gap = 18 * l.scale;
    const MarriageBottom bottom = marriageBottom(l, 1);
    const bool active = b->status == BookingStatus::Confirmed;
    {
        ScrollRegion region(ui, "##booking", bottom.content);
        Rect col = marriageScrollColumn(region);
        const float top = col.min.y;
        auto row = [&](const char* labelKey, const std::string& value) {
            col.takeTop(marriageRow(ui, ui.tr(labelKey), value, col.min, col.width()), gap);
        };
        const char* status = b->status == BookingStatus::Confirmed   ? ui.tr("marriage.status.confirmed")
                             : b->status == BookingStatus::Cancelled ? ui.tr("marriage.status.cancelled")
                             : b->status == BookingStatus::Declined  ? ui.tr("marriage.status.declined")
                                                                     : ui.tr("marriage.status.unknown");
        row("marriage.booking.reference", b->reference);
        row("marriage.booking.status", status);
        row("marriage.office", marriageOfficeName(ui, flow, b->officeId));
        row("marriage.confirm.time", marriageChoiceText(ui, {b->date, b->slot}));
        if (active)
            col.takeTop(notice(ui, ui.tr("marriage.booking.party_note"), col.min, col.width(), NoticeKind::Info), gap);
        region.end(col.min.y - top - gap);
    }
    const Rect& cancel = bottom.secondary[0];
    if (bigButton(ui, "marriage.booking.cancel", ui.tr("marriage.booking.cancel"), cancel.min, cancel.size(),
                  ButtonKind::Secondary, active))
        flow.askCancel();
    if (bigButton(ui, "marriage.booking.change", ui.tr("marriage.booking.change"), bottom.primary.min,
                  bottom.primary.size(), ButtonKind::Primary, active))
        flow.changeBooking();
}

}  // namespace kiosk
