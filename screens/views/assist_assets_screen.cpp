#include "screens/views/assist_assets_screen.h"

#include <algorithm>
#include <string>
#include <vector>

#include "screens/flows/service_flows.h"
#include "screens/layout.h"
#include "screens/views/assist_widgets.h"
#include "screens/widgets.h"

namespace kiosk {

using Field = AssistanceFlow::Field;

const char* AssistAssetsScreen::titleKey(const SessionFlow&) const { return i18nKey("assist.assets.title"); }

void AssistAssetsScreen::draw(UiContext& ui) {
    AssistanceFlow& flow = ui.flow.services().assistance;
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    const float s = l.scale, gap = 20 * s;
    const bool depositsShown = flow.depositsAboveThreshold().value_or(false);
    // The questions; the amount's field and keypad beside them (landscape)
    // or below them (portrait) once savings above the threshold are said.
    // In landscape the amount's column ends above Next, the questions run
    // down to the bottom of the body beside it.
    Rect column = l.content();
    Rect amount;
    if (depositsShown && !l.portrait) {
        column = l.body();
        amount = column.takeRight(column.width() * 0.4f - 2 * gap, 2 * gap);
        amount.takeBottom(l.primaryAction().height(), l.gap());
    }
    const float colW = column.width();
    const float answerW = std::min(colW * 0.22f, 260 * s);
    const float rowH = l.minTarget;

    // One question per row: the question, then No and Yes at the right.
    auto question = [&](const std::string& name, const char* text, std::optional<bool> answer, auto&& onAnswer) {
        const float textW = colW - 2 * answerW - 2 * gap - 10 * s;
        const float th = wrappedHeight(t.fonts.body, text, textW);
        Rect row = column.takeTop(std::max(rowH, th), gap);
        const std::vector<Rect> answers = columns(row.takeRight(2 * answerW + gap, gap + 10 * s), 2, gap);
        wrappedText(t.fonts.body, text, ImVec2(row.min.x, row.min.y + (row.height() - th) / 2), row.width(), t.text.u32());
        const std::string no = "assist.assets." + name + ".no", yes = "assist.assets." + name + ".yes";
        const Rect n = answers[0].centred(ImVec2(answerW, rowH)), y = answers[1].centred(ImVec2(answerW, rowH));
        if (choiceButton(ui, no.c_str(), ui.tr("assist.no"), answer == false, n.min, n.size())) onAnswer(false);
        if (choiceButton(ui, yes.c_str(), ui.tr("assist.yes"), answer == true, y.min, y.size())) onAnswer(true);
    };
    question("housing", ui.tr("assist.assets.housing"), flow.housingBeyondOneHome(), [&](bool v) { flow.answerHousing(v); });
    question("vehicles", ui.tr("assist.assets.vehicles"), flow.hasVehicles(), [&](bool v) { flow.answerVehicles(v); });
    if (flow.hasVehicles().value_or(false)) {
        // How many: a stepper, easier than a keypad for a small count.
        const float stepH = std::max(l.minTarget * 0.8f, 60 * s), stepW = std::max(stepH, 120 * s);
        std::string count = Strings::format(ui.tr("assist.assets.vehicle_count"), {{"count", std::to_string(flow.vehicles())}});
        // "-", the count, "+" under the answers; moved left (and the count
        // made smaller) when a long count would push "+" off the column.
        const float countW = std::min(textWidth(t.fonts.button, count.c_str()), colW - 2 * stepW - 2 * gap);
        Rect row = column.takeTop(stepH, gap);
        row.takeLeft(std::max(0.0f, std::min(colW - 2 * answerW - gap, colW - 2 * stepW - 2 * gap - countW)));
        const Rect fewer = row.takeLeft(stepW, gap), shown = row.takeLeft(countW, gap), more = row.takeLeft(stepW);
        if (bigButton(ui, "assist.assets.vehicles.fewer", "-", fewer.min, fewer.size(), ButtonKind::Secondary,
                      flow.vehicles() > 1))
            flow.changeVehicles(-1);
        fittedText(t.fonts.button, count.c_str(), ImVec2(shown.min.x, shown.min.y + (stepH - t.fonts.button->FontSize) / 2),
                   shown.width(), t.text.u32());
        if (bigButton(ui, "assist.assets.vehicles.more", "+", more.min, more.size(), ButtonKind::Secondary,
                      flow.vehicles() < kMaxVehicles))
            flow.changeVehicles(+1);
    }
    // The threshold is part of the question, so the text is formatted first.
    const std::string depositsQuestion =
        Strings::format(ui.tr("assist.assets.deposits"), {{"amount", formatYuan(kDepositThresholdFen)}});
    question("deposits", depositsQuestion.c_str(), flow.depositsAboveThreshold(), [&](bool v) { flow.answerDeposits(v); });
    if (const char* e = flow.assetsError()) {
        const float h = wrappedHeight(t.fonts.body, ui.tr(e), colW);
        wrappedText(t.fonts.body, ui.tr(e), column.min, colW, t.warning.u32());
        column.takeTop(h, gap);
    }

    if (depositsShown) {
        if (l.portrait) amount = column;
        std::string value = flow.text(Field::Deposits).reveal();
        if (!value.empty()) value += " " + std::string(ui.tr("assist.yuan"));
        bool tapped = false;
        amount.takeTop(assistField(ui, "assist.assets.deposits_amount", ui.tr("assist.assets.deposits_amount"), value,
                                   ui.tr("assist.income.placeholder"),
                                   flow.fieldError(Field::Deposits) ? ui.tr(flow.fieldError(Field::Deposits)) : nullptr,
                                   flow.focus() == Field::Deposits, amount.min, amount.width(), &tapped),
                       gap);
        secureWipe(value);
        if (tapped) flow.focusField(Field::Deposits);
        if (char c = assistKeypad(ui, "assist", kAmountKeys, amount.min, amount.size())) {
            flow.focusField(Field::Deposits);
            if (c == '<') flow.keypadBackspace();
            else flow.keypadPress(c);
        }
    }
    if (wizardNext(ui, "assist.assets.next", ui.tr(flow.changingFromReview() ? "assist.back_to_review" : "assist.next")))
        flow.assetsDone();
}

}  // namespace kiosk
