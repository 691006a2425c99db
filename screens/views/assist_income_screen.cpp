#include "screens/views/assist_income_screen.h"

#include <algorithm>
#include <optional>
#include <string>

#include "screens/flows/service_flows.h"
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
    const ImVec2 b0 = l.bodyMin(), bs = l.bodySize();
    // The keypad types into one of the two fields; income first.
    if (flow.focus() != Field::Income && flow.focus() != Field::Phone) flow.focusField(Field::Income);
    const float colW = l.portrait ? bs.x : bs.x * 0.5f;
    // The fields (with their messages) come first; the general hint only
    // when it fits beside them, since a message says more. In landscape the
    // column scrolls if even that is too tall.
    const float columnBottom = l.portrait ? wizardBottom(ui) - gap : l.bodyMax().y;
    const float fieldsH = assistFieldHeight(ui, flow.fieldError(Field::Income) != nullptr) +
                          assistFieldHeight(ui, flow.fieldError(Field::Phone) != nullptr) + 2 * gap;
    const float hintH = wrappedHeight(t.fonts.body, ui.tr("assist.income.hint"), colW) + gap;
    std::optional<ScrollRegion> column;
    if (!l.portrait) column.emplace(ui, "##income", Rect{b0, ImVec2(b0.x + colW, columnBottom)});
    const float top = column ? column->origin().y : b0.y;
    float y = top;
    if (l.portrait || fieldsH + hintH <= columnBottom - b0.y) {
        wrappedText(t.fonts.body, ui.tr("assist.income.hint"), ImVec2(b0.x, y), colW, t.textMuted.u32());
        y += hintH;
    }

    auto field = [&](Field f, const char* target, const char* labelKey, const char* placeholderKey, bool mask) {
        std::string value = flow.text(f).reveal();
        // The phone number is personal: shown whole only while it is keyed in.
        if (mask && flow.focus() != f && value.size() > 7) value = value.substr(0, 3) + std::string(value.size() - 7, '*') + value.substr(value.size() - 4);
        else if (!mask && !value.empty()) value += " " + std::string(ui.tr("assist.yuan"));
        bool tapped = false;
        y += assistField(ui, target, ui.tr(labelKey), value, ui.tr(placeholderKey),
                         flow.fieldError(f) ? ui.tr(flow.fieldError(f)) : nullptr, flow.focus() == f, ImVec2(b0.x, y),
                         column ? column->width() : colW, &tapped) + gap;
        secureWipe(value);
        if (tapped) flow.focusField(f);
    };
    field(Field::Income, "assist.income.income", "assist.income.income", "assist.income.placeholder", false);
    field(Field::Phone, "assist.income.phone", "assist.income.phone", "assist.income.phone_placeholder", true);
    if (column) column->end(y - top - gap);

    const float bottom = wizardBottom(ui) - gap;
    ImVec2 padPos = l.portrait ? ImVec2(b0.x, y) : ImVec2(b0.x + colW + 2 * gap, b0.y);
    ImVec2 padSize = l.portrait ? ImVec2(bs.x, bottom - y) : ImVec2(bs.x - colW - 2 * gap, bottom - b0.y);
    if (char c = assistKeypad(ui, "assist", flow.focus() == Field::Phone ? kDigitKeys : kAmountKeys, padPos, padSize)) {
        if (c == '<') flow.keypadBackspace();
        else flow.keypadPress(c);
    }
    if (wizardNext(ui, "assist.income.next", ui.tr(flow.changingFromReview() ? "assist.back_to_review" : "assist.next")))
        flow.incomeDone();
}

}  // namespace kiosk
