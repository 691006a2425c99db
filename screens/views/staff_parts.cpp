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

bool staffListReady(UiContext& ui, const StaffFlow& staff, bool empty, const char* failedKey, const char* emptyKey,
                    NoticeKind emptyKind) {
    const ImVec2 b0 = ui.layout.bodyMin();
    const float w = ui.layout.bodySize().x;
    switch (staff.listState()) {
        case StaffFlow::ListState::Ready:
            break;
        case StaffFlow::ListState::Failed:
            notice(ui, ui.tr(failedKey), b0, w, NoticeKind::Warning);
            return false;
        default:
            notice(ui, ui.tr("staff.loading"), b0, w, NoticeKind::Info);
            return false;
    }
    if (!empty) return true;
    notice(ui, ui.tr(emptyKey), b0, w, emptyKind);
    return false;
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
