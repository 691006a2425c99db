#include "screens/views/assist_receipt_screen.h"

#include <algorithm>
#include <string>

#include "screens/flows/service_flows.h"
#include "screens/views/assist_widgets.h"
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
    const ImVec2 b0 = l.bodyMin(), bs = l.bodySize();
    // Until the centre answers, look in the outbox now and then.
    flow.refreshSubmission(ImGui::GetTime());

    const auto& ack = flow.acknowledgement();
    const bool sent = flow.submitState() == SubmitState::Sent && ack;
    const float bottom = wizardBottom(ui) - gap;
    // The QR beside the text (landscape) or below it (portrait): the centre's
    // code once it answered, this kiosk's slip code until then.
    const std::string qrPayload = sent ? ack->receiptCode : flow.slipCode();
    const bool qr = !qrPayload.empty();
    const float qrSide = qr ? std::min(l.portrait ? bs.x * 0.5f : bs.y * 0.6f, 520 * s) : 0;
    const float textW = l.portrait || !qr ? bs.x : bs.x - qrSide - 2 * gap;
    float y = b0.y;

    switch (flow.submitState()) {
        case SubmitState::Sent:
            y += notice(ui, ui.tr("assist.receipt.sent"), ImVec2(b0.x, y), textW, NoticeKind::Success) + gap;
            break;
        case SubmitState::Rejected:
            y += notice(ui, ui.tr("assist.receipt.rejected"), ImVec2(b0.x, y), textW, NoticeKind::Warning) + gap;
            break;
        default:
            y += notice(ui, ui.tr("assist.receipt.queued"), ImVec2(b0.x, y), textW, NoticeKind::Info) + gap;
            break;
    }
    // The reference, large: the application number, or until then ours.
    const char* label = ui.tr(sent ? "assist.receipt.number" : "assist.receipt.local_reference");
    plainText(t.fonts.body, label, ImVec2(b0.x, y), t.textMuted.u32());
    y += t.fonts.body->FontSize + 8 * s;
    const std::string reference = sent ? ack->reference : flow.localReference();
    fittedText(t.fonts.title, reference.c_str(), ImVec2(b0.x, y), textW, t.text.u32());
    y += t.fonts.title->FontSize + gap;
    if (flow.submittedType()) {
        std::string line = Strings::format(ui.tr("assist.receipt.type_line"), {{"type", ui.tr(assistanceTypeKey(*flow.submittedType()))}});
        fittedText(t.fonts.body, line.c_str(), ImVec2(b0.x, y), textW, t.text.u32());
        y += t.fonts.body->FontSize + gap;
    }
    if (qr) {
        const ImVec2 qrPos = l.portrait ? ImVec2(b0.x + (bs.x - qrSide) / 2, y) : ImVec2(b0.x + bs.x - qrSide, b0.y);
        if (qrPos.y + qrSide <= bottom) {
            qrCode(ui, qrPayload.c_str(), qrPos, qrSide);
            centredText(t.fonts.body, ui.tr(sent ? "assist.receipt.qr_caption" : "assist.receipt.slip_caption"),
                        std::max(b0.x, qrPos.x - 100 * s), std::min(b0.x + bs.x, qrPos.x + qrSide + 100 * s),
                        qrPos.y + qrSide + 8 * s, t.textMuted.u32());
        }
    }
    if (ui.flow.printState() == PrintState::Failed && ui.flow.printFailureKey())
        notice(ui, ui.tr(ui.flow.printFailureKey()), ImVec2(b0.x, std::max(y, bottom - 160 * s)), textW, NoticeKind::Warning);

    const float w = l.portrait ? (bs.x - gap) / 2 : std::min((bs.x - gap) / 2, 520 * s);
    const bool printing = ui.flow.printState() == PrintState::Printing;
    if (bigButton(ui, "assist.receipt.print", ui.tr(printing ? "print.printing" : "assist.receipt.print"),
                  ImVec2(b0.x, wizardBottom(ui)), ImVec2(w, l.minTarget), ButtonKind::Secondary, !printing))
        ui.flow.requestPrint(receiptFor(ui, flow));
    if (bigButton(ui, "assist.receipt.finish", ui.tr("assist.receipt.finish"), ImVec2(b0.x + bs.x - w, wizardBottom(ui)),
                  ImVec2(w, l.minTarget)))
        ui.flow.finishService();
}

}  // namespace kiosk
