#include "screens/views/staff_home_screen.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "screens/flows/staff_flow.h"
#include "screens/layout.h"
#include "screens/widgets.h"

namespace kiosk {

const char* StaffHomeScreen::titleKey(const SessionFlow&) const { return i18nKey("staff.home.title"); }

void StaffHomeScreen::draw(UiContext& ui) {
    StaffFlow& staff = ui.flow.staff();
    if (!staff.member()) return;
    const Layout& l = ui.layout;
    const float s = l.scale;
    const StaffMember& m = *staff.member();

    // Who is signed in, then the actions as tiles below it (no primary
    // action: Sign out is one of the tiles).
    Rect area = l.body();
    const std::string who = Strings::format(
        ui.tr(m.role == StaffRole::Maintainer ? "staff.home.signed_in_maintainer" : "staff.home.signed_in"),
        {{"name", m.displayName}, {"number", m.number}});
    area.takeTop(notice(ui, who.c_str(), area.min, area.width(), NoticeKind::Info), 30 * s);

    struct Action {
        const char* target;
        const char* title;
        const char* detail;
        void (StaffFlow::*act)();
    };
    std::vector<Action> actions = {
        {"staff.home.assist", "staff.home.assist", "staff.home.assist_detail", &StaffFlow::assistResident},
        {"staff.home.outbox", "staff.home.outbox", "staff.home.outbox_detail", &StaffFlow::openOutbox},
        {"staff.home.receipts", "staff.home.receipts", "staff.home.receipts_detail", &StaffFlow::openReceipts},
    };
    if (staff.maintainer())
        actions.push_back({"staff.home.maintenance", "staff.home.maintenance", "staff.home.maintenance_detail",
                           &StaffFlow::openMaintenance});
    actions.push_back(
        {"staff.home.sign_out", "staff.home.sign_out", "staff.home.sign_out_detail", &StaffFlow::signOut});

    // Two columns of tiles in landscape, one in portrait; never shorter than
    // a touch target, so when they cannot all fit they scroll.
    const int cols = l.portrait ? 1 : 2;
    const int count = static_cast<int>(actions.size());
    const int rowCount = (count + cols - 1) / cols;
    const float gap = 24 * s;
    const float fitH = (area.height() - gap * static_cast<float>(rowCount - 1)) / static_cast<float>(rowCount);
    const float tileH = std::max(l.minTarget, std::min(260 * l.textScale(), fitH));
    std::optional<ScrollRegion> scroll;
    if (tileH > fitH) scroll.emplace(ui, "##staff_home", area);
    const Rect tiles = scroll ? Rect{scroll->origin(), ImVec2(scroll->origin().x + scroll->width(), area.max.y)} : area;
    const std::vector<Rect> cells = grid(tiles, count, cols, gap, tileH);
    for (size_t i = 0; i < actions.size(); ++i) {
        if (serviceTile(ui, actions[i].target, ui.tr(actions[i].title), ui.tr(actions[i].detail), cells[i].min,
                        cells[i].size(), true))
            (staff.*actions[i].act)();
    }
    if (scroll) scroll->end(static_cast<float>(rowCount) * (tileH + gap) - gap);
}

}  // namespace kiosk
