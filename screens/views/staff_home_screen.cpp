#include "screens/views/staff_home_screen.h"

#include <string>
#include <vector>

#include "screens/flows/staff_flow.h"
#include "screens/widgets.h"

namespace kiosk {

const char* StaffHomeScreen::titleKey(const SessionFlow&) const { return i18nKey("staff.home.title"); }

void StaffHomeScreen::draw(UiContext& ui) {
    StaffFlow& staff = ui.flow.staff();
    if (!staff.member()) return;
    const Layout& l = ui.layout;
    const float s = l.scale;
    const ImVec2 b0 = l.bodyMin(), bs = l.bodySize();
    const StaffMember& m = *staff.member();

    const std::string who = Strings::format(
        ui.tr(m.role == StaffRole::Maintainer ? "staff.home.signed_in_maintainer" : "staff.home.signed_in"),
        {{"name", m.displayName}, {"number", m.number}});
    float y = b0.y + notice(ui, who.c_str(), b0, bs.x, NoticeKind::Info) + 30 * s;

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

    // Two columns of tiles in landscape, one in portrait.
    const int cols = l.portrait ? 1 : 2;
    const int rows = static_cast<int>((actions.size() + cols - 1) / cols);
    const float gap = 24 * s;
    const float tileW = (bs.x - gap * (cols - 1)) / cols;
    const float tileH =
        std::max(l.minTarget, std::min(260 * l.textScale(), (b0.y + bs.y - y - gap * (rows - 1)) / rows));
    for (size_t i = 0; i < actions.size(); ++i) {
        const ImVec2 pos(b0.x + static_cast<float>(i % cols) * (tileW + gap),
                         y + static_cast<float>(i / cols) * (tileH + gap));
        if (serviceTile(ui, actions[i].target, ui.tr(actions[i].title), ui.tr(actions[i].detail), pos,
                        ImVec2(tileW, tileH), true))
            (staff.*actions[i].act)();
    }
}

}  // namespace kiosk
