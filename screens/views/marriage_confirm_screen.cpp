#include "screens/views/marriage_confirm_screen.h"

#include <algorithm>

#include "screens/flows/service_flows.h"
#include "screens/views/marriage_parts.h"
#include "screens/widgets.h"

namespace kiosk {

const char* MarriageConfirmScreen::titleKey(const SessionFlow&) const { return i18nKey("marriage.confirm.title"); }

void MarriageConfirmScreen::draw(UiContext& ui) {
    MarriageFlow& flow = ui.flow.services().marriage;
    const Layout& l = ui.layout;
    const float s = l.scale, gap = 18 * s;
    const ImVec2 b0 = l.bodyMin(), bs = l.bodySize();
    const float buttonH = l.minTarget, buttonsY = b0.y + bs.y - buttonH;
    float y = b0.y;
    const bool changing = flow.mode() == MarriageFlow::Mode::Change;

    if (changing) {
        if (const auto& b = flow.lookedUp()) {
            y += marriageRow(ui, ui.tr("marriage.booking.reference"), b->reference, ImVec2(b0.x, y), bs.x) + gap;
            y += marriageRow(ui, ui.tr("marriage.office"), marriageOfficeName(ui, flow, b->officeId), ImVec2(b0.x, y), bs.x) + gap;
            y += marriageRow(ui, ui.tr("marriage.confirm.from"), marriageChoiceText(ui, {b->date, b->slot}), ImVec2(b0.x, y), bs.x) + gap;
        }
        if (!flow.choices().empty())
            y += marriageRow(ui, ui.tr("marriage.confirm.to"), marriageChoiceText(ui, flow.choices().front()), ImVec2(b0.x, y), bs.x) + gap;
    } else {
        // Landscape: who and where on the left, when and the phone on the
        // right, so that three time choices still fit in large text.
        const float colW = l.portrait ? bs.x : (bs.x - 2 * gap) / 2;
        float ly = y;
        if (flow.applicant()) ly += marriageRow(ui, ui.tr("marriage.party_a"), marriagePartyText(ui, *flow.applicant()), ImVec2(b0.x, ly), colW) + gap;
        if (flow.partner()) ly += marriageRow(ui, ui.tr("marriage.party_b"), marriagePartyText(ui, *flow.partner()), ImVec2(b0.x, ly), colW) + gap;
        if (const MarriageOffice* o = flow.office()) ly += marriageRow(ui, ui.tr("marriage.office"), marriageOfficeName(ui, flow, o->id), ImVec2(b0.x, ly), colW) + gap;
        const float rx = l.portrait ? b0.x : b0.x + colW + 2 * gap;
        float ry = l.portrait ? ly : y;
        const auto& choices = flow.choices();
        for (size_t i = 0; i < choices.size(); ++i) {
            const char* label = i == 0 ? ui.tr("marriage.confirm.time") : ui.tr("marriage.confirm.fallback");
            ry += marriageRow(ui, label, marriageChoiceText(ui, choices[i]), ImVec2(rx, ry), colW) + gap;
        }
        ry += marriageRow(ui, ui.tr("marriage.phone.title"), maskPhone(flow.phoneEntry().reveal()), ImVec2(rx, ry), colW) + gap;
        y = std::max(ly, ry);
        // Offline the resident must know before sending that this is a request.
        if (flow.offline()) notice(ui, ui.tr("marriage.confirm.offline"), ImVec2(b0.x, y), bs.x, NoticeKind::Warning);
    }
    const float cw = std::min(bs.x, 640 * s);
    if (bigButton(ui, "marriage.confirm.submit",
                  ui.tr(changing ? "marriage.confirm.submit_change"
                                 : (flow.offline() ? "marriage.confirm.submit_request" : "marriage.confirm.submit")),
                  ImVec2(b0.x + bs.x - cw, buttonsY), ImVec2(cw, buttonH)))
        flow.confirm();
}

}  // namespace kiosk
