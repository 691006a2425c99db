#include "screens/views/status_detail_screen.h"

#include <algorithm>
#include <cmath>

#include "screens/flows/service_flows.h"
#include "screens/layout.h"
#include "screens/views/session_parts.h"
#include "screens/widgets.h"

namespace kiosk {

std::string statusItemTitle(const Strings& strings, Language lang, const StatusItem& item) {
    if (item.kind == StatusItem::Kind::Booking) return strings.get(lang, "status.kind.booking");
    // A type this kiosk does not know yet is named in general words, never
    // by the centre's code word.
    const char* key = assistanceTypeKey(item.type);
    return strings.get(lang, key ? key : i18nKey("status.type.other"));
}

std::string statusItemState(const Strings& strings, Language lang, const StatusItem& item) {
    const char* key =
        item.kind == StatusItem::Kind::Booking ? bookingStatusKey(item.status) : statusStepKey(item.status);
    return strings.get(lang, key ? key : i18nKey("status.step.other"));
}

Receipt statusReceipt(const Strings& strings, const StatusItem& item, const std::string& code,
                      const std::string& officeName) {
    // References and dates only: no name, no ID number (kiosk/core/receipt.h).
    const Language zh = Language::ZhCN;
    Receipt r;
    r.title = strings.get(zh, "status.receipt_title");
    r.rows.emplace_back(strings.get(zh, "status.receipt_item"), statusItemTitle(strings, zh, item));
    r.rows.emplace_back(strings.get(zh, "status.number"), item.reference);
    r.rows.emplace_back(strings.get(zh, "status.receipt_state"), statusItemState(strings, zh, item));
    if (item.kind == StatusItem::Kind::Booking) {
        r.rows.emplace_back(strings.get(zh, "status.office"), officeName.empty() ? item.officeId : officeName);
        r.rows.emplace_back(strings.get(zh, "status.when"), item.date + " " + item.slot);
    } else {
        for (const StatusTimelineRow& row : applicationTimeline(item))
            if (row.reached && statusStepKey(row.step))
                r.rows.emplace_back(strings.get(zh, statusStepKey(row.step)), row.date);
    }
    if (!code.empty()) {
        r.qrPayload = code;
        r.qrCaption = strings.get(zh, "status.receipt_qr_caption");
    }
    r.footer = strings.get(zh, "status.receipt_footer");
    return r;
}

const char* StatusDetailScreen::titleKey(const SessionFlow&) const { return i18nKey("status.detail_title"); }

namespace {

// The steps as a vertical list: a dot per step on a line, done ones filled,
// the current one ringed, the ones to come hollow and muted.
float drawTimeline(UiContext& ui, const StatusItem& item, ImVec2 pos, float width, float maxHeight) {
    const Theme& t = ui.theme;
    const Layout& l = ui.layout;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const auto rows = applicationTimeline(item);
    ImFont* font = t.fonts.body;
    // Whole pixels, a little under the room: the scroll region's box is
    // rounded to pixels, and a fraction over it would show a scroll cue for nothing.
    const float rowH =
        std::max(font->FontSize * 1.3f, std::min(font->FontSize * 2.2f, std::floor((maxHeight - 1) / rows.size())));
    const float r = std::min(18 * l.textScale(), rowH * 0.3f);
    const float cx = pos.x + r + 4 * l.scale;
    const float textX = cx + r + 24 * l.scale;
    const float dateW = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, "2025-12-01").x;
    for (size_t i = 0; i < rows.size(); ++i) {
        const StatusTimelineRow& row = rows[i];
        const float cy = pos.y + rowH * (static_cast<float>(i) + 0.5f);
        if (i + 1 < rows.size())
            dl->AddLine(ImVec2(cx, cy + r), ImVec2(cx, cy + rowH - r),
                        (rows[i + 1].reached ? t.success : t.border).u32(), 4 * l.scale);
        if (row.current) {
            const Rgb ring = row.step == "rejected" ? t.warning : t.primary;
            dl->AddCircleFilled(ImVec2(cx, cy), r, ring.u32());
            dl->AddCircle(ImVec2(cx, cy), r + 6 * l.scale, ring.u32(), 0, 3 * l.scale);
        } else if (row.reached) {
            dl->AddCircleFilled(ImVec2(cx, cy), r, t.success.u32());
        } else {
            dl->AddCircleFilled(ImVec2(cx, cy), r, t.surface.u32());
            dl->AddCircle(ImVec2(cx, cy), r, t.border.u32(), 0, 3 * l.scale);
        }
        const char* key = statusStepKey(row.step);
        const char* label = ui.tr(key ? key : i18nKey("status.step.other"));
        const ImU32 ink = (row.reached ? t.text : t.textMuted).u32();
        const float ty = cy - font->FontSize / 2;
        fittedText(font, label, ImVec2(textX, ty), width - (textX - pos.x) - dateW - 24 * l.scale, ink);
        const char* date = row.reached ? row.date.c_str() : ui.tr("status.not_yet");
        const float dw = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, date).x;
        plainText(font, date, ImVec2(pos.x + width - dw, ty), (row.reached ? t.text : t.textMuted).u32());
    }
    return rowH * static_cast<float>(rows.size());
}

// "label    value" rows for a booking.
float drawFacts(UiContext& ui, const std::vector<std::pair<std::string, std::string>>& facts, ImVec2 pos, float width) {
    const Theme& t = ui.theme;
    ImFont* font = t.fonts.body;
    const float rowH = font->FontSize * 1.8f;
    float labelW = 0;
    for (const auto& f : facts)
        labelW = std::max(labelW, font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, f.first.c_str()).x);
    labelW += 32 * ui.layout.scale;
    for (size_t i = 0; i < facts.size(); ++i) {
        const float y = pos.y + rowH * static_cast<float>(i);
        plainText(font, facts[i].first.c_str(), ImVec2(pos.x, y), t.textMuted.u32());
        fittedText(font, facts[i].second.c_str(), ImVec2(pos.x + labelW, y), width - labelW, t.text.u32());
    }
    return rowH * static_cast<float>(facts.size());
}

}  // namespace

void StatusDetailScreen::draw(UiContext& ui) {
    const StatusFlow& flow = ui.flow.services().status;
    const StatusItem* item = flow.shown();
    if (!item) return;
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    const float s = l.scale;
    const float gap = 28 * s, buttonH = l.minTarget;

    // The session's print state is about its last receipt: shown here only
    // when that receipt is this item's (not one printed from another screen).
    const auto& receipt = ui.flow.lastReceipt();
    const bool thisPrinted = receipt && std::any_of(receipt->rows.begin(), receipt->rows.end(),
                                                    [&](const auto& row) { return row.second == item->reference; });
    const PrintState printState = thisPrinted ? ui.flow.printState() : PrintState::Idle;
    const bool showQr = printState == PrintState::Failed && receipt && !receipt->qrPayload.empty();

    // Landscape: the progress on the left, printing in a column on the
    // right; portrait: printing under the progress, as tall as the button,
    // a notice and a QR need. Either way the print button, the way forward,
    // ends the column at the bottom right (across the bottom in portrait),
    // where primaryAction() is; the column keeps its own width.
    Rect main = l.body();
    const float sideW = l.portrait ? main.width() : std::min(main.width() * 0.38f, 640 * s);
    const float qrSize =
        std::min({sideW, 420 * s, l.portrait ? main.height() * 0.3f : main.height() - 2 * buttonH - 2 * gap});
    const float sideH =
        buttonH + (printState != PrintState::Idle ? 220 * l.textScale() : 0) + (showQr ? qrSize + gap : 0);
    Rect side = l.portrait ? main.takeBottom(sideH, gap) : main.takeRight(sideW, 2 * gap);
    const Rect button = side.takeBottom(buttonH, gap);

    const std::string title = statusItemTitle(ui.strings, ui.flow.language(), *item);
    const Rect titleRow = main.takeTop(t.fonts.title->FontSize * 1.3f, 8 * s);
    fittedText(t.fonts.title, title.c_str(), titleRow.min, titleRow.width(), t.primary.u32());
    const std::string number = std::string(ui.tr("status.number")) + "  " + item->reference;
    const Rect numberRow = main.takeTop(t.fonts.button->FontSize * 1.3f, gap);
    fittedText(t.fonts.button, number.c_str(), numberRow.min, numberRow.width(), t.text.u32());

    {
        // The steps or the booking's facts; in large text they may not fit, and scroll.
        ScrollRegion progress(ui, "##progress", main);
        float h = 0;
        if (item->kind == StatusItem::Kind::Application) {
            h = drawTimeline(ui, *item, progress.origin(), progress.width(), main.height());
        } else {
            const char* stateKey = bookingStatusKey(item->status);
            std::vector<std::pair<std::string, std::string>> facts = {
                {ui.tr("status.office"), flow.shownOfficeName().value_or(item->officeId)},
                {ui.tr("status.when"), item->date + "  " + item->slot},
                {ui.tr("status.receipt_state"), stateKey ? ui.tr(stateKey) : item->status},
            };
            h = drawFacts(ui, facts, progress.origin(), progress.width());
        }
        progress.end(h);
    }

    // Printing: the button at the bottom of the side; above it what became of it.
    const bool printing = printState == PrintState::Printing;
    if (bigButton(ui, "status.print", ui.tr(printing ? "print.printing" : "status.print"), button.min, button.size(),
                  printButtonKind(ui), !printing)) {
        ui.flow.requestPrint(statusReceipt(ui.strings, *item, flow.shownCode(), flow.shownOfficeName().value_or("")));
    }
    if (printState == PrintState::Printed) {
        notice(ui, ui.tr("status.printed"), side.min, side.width(), NoticeKind::Success);
    } else if (printState == PrintState::Failed) {
        // No paper, no printer: the code goes on the screen to photograph.
        const char* why = showQr
                              ? ui.tr(ui.flow.printFailureKey() ? ui.flow.printFailureKey() : "printer.error.offline")
                              : ui.tr("status.print_failed_no_code");
        side.takeTop(notice(ui, why, side.min, side.width(), NoticeKind::Warning), gap);
        if (showQr) {
            const float size = std::min(qrSize, side.height());
            const Rect qr = side.takeTop(size).centred(ImVec2(size, size));
            if (size > 0) qrCode(ui, receipt->qrPayload.c_str(), qr.min, size);
            recordTarget(ui, "status.qr", qr.min, qr.max, false);
        }
    }
}

}  // namespace kiosk
