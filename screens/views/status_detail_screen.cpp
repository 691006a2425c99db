#include "screens/views/status_detail_screen.h"

#include <algorithm>

#include "screens/flows/service_flows.h"
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
    const char* key = item.kind == StatusItem::Kind::Booking ? bookingStatusKey(item.status) : statusStepKey(item.status);
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
            if (row.reached && statusStepKey(row.step)) r.rows.emplace_back(strings.get(zh, statusStepKey(row.step)), row.date);
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
    const float rowH = std::max(font->FontSize * 1.3f, std::min(font->FontSize * 2.2f, maxHeight / rows.size()));
    const float r = std::min(18 * l.textScale(), rowH * 0.3f);
    const float cx = pos.x + r + 4 * l.scale;
    const float textX = cx + r + 24 * l.scale;
    const float dateW = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, "2025-12-01").x;
    for (size_t i = 0; i < rows.size(); ++i) {
        const StatusTimelineRow& row = rows[i];
        const float cy = pos.y + rowH * (static_cast<float>(i) + 0.5f);
        if (i + 1 < rows.size())
            dl->AddLine(ImVec2(cx, cy + r), ImVec2(cx, cy + rowH - r), (rows[i + 1].reached ? t.success : t.border).u32(),
                        4 * l.scale);
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
    for (const auto& f : facts) labelW = std::max(labelW, font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, f.first.c_str()).x);
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
    const ImVec2 b0 = l.bodyMin(), bs = l.bodySize();
    const float gap = 28 * s, buttonH = l.minTarget;
    // Landscape: the progress on the left, printing on the right; portrait:
    // printing under the progress.
    const float sideW = l.portrait ? bs.x : std::min(bs.x * 0.38f, 640 * s);
    const float mainW = l.portrait ? bs.x : bs.x - sideW - 2 * gap;
    float y = b0.y;
    const std::string title = statusItemTitle(ui.strings, ui.flow.language(), *item);
    fittedText(t.fonts.title, title.c_str(), ImVec2(b0.x, y), mainW, t.primary.u32());
    y += t.fonts.title->FontSize * 1.3f + 8 * s;
    const std::string number = std::string(ui.tr("status.number")) + "  " + item->reference;
    fittedText(t.fonts.button, number.c_str(), ImVec2(b0.x, y), mainW, t.text.u32());
    y += t.fonts.button->FontSize * 1.3f + gap;

    // The printing area's height in portrait: the button, a notice, a QR.
    // The session's print state is about its last receipt: shown here only
    // when that receipt is this item's (not one printed from another screen).
    const auto& receipt = ui.flow.lastReceipt();
    const bool thisPrinted = receipt && std::any_of(receipt->rows.begin(), receipt->rows.end(), [&](const auto& row) {
                                 return row.second == item->reference;
                             });
    const PrintState printState = thisPrinted ? ui.flow.printState() : PrintState::Idle;
    const bool showQr = printState == PrintState::Failed && receipt && !receipt->qrPayload.empty();
    const float qrSize = std::min({sideW, 420 * s, l.portrait ? bs.y * 0.3f : bs.y - 2 * buttonH - 2 * gap});
    const float sideH = buttonH + (printState != PrintState::Idle ? 220 * l.textScale() : 0) + (showQr ? qrSize + gap : 0);
    const float mainBottom = l.portrait ? b0.y + bs.y - sideH - gap : b0.y + bs.y;

    if (item->kind == StatusItem::Kind::Application) {
        drawTimeline(ui, *item, ImVec2(b0.x, y), mainW, mainBottom - y);
    } else {
        const char* stateKey = bookingStatusKey(item->status);
        std::vector<std::pair<std::string, std::string>> facts = {
            {ui.tr("status.office"), flow.shownOfficeName().value_or(item->officeId)},
            {ui.tr("status.when"), item->date + "  " + item->slot},
            {ui.tr("status.receipt_state"), stateKey ? ui.tr(stateKey) : item->status},
        };
        drawFacts(ui, facts, ImVec2(b0.x, y), mainW);
    }

    // Printing: the button at the bottom of the side; above it what became of it.
    const float sideX = l.portrait ? b0.x : b0.x + bs.x - sideW;
    const float buttonY = b0.y + bs.y - buttonH;
    const bool printing = printState == PrintState::Printing;
    if (bigButton(ui, "status.print", ui.tr(printing ? "print.printing" : "status.print"), ImVec2(sideX, buttonY),
                  ImVec2(sideW, buttonH), printButtonKind(ui), !printing)) {
        ui.flow.requestPrint(statusReceipt(ui.strings, *item, flow.shownCode(), flow.shownOfficeName().value_or("")));
    }
    float sideY = l.portrait ? mainBottom + gap : b0.y;
    if (printState == PrintState::Printed) {
        notice(ui, ui.tr("status.printed"), ImVec2(sideX, sideY), sideW, NoticeKind::Success);
    } else if (printState == PrintState::Failed) {
        // No paper, no printer: the code goes on the screen to photograph.
        const char* why = showQr ? ui.tr(ui.flow.printFailureKey() ? ui.flow.printFailureKey() : "printer.error.offline")
                                 : ui.tr("status.print_failed_no_code");
        sideY += notice(ui, why, ImVec2(sideX, sideY), sideW, NoticeKind::Warning) + gap;
        if (showQr) {
            const float qx = sideX + (sideW - qrSize) / 2;
            const float room = buttonY - gap - sideY;
            const float size = std::min(qrSize, room);
            if (size > 0) qrCode(ui, receipt->qrPayload.c_str(), ImVec2(qx, sideY), size);
            recordTarget(ui, "status.qr", ImVec2(qx, sideY), ImVec2(qx + size, sideY + size), false);
        }
    }
}

}  // namespace kiosk
