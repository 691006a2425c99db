#include "screens/views/marriage_office_screen.h"

#include <algorithm>
#include <chrono>

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
    const ImVec2 b0 = l.bodyMin(), bs = l.bodySize();
    const float buttonH = l.minTarget, buttonsY = b0.y + bs.y - buttonH;
    float y = b0.y;

    switch (flow.officesData()) {
        case MarriageFlow::Data::Idle:
        case MarriageFlow::Data::Loading:
            notice(ui, ui.tr("marriage.office.loading"), ImVec2(b0.x, y), bs.x, NoticeKind::Info);
            return;
        case MarriageFlow::Data::Unavailable:
            notice(ui, ui.tr("marriage.office.unavailable"), ImVec2(b0.x, y), bs.x, NoticeKind::Warning);
            if (bigButton(ui, "marriage.office.retry", ui.tr("balances.retry"), ImVec2(b0.x, buttonsY),
                          ImVec2(std::min(bs.x, 600 * s), buttonH), ButtonKind::Secondary))
                flow.retryOffices();
            return;
        case MarriageFlow::Data::Cached: {
            std::string asOf = formatLocalDateTime(
                std::chrono::system_clock::time_point(std::chrono::milliseconds(flow.officesAsOfMs())));
            std::string text = Strings::format(ui.tr("marriage.office.cached"), {{"time", asOf}});
            y += notice(ui, text.c_str(), ImVec2(b0.x, y), bs.x, NoticeKind::Warning) + gap;
            break;
        }
        case MarriageFlow::Data::Online: break;
    }

    // Thirteen offices: a page of a few large tiles (fewer in large text).
    const auto& offices = flow.offices();
    const int cols = l.portrait ? 1 : (l.largeText ? 2 : 3);
    const int rows = l.portrait ? (l.largeText ? 3 : 5) : (l.largeText ? 2 : 3);
    const size_t perPage = static_cast<size_t>(cols * rows);
    const size_t pages = (offices.size() + perPage - 1) / perPage;
    page_ = std::min(page_, pages > 0 ? pages - 1 : 0);
    const float tileW = (bs.x - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    const float tileH = (buttonsY - gap - y - gap * static_cast<float>(rows - 1)) / static_cast<float>(rows);
    for (size_t i = page_ * perPage; i < std::min(offices.size(), (page_ + 1) * perPage); ++i) {
        const size_t slot = i - page_ * perPage;
        ImVec2 pos(b0.x + static_cast<float>(slot % cols) * (tileW + gap), y + static_cast<float>(slot / cols) * (tileH + gap));
        std::string target = "marriage.office." + std::to_string(i);
        // The phone number rather than the address: digits need no glyphs the
        // atlas may lack, and it is what a resident wants to note down.
        const std::string name = marriageOfficeName(ui, flow, offices[i].id);
        const std::string detail = Strings::format(ui.tr("marriage.office.phone"), {{"phone", offices[i].phone}});
        if (serviceTile(ui, target.c_str(), name.c_str(), detail.c_str(), pos, ImVec2(tileW, tileH), true))
            flow.chooseOffice(i);
    }
    if (pages > 1) {
        const float bw = std::min((bs.x - gap) / 2, 420 * s);
        if (bigButton(ui, "marriage.office.previous", ui.tr("balances.previous"), ImVec2(b0.x, buttonsY), ImVec2(bw, buttonH),
                      ButtonKind::Secondary, page_ > 0))
            --page_;
        if (bigButton(ui, "marriage.office.next", ui.tr("balances.next"), ImVec2(b0.x + bs.x - bw, buttonsY),
                      ImVec2(bw, buttonH), ButtonKind::Secondary, page_ + 1 < pages))
            ++page_;
    }
}

}  // namespace kiosk
