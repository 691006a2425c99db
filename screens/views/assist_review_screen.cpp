#include "screens/views/assist_review_screen.h"

#include <algorithm>
#include <string>
#include <vector>

#include "screens/flows/service_flows.h"
#include "screens/layout.h"
#include "screens/views/assist_widgets.h"
#include "screens/widgets.h"

namespace kiosk {
namespace {

using Section = AssistanceFlow::ReviewSection;

// The target of a section's Change button, stable for the UI tests.
const char* changeTarget(ScreenId step) {
    switch (step) {
        case ScreenId::AssistConsent:
            return "assist.review.change.consent";
        case ScreenId::AssistType:
            return "assist.review.change.type";
        case ScreenId::AssistHousehold:
            return "assist.review.change.household";
        case ScreenId::AssistIncome:
            return "assist.review.change.income";
        case ScreenId::AssistAssets:
            return "assist.review.change.assets";
        case ScreenId::AssistReason:
            return "assist.review.change.reason";
        case ScreenId::AssistDocuments:
            return "assist.review.change.documents";
        default:
            return "assist.review.change.sign";
    }
}

// A line's value in the UI language: the keys joined, then the text, then the unit.
std::string valueText(const UiContext& ui, const AssistanceFlow::ReviewLine& line) {
    std::string v;
    for (const char* key : line.valueKeys)
        v += (v.empty() ? "" : ui.tr("assist.review.list_separator")) + std::string(ui.tr(key));
    if (!line.value.empty()) v += (v.empty() ? "" : "  ") + line.value;
    if (line.unitKey) v += std::string(" ") + ui.tr(line.unitKey);
    return v;
}

// A card: the title at the top left with the answers below it, the Change
// button at the top right; as tall as its text, at least as tall as the button.
struct Geometry {
    float pad, gap, buttonH, buttonW, titleH, labelW, valueW;
    float cardHeight(float linesH) const { return 2 * pad + std::max(buttonH, titleH + linesH); }
};

// Where the cards split between two columns: the first `k` sections on the
// left, the rest on the right, with the taller column as short as it gets
// (reading order stays down the left, then down the right).
size_t balancedSplit(const std::vector<float>& heights, float gap) {
    float total = 0;
    for (float h : heights) total += h + gap;
    size_t best = heights.size();
    float bestTaller = total, left = 0;
    for (size_t k = 0; k <= heights.size(); ++k) {
        const float taller = std::max(left, total - left);
        if (taller < bestTaller) bestTaller = taller, best = k;
        if (k < heights.size()) left += heights[k] + gap;
    }
    return best;
}

}  // namespace

const char* AssistReviewScreen::titleKey(const SessionFlow&) const { return i18nKey("assist.review.title"); }

void AssistReviewScreen::draw(UiContext& ui) {
    AssistanceFlow& flow = ui.flow.services().assistance;
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    const float s = l.scale, gap = 20 * s;

    // What is missing, above the answers; the section it names is framed in red.
    Rect area = l.content();
    if (const char* e = flow.submitErrorKey())
        area.takeTop(notice(ui, ui.tr(e), area.min, area.width(), NoticeKind::Warning), gap);

    // Every answer, in the order the steps asked for them: cards in two
    // columns across a landscape screen in standard text, one otherwise; all
    // of them in a region that scrolls when they do not fit, so that no
    // answer and no household member is left out.
    ScrollRegion region(ui, "##review", area);
    std::vector<Section> sections = flow.review();
    const size_t cols = l.portrait || l.largeText ? 1 : 2;  // large text needs the width
    const std::vector<Rect> colRects =
        columns(Rect{region.origin(), ImVec2(region.origin().x + region.width(), region.origin().y)}, static_cast<int>(cols), gap);
    const float colW = colRects[0].width();
    Geometry g{};
    g.pad = 16 * s;
    g.gap = gap;
    g.buttonH = l.minTarget;
    g.buttonW = std::max(l.minTarget * 1.3f, 180 * l.textScale());
    g.titleH = t.fonts.button->FontSize + 8 * s;
    // Labels as wide as the widest needs (within limits), values the rest.
    const float textW = colW - 2 * g.pad - g.buttonW - g.gap;
    float widest = 0;
    for (const auto& sec : sections)
        for (const auto& line : sec.lines) widest = std::max(widest, textWidth(t.fonts.body, ui.tr(line.labelKey)));
    g.labelW = std::clamp(widest + 8 * s, textW * 0.25f, textW * 0.45f);
    g.valueW = textW - g.labelW - g.gap / 2;
    std::vector<std::vector<std::string>> values(sections.size());
    std::vector<std::vector<float>> lineH(sections.size());
    std::vector<float> cardH(sections.size());
    for (size_t i = 0; i < sections.size(); ++i) {
        float linesH = 0;
        for (const auto& line : sections[i].lines) {
            values[i].push_back(valueText(ui, line));
            lineH[i].push_back(std::max(wrappedHeight(t.fonts.body, ui.tr(line.labelKey), g.labelW),
                                        wrappedHeight(t.fonts.body, values[i].back().c_str(), g.valueW)) +
                               6 * s);
            linesH += lineH[i].back();
        }
        cardH[i] = g.cardHeight(linesH);
    }
    const size_t split = cols > 1 ? balancedSplit(cardH, gap) : sections.size();

    ImDrawList* dl = ImGui::GetWindowDrawList();
    float contentH = 0;
    for (size_t c = 0; c < cols; ++c) {
        Rect column{colRects[c].min, ImVec2(colRects[c].max.x, colRects[c].min.y + 1e6f)};
        for (size_t i = c == 0 ? 0 : split; i < (c == 0 ? split : sections.size()); ++i) {
            const Section& sec = sections[i];
            const Rect card = column.takeTop(cardH[i], gap);
            if (scrollTo_ == sec.step) {
                ImGui::SetScrollY(card.min.y - region.origin().y);
                scrollTo_.reset();
            }
            const Rgb frame = sec.incomplete ? t.warning : t.border;
            dl->AddRectFilled(card.min, card.max, t.surface.u32(), t.rounding);
            dl->AddRect(card.min, card.max, frame.u32(), t.rounding, 0, (sec.incomplete ? 4 : 2) * s);
            Rect inner = card.inset(g.pad);
            const Rect change = inner.takeRight(g.buttonW, g.gap).takeTop(g.buttonH);
            if (bigButton(ui, changeTarget(sec.step), ui.tr("assist.review.change"), change.min, change.size(),
                          ButtonKind::Secondary))
                flow.change(sec.step);
            const Rect title = inner.takeTop(g.titleH);
            fittedText(t.fonts.button, ui.tr(sec.titleKey), title.min, title.width(),
                       (sec.incomplete ? t.warning : t.primary).u32());
            for (size_t j = 0; j < sec.lines.size(); ++j) {
                Rect line = inner.takeTop(lineH[i][j]);
                const Rect label = line.takeLeft(g.labelW, g.gap / 2);
                wrappedText(t.fonts.body, ui.tr(sec.lines[j].labelKey), label.min, label.width(), t.textMuted.u32());
                wrappedText(t.fonts.body, values[i][j].c_str(), line.min, line.width(),
                            (sec.incomplete ? t.warning : t.text).u32());
            }
        }
        contentH = std::max(contentH, column.min.y - gap - region.origin().y);
    }
    region.end(contentH);
    for (auto& v : values)
        for (std::string& text : v) secureWipe(text);
    for (Section& sec : sections) sec.wipe();

    const bool storing = flow.submitState() == AssistanceFlow::SubmitState::Storing;
    if (wizardNext(ui, "assist.review.submit", ui.tr(storing ? "assist.review.storing" : "assist.review.submit"),
                   !storing)) {
        flow.submit();
        // Something missing: the section framed in red scrolls into view.
        if (flow.submitErrorKey()) scrollTo_ = flow.firstIncompleteStep();
    }
}

}  // namespace kiosk
