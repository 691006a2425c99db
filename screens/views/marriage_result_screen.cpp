#include "screens/views/marriage_result_screen.h"

#include <algorithm>
#include <cfloat>
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
    flow.tick(ui.flow.clock().steadyNow());  // the session's clock, as every flow reads time
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    const float s = l.scale, gap = 24 * s;

    const std::optional<OutcomeSlip> slip = slipFor(ui, flow);
    if (flow.takeReceiptRequest() && slip) ui.flow.requestPrint(receiptFor(ui, *slip));
    const bool waiting = flow.outcome() == Outcome::None || flow.outcome() == Outcome::Sending;
    const bool anotherTime =
        flow.outcome() == Outcome::Declined || (flow.outcome() == Outcome::Refused && flow.action() != Action::Cancel);
    // Paper for every outcome; never the pushed action (the printer may be the trouble).
    MarriageBottom bottom = marriageBottom(l, waiting ? 0 : (slip ? 1 : 0) + (anotherTime ? 1 : 0));
    const bool printFailed =
        slip && !waiting && ui.flow.printState() == PrintState::Failed && ui.flow.printFailureKey();
    if (printFailed) {
        const Rect line = bottom.content.takeBottom(t.fonts.body->FontSize, 8 * s);
        fittedText(t.fonts.body, ui.tr(ui.flow.printFailureKey()), line.min, line.width(), t.warning.u32());
    }
    {
        // The outcome, the facts, the QR and what to bring: in large text
        // more than the body holds, so it scrolls rather than leaves any out.
        ScrollRegion region(ui, "##result", waiting ? l.body() : bottom.content);
        Rect col = marriageScrollColumn(region);
        const float top = col.min.y;
        col.takeTop(notice(ui, ui.tr(headKey(flow)), col.min, col.width(), headKind(flow.outcome())), gap);
        if (slip && !waiting) {
            // The facts on the left, the QR beside them (below them in
            // portrait), as large as the rest of the body lets it be.
            const char* caption = slip->qrCaptionKey ? ui.tr(slip->qrCaptionKey) : "";
            const float visible = bottom.content.height() - (col.min.y - top);
            // The code as large as the rest of the body lets it be, never so
            // small that a phone misreads it; the caption under it, whole.
            auto qrSide = [&](float widest, float below) {
                return std::max(200 * s, std::min({widest, 420 * s, visible - below}));
            };
            Rect qrBox;
            float qr = 0, captionW = 0;
            if (!slip->qr.empty() && !l.portrait) {
                captionW = std::min(col.width() * 0.4f, 420 * s);
                qrBox = col.takeRight(captionW, gap);
                qr = qrSide(captionW, wrappedHeight(t.fonts.body, caption, captionW) + 8 * s);
            }
            Rect text = col;
            for (const auto& [label, value] : slip->rows)
                text.takeTop(marriageRow(ui, label.c_str(), value, text.min, text.width()), gap);
            if (!slip->qr.empty() && l.portrait) {
                // Below the facts, the caption across the body.
                captionW = col.width();
                const float bringH =
                    flow.outcome() == Outcome::Confirmed
                        ? wrappedHeight(t.fonts.body, ui.tr("marriage.result.bring"), text.width()) + gap
                        : 0;
                qr = qrSide(col.width() * 0.5f, wrappedHeight(t.fonts.body, caption, captionW) + 8 * s + gap + bringH +
                                                    (text.min.y - col.min.y));
                qrBox = text.takeTop(qr + wrappedHeight(t.fonts.body, caption, captionW) + 8 * s, gap);
            }
            if (qr > 0) {
                const float cx = (qrBox.min.x + qrBox.max.x) / 2;
                qrCode(ui, slip->qr.c_str(), ImVec2(cx - qr / 2, qrBox.min.y), qr);
                const float captionH =
                    wrappedText(t.fonts.body, caption, ImVec2(cx - captionW / 2, qrBox.min.y + qr + 8 * s), captionW,
                                t.textMuted.u32(), FLT_MAX, 0.5f);
                if (!l.portrait) col.min.y = std::max(col.min.y, qrBox.min.y + qr + 8 * s + captionH + gap);
            }
            if (flow.outcome() == Outcome::Confirmed)
                text.takeTop(wrappedText(t.fonts.body, ui.tr("marriage.result.bring"), text.min, text.width(),
                                         t.textMuted.u32()),
                             gap);
            col.min.y = std::max(col.min.y, text.min.y);
        }
        region.end(col.min.y - top - gap);
    }
    if (waiting) return;

    size_t next = 0;
    if (slip) {
        const bool printing = ui.flow.printState() == PrintState::Printing;
        const Rect& print = bottom.secondary[next++];
        if (bigButton(ui, "marriage.result.print", ui.tr(printing ? "print.printing" : "marriage.result.print"),
                      print.min, print.size(), ButtonKind::Secondary, !printing))
            ui.flow.requestPrint(receiptFor(ui, *slip));
    }
    if (anotherTime) {
        const Rect& another = bottom.secondary[next++];
        if (bigButton(ui, "marriage.result.another_time", ui.tr("marriage.result.another_time"), another.min,
                      another.size(), ButtonKind::Secondary))
            flow.chooseAnotherTime();
    }
    if (bigButton(ui, "marriage.result.finish", ui.tr("marriage.result.finish"), bottom.primary.min,
                  bottom.primary.size()))
        ui.flow.finishService();
}

}  // namespace kiosk
