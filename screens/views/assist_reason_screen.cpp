#include "screens/views/assist_reason_screen.h"

#include <algorithm>
#include <string>
#include <vector>

#include "screens/flows/service_flows.h"
#include "screens/layout.h"
#include "screens/views/assist_widgets.h"
#include "screens/widgets.h"

namespace kiosk {

const char* AssistReasonScreen::titleKey(const SessionFlow&) const { return i18nKey("assist.reason.title"); }

void AssistReasonScreen::draw(UiContext& ui) {
    AssistanceFlow& flow = ui.flow.services().assistance;
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    const float s = l.scale, gap = 24 * s;
    Rect area = l.content();
    const char* hint = ui.tr("assist.reason.hint");
    wrappedText(t.fonts.body, hint, area.min, area.width(), t.textMuted.u32());
    area.takeTop(wrappedHeight(t.fonts.body, hint, area.width()), gap);
    // What is wrong, just above Next.
    if (const char* e = flow.reasonError()) {
        const Rect message = area.takeBottom(wrappedHeight(t.fonts.body, ui.tr(e), area.width()), gap);
        wrappedText(t.fonts.body, ui.tr(e), message.min, message.width(), t.warning.u32());
    }
    // The reasons to tick, in rows of three (two in portrait), no taller than they need.
    const int count = static_cast<int>(kAllAssistanceReasons.size()), cols = l.portrait ? 2 : 3;
    const int rowCount = (count + cols - 1) / cols;
    const float cellH =
        std::min((area.height() - gap * static_cast<float>(rowCount - 1)) / static_cast<float>(rowCount), 220 * s);
    const std::vector<Rect> cells = grid(area, count, cols, gap, cellH);
    for (size_t i = 0; i < kAllAssistanceReasons.size(); ++i) {
        const AssistanceReason r = kAllAssistanceReasons[i];
        std::string target = std::string("assist.reason.") + reasonName(r);
        if (choiceButton(ui, target.c_str(), ui.tr(reasonKey(r)), flow.reasonChosen(r), cells[i].min, cells[i].size()))
            flow.toggleReason(r);
    }
    if (wizardNext(ui, "assist.reason.next", ui.tr(flow.changingFromReview() ? "assist.back_to_review" : "assist.next")))
        flow.reasonDone();
}

}  // namespace kiosk
