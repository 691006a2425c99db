#include "screens/views/marriage_lookup_screen.h"

#include <algorithm>

#include "screens/flows/service_flows.h"
#include "screens/views/marriage_parts.h"
#include "screens/widgets.h"

namespace kiosk {

const char* MarriageLookupScreen::titleKey(const SessionFlow&) const { return i18nKey("marriage.lookup.title"); }

void MarriageLookupScreen::draw(UiContext& ui) {
    MarriageFlow& flow = ui.flow.services().marriage;
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    const float s = l.scale, gap = 18 * s;
    const ImVec2 b0 = l.bodyMin(), bs = l.bodySize();
    using Lookup = MarriageFlow::Lookup;

    const float fieldW = std::min(bs.x, 900 * s);
    const float fx = b0.x + (bs.x - fieldW) / 2;
    const std::string shown = flow.lookupEntry().empty() ? std::string() : "MB-" + flow.lookupEntry();
    float y = b0.y + marriageField(ui, shown, ui.tr("marriage.lookup.placeholder"), ImVec2(fx, b0.y), fieldW) + 12 * s;
    const char* message = ui.tr("marriage.lookup.hint");
    bool problem = true;
    switch (flow.lookup()) {
        case Lookup::Loading: message = ui.tr("marriage.lookup.loading"); problem = false; break;
        case Lookup::NotFound: message = ui.tr("marriage.lookup.not_found"); break;
        case Lookup::BadCode: message = ui.tr("marriage.lookup.bad_code"); break;
        case Lookup::Offline: message = ui.tr("marriage.lookup.offline"); break;
        default: problem = false; break;
    }
    wrappedText(t.fonts.body, message, ImVec2(fx, y), fieldW, (problem ? t.warning : t.textMuted).u32());
    y += wrappedHeight(t.fonts.body, message, fieldW) + 20 * s;

    const float confirmW = l.portrait ? 0 : 380 * s;
    const float avail = b0.y + bs.y - y - (l.portrait ? l.minTarget + gap : 0);
    const float padH = std::min(avail, 4 * 170 * s);
    const float padW = std::min(3 * 260 * s + 2 * gap, bs.x - (confirmW > 0 ? confirmW + gap : 0));
    const float x0 = b0.x + (bs.x - padW - (confirmW > 0 ? confirmW + gap : 0)) / 2;
    switch (char k = marriageKeypad(ui, "marriage.lookup", ImVec2(x0, y), ImVec2(padW, padH), false)) {
        case 0: break;
        case '<': flow.lookupBackspace(); break;
        default: flow.lookupKey(k); break;
    }
    const ImVec2 confirmPos = l.portrait ? ImVec2(x0, y + padH + gap) : ImVec2(x0 + padW + gap, y);
    const ImVec2 confirmSize = l.portrait ? ImVec2(padW, l.minTarget) : ImVec2(confirmW, padH * 0.72f);
    if (bigButton(ui, "marriage.lookup.confirm", ui.tr("marriage.lookup.confirm"), confirmPos, confirmSize,
                  ButtonKind::Primary, !flow.lookupEntry().empty() && flow.lookup() != Lookup::Loading))
        flow.submitLookup();
    if (!l.portrait && bigButton(ui, "marriage.lookup.clear", ui.tr("id_entry.clear"),
                                 ImVec2(confirmPos.x, y + padH * 0.72f + gap), ImVec2(confirmW, padH * 0.28f - gap),
                                 ButtonKind::Secondary, !flow.lookupEntry().empty()))
        flow.lookupClear();
}

}  // namespace kiosk
