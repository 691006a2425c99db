#include "screens/views/status_scan_screen.h"

#include <algorithm>

#include "screens/flows/service_flows.h"
#include "screens/widgets.h"

namespace kiosk {

const char* StatusScanScreen::titleKey(const SessionFlow&) const { return i18nKey("status.scan_title"); }

void StatusScanScreen::draw(UiContext& ui) {
    StatusFlow& flow = ui.flow.services().status;
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    const float s = l.scale;
    const ImVec2 b0 = l.bodyMin(), bs = l.bodySize();
    const float gap = 28 * s, buttonH = l.minTarget;
    const float buttonsY = b0.y + bs.y - buttonH;
    float y = b0.y;

    using State = StatusFlow::State;
    const State state = flow.state();
    switch (state) {
        case State::Checking:
            y += notice(ui, ui.tr("status.checking"), ImVec2(b0.x, y), bs.x, NoticeKind::Info) + gap;
            break;
        case State::Refused:
            y += notice(ui, ui.tr(flow.refusalKey() ? flow.refusalKey() : "codes.unknown"), ImVec2(b0.x, y), bs.x,
                        NoticeKind::Warning) + gap;
            break;
        case State::NotFound:
            y += notice(ui, ui.tr("status.not_found"), ImVec2(b0.x, y), bs.x, NoticeKind::Warning) + gap;
            break;
        case State::Queued:
            y += notice(ui, ui.tr("status.slip.queued"), ImVec2(b0.x, y), bs.x, NoticeKind::Info) + gap;
            break;
        case State::Offline:
            y += notice(ui, ui.tr(flow.verifiedLocally() ? "status.offline_verified" : "status.offline"),
                        ImVec2(b0.x, y), bs.x, NoticeKind::Warning) + gap;
            break;
        case State::Failed:
            y += notice(ui, ui.tr("status.failed"), ImVec2(b0.x, y), bs.x, NoticeKind::Warning) + gap;
            break;
        default: {
            // Waiting: what to do, large, with the way to the camera.
            const char* hint = ui.tr("status.scan_hint");
            wrappedText(t.fonts.button, hint, ImVec2(b0.x, y), bs.x, t.text.u32());
            y += wrappedHeight(t.fonts.button, hint, bs.x) + gap;
            const char* where = ui.tr("status.scan_where");
            wrappedText(t.fonts.body, where, ImVec2(b0.x, y), bs.x, t.textMuted.u32());
            y += wrappedHeight(t.fonts.body, where, bs.x) + gap;
            break;
        }
    }
    if (flow.demoScanMessageKey())
        y += notice(ui, ui.tr(flow.demoScanMessageKey()), ImVec2(b0.x, y), bs.x, NoticeKind::Info) + gap;

    // The bottom row: what can be done from here.
    const float bw = std::min((bs.x - 2 * gap) / 3, 560 * s);
    float x = b0.x;
    if (state == State::Offline || state == State::Failed) {
        if (bigButton(ui, "status.retry", ui.tr("status.retry"), ImVec2(x, buttonsY), ImVec2(bw, buttonH)))
            flow.retry();
        x += bw + gap;
    }
    if (state == State::Refused || state == State::NotFound || state == State::Queued || state == State::Offline ||
        state == State::Failed) {
        if (bigButton(ui, "status.scan_again", ui.tr("status.scan_again"), ImVec2(x, buttonsY), ImVec2(bw, buttonH),
                      ButtonKind::Secondary))
            flow.scanAgain();
        x += bw + gap;
    }
    if (ui.flow.demo() && state != State::Checking) {
        // Demo only: the last printed receipt goes through the camera path.
        if (bigButton(ui, "status.demo_scan", ui.tr("status.demo_scan"), ImVec2(b0.x + bs.x - bw, buttonsY),
                      ImVec2(bw, buttonH), ButtonKind::Secondary))
            flow.requestDemoScan();
    }
}

}  // namespace kiosk
