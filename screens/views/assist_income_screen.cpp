#include "screens/views/assist_income_screen.h"

#include <algorithm>
#include <optional>
#include <string>

#include "screens/flows/service_flows.h"
#include "screens/layout.h"
#include "screens/views/assist_widgets.h"
#include "screens/widgets.h"

namespace kiosk {

using Field = AssistanceFlow::Field;

const char* AssistIncomeScreen::titleKey(const SessionFlow&) const { return i18nKey("assist.income.title"); }

void AssistIncomeScreen::draw(UiContext& ui) {
    AssistanceFlow& flow = ui.flow.services().assistance;
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    const float s = l.scale, gap = 24 * s;
    // The keypad types into one of the two fields; income first.
    if (flow.focus() != Field::Income && flow.focus() != Field::Phone) flow.focusField(Field::Income);
    // Portrait: the fields, then the keypad, above Next. Landscape: the
    // fields in the left half down to the bottom of the body (scrolling if
    // even that is too tall), the keypad at the right above Next.
    Rect column = l.content(), pad;
    if (!l.portrait) {
        column = l.body();
        pad = column;
        column = pad.takeLeft(pad.width() * 0.5f, 2 * gap);
        pad.takeBottom(l.primaryAction().height(), l.gap());
    }
    std::optional<ScrollRegion> scroll;
    if (!l.portrait) scroll.emplace(ui, "##income", column);
    Rect fields = scroll ? Rect{scroll->origin(), ImVec2(scroll->origin().x + scroll->width(), scroll->origin().y + 1e6f)}
                         : column;
    // The fields (with their messages) come first; the general hint only
    // when it fits beside them, since a message says more.
    const float fieldsH = assistFieldHeight(ui, flow.fieldError(Field::Income) != nullptr) +
                          assistFieldHeight(ui, flow.fieldError(Field::Phone) != nullptr) + 2 * gap;
    const char* hint = ui.tr("assist.income.hint");
    const float hintH = wrappedHeight(t.fonts.body, hint, fields.width());
    if (l.portrait || fieldsH + hintH + gap <= column.height()) {
        wrappedText(t.fonts.body, hint, fields.min, fields.width(), t.textMuted.u32());
        fields.takeTop(hintH, gap);
    }

    auto field = [&](Field f, const char* target, const char* labelKey, const char* placeholderKey, bool mask) {
        std::string value = flow.text(f).reveal();
        // The phone number is personal: shown whole only while it is keyed in.
        if (mask && flow.focus() != f && value.size() > 7) value = value.substr(0, 3) + std::string(value.size() - 7, '*') + value.substr(value.size() - 4);
        else if (!mask && !value.empty()) value += " " + std::string(ui.tr("assist.yuan"));
        bool tapped = false;
        fields.takeTop(assistField(ui, target, ui.tr(labelKey), value, ui.tr(placeholderKey),
                                   flow.fieldError(f) ? ui.tr(flow.fieldError(f)) : nullptr, flow.focus() == f, fields.min,
                                   fields.width(), &tapped),
                       gap);
        secureWipe(value);
        if (tapped) flow.focusField(f);
    };
    field(Field::Income, "assist.income.income", "assist.income.income", "assist.income.placeholder", false);
    field(Field::Phone, "assist.income.phone", "assist.income.phone", "assist.income.phone_placeholder", true);
    if (scroll) scroll->end(fields.min.y - gap - scroll->origin().y);
    else pad = fields;

    if (char c = assistKeypad(ui, "assist", flow.focus() == Field::Phone ? kDigitKeys : kAmountKeys, pad.min, pad.size())) {
        if (c == '<') flow.keypadBackspace();
        else flow.keypadPress(c);
    }
    if (wizardNext(ui, "assist.income.next", ui.tr(flow.changingFromReview() ? "assist.back_to_review" : "assist.next")))
        flow.incomeDone();
}

}  // namespace kiosk
