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
    const float gap = 18 * l.scale;
    const MarriageBottom bottom = marriageBottom(l, 1);
    {
        ScrollRegion region(ui, "##cancel", bottom.content);
        Rect col = marriageScrollColumn(region);
        const float top = col.min.y;
        col.takeTop(notice(ui, ui.tr("marriage.cancel.warning"), col.min, col.width(), NoticeKind::Warning), 2 * gap);
        auto row = [&](const char* labelKey, const std::string& value) {
            col.takeTop(marriageRow(ui, ui.tr(labelKey), value, col.min, col.width()), gap);
        };
        row("marriage.booking.reference", b->reference);
        row("marriage.office", marriageOfficeName(ui, flow, b->officeId));
        row("marriage.confirm.time", marriageChoiceText(ui, {b->date, b->slot}));
        region.end(col.min.y - top - gap);
    }
    // Keeping the booking is the safe answer: it sits where Continue usually is.
    const Rect& cancel = bottom.secondary[0];
    if (bigButton(ui, "marriage.cancel.confirm", ui.tr("marriage.cancel.confirm"), cancel.min, cancel.size(),
                  ButtonKind::Secondary))
        flow.confirmCancel();
    if (bigButton(ui, "marriage.cancel.keep", ui.tr("marriage.cancel.keep"), bottom.primary.min, bottom.primary.size(),
                  ButtonKind::Primary))
        ui.flow.back();
}

}  // namespace kiosk
