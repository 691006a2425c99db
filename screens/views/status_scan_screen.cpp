#include "screens/views/status_scan_screen.h"

#include <algorithm>

#include "screens/flows/service_flows.h"
#include "screens/layout.h"
#include "screens/views/session_parts.h"
#include "screens/widgets.h"

namespace kiosk {

const char* StatusScanScreen::titleKey(const SessionFlow&) const { return i18nKey("status.scan_title"); }

void StatusScanScreen::draw(UiContext& ui) {
    StatusFlow& flow = ui.flow.services().status;
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    const float s = l.scale, gap = 28 * s;

    using State = StatusFlow::State;
    const State state = flow.state();
    // The bottom row: what can be done from here. Retry is the way forward
    // when the centre did not answer; scanning again and the demo's own
    // camera are secondary.
    const bool retry = state == State::Offline || state == State::Failed;
    const bool again = state == State::Refused || state == State::NotFound || state == State::Queued || retry;
    const bool demo = ui.flow.demo() && state != State::Checking;
    const ActionRow buttons = actionRow(l, {.primary = retry,
                                            .secondary = (again ? 1 : 0) + (demo ? 1 : 0),
                                            .secondaryMaxW = 560 * s,
                                            .primaryMinW = 560 * s});
    Rect area = buttons.content;
    auto say = [&](const char* key, NoticeKind kind) {
        area.takeTop(notice(ui, ui.tr(key), area.min, area.width(), kind), gap);
    };
    auto text = [&](ImFont* font, const char* key, ImU32 colour) {
        area.takeTop(wrappedText(font, ui.tr(key), area.min, area.width(), colour), gap);
    };

    switch (state) {
        case State::Checking:
            say("status.checking", NoticeKind::Info);
            break;
        case State::Refused:
            say(flow.refusalKey() ? flow.refusalKey() : "codes.unknown", NoticeKind::Warning);
            break;
        case State::NotFound:
            say("status.not_found", NoticeKind::Warning);
            break;
        case State::Queued:
            say("status.slip.queued", NoticeKind::Info);
            break;
        case State::Offline:
            say(flow.verifiedLocally() ? "status.offline_verified" : "status.offline", NoticeKind::Warning);
            break;
        case State::Failed:
            say("status.failed", NoticeKind::Warning);
            break;
        default:
            // Waiting: what to do, large, with the way to the camera.
            text(t.fonts.button, "status.scan_hint", t.text.u32());
            text(t.fonts.body, "status.scan_where", t.textMuted.u32());
            break;
    }
    if (flow.demoScanMessageKey()) say(flow.demoScanMessageKey(), NoticeKind::Info);

    size_t next = 0;
    if (retry && bigButton(ui, "status.retry", ui.tr("status.retry"), buttons.primary.min, buttons.primary.size()))
        flow.retry();
    if (again) {
        const Rect& r = buttons.secondary[next++];
        if (bigButton(ui, "status.scan_again", ui.tr("status.scan_again"), r.min, r.size(), ButtonKind::Secondary))
            flow.scanAgain();
    }
    if (demo) {
        // Demo only: the last printed receipt goes through the camera path.
        const Rect& r = buttons.secondary[next++];
        if (bigButton(ui, "status.demo_scan", ui.tr("status.demo_scan"), r.min, r.size(), ButtonKind::Secondary))
            flow.requestDemoScan();
    }
}

}  // namespace kiosk
