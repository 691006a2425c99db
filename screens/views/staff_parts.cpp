#include "screens/views/staff_parts.h"

#include <algorithm>
#include <ctime>

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

void staffPager(UiContext& ui, StaffFlow& staff, float y) {
    if (staff.pageCount() <= 1) return;
    const Layout& l = ui.layout;
    const float gap = 28 * l.scale;
    const float bw = std::min((l.bodySize().x - gap) / 2, 480 * l.scale);
    const float x = l.bodyMin().x;
    if (bigButton(ui, "staff.previous", ui.tr("staff.previous"), ImVec2(x, y), ImVec2(bw, l.minTarget),
                  ButtonKind::Secondary, staff.page() > 0))
        staff.previousPage();
    if (bigButton(ui, "staff.next", ui.tr("staff.next"), ImVec2(x + bw + gap, y), ImVec2(bw, l.minTarget),
                  ButtonKind::Secondary, staff.page() + 1 < staff.pageCount()))
        staff.nextPage();
}

}  // namespace kiosk
