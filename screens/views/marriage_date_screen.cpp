#include "screens/views/marriage_date_screen.h"

#include <algorithm>

#include "screens/flows/service_flows.h"
#include "screens/views/marriage_parts.h"
#include "screens/widgets.h"

namespace kiosk {

using namespace std::chrono;

const char* MarriageDateScreen::titleKey(const SessionFlow& flow) const {
    return flow.services().marriage.mode() == MarriageFlow::Mode::Change ? i18nKey("marriage.date.change_title")
                                                                         : i18nKey("marriage.date.title");
}

void MarriageDateScreen::draw(UiContext& ui) {
    MarriageFlow& flow = ui.flow.services().marriage;
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    const float s = l.scale, gap = 10 * s;
    const ImVec2 b0 = l.bodyMin(), bs = l.bodySize();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float y = b0.y;

    // Month row: previous, the month, next.
    const float navW = std::min(bs.x * 0.25f, 340 * s), navH = std::max(80 * s, t.fonts.button->FontSize * 1.8f);
    if (bigButton(ui, "marriage.month.previous", ui.tr("marriage.month.previous"), ImVec2(b0.x, y), ImVec2(navW, navH),
                  ButtonKind::Secondary, flow.canShowPreviousMonth() && flow.slotsData() != MarriageFlow::Data::Loading))
        flow.showPreviousMonth();
    if (bigButton(ui, "marriage.month.next", ui.tr("marriage.month.next"), ImVec2(b0.x + bs.x - navW, y), ImVec2(navW, navH),
                  ButtonKind::Secondary, flow.canShowNextMonth() && flow.slotsData() != MarriageFlow::Data::Loading))
        flow.showNextMonth();
    centredText(t.fonts.title, marriageMonthText(ui, flow.month()).c_str(), b0.x + navW, b0.x + bs.x - navW,
                y + (navH - t.fonts.title->FontSize) / 2, t.text.u32());
    y += navH + 2 * gap;

    const bool changing = flow.mode() == MarriageFlow::Mode::Change;
    switch (flow.slotsData()) {
        case MarriageFlow::Data::Idle:
        case MarriageFlow::Data::Loading:
            notice(ui, ui.tr("marriage.date.loading"), ImVec2(b0.x, y), bs.x, NoticeKind::Info);
            return;
        case MarriageFlow::Data::Unavailable:
            if (changing) {
                y += notice(ui, ui.tr("marriage.date.unavailable_change"), ImVec2(b0.x, y), bs.x, NoticeKind::Warning) + 2 * gap;
                if (bigButton(ui, "marriage.date.retry", ui.tr("balances.retry"), ImVec2(b0.x, y),
                              ImVec2(std::min(bs.x, 600 * s), l.minTarget), ButtonKind::Secondary))
                    flow.retrySlots();
                return;
            }
            // Short here (the calendar needs the room); the slot screen and
            // the confirmation explain the request in full.
            y += notice(ui, ui.tr("marriage.date.offline_short"), ImVec2(b0.x, y), bs.x, NoticeKind::Warning) + 2 * gap;
            break;
        default: break;
    }

    const auto cells = monthGrid(flow.month());
    // As many week rows as the month spans (4 to 6), each as tall as fits.
    size_t lastCell = 0;
    for (size_t i = 0; i < cells.size(); ++i)
        if (cells[i]) lastCell = i;
    const float weeks = static_cast<float>(lastCell / 7 + 1);
    const float headH = t.fonts.body->FontSize * 1.4f;
    const float cellW = (bs.x - 6 * gap) / 7;
    const float cellH = (b0.y + bs.y - y - headH - (weeks - 1) * gap) / weeks;
    for (unsigned c = 0; c < 7; ++c)
        centredText(t.fonts.body, ui.tr("marriage.weekday_short." + std::to_string(c)), b0.x + c * (cellW + gap),
                    b0.x + c * (cellW + gap) + cellW, y, t.textMuted.u32());
    y += headH;
    for (size_t i = 0; i < cells.size(); ++i) {
        if (!cells[i]) continue;
        const year_month_day d = *cells[i];
        const ImVec2 p(b0.x + static_cast<float>(i % 7) * (cellW + gap), y + static_cast<float>(i / 7) * (cellH + gap));
        const std::string iso = formatDate(d);
        const std::string number = std::to_string(static_cast<unsigned>(d.day()));
        std::string sub;
        if (flow.slotsData() == MarriageFlow::Data::Online && !flow.slotsOn(iso).empty()) {
            const int free = flow.freePlacesOn(iso);
            sub = free > 0 ? Strings::format(ui.tr("marriage.date.free"), {{"count", std::to_string(free)}})
                           : std::string(ui.tr("marriage.date.full"));
        }
        bool chosen = false;
        for (const auto& c : flow.choices()) chosen |= c.date == iso;
        const bool open = flow.dayOpen(d);
        if (open) {
            std::string target = "marriage.day." + iso;
            if (bigButton(ui, target.c_str(), "", p, ImVec2(cellW, cellH), chosen ? ButtonKind::Primary : ButtonKind::Secondary))
                flow.chooseDate(d);
            // A day with a time already picked (offline choices): a tick in its corner.
            if (chosen) {
                const float mark = std::min(cellH, cellW) * 0.28f;
                tickMark(ImVec2(p.x + cellW - mark * 0.9f, p.y + mark * 0.9f), mark, t.onPrimary.u32(), std::max(2.0f, 4 * s));
            }
        } else {
            // Not bookable (fully booked, past, out of reach): greyed like a
            // disabled button, so it does not invite a tap.
            dl->AddRectFilled(p, ImVec2(p.x + cellW, p.y + cellH), t.disabled.u32(), t.rounding);
        }
        const ImU32 ink = (open ? (chosen ? t.onPrimary : t.text) : t.textMuted).u32();
        RecordScope label(std::nullopt, open ? ("marriage.day." + iso).c_str() : nullptr);  // the day's button shows them
        const float lineH = t.fonts.button->FontSize;
        if (!sub.empty() && cellH < lineH + t.fonts.body->FontSize + 8 * s) {
            // Too low for two lines (large text on a landscape screen): one line.
            const std::string line = number + " " + sub;
            const float w = std::min(cellW - 8 * s, t.fonts.body->CalcTextSizeA(t.fonts.body->FontSize, FLT_MAX, 0, line.c_str()).x);
            fittedText(t.fonts.body, line.c_str(), ImVec2(p.x + (cellW - w) / 2, p.y + (cellH - t.fonts.body->FontSize) / 2),
                       cellW - 8 * s, ink);
            continue;
        }
        const float top = p.y + (cellH - lineH - (sub.empty() ? 0 : t.fonts.body->FontSize)) / 2;
        centredText(t.fonts.button, number.c_str(), p.x, p.x + cellW, top, ink);
        if (!sub.empty()) {
            const float w = t.fonts.body->CalcTextSizeA(t.fonts.body->FontSize, FLT_MAX, 0, sub.c_str()).x;
            fittedText(t.fonts.body, sub.c_str(), ImVec2(p.x + std::max(4 * s, (cellW - w) / 2), top + lineH), cellW - 8 * s, ink);
        }
    }
}

}  // namespace kiosk
