#include "screens/views/assist_receipt_screen.h"

#include <algorithm>
#include <string>

#include "screens/flows/service_flows.h"
#include "screens/layout.h"
#include "screens/views/session_parts.h"
#include "screens/widgets.h"

namespace kiosk {
namespace {

using SubmitState = AssistanceFlow::SubmitState;

// What goes on paper: references, the type and the masked number; no name.
Receipt receiptFor(const UiContext& ui, const AssistanceFlow& flow) {
    Receipt r;
    r.title = ui.tr("assist.receipt.print_title");
    if (flow.submittedType()) r.rows.emplace_back(ui.tr("assist.receipt.type"), ui.tr(assistanceTypeKey(*flow.submittedType())));
    r.rows.emplace_back(ui.tr("assist.receipt.applicant"), flow.submittedMaskedId());
    if (const auto& ack = flow.acknowledgement()) {
        r.rows.emplace_back(ui.tr("assist.receipt.number"), ack->reference);
        if (!ack->submittedAt.empty()) r.rows.emplace_back(ui.tr("assist.receipt.submitted_at"), ack->submittedAt);
        r.qrPayload = ack->receiptCode;
        r.qrCaption = ui.tr("assist.receipt.qr_caption");
        r.footer = ui.tr("assist.receipt.footer_sent");
    } else {
        r.rows.emplace_back(ui.tr("assist.receipt.local_reference"), flow.localReference());
        // Until the centre answers, this kiosk's slip code finds it here.
        r.qrPayload = flow.slipCode();
        r.qrCaption = ui.tr("assist.receipt.slip_caption");
        r.footer = ui.tr("assist.receipt.footer_queued");
    }
    return r;
}

}  // namespace

const char* AssistReceiptScreen::titleKey(const SessionFlow&) const { return i18nKey("assist.receipt.title"); }

void AssistReceiptScreen::draw(UiContext& ui) {
    AssistanceFlow& flow = ui.flow.services().assistance;
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    const float s = l.scale, gap = 24 * s;
    // Until the centre answers, look in the outbox now and then.
    flow.refreshSubmission(ImGui::GetTime());

    const auto& ack = flow.acknowledgement();
    const bool sent = flow.submitState() == SubmitState::Sent && ack;
    // Finish is the way on; Print beside it (above it in portrait).
    const ActionRow buttons = actionRow(l, {.primary = true, .secondary = 1, .secondaryMaxW = 520 * s});
    Rect area = buttons.content;
    // The QR beside the text (landscape) or below it (portrait): the centre's
    // code once it answered, this kiosk's slip code until then.
    const std::string qrPayload = sent ? ack->receiptCode : flow.slipCode();
    const bool qr = !qrPayload.empty();
    const float qrSide = qr ? std::min(l.portrait ? area.width() * 0.5f : l.body().height() * 0.6f, 520 * s) : 0;
    const float captionH = t.fonts.body->FontSize + 8 * s;
    Rect qrColumn;  // the square with its caption below
    // In landscape the square at the right edge, its caption centred a
    // little to its left (room for a long caption).
    if (qr && !l.portrait) qrColumn = area.takeRight(std::min(area.width() / 2, qrSide + 100 * s), 2 * gap);

    const char* state = ui.tr(flow.submitState() == SubmitState::Sent       ? "assist.receipt.sent"
                              : flow.submitState() == SubmitState::Rejected ? "assist.receipt.rejected"
                                                                            : "assist.receipt.queued");
    const NoticeKind kind = flow.submitState() == SubmitState::Sent       ? NoticeKind::Success
                            : flow.submitState() == SubmitState::Rejected ? NoticeKind::Warning
                                                                          : NoticeKind::Info;
    area.takeTop(notice(ui, state, area.min, area.width(), kind), gap);
    // The reference, large: the application number, or until then ours.
    const char* label = ui.tr(sent ? "assist.receipt.number" : "assist.receipt.local_reference");
    plainText(t.fonts.body, label, area.takeTop(t.fonts.body->FontSize, 8 * s).min, t.textMuted.u32());
    const std::string reference = sent ? ack->reference : flow.localReference();
    const Rect ref = area.takeTop(t.fonts.title->FontSize, gap);
    fittedText(t.fonts.title, reference.c_str(), ref.min, ref.width(), t.text.u32());
    if (flow.submittedType()) {
        std::string line = Strings::format(ui.tr("assist.receipt.type_line"), {{"type", ui.tr(assistanceTypeKey(*flow.submittedType()))}});
        const Rect r = area.takeTop(t.fonts.body->FontSize, gap);
        fittedText(t.fonts.body, line.c_str(), r.min, r.width(), t.text.u32());
    }
    if (ui.flow.printState() == PrintState::Failed && ui.flow.printFailureKey())
        area.takeTop(notice(ui, ui.tr(ui.flow.printFailureKey()), area.min, area.width(), NoticeKind::Warning), gap);
    if (qr && l.portrait) qrColumn = area;
    if (qr && qrColumn.height() >= qrSide + captionH) {
        Rect square = qrColumn.takeTop(qrSide, 8 * s);
        square = l.portrait ? square.centred(ImVec2(qrSide, qrSide)) : square.takeRight(qrSide);
        qrCode(ui, qrPayload.c_str(), square.min, qrSide);
        centredText(t.fonts.body, ui.tr(sent ? "assist.receipt.qr_caption" : "assist.receipt.slip_caption"), qrColumn.min.x,
                    qrColumn.max.x, qrColumn.min.y, t.textMuted.u32());
    }

    const bool printing = ui.flow.printState() == PrintState::Printing;
    const Rect print = buttons.secondary[0], finish = buttons.primary;
    if (bigButton(ui, "assist.receipt.print", ui.tr(printing ? "print.printing" : "assist.receipt.print"), print.min,
                  print.size(), ButtonKind::Secondary, !printing))
        ui.flow.requestPrint(receiptFor(ui, flow));
    if (bigButton(ui, "assist.receipt.finish", ui.tr("assist.receipt.finish"), finish.min, finish.size()))
        ui.flow.finishService();
}

}  // namespace kiosk
