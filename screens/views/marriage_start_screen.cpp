#include "screens/views/marriage_start_screen.h"

#include <algorithm>

#include "screens/flows/service_flows.h"
#include "screens/views/marriage_parts.h"
#include "screens/widgets.h"

namespace kiosk {

const char* MarriageStartScreen::titleKey(const SessionFlow&) const { return i18nKey("service.marriage.title"); }

namespace {

// What became of a request queued on an earlier visit, in a sentence.
std::string earlierText(const UiContext& ui, const MarriageFlow& flow, const MarriageFlow::EarlierRequest& e) {
    const std::string when = e.request.choices.empty() ? std::string() : marriageChoiceText(ui, e.request.choices.front());
    const std::string office = marriageOfficeName(ui, flow, e.request.officeId);
    if (e.state == SubmissionState::Rejected)
        return Strings::format(ui.tr("marriage.earlier.refused"), {{"when", when}, {"office", office}});
    if (e.state != SubmissionState::Acknowledged || !e.booking)
        return Strings::format(ui.tr("marriage.earlier.waiting"), {{"when", when}, {"office", office}});
    if (e.booking->status == BookingStatus::Confirmed)
        return Strings::format(ui.tr("marriage.earlier.confirmed"),
                               {{"when", marriageChoiceText(ui, {e.booking->date, e.booking->slot})},
                                {"office", office},
                                {"reference", e.booking->reference}});
    return Strings::format(ui.tr("marriage.earlier.declined"), {{"when", when}, {"office", office}});
}

}  // namespace

void MarriageStartScreen::draw(UiContext& ui) {
    MarriageFlow& flow = ui.flow.services().marriage;
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    const float s = l.scale, gap = 28 * s;
    const ImVec2 b0 = l.bodyMin(), bs = l.bodySize();
    float y = b0.y;

    if (flow.applicantProblemKey()) {
        y += notice(ui, ui.tr(flow.applicantProblemKey()), ImVec2(b0.x, y), bs.x, NoticeKind::Warning) + gap;
    } else if (flow.earlierRequests().empty()) {
        wrappedText(t.fonts.body, ui.tr("service.marriage.intro"), ImVec2(b0.x, y), bs.x, t.text.u32());
        y += wrappedHeight(t.fonts.body, ui.tr("service.marriage.intro"), bs.x) + gap;
    }
    // Earlier requests: at most two, the newest last; each can be opened.
    const auto& earlier = flow.earlierRequests();
    const size_t firstShown = earlier.size() > 2 ? earlier.size() - 2 : 0;
    const float viewW = std::min(bs.x * 0.3f, 360 * l.textScale());
    for (size_t i = firstShown; i < earlier.size(); ++i) {
        const auto& e = earlier[i];
        const bool good = e.state == SubmissionState::Acknowledged && e.booking && e.booking->status == BookingStatus::Confirmed;
        std::string text = earlierText(ui, flow, e);
        float h = notice(ui, text.c_str(), ImVec2(b0.x, y), bs.x - viewW - gap, good ? NoticeKind::Success : NoticeKind::Warning);
        h = std::max(h, l.minTarget);
        std::string target = "marriage.earlier." + std::to_string(i);
        if (bigButton(ui, target.c_str(), ui.tr("marriage.earlier.view"), ImVec2(b0.x + bs.x - viewW, y), ImVec2(viewW, h),
                      ButtonKind::Secondary))
            flow.viewEarlierRequest(i);
        y += h + gap;
    }

    // Two large choices: side by side in landscape, stacked in portrait.
    const float tilesH = b0.y + bs.y - y;
    const bool side = !l.portrait;
    const float tileW = side ? (bs.x - gap) / 2 : bs.x;
    const float tileH = side ? std::min(tilesH, 520 * s) : std::min((tilesH - gap) / 2, 520 * s);
    if (serviceTile(ui, "marriage.new", ui.tr("marriage.new_title"), ui.tr("marriage.new_detail"), ImVec2(b0.x, y),
                    ImVec2(tileW, tileH), !flow.applicantProblemKey()) &&
        !flow.applicantProblemKey())
        flow.startBooking();
    ImVec2 second = side ? ImVec2(b0.x + tileW + gap, y) : ImVec2(b0.x, y + tileH + gap);
    if (serviceTile(ui, "marriage.lookup", ui.tr("marriage.lookup_title"), ui.tr("marriage.lookup_detail"), second,
                    ImVec2(tileW, tileH), true))
        flow.openLookup();
}

}  // namespace kiosk
