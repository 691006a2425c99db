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
    const float s = l.scale, gap = 18 * s;
    const ImVec2 b0 = l.bodyMin(), bs = l.bodySize();
    const float buttonH = l.minTarget, buttonsY = b0.y + bs.y - buttonH;
    float y = b0.y;

    const char* status = b->status == BookingStatus::Confirmed   ? ui.tr("marriage.status.confirmed")
                         : b->status == BookingStatus::Cancelled ? ui.tr("marriage.status.cancelled")
                         : b->status == BookingStatus::Declined  ? ui.tr("marriage.status.declined")
                                                                 : ui.tr("marriage.status.unknown");
    y += marriageRow(ui, ui.tr("marriage.booking.reference"), b->reference, ImVec2(b0.x, y), bs.x) + gap;
    y += marriageRow(ui, ui.tr("marriage.booking.status"), status, ImVec2(b0.x, y), bs.x) + gap;
    y += marriageRow(ui, ui.tr("marriage.office"), marriageOfficeName(ui, flow, b->officeId), ImVec2(b0.x, y), bs.x) + gap;
    y += marriageRow(ui, ui.tr("marriage.confirm.time"), marriageChoiceText(ui, {b->date, b->slot}), ImVec2(b0.x, y), bs.x) + gap;
    const bool active = b->status == BookingStatus::Confirmed;
    if (active) notice(ui, ui.tr("marriage.booking.party_note"), ImVec2(b0.x, y), bs.x, NoticeKind::Info);

    const float bw = std::min((bs.x - gap) / 2, 560 * s);
    if (bigButton(ui, "marriage.booking.cancel", ui.tr("marriage.booking.cancel"), ImVec2(b0.x, buttonsY), ImVec2(bw, buttonH),
                  ButtonKind::Secondary, active))
        flow.askCancel();
    if (bigButton(ui, "marriage.booking.change", ui.tr("marriage.booking.change"), ImVec2(b0.x + bs.x - bw, buttonsY),
                  ImVec2(bw, buttonH), ButtonKind::Primary, active))
        flow.changeBooking();
}

}  // namespace kiosk
