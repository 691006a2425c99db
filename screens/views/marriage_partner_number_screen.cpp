#include "screens/views/marriage_partner_number_screen.h"

#include <algorithm>

#include "screens/flows/service_flows.h"
#include "screens/views/marriage_parts.h"
#include "screens/widgets.h"

namespace kiosk {

const char* MarriagePartnerNumberScreen::titleKey(const SessionFlow&) const {
    return i18nKey("marriage.partner_number.title");
}

void MarriagePartnerNumberScreen::draw(UiContext& ui) {
    MarriageFlow& flow = ui.flow.services().marriage;
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    const float s = l.scale, gap = 18 * s;
    const ImVec2 b0 = l.bodyMin(), bs = l.bodySize();

    // Grouped 6-8-4 like on the card, to compare with the original.
    const std::string& digits = flow.partnerEntry().reveal();
    std::string shown;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i == 6 || i == 14) shown += "  ";
        shown += digits[i];
    }
    const float fieldW = std::min(bs.x, 1100 * s);
    const float fx = b0.x + (bs.x - fieldW) / 2;
    float y = b0.y + marriageField(ui, shown, ui.tr("marriage.partner_number.placeholder"), ImVec2(fx, b0.y), fieldW) + 12 * s;
    const char* message = flow.partnerErrorKey() ? ui.tr(flow.partnerErrorKey()) : ui.tr("marriage.partner_number.hint");
    const float mh = wrappedHeight(t.fonts.body, message, fieldW);
    wrappedText(t.fonts.body, message, ImVec2(fx, y), fieldW, (flow.partnerErrorKey() ? t.warning : t.textMuted).u32());
    y += mh + 20 * s;
    secureWipe(shown);

    // Keypad with confirm beside it (landscape) or below it (portrait).
    const float confirmW = l.portrait ? 0 : 380 * s;
    const float avail = b0.y + bs.y - y - (l.portrait ? l.minTarget + gap : 0);
    const float padH = std::min(avail, 4 * 170 * s);
    const float padW = std::min(3 * 260 * s + 2 * gap, bs.x - (confirmW > 0 ? confirmW + gap : 0));
    const float x0 = b0.x + (bs.x - padW - (confirmW > 0 ? confirmW + gap : 0)) / 2;
    switch (char k = marriageKeypad(ui, "marriage.partner_number", ImVec2(x0, y), ImVec2(padW, padH), true)) {
        case 0: break;
        case '<': flow.partnerBackspace(); break;
        default: flow.partnerKey(k); break;
    }
    const ImVec2 confirmPos = l.portrait ? ImVec2(x0, y + padH + gap) : ImVec2(x0 + padW + gap, y);
    const ImVec2 confirmSize = l.portrait ? ImVec2(padW, l.minTarget) : ImVec2(confirmW, padH * 0.72f);
    if (bigButton(ui, "marriage.partner_number.confirm", ui.tr("id_entry.confirm"), confirmPos, confirmSize,
                  ButtonKind::Primary, !digits.empty()))
        flow.submitPartnerNumber();
    if (!l.portrait && bigButton(ui, "marriage.partner_number.clear", ui.tr("id_entry.clear"),
                                 ImVec2(confirmPos.x, y + padH * 0.72f + gap), ImVec2(confirmW, padH * 0.28f - gap),
                                 ButtonKind::Secondary, !digits.empty()))
        flow.partnerClear();
}

}  // namespace kiosk
