#include "screens/views/marriage_date_screen.h"

#include <algorithm>
#include <vector>

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
    ImDrawList* dl = ImGui::GetWindowDrawList();
    // Tapping a day moves on: the calendar has the whole body.
    Rect area = l.body();

    // No calendar: why, and a way to try again.
    auto warnWithRetry = [&](const char* key) {
        area.takeTop(notice(ui, ui.tr(key), area.min, area.width(), NoticeKind::Warning), 2 * gap);
        const Rect retry = area.takeTop(l.minTarget).takeLeft(std::min(area.width(), 600 * s));
        if (bigButton(ui, "marriage.date.retry", ui.tr("balances.retry"), retry.min, retry.size(),
                      ButtonKind::Secondary))
            flow.retrySlots();
    };
    // The kiosk's clock is wrong and the centre's time unknown (#15): no
    // month to show, rather than 1970's. Retry once the clock is right.
    if (flow.clockWrong()) {
        warnWithRetry(i18nKey("marriage.date.clock_wrong"));
        return;
    }

    // Month row: previous, the month, next.
    Rect nav = area.takeTop(std::max(80 * s, t.fonts.button->FontSize * 1.8f), 2 * gap);
    const float navW = std::min(area.width() * 0.25f, 340 * s);
    const Rect previous = nav.takeLeft(navW), next = nav.takeRight(navW);
    if (bigButton(ui, "marriage.month.previous", ui.tr("marriage.month.previous"), previous.min, previous.size(),
                  ButtonKind::Secondary,
                  flow.canShowPreviousMonth() && flow.slotsData() != MarriageFlow::Data::Loading))
        flow.showPreviousMonth();
    if (bigButton(ui, "marriage.month.next", ui.tr("marriage.month.next"), next.min, next.size(), ButtonKind::Secondary,
                  flow.canShowNextMonth() && flow.slotsData() != MarriageFlow::Data::Loading))
        flow.showNextMonth();
    centredText(t.fonts.title, marriageMonthText(ui, flow.month()).c_str(), nav.min.x, nav.max.x,
                nav.min.y + (nav.height() - t.fonts.title->FontSize) / 2, t.text.u32());

    const bool changing = flow.mode() == MarriageFlow::Mode::Change;
    switch (flow.slotsData()) {
        case MarriageFlow::Data::Idle:
        case MarriageFlow::Data::Loading:
            notice(ui, ui.tr("marriage.date.loading"), area.min, area.width(), NoticeKind::Info);
            return;
        case MarriageFlow::Data::Unavailable:
            if (changing) {
                warnWithRetry(i18nKey("marriage.date.unavailable_change"));
                return;
            }
            // Short here (the calendar needs the room); the slot screen and
            // the confirmation explain the request in full.
            area.takeTop(notice(ui, ui.tr("marriage.date.offline_short"), area.min, area.width(), NoticeKind::Warning),
                         2 * gap);
            break;
        default:
            break;
    }

    const auto cells = monthGrid(flow.month());
    // As many week rows as the month spans (4 to 6), each as tall as fits.
    size_t lastCell = 0;
    for (size_t i = 0; i < cells.size(); ++i)
        if (cells[i]) lastCell = i;
    const Rect head = area.takeTop(t.fonts.body->FontSize * 1.4f);
    const std::vector<Rect> heads = columns(head, 7, gap);
    for (unsigned c = 0; c < 7; ++c)
        centredText(t.fonts.body, ui.tr("marriage.weekday_short." + std::to_string(c)), heads[c].min.x, heads[c].max.x,
                    heads[c].min.y, t.textMuted.u32());
    const std::vector<Rect> days = grid(area, static_cast<int>(lastCell / 7 + 1) * 7, 7, gap);
    for (size_t i = 0; i <= lastCell; ++i) {
        if (!cells[i]) continue;
        const year_month_day d = *cells[i];
        const ImVec2 p = days[i].min;
        const float cellW = days[i].width(), cellH = days[i].height();
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
            if (bigButton(ui, target.c_str(), "", p, days[i].size(),
                          chosen ? ButtonKind::Primary : ButtonKind::Secondary))
                flow.chooseDate(d);
            // A day with a time already picked (offline choices): a tick in its corner.
            if (chosen) {
                const float mark = std::min(cellH, cellW) * 0.28f;
                tickMark(ImVec2(p.x + cellW - mark * 0.9f, p.y + mark * 0.9f), mark, t.onPrimary.u32(),
                         std::max(2.0f, 4 * s));
            }
        } else {
            // Not bookable (fully booked, past, out of reach): greyed like a
            // disabled button, so it does not invite a tap.
            dl->AddRectFilled(p, days[i].max, t.disabled.u32(), t.rounding);
        }
        const ImU32 ink = (open ? (chosen ? t.onPrimary : t.text) : t.textMuted).u32();
        RecordScope label(std::nullopt,
                          open ? ("marriage.day." + iso).c_str() : nullptr);  // the day's button shows them
        const float lineH = t.fonts.button->FontSize;
        if (!sub.empty() && cellH < lineH + t.fonts.body->FontSize + 8 * s) {
            // Too low for two lines (large text on a landscape screen): one line.
            const std::string line = number + " " + sub;
            const float w = std::min(cellW - 8 * s, textWidth(t.fonts.body, line.c_str()));
            fittedText(t.fonts.body, line.c_str(),
                       ImVec2(p.x + (cellW - w) / 2, p.y + (cellH - t.fonts.body->FontSize) / 2), cellW - 8 * s, ink);
            continue;
        }
        const float top = p.y + (cellH - lineH - (sub.empty() ? 0 : t.fonts.body->FontSize)) / 2;
        centredText(t.fonts.button, number.c_str(), p.x, p.x + cellW, top, ink);
        if (!sub.empty()) {
            const float w = textWidth(t.fonts.body, sub.c_str());
            fittedText(t.fonts.body, sub.c_str(), ImVec2(p.x + std::max(4 * s, (cellW - w) / 2), top + lineH),
                       cellW - 8 * s, ink);
        }
    }
}

}  // namespace kiosk
