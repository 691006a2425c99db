#include "screens/views/marriage_cancel_screen.h"

#include <algorithm>

#include "screens/flows/service_flows.h"
#include "screens/views/marriage_parts.h"
#include "screens/widgets.h"

namespace kiosk {

const char* MarriageCancelScreen::titleKey(const SessionFlow&) const { return i18nKey("marriage.cancel.title"); }

void MarriageCancelScreen::draw(UiContext& ui) {
    MarriageFlow& flow = ui.flow.services().marriage;
    const auto& b = flow.lookedUp();
    if (!b) return;
    const Layout& l = ui.layout;
    const float s = l.scale, gap = 18 * s;
    const ImVec2 b0 = l.bodyMin(), bs = l.bodySize();
    const float buttonH = l.minTarget, buttonsY = b0.y + bs.y - buttonH;
    float y = b0.y;

    y += notice(ui, ui.tr("marriage.cancel.warning"), ImVec2(b0.x, y), bs.x, NoticeKind::Warning) + 2 * gap;
    y += marriageRow(ui, ui.tr("marriage.booking.reference"), b->reference, ImVec2(b0.x, y), bs.x) + gap;
    y += marriageRow(ui, ui.tr("marriage.office"), marriageOfficeName(ui, flow, b->officeId), ImVec2(b0.x, y), bs.x) + gap;
    marriageRow(ui, ui.tr("marriage.confirm.time"), marriageChoiceText(ui, {b->date, b->slot}), ImVec2(b0.x, y), bs.x);

    // Keeping the booking is the safe answer: it sits where Continue usually is.
    const float bw = std::min((bs.x - gap) / 2, 600 * s);
    if (bigButton(ui, "marriage.cancel.confirm", ui.tr("marriage.cancel.confirm"), ImVec2(b0.x, buttonsY), ImVec2(bw, buttonH),
                  ButtonKind::Secondary))
        flow.confirmCancel();
    if (bigButton(ui, "marriage.cancel.keep", ui.tr("marriage.cancel.keep"), ImVec2(b0.x + bs.x - bw, buttonsY),
                  ImVec2(bw, buttonH), ButtonKind::Primary))
        ui.flow.back();
}

}  // namespace kiosk
