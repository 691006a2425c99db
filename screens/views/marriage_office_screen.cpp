#include "screens/views/marriage_office_screen.h"

#include <algorithm>
#include <chrono>
#include <vector>

#include "kiosk/core/id_card.h"
#include "screens/flows/service_flows.h"
#include "screens/views/marriage_parts.h"
#include "screens/widgets.h"

namespace kiosk {

const char* MarriageOfficeScreen::titleKey(const SessionFlow&) const { return i18nKey("marriage.office.title"); }

void MarriageOfficeScreen::draw(UiContext& ui) {
    MarriageFlow& flow = ui.flow.services().marriage;
    const Layout& l = ui.layout;
    const float s = l.scale, gap = 24 * s;
    // Tapping an office moves on; the bottom row holds the page buttons
    // (or Retry) at its two ends.
    Rect area = l.content();
    Rect row = l.body().takeBottom(l.minTarget);

    switch (flow.officesData()) {
        case MarriageFlow::Data::Idle:
        case MarriageFlow::Data::Loading:
            notice(ui, ui.tr("marriage.office.loading"), area.min, area.width(), NoticeKind::Info);
            return;
        case MarriageFlow::Data::Unavailable: {
            notice(ui, ui.tr("marriage.office.unavailable"), area.min, area.width(), NoticeKind::Warning);
            const Rect retry = row.takeLeft(std::min(row.width(), 600 * s));
            if (bigButton(ui, "marriage.office.retry", ui.tr("balances.retry"), retry.min, retry.size(),
                          ButtonKind::Secondary))
                flow.retryOffices();
            return;
        }
        case MarriageFlow::Data::Cached: {
            std::string asOf = formatLocalDateTime(
                std::chrono::system_clock::time_point(std::chrono::milliseconds(flow.officesAsOfMs())));
            std::string text = Strings::format(ui.tr("marriage.office.cached"), {{"time", asOf}});
            area.takeTop(notice(ui, text.c_str(), area.min, area.width(), NoticeKind::Warning), gap);
            break;
        }
        case MarriageFlow::Data::Online:
            break;
    }

    // Thirteen offices: a page of a few large tiles (fewer in large text).
    const auto& offices = flow.offices();
    const int cols = l.portrait ? 1 : (l.largeText ? 2 : 3);
    const int rows = l.portrait ? (l.largeText ? 3 : 5) : (l.largeText ? 2 : 3);
    const size_t perPage = static_cast<size_t>(cols * rows);
    const size_t pages = (offices.size() + perPage - 1) / perPage;
    page_ = std::min(page_, pages > 0 ? pages - 1 : 0);
    const std::vector<Rect> tiles = grid(area, static_cast<int>(perPage), cols, gap);
    for (size_t i = page_ * perPage; i < std::min(offices.size(), (page_ + 1) * perPage); ++i) {
        const Rect& tile = tiles[i - page_ * perPage];
        std::string target = "marriage.office." + std::to_string(i);
        // The phone number rather than the address: digits need no glyphs the
        // atlas may lack, and it is what a resident wants to note down.
        const std::string name = marriageOfficeName(ui, flow, offices[i].id);
        const std::string detail = Strings::format(ui.tr("marriage.office.phone"), {{"phone", offices[i].phone}});
        if (serviceTile(ui, target.c_str(), name.c_str(), detail.c_str(), tile.min, tile.size(), true))
            flow.chooseOffice(i);
    }
    if (pages > 1) {
        const float bw = std::min((row.width() - gap) / 2, 420 * s);
        const Rect previous = row.takeLeft(bw), next = row.takeRight(bw);
        if (bigButton(ui, "marriage.office.previous", ui.tr("balances.previous"), previous.min, previous.size(),
                      ButtonKind::Secondary, page_ > 0))
            --page_;
        if (bigButton(ui, "marriage.office.next", ui.tr("balances.next"), next.min, next.size(), ButtonKind::Secondary,
                      page_ + 1 < pages))
            ++page_;
    }
}

}  // namespace kiosk
