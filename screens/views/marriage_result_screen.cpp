#include "screens/views/marriage_result_screen.h"

#include <algorithm>
#include <chrono>

#include "screens/flows/service_flows.h"
#include "screens/views/marriage_parts.h"
#include "screens/widgets.h"

namespace kiosk {

const char* MarriageResultScreen::titleKey(const SessionFlow&) const { return i18nKey("marriage.result.title"); }

namespace {

Receipt bookingReceipt(const UiContext& ui, const MarriageFlow& flow, const MarriageBooking& b) {
    // References only: no names, no ID numbers (receipt.h).
    Receipt r;
    r.title = ui.tr("marriage.receipt.title");
    r.rows.emplace_back(ui.tr("marriage.booking.reference"), b.reference);
    r.rows.emplace_back(ui.tr("marriage.office"), marriageOfficeName(ui, flow, b.officeId));
    r.rows.emplace_back(ui.tr("marriage.confirm.time"), marriageChoiceText(ui, {b.date, b.slot}));
    r.qrPayload = b.code;
    r.qrCaption = ui.tr("marriage.receipt.qr_caption");
    r.footer = ui.tr("marriage.receipt.footer");
    return r;
}

}  // namespace

void MarriageResultScreen::draw(UiContext& ui) {
    MarriageFlow& flow = ui.flow.services().marriage;
    flow.tick(std::chrono::steady_clock::now());
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    const float s = l.scale, gap = 24 * s;
    const ImVec2 b0 = l.bodyMin(), bs = l.bodySize();
    const float buttonH = l.minTarget, buttonsY = b0.y + bs.y - buttonH;
    const float bw = std::min((bs.x - 2 * gap) / 3, 520 * s);
    float y = b0.y;
    using Outcome = MarriageFlow::Outcome;
    const auto action = flow.action();

    if (flow.takeReceiptRequest() && flow.booking()) ui.flow.requestPrint(bookingReceipt(ui, flow, *flow.booking()));

    switch (flow.outcome()) {
        case Outcome::None:
        case Outcome::Sending:
            notice(ui, ui.tr("marriage.result.sending"), ImVec2(b0.x, y), bs.x, NoticeKind::Info);
            return;
        case Outcome::Confirmed: {
            const MarriageBooking& b = *flow.booking();
            const char* head = action == MarriageFlow::Action::Change ? "marriage.result.changed" : "marriage.result.confirmed";
            y += notice(ui, ui.tr(head), ImVec2(b0.x, y), bs.x, NoticeKind::Success) + gap;
            // The code as a QR beside the details (below them in portrait).
            const float qr = std::min(l.portrait ? bs.x * 0.5f : bs.y * 0.45f, 420 * s);
            const float textW = l.portrait ? bs.x : bs.x - qr - gap;
            float ty = y;
            ty += marriageRow(ui, ui.tr("marriage.booking.reference"), b.reference, ImVec2(b0.x, ty), textW) + gap;
            ty += marriageRow(ui, ui.tr("marriage.office"), marriageOfficeName(ui, flow, b.officeId), ImVec2(b0.x, ty), textW) + gap;
            ty += marriageRow(ui, ui.tr("marriage.confirm.time"), marriageChoiceText(ui, {b.date, b.slot}), ImVec2(b0.x, ty), textW) + gap;
            const ImVec2 qp = l.portrait ? ImVec2(b0.x + (bs.x - qr) / 2, ty) : ImVec2(b0.x + bs.x - qr, y);
            if (qp.y + qr < buttonsY) qrCode(ui, b.code.c_str(), qp, qr);
            if (!l.portrait) {
                wrappedText(t.fonts.body, ui.tr("marriage.result.bring"), ImVec2(b0.x, ty), textW, t.textMuted.u32());
            }
            const bool printing = ui.flow.printState() == PrintState::Printing;
            if (bigButton(ui, "marriage.result.print", ui.tr(printing ? "print.printing" : "marriage.result.print"),
                          ImVec2(b0.x, buttonsY), ImVec2(bw, buttonH), ButtonKind::Secondary, !printing))
                ui.flow.requestPrint(bookingReceipt(ui, flow, b));
            if (ui.flow.printState() == PrintState::Failed && ui.flow.printFailureKey() && !l.portrait)
                fittedText(t.fonts.body, ui.tr(ui.flow.printFailureKey()),
                           ImVec2(b0.x + bw + gap, buttonsY + (buttonH - t.fonts.body->FontSize) / 2), bs.x - 2 * bw - 2 * gap,
                           t.warning.u32());
            break;
        }
        case Outcome::Declined:
            notice(ui, ui.tr("marriage.result.declined"), ImVec2(b0.x, y), bs.x, NoticeKind::Warning);
            if (bigButton(ui, "marriage.result.another_time", ui.tr("marriage.result.another_time"), ImVec2(b0.x, buttonsY),
                          ImVec2(bw, buttonH), ButtonKind::Secondary))
                flow.chooseAnotherTime();
            break;
        case Outcome::Queued: {
            const char* key = action == MarriageFlow::Action::Book     ? "marriage.result.queued"
                              : action == MarriageFlow::Action::Change ? "marriage.result.queued_change"
                                                                       : "marriage.result.queued_cancel";
            y += notice(ui, ui.tr(key), ImVec2(b0.x, y), bs.x, NoticeKind::Warning) + gap;
            if (action == MarriageFlow::Action::Book) {
                const auto& choices = flow.choices();
                for (size_t i = 0; i < choices.size() && y + 80 * s < buttonsY; ++i) {
                    const char* label = i == 0 ? ui.tr("marriage.confirm.time") : ui.tr("marriage.confirm.fallback");
                    y += marriageRow(ui, label, marriageChoiceText(ui, choices[i]), ImVec2(b0.x, y), bs.x) + gap;
                }
            }
            break;
        }
        case Outcome::Refused:
        case Outcome::StoreFailed:
            notice(ui, ui.tr(flow.outcomeKey() ? flow.outcomeKey() : "marriage.refused.other"), ImVec2(b0.x, y), bs.x,
                   NoticeKind::Warning);
            if (flow.outcome() == Outcome::Refused && action != MarriageFlow::Action::Cancel &&
                bigButton(ui, "marriage.result.another_time", ui.tr("marriage.result.another_time"), ImVec2(b0.x, buttonsY),
                          ImVec2(bw, buttonH), ButtonKind::Secondary))
                flow.chooseAnotherTime();
            break;
        case Outcome::Cancelled:
            y += notice(ui, ui.tr("marriage.result.cancelled"), ImVec2(b0.x, y), bs.x, NoticeKind::Success) + gap;
            if (const auto& b = flow.booking()) marriageRow(ui, ui.tr("marriage.booking.reference"), b->reference, ImVec2(b0.x, y), bs.x);
            break;
    }
    if (bigButton(ui, "marriage.result.finish", ui.tr("marriage.result.finish"), ImVec2(b0.x + bs.x - bw, buttonsY),
                  ImVec2(bw, buttonH)))
        ui.flow.finishService();
}

}  // namespace kiosk
