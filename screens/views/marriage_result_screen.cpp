#include "screens/views/marriage_result_screen.h"

#include <algorithm>
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "screens/flows/service_flows.h"
#include "screens/views/marriage_parts.h"
#include "screens/widgets.h"

namespace kiosk {

const char* MarriageResultScreen::titleKey(const SessionFlow&) const { return i18nKey("marriage.result.title"); }

namespace {

using Outcome = MarriageFlow::Outcome;
using Action = MarriageFlow::Action;

// What an outcome leaves the resident with: a reference, the facts, a QR
// (the centre's signed code, or this kiosk's slip code while the centre has
// not answered) and the same on paper. References only: no names, no ID
// numbers (receipt.h).
struct OutcomeSlip {
    const char* titleKey = nullptr;
    std::vector<std::pair<std::string, std::string>> rows;  // the first is the reference
    std::string qr;
    const char* qrCaptionKey = nullptr;
    const char* footerKey = nullptr;
};

std::optional<OutcomeSlip> slipFor(const UiContext& ui, const MarriageFlow& flow) {
    OutcomeSlip slip;
    const auto& b = flow.booking();
    auto bookingRows = [&](const MarriageBooking& booking) {
        slip.rows.emplace_back(ui.tr("marriage.booking.reference"), booking.reference);
        slip.rows.emplace_back(ui.tr("marriage.office"), marriageOfficeName(ui, flow, booking.officeId));
        slip.rows.emplace_back(ui.tr("marriage.confirm.time"), marriageChoiceText(ui, {booking.date, booking.slot}));
        slip.qr = booking.code;
        slip.qrCaptionKey = i18nKey("marriage.receipt.qr_caption");
    };
    auto slipQr = [&] {
        slip.qr = flow.slipCode();
        slip.qrCaptionKey = i18nKey("marriage.receipt.slip_caption");
    };
    switch (flow.outcome()) {
        case Outcome::Confirmed:
        case Outcome::Declined:
        case Outcome::Cancelled:
            if (!b) return std::nullopt;
            bookingRows(*b);
            // A booking the centre answered without a code: the slip still finds it here.
            if (slip.qr.empty()) slipQr();
            slip.titleKey = flow.outcome() == Outcome::Confirmed  ? i18nKey("marriage.receipt.title")
                            : flow.outcome() == Outcome::Declined ? i18nKey("marriage.receipt.declined_title")
                                                                  : i18nKey("marriage.receipt.cancelled_title");
            slip.footerKey = flow.outcome() == Outcome::Confirmed ? i18nKey("marriage.receipt.footer")
                                                                  : i18nKey("marriage.receipt.lookup_footer");
            return slip;
        case Outcome::Queued:
        case Outcome::Refused:
            if (flow.localReference().empty()) return std::nullopt;
            slip.rows.emplace_back(ui.tr("marriage.result.local_reference"), flow.localReference());
            slipQr();
            if (flow.outcome() == Outcome::Queued && flow.action() == Action::Book) {
                const auto& choices = flow.choices();
                for (size_t i = 0; i < choices.size(); ++i)
                    slip.rows.emplace_back(ui.tr(i == 0 ? "marriage.confirm.time" : "marriage.confirm.fallback"),
                                           marriageChoiceText(ui, choices[i]));
            } else if (const auto& looked = flow.lookedUp()) {
                slip.rows.emplace_back(ui.tr("marriage.booking.reference"), looked->reference);
            }
            slip.titleKey = flow.outcome() == Outcome::Queued ? i18nKey("marriage.receipt.queued_title")
                                                              : i18nKey("marriage.receipt.refused_title");
            slip.footerKey = flow.outcome() == Outcome::Queued ? i18nKey("marriage.receipt.queued_footer")
                                                               : i18nKey("marriage.receipt.refused_footer");
            return slip;
        case Outcome::None:
        case Outcome::Sending:
        case Outcome::StoreFailed:
            break;
    }
    return std::nullopt;
}

Receipt receiptFor(const UiContext& ui, const OutcomeSlip& slip) {
    Receipt r;
    r.title = ui.tr(slip.titleKey);
    r.rows = slip.rows;
    r.qrPayload = slip.qr;
    r.qrCaption = slip.qrCaptionKey ? ui.tr(slip.qrCaptionKey) : "";
    r.footer = slip.footerKey ? ui.tr(slip.footerKey) : "";
    return r;
}

const char* headKey(const MarriageFlow& flow) {
    switch (flow.outcome()) {
        case Outcome::Confirmed:
            return flow.action() == Action::Change ? "marriage.result.changed" : "marriage.result.confirmed";
        case Outcome::Declined:
            return "marriage.result.declined";
        case Outcome::Queued:
            return flow.action() == Action::Book     ? "marriage.result.queued"
                   : flow.action() == Action::Change ? "marriage.result.queued_change"
                                                     : "marriage.result.queued_cancel";
        case Outcome::Cancelled:
            return "marriage.result.cancelled";
        case Outcome::Refused:
        case Outcome::StoreFailed:
            return flow.outcomeKey() ? flow.outcomeKey() : "marriage.refused.other";
        case Outcome::None:
        case Outcome::Sending:
            break;
    }
    return "marriage.result.sending";
}

NoticeKind headKind(Outcome outcome) {
    return outcome == Outcome::Confirmed || outcome == Outcome::Cancelled ? NoticeKind::Success
           : outcome == Outcome::Sending || outcome == Outcome::None      ? NoticeKind::Info
                                                                          : NoticeKind::Warning;
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

    const std::optional<OutcomeSlip> slip = slipFor(ui, flow);
    if (flow.takeReceiptRequest() && slip) ui.flow.requestPrint(receiptFor(ui, *slip));

    y += notice(ui, ui.tr(headKey(flow)), ImVec2(b0.x, y), bs.x, headKind(flow.outcome())) + gap;
    if (flow.outcome() == Outcome::None || flow.outcome() == Outcome::Sending) return;

    if (slip) {
        // The facts on the left, the QR beside them (below them in portrait).
        const float qr = slip->qr.empty() ? 0 : std::min(l.portrait ? bs.x * 0.5f : bs.y * 0.45f, 420 * s);
        const float textW = l.portrait || qr == 0 ? bs.x : bs.x - qr - gap;
        float ty = y;
        for (const auto& [label, value] : slip->rows) {
            if (ty + t.fonts.button->FontSize * 1.35f > buttonsY - gap) break;
            ty += marriageRow(ui, label.c_str(), value, ImVec2(b0.x, ty), textW) + gap;
        }
        if (qr > 0) {
            // The caption under the code, across the body in portrait, on up to two lines.
            const float captionW = l.portrait ? bs.x : qr;
            const float captionH =
                std::min(wrappedHeight(t.fonts.body, ui.tr(slip->qrCaptionKey), captionW), 2 * t.fonts.body->FontSize) +
                8 * s;
            const ImVec2 qp = l.portrait ? ImVec2(b0.x + (bs.x - qr) / 2, ty) : ImVec2(b0.x + bs.x - qr, y);
            if (qp.y + qr + captionH < buttonsY) {
                qrCode(ui, slip->qr.c_str(), qp, qr);
                wrappedText(t.fonts.body, ui.tr(slip->qrCaptionKey),
                            ImVec2(qp.x + qr / 2 - captionW / 2, qp.y + qr + 8 * s), captionW, t.textMuted.u32(),
                            captionH - 8 * s, 0.5f);
                if (l.portrait) ty = qp.y + qr + captionH + gap;
            }
        }
        if (flow.outcome() == Outcome::Confirmed && ty + t.fonts.body->FontSize < buttonsY - gap)
            wrappedText(t.fonts.body, ui.tr("marriage.result.bring"), ImVec2(b0.x, ty), textW, t.textMuted.u32(),
                        buttonsY - gap - ty);
        // Paper for every outcome; never the pushed action (the printer may be the trouble).
        const bool printing = ui.flow.printState() == PrintState::Printing;
        if (bigButton(ui, "marriage.result.print", ui.tr(printing ? "print.printing" : "marriage.result.print"),
                      ImVec2(b0.x, buttonsY), ImVec2(bw, buttonH), ButtonKind::Secondary, !printing))
            ui.flow.requestPrint(receiptFor(ui, *slip));
        if (ui.flow.printState() == PrintState::Failed && ui.flow.printFailureKey() && !l.portrait)
            fittedText(t.fonts.body, ui.tr(ui.flow.printFailureKey()),
                       ImVec2(b0.x + bw + gap, buttonsY - t.fonts.body->FontSize - 8 * s), bs.x - bw - gap,
                       t.warning.u32());
    }
    const bool anotherTime =
        flow.outcome() == Outcome::Declined || (flow.outcome() == Outcome::Refused && flow.action() != Action::Cancel);
    if (anotherTime && bigButton(ui, "marriage.result.another_time", ui.tr("marriage.result.another_time"),
                                 ImVec2(b0.x + (bs.x - bw) / 2, buttonsY), ImVec2(bw, buttonH), ButtonKind::Secondary))
        flow.chooseAnotherTime();
    if (bigButton(ui, "marriage.result.finish", ui.tr("marriage.result.finish"), ImVec2(b0.x + bs.x - bw, buttonsY),
                  ImVec2(bw, buttonH)))
        ui.flow.finishService();
}

}  // namespace kiosk
