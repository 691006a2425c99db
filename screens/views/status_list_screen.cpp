#include "screens/views/status_list_screen.h"

#include <algorithm>

#include "screens/flows/service_flows.h"
#include "screens/views/status_detail_screen.h"
#include "screens/widgets.h"

namespace kiosk {

const char* StatusListScreen::titleKey(const SessionFlow&) const { return i18nKey("status.list_title"); }

void StatusListScreen::draw(UiContext& ui) {
    StatusFlow& flow = ui.flow.services().status;
    const Layout& l = ui.layout;
    const float s = l.scale;
    const ImVec2 b0 = l.bodyMin(), bs = l.bodySize();
    const float gap = 28 * s, buttonH = l.minTarget;
    const float buttonsY = b0.y + bs.y - buttonH;
    const float bw = std::min((bs.x - 2 * gap) / 3, 480 * s);

    using State = StatusFlow::State;
    switch (flow.state()) {
        case State::Listed: break;
        case State::Offline:
        case State::Failed:
            notice(ui, ui.tr(flow.state() == State::Offline ? "status.list_offline" : "status.failed"), b0, bs.x,
                   NoticeKind::Warning);
            if (bigButton(ui, "status.retry", ui.tr("status.retry"), ImVec2(b0.x, buttonsY), ImVec2(bw, buttonH)))
                flow.retry();
            return;
        default:
            notice(ui, ui.tr("status.loading"), b0, bs.x, NoticeKind::Info);
            return;
    }

    const auto& items = flow.items();
    if (items.empty()) {
        notice(ui, ui.tr("status.none"), b0, bs.x, NoticeKind::Info);
        return;
    }
    // Few tiles per page, fewer in large text (as on the balances screen).
    const int cols = l.portrait ? 1 : 2;
    const int rows = l.largeText ? (l.portrait ? 2 : 1) : (l.portrait ? 3 : 2);
    const size_t perPage = static_cast<size_t>(cols * rows);
    const size_t pages = (items.size() + perPage - 1) / perPage;
    page_ = std::min(page_, pages - 1);
    const float tilesBottom = pages > 1 ? buttonsY - gap : b0.y + bs.y;
    const float tileW = (bs.x - gap * (cols - 1)) / cols;
    const float tileH = std::min((tilesBottom - b0.y - gap * (rows - 1)) / rows, 420 * l.textScale());
    for (size_t i = page_ * perPage; i < std::min(items.size(), (page_ + 1) * perPage); ++i) {
        const size_t slot = i - page_ * perPage;
        const ImVec2 pos(b0.x + (slot % cols) * (tileW + gap), b0.y + (slot / cols) * (tileH + gap));
        const std::string title = statusItemTitle(ui.strings, ui.flow.language(), items[i]);
        const std::string detail = items[i].reference + "\n" + statusItemState(ui.strings, ui.flow.language(), items[i]);
        const std::string target = "status.item." + std::to_string(i);
        if (serviceTile(ui, target.c_str(), title.c_str(), detail.c_str(), pos, ImVec2(tileW, tileH), true))
            flow.select(i);
    }
    if (pages > 1) {
        if (bigButton(ui, "status.previous", ui.tr("status.previous"), ImVec2(b0.x, buttonsY), ImVec2(bw, buttonH),
                      ButtonKind::Secondary, page_ > 0))
            --page_;
        if (bigButton(ui, "status.next", ui.tr("status.next"), ImVec2(b0.x + bw + gap, buttonsY), ImVec2(bw, buttonH),
                      ButtonKind::Secondary, page_ + 1 < pages))
            ++page_;
    }
}

}  // namespace kiosk
