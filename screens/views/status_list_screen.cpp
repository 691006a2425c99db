#include "screens/views/status_list_screen.h"

#include <algorithm>
#include <vector>

#include "screens/flows/service_flows.h"
#include "screens/layout.h"
#include "screens/views/session_parts.h"
#include "screens/views/status_detail_screen.h"
#include "screens/widgets.h"

namespace kiosk {

const char* StatusListScreen::titleKey(const SessionFlow&) const { return i18nKey("status.list_title"); }

void StatusListScreen::draw(UiContext& ui) {
    StatusFlow& flow = ui.flow.services().status;
    const Layout& l = ui.layout;
    const float s = l.scale, gap = 28 * s;
    Rect area = l.body();
    auto say = [&](const char* key, NoticeKind kind) { notice(ui, ui.tr(key), area.min, area.width(), kind); };

    using State = StatusFlow::State;
    switch (flow.state()) {
        case State::Listed:
            break;
        case State::Offline:
        case State::Failed: {
            say(flow.state() == State::Offline ? "status.list_offline" : "status.failed", NoticeKind::Warning);
            const Rect retry = actionRow(l, {}).primary;
            if (bigButton(ui, "status.retry", ui.tr("status.retry"), retry.min, retry.size())) flow.retry();
            return;
        }
        default:
            say("status.loading", NoticeKind::Info);
            return;
    }

    const auto& items = flow.items();
    if (items.empty()) {
        say("status.none", NoticeKind::Info);
        return;
    }
    // Few tiles per page, fewer in large text (as on the balances screen).
    const int cols = l.portrait ? 1 : 2;
    const int rows = l.largeText ? (l.portrait ? 2 : 1) : (l.portrait ? 3 : 2);
    const size_t perPage = static_cast<size_t>(cols * rows);
    const size_t pages = (items.size() + perPage - 1) / perPage;
    page_ = std::min(page_, pages - 1);
    // Paging only when there is more than one page; the tiles take the rest.
    const ActionRow buttons =
        actionRow(l, {.primary = false, .secondary = pages > 1 ? 2 : 0, .secondaryMaxW = 480 * s});
    area = buttons.content;
    const float tileH = std::min((area.height() - gap * (rows - 1)) / rows, 420 * l.textScale());
    const std::vector<Rect> slots = grid(area, static_cast<int>(perPage), cols, gap, tileH);
    for (size_t i = page_ * perPage; i < std::min(items.size(), (page_ + 1) * perPage); ++i) {
        const Rect& slot = slots[i - page_ * perPage];
        const std::string title = statusItemTitle(ui.strings, ui.flow.language(), items[i]);
        const std::string detail =
            items[i].reference + "\n" + statusItemState(ui.strings, ui.flow.language(), items[i]);
        const std::string target = "status.item." + std::to_string(i);
        if (serviceTile(ui, target.c_str(), title.c_str(), detail.c_str(), slot.min, slot.size(), true)) flow.select(i);
    }
    if (pages > 1) {
        const Rect &prev = buttons.secondary[0], &fwd = buttons.secondary[1];
        if (bigButton(ui, "status.previous", ui.tr("status.previous"), prev.min, prev.size(), ButtonKind::Secondary,
                      page_ > 0))
            --page_;
        if (bigButton(ui, "status.next", ui.tr("status.next"), fwd.min, fwd.size(), ButtonKind::Secondary,
                      page_ + 1 < pages))
            ++page_;
    }
}

}  // namespace kiosk
