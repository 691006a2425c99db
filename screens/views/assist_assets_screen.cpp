#include "screens/views/assist_assets_screen.h"

#include <algorithm>
#include <string>

#include "screens/flows/service_flows.h"
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
    const ImVec2 b0 = l.bodyMin(), bs = l.bodySize();
    const bool depositsShown = flow.depositsAboveThreshold().value_or(false);
    const float colW = l.portrait ? bs.x : (depositsShown ? bs.x * 0.6f : bs.x);
    const float answerW = std::min(colW * 0.22f, 260 * s);
    const float textW = colW - 2 * answerW - 2 * gap - 10 * s;
    const float rowH = l.minTarget;
    float y = b0.y;

    // One question per row: the question, then No and Yes.
    auto question = [&](const char* name, const char* textKey, std::optional<bool> answer, auto&& onAnswer) {
        const char* text = ui.tr(textKey);
        const float th = wrappedHeight(t.fonts.body, text, textW);
        const float h = std::max(rowH, th);
        wrappedText(t.fonts.body, text, ImVec2(b0.x, y + (h - th) / 2), textW, t.text.u32());
        const float bx = b0.x + colW - 2 * answerW - gap;
        std::string no = std::string("assist.assets.") + name + ".no", yes = std::string("assist.assets.") + name + ".yes";
        if (choiceButton(ui, no.c_str(), ui.tr("assist.no"), answer == false, ImVec2(bx, y + (h - rowH) / 2), ImVec2(answerW, rowH)))
            onAnswer(false);
        if (choiceButton(ui, yes.c_str(), ui.tr("assist.yes"), answer == true, ImVec2(bx + answerW + gap, y + (h - rowH) / 2),
                         ImVec2(answerW, rowH)))
            onAnswer(true);
        y += h + gap;
    };
    question("housing", "assist.assets.housing", flow.housingBeyondOneHome(), [&](bool v) { flow.answerHousing(v); });
    question("vehicles", "assist.assets.vehicles", flow.hasVehicles(), [&](bool v) { flow.answerVehicles(v); });
    if (flow.hasVehicles().value_or(false)) {
        // How many: a stepper, easier than a keypad for a small count.
        const float stepH = std::max(l.minTarget * 0.8f, 60 * s), stepW = std::max(stepH, 120 * s);
        std::string count = Strings::format(ui.tr("assist.assets.vehicle_count"), {{"count", std::to_string(flow.vehicles())}});
        // "-", the count, "+" under the answers; moved left (and the count
        // made smaller) when a long count would push "+" off the column.
        const float right = b0.x + colW;
        const float countW = std::min(textWidth(t.fonts.button, count.c_str()), colW - 2 * stepW - 2 * gap);
        const float bx = std::max(b0.x, std::min(b0.x + colW - 2 * answerW - gap, right - 2 * stepW - 2 * gap - countW));
        if (bigButton(ui, "assist.assets.vehicles.fewer", "-", ImVec2(bx, y), ImVec2(stepW, stepH), ButtonKind::Secondary,
                      flow.vehicles() > 1))
            flow.changeVehicles(-1);
        fittedText(t.fonts.button, count.c_str(), ImVec2(bx + stepW + gap, y + (stepH - t.fonts.button->FontSize) / 2), countW,
                   t.text.u32());
        if (bigButton(ui, "assist.assets.vehicles.more", "+", ImVec2(bx + stepW + 2 * gap + countW, y), ImVec2(stepW, stepH),
                      ButtonKind::Secondary, flow.vehicles() < kMaxVehicles))
            flow.changeVehicles(+1);
        y += stepH + gap;
    }
    std::string depositsQuestion = Strings::format(ui.tr("assist.assets.deposits"), {{"amount", formatYuan(kDepositThresholdFen)}});
    {
        // The threshold is part of the question, so the text is formatted first.
        const char* text = depositsQuestion.c_str();
        const float th = wrappedHeight(t.fonts.body, text, textW);
        const float h = std::max(rowH, th);
        wrappedText(t.fonts.body, text, ImVec2(b0.x, y + (h - th) / 2), textW, t.text.u32());
        const float bx = b0.x + colW - 2 * answerW - gap;
        const auto answer = flow.depositsAboveThreshold();
        if (choiceButton(ui, "assist.assets.deposits.no", ui.tr("assist.no"), answer == false, ImVec2(bx, y + (h - rowH) / 2),
                         ImVec2(answerW, rowH)))
            flow.answerDeposits(false);
        if (choiceButton(ui, "assist.assets.deposits.yes", ui.tr("assist.yes"), answer == true,
                         ImVec2(bx + answerW + gap, y + (h - rowH) / 2), ImVec2(answerW, rowH)))
            flow.answerDeposits(true);
        y += h + gap;
    }
    if (const char* e = flow.assetsError()) {
        wrappedText(t.fonts.body, ui.tr(e), ImVec2(b0.x, y), colW, t.warning.u32());
        y += wrappedHeight(t.fonts.body, ui.tr(e), colW) + gap;
    }

    const float bottom = wizardBottom(ui) - gap;
    if (depositsShown) {
        // The amount: its field and the keypad beside the questions
        // (landscape) or below them (portrait).
        const float x = l.portrait ? b0.x : b0.x + colW + 2 * gap;
        const float w = l.portrait ? bs.x : bs.x - colW - 2 * gap;
        float fy = l.portrait ? y : b0.y;
        std::string value = flow.text(Field::Deposits).reveal();
        if (!value.empty()) value += " " + std::string(ui.tr("assist.yuan"));
        bool tapped = false;
        fy += assistField(ui, "assist.assets.deposits_amount", ui.tr("assist.assets.deposits_amount"), value,
                          ui.tr("assist.income.placeholder"),
                          flow.fieldError(Field::Deposits) ? ui.tr(flow.fieldError(Field::Deposits)) : nullptr,
                          flow.focus() == Field::Deposits, ImVec2(x, fy), w, &tapped) + gap;
        secureWipe(value);
        if (tapped) flow.focusField(Field::Deposits);
        if (char c = assistKeypad(ui, "assist", kAmountKeys, ImVec2(x, fy), ImVec2(w, bottom - fy))) {
            flow.focusField(Field::Deposits);
            if (c == '<') flow.keypadBackspace();
            else flow.keypadPress(c);
        }
    }
    if (wizardNext(ui, "assist.assets.next", ui.tr(flow.changingFromReview() ? "assist.back_to_review" : "assist.next")))
        flow.assetsDone();
}

}  // namespace kiosk
