#include "screens/views/assist_reason_screen.h"

#include <string>

#include "screens/flows/service_flows.h"
#include "screens/views/assist_widgets.h"
#include "screens/widgets.h"

namespace kiosk {

const char* AssistReasonScreen::titleKey(const SessionFlow&) const { return i18nKey("assist.reason.title"); }

void AssistReasonScreen::draw(UiContext& ui) {
    AssistanceFlow& flow = ui.flow.services().assistance;
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    const float s = l.scale, gap = 24 * s;
    const ImVec2 b0 = l.bodyMin(), bs = l.bodySize();
    float y = b0.y;
    wrappedText(t.fonts.body, ui.tr("assist.reason.hint"), ImVec2(b0.x, y), bs.x, t.textMuted.u32());
    y += wrappedHeight(t.fonts.body, ui.tr("assist.reason.hint"), bs.x) + gap;

    float bottom = wizardBottom(ui) - gap;
    if (const char* e = flow.reasonError()) {
        const float h = wrappedHeight(t.fonts.body, ui.tr(e), bs.x);
        wrappedText(t.fonts.body, ui.tr(e), ImVec2(b0.x, bottom - h), bs.x, t.warning.u32());
        bottom -= h + gap;
    }
    const int cols = l.portrait ? 2 : 3;
    const int rows = static_cast<int>((kAllAssistanceReasons.size() + static_cast<size_t>(cols) - 1) / static_cast<size_t>(cols));
    const float w = (bs.x - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    const float h = std::min((bottom - y - gap * static_cast<float>(rows - 1)) / static_cast<float>(rows), 220 * s);
    for (size_t i = 0; i < kAllAssistanceReasons.size(); ++i) {
        const AssistanceReason r = kAllAssistanceReasons[i];
        std::string target = std::string("assist.reason.") + reasonName(r);
        if (choiceButton(ui, target.c_str(), ui.tr(reasonKey(r)), flow.reasonChosen(r),
                         ImVec2(b0.x + static_cast<float>(i % static_cast<size_t>(cols)) * (w + gap),
                                y + static_cast<float>(i / static_cast<size_t>(cols)) * (h + gap)),
                         ImVec2(w, h)))
            flow.toggleReason(r);
    }
    if (wizardNext(ui, "assist.reason.next", ui.tr(flow.changingFromReview() ? "assist.back_to_review" : "assist.next")))
        flow.reasonDone();
}

}  // namespace kiosk
