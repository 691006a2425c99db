#include "screens/views/marriage_confirm_screen.h"

#include <algorithm>
#include <vector>

#include "screens/flows/service_flows.h"
#include "screens/views/marriage_parts.h"
#include "screens/widgets.h"

namespace kiosk {

const char* MarriageConfirmScreen::titleKey(const SessionFlow&) const { return i18nKey("marriage.confirm.title"); }

void MarriageConfirmScreen::draw(UiContext& ui) {
    MarriageFlow& flow = ui.flow.services().marriage;
    const Layout& l = ui.layout;
    const float gap = 18 * l.scale;
    const bool changing = flow.mode() == MarriageFlow::Mode::Change;
    const MarriageBottom bottom = marriageBottom(l, 0);
    {
        // Three time choices in large English text can outgrow the body: it scrolls.
        ScrollRegion region(ui, "##confirm", bottom.content);
        Rect col = marriageScrollColumn(region);
        const float top = col.min.y;
        auto row = [&](Rect& into, const char* label, const std::string& value) {
            into.takeTop(marriageRow(ui, label, value, into.min, into.width()), gap);
        };
        if (changing) {
            if (const auto& b = flow.lookedUp()) {
                row(col, ui.tr("marriage.booking.reference"), b->reference);
                row(col, ui.tr("marriage.office"), marriageOfficeName(ui, flow, b->officeId));
                row(col, ui.tr("marriage.confirm.from"), marriageChoiceText(ui, {b->date, b->slot}));
            }
            if (!flow.choices().empty())
                row(col, ui.tr("marriage.confirm.to"), marriageChoiceText(ui, flow.choices().front()));
        } else {
            // Landscape: who and where on the left, when and the phone on the
            // right, so that three time choices still fit in large text.
            std::vector<Rect> sides = columns(col, l.portrait ? 1 : 2, 2 * gap);
            Rect& left = sides.front();
            Rect& right = sides.back();
            if (flow.applicant()) row(left, ui.tr("marriage.party_a"), marriagePartyText(ui, *flow.applicant()));
            if (flow.partner()) row(left, ui.tr("marriage.party_b"), marriagePartyText(ui, *flow.partner()));
            if (const MarriageOffice* o = flow.office())
                row(left, ui.tr("marriage.office"), marriageOfficeName(ui, flow, o->id));
            const auto& choices = flow.choices();
            for (size_t i = 0; i < choices.size(); ++i)
                row(right, ui.tr(i == 0 ? "marriage.confirm.time" : "marriage.confirm.fallback"),
                    marriageChoiceText(ui, choices[i]));
            row(right, ui.tr("marriage.phone.title"), maskPhone(flow.phoneEntry().reveal()));
            col.min.y = std::max(left.min.y, right.min.y);
            // Offline the resident must know before sending that this is a request.
            if (flow.offline())
                col.takeTop(notice(ui, ui.tr("marriage.confirm.offline"), col.min, col.width(), NoticeKind::Warning),
                            gap);
        }
        region.end(col.min.y - top - gap);
    }
    if (bigButton(ui, "marriage.confirm.submit",
                  ui.tr(changing ? "marriage.confirm.submit_change"
                                 : (flow.offline() ? "marriage.confirm.submit_request" : "marriage.confirm.submit")),
                  bottom.primary.min, bottom.primary.size()))
        flow.confirm();
}

}  // namespace kiosk
