#include "screens/views/assist_review_screen.h"

#include <algorithm>
#include <string>

#include "screens/flows/service_flows.h"
#include "screens/views/assist_widgets.h"
#include "screens/widgets.h"

namespace kiosk {
namespace {

using Field = AssistanceFlow::Field;

std::string yesNo(const UiContext& ui, std::optional<bool> v) {
    return v ? ui.tr(*v ? "assist.yes" : "assist.no") : ui.tr("assist.review.unanswered");
}

std::string maskedPhone(const std::string& phone) {
    if (phone.size() <= 7) return std::string(phone.size(), '*');
    return phone.substr(0, 3) + std::string(phone.size() - 7, '*') + phone.substr(phone.size() - 4);
}

}  // namespace

const char* AssistReviewScreen::titleKey(const SessionFlow&) const { return i18nKey("assist.review.title"); }

void AssistReviewScreen::draw(UiContext& ui) {
    AssistanceFlow& flow = ui.flow.services().assistance;
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    const float s = l.scale, gap = 20 * s;
    const ImVec2 b0 = l.bodyMin(), bs = l.bodySize();
    float bottom = wizardBottom(ui) - gap;

    if (const char* e = flow.submitErrorKey()) {
        const float h = wrappedHeight(t.fonts.body, ui.tr(e), bs.x - 80 * s) + 60 * s;
        notice(ui, ui.tr(e), ImVec2(b0.x, bottom - h), bs.x, NoticeKind::Warning);
        bottom -= h + gap;
    }

    // One tile per part of the application; a tap changes that part.
    struct Section {
        const char* target;
        const char* titleKey;
        ScreenId step;
        std::string summary;
    };
    std::vector<Section> sections;
    sections.push_back({"assist.review.change.type", i18nKey("assist.step.type"), ScreenId::AssistType,
                        flow.type() ? ui.tr(assistanceTypeKey(*flow.type())) : ui.tr("assist.review.unanswered")});
    {
        std::string text = Strings::format(ui.tr("assist.review.members"), {{"count", std::to_string(flow.household().size())}});
        for (const HouseholdMember& m : flow.household())
            text += "\n" + std::string(ui.tr(relationKey(m.relation))) + " " + maskedNumber(m.idNumber.reveal());
        sections.push_back({"assist.review.change.household", i18nKey("assist.step.household"), ScreenId::AssistHousehold, text});
    }
    {
        std::string income = flow.text(Field::Income).reveal();
        std::string text = Strings::format(ui.tr("assist.review.income"), {{"amount", income}}) + "\n" +
                           Strings::format(ui.tr("assist.review.phone"), {{"phone", maskedPhone(flow.text(Field::Phone).reveal())}});
        secureWipe(income);
        sections.push_back({"assist.review.change.income", i18nKey("assist.step.income"), ScreenId::AssistIncome, text});
        // Housing and cars share a line: three lines do not fit a tile in large text.
        std::string assets = Strings::format(ui.tr("assist.review.housing"), {{"answer", yesNo(ui, flow.housingBeyondOneHome())}}) +
                             "  " +
                             Strings::format(ui.tr("assist.review.vehicles"),
                                             {{"answer", flow.hasVehicles().value_or(false) ? std::to_string(flow.vehicles())
                                                                                            : yesNo(ui, flow.hasVehicles())}}) +
                             "\n" +
                             Strings::format(ui.tr("assist.review.deposits"),
                                             {{"answer", flow.depositsAboveThreshold().value_or(false)
                                                             ? flow.text(Field::Deposits).reveal() + " " + ui.tr("assist.yuan")
                                                             : yesNo(ui, flow.depositsAboveThreshold())}});
        sections.push_back({"assist.review.change.assets", i18nKey("assist.review.assets"), ScreenId::AssistAssets, assets});
    }
    {
        std::string text;
        for (AssistanceReason r : kAllAssistanceReasons)
            if (flow.reasonChosen(r)) text += (text.empty() ? "" : ui.tr("assist.review.list_separator")) + std::string(ui.tr(reasonKey(r)));
        sections.push_back({"assist.review.change.reason", i18nKey("assist.step.reason"), ScreenId::AssistReason,
                            text.empty() ? ui.tr("assist.review.unanswered") : text});
    }
    {
        std::string text = Strings::format(ui.tr("assist.review.pages"), {{"count", std::to_string(flow.pages().size())}});
        for (const auto& p : flow.pages()) text += "\n" + std::string(ui.tr(documentKindKey(p.attached.kind)));
        sections.push_back({"assist.review.change.documents", i18nKey("assist.step.documents"), ScreenId::AssistDocuments, text});
    }
    // Consent and signature go together: the tile opens the consent first.
    sections.push_back({"assist.review.change.sign", i18nKey("assist.step.sign"), ScreenId::AssistConsent,
                        std::string(ui.tr(flow.consent() == true ? "assist.review.consented" : "assist.review.not_consented")) +
                            "\n" + ui.tr(flow.signature().looksSigned() ? "assist.review.signed" : "assist.review.not_signed")});

    const int cols = l.portrait ? 2 : 3;
    const int rows = static_cast<int>((sections.size() + static_cast<size_t>(cols) - 1) / static_cast<size_t>(cols));
    const float w = (bs.x - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    const float h = (bottom - b0.y - gap * static_cast<float>(rows - 1)) / static_cast<float>(rows);
    const auto missing = flow.firstIncompleteStep();
    for (size_t i = 0; i < sections.size(); ++i) {
        Section& sec = sections[i];
        ImVec2 pos(b0.x + static_cast<float>(i % static_cast<size_t>(cols)) * (w + gap),
                   b0.y + static_cast<float>(i / static_cast<size_t>(cols)) * (h + gap));
        // The summary lines in the body font, clipped to the tile: a long
        // household list shows its first members; the tile opens the rest.
        ImDrawList* dl = ImGui::GetWindowDrawList();
        ImGui::SetCursorScreenPos(pos);
        const bool tapped = ImGui::InvisibleButton(sec.target, ImVec2(w, h));
        ui.targets[sec.target] = TargetRect{pos, ImVec2(pos.x + w, pos.y + h), true};
        const bool held = ImGui::IsItemActive();
        const bool incomplete = missing && (*missing == sec.step || (sec.step == ScreenId::AssistConsent && *missing == ScreenId::AssistSign));
        dl->AddRectFilled(pos, ImVec2(pos.x + w, pos.y + h), (held ? t.secondaryPressed : t.surface).u32(), t.rounding);
        dl->AddRect(pos, ImVec2(pos.x + w, pos.y + h), (incomplete ? t.warning : t.primary).u32(), t.rounding, 0, 3 * s);
        const float pad = 20 * s;
        fittedText(t.fonts.button, ui.tr(sec.titleKey), ImVec2(pos.x + pad, pos.y + pad), w - 2 * pad, t.primary.u32());
        const char* change = ui.tr("assist.review.change");
        ImVec2 cs = t.fonts.body->CalcTextSizeA(t.fonts.body->FontSize, FLT_MAX, 0, change);
        dl->AddText(t.fonts.body, t.fonts.body->FontSize, ImVec2(pos.x + w - pad - cs.x, pos.y + h - pad - cs.y),
                    t.primary.u32(), change);
        dl->PushClipRect(ImVec2(pos.x, pos.y), ImVec2(pos.x + w, pos.y + h - pad - cs.y), true);
        wrappedText(t.fonts.body, sec.summary.c_str(), ImVec2(pos.x + pad, pos.y + pad + t.fonts.button->FontSize + 10 * s),
                    w - 2 * pad, (incomplete ? t.warning : t.text).u32());
        dl->PopClipRect();
        secureWipe(sec.summary);
        if (tapped) flow.change(sec.step);
    }

    const bool storing = flow.submitState() == AssistanceFlow::SubmitState::Storing;
    if (wizardNext(ui, "assist.review.submit", ui.tr(storing ? "assist.review.storing" : "assist.review.submit"), !storing))
        flow.submit();
}

}  // namespace kiosk
