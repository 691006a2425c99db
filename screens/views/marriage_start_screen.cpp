#include "screens/views/marriage_start_screen.h"

#include <algorithm>
#include <vector>

#include "screens/flows/service_flows.h"
#include "screens/views/marriage_parts.h"
#include "screens/widgets.h"

namespace kiosk {

const char* MarriageStartScreen::titleKey(const SessionFlow&) const { return i18nKey("service.marriage.title"); }

namespace {

// What became of a request queued on an earlier visit, in a sentence.
std::string earlierText(const UiContext& ui, const MarriageFlow& flow, const MarriageFlow::EarlierRequest& e) {
    const std::string when =
        e.request.choices.empty() ? std::string() : marriageChoiceText(ui, e.request.choices.front());
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
    // Two large choices and no primary action: the whole body.
    Rect area = l.body();

    if (flow.applicantProblemKey()) {
        area.takeTop(notice(ui, ui.tr(flow.applicantProblemKey()), area.min, area.width(), NoticeKind::Warning), gap);
    } else if (flow.earlierRequests().empty()) {
        area.takeTop(wrappedText(t.fonts.body, ui.tr("service.marriage.intro"), area.min, area.width(), t.text.u32()),
                     gap);
    }
    // Earlier requests: at most two, the newest last; each can be opened.
    const auto& earlier = flow.earlierRequests();
    const size_t firstShown = earlier.size() > 2 ? earlier.size() - 2 : 0;
    const float viewW = std::min(area.width() * 0.3f, 360 * l.textScale());
    for (size_t i = firstShown; i < earlier.size(); ++i) {
        const auto& e = earlier[i];
        const bool good =
            e.state == SubmissionState::Acknowledged && e.booking && e.booking->status == BookingStatus::Confirmed;
        std::string text = earlierText(ui, flow, e);
        const float h = std::max(notice(ui, text.c_str(), area.min, area.width() - viewW - gap,
                                        good ? NoticeKind::Success : NoticeKind::Warning),
                                 l.minTarget);
        const Rect view = area.takeTop(h, gap).takeRight(viewW);
        std::string target = "marriage.earlier." + std::to_string(i);
        if (bigButton(ui, target.c_str(), ui.tr("marriage.earlier.view"), view.min, view.size(), ButtonKind::Secondary))
            flow.viewEarlierRequest(i);
    }

    // Two large choices: side by side in landscape, stacked in portrait;
    // never taller than a tile needs to be.
    const bool side = !l.portrait;
    area = area.takeTop(side ? 520 * s : 2 * 520 * s + gap);
    const std::vector<Rect> tiles = side ? columns(area, 2, gap) : rows(area, 2, gap);
    if (serviceTile(ui, "marriage.new", ui.tr("marriage.new_title"), ui.tr("marriage.new_detail"), tiles[0].min,
                    tiles[0].size(), !flow.applicantProblemKey()) &&
        !flow.applicantProblemKey())
        flow.startBooking();
    if (serviceTile(ui, "marriage.lookup", ui.tr("marriage.lookup_title"), ui.tr("marriage.lookup_detail"),
                    tiles[1].min, tiles[1].size(), true))
        flow.openLookup();
}

}  // namespace kiosk
