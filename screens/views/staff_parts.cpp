#include "screens/views/staff_parts.h"

#include <algorithm>
#include <ctime>
#include <optional>
#include <vector>

#include "screens/widgets.h"

namespace kiosk {

std::string staffTimestamp(std::int64_t unixMs) {
    std::time_t t = static_cast<std::time_t>(unixMs / 1000);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%m-%d %H:%M", &tm);
    return buf;
}

bool staffListReady(UiContext& ui, const StaffFlow& staff, bool empty, const char* failedKey, const char* emptyKey,
                    NoticeKind emptyKind) {
    const Rect body = ui.layout.body();
    switch (staff.listState()) {
        case StaffFlow::ListState::Ready:
            break;
        case StaffFlow::ListState::Failed:
            notice(ui, ui.tr(failedKey), body.min, body.width(), NoticeKind::Warning);
            return false;
        default:
            notice(ui, ui.tr("staff.loading"), body.min, body.width(), NoticeKind::Info);
            return false;
    }
    if (!empty) return true;
    notice(ui, ui.tr(emptyKey), body.min, body.width(), emptyKind);
    return false;
}

Rect staffListArea(const UiContext& ui, const StaffFlow& staff) {
    Rect area = ui.layout.body();
    if (staff.pageCount() > 1) area.takeBottom(ui.layout.minTarget, ui.layout.gap());
    return area;
}

void staffRows(UiContext& ui, const char* id, const Rect& area, size_t count, float gap,
               const std::function<float(size_t, float)>& rowHeight,
               const std::function<void(size_t, const Rect&)>& drawRow) {
    std::vector<float> heights(count);
    auto measure = [&](float width) {
        float total = count ? gap * static_cast<float>(count - 1) : 0;
        for (size_t i = 0; i < count; ++i) total += heights[i] = rowHeight(i, width);
        return total;
    };
    float total = measure(area.width());
    // Only a list that does not fit scrolls: the region keeps room for its
    // scroll bar, which a list that fits does not need.
    std::optional<ScrollRegion> scroll;
    if (total > area.height()) {
        scroll.emplace(ui, id, area);
        total = measure(scroll->width());
    }
    const float width = scroll ? scroll->width() : area.width();
    float y = scroll ? scroll->origin().y : area.min.y;
    for (size_t i = 0; i < count; ++i) {
        drawRow(i, Rect{ImVec2(area.min.x, y), ImVec2(area.min.x + width, y + heights[i])});
        y += heights[i] + gap;
    }
    if (scroll) scroll->end(total);
}

void staffPager(UiContext& ui, StaffFlow& staff) {
    if (staff.pageCount() <= 1) return;
    const Layout& l = ui.layout;
    const float gap = 28 * l.scale;
    Rect row = l.body().takeBottom(l.minTarget);
    const float bw = std::min((row.width() - gap) / 2, 480 * l.scale);
    const Rect previous = row.takeLeft(bw, gap), next = row.takeLeft(bw);
    if (bigButton(ui, "staff.previous", ui.tr("staff.previous"), previous.min, previous.size(), ButtonKind::Secondary,
                  staff.page() > 0))
        staff.previousPage();
    if (bigButton(ui, "staff.next", ui.tr("staff.next"), next.min, next.size(), ButtonKind::Secondary,
                  staff.page() + 1 < staff.pageCount()))
        staff.nextPage();
}

}  // namespace kiosk
