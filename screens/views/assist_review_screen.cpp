#include "screens/views/assist_review_screen.h"

#include <algorithm>
#include <string>
#include <vector>

#include "screens/flows/service_flows.h"
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

// A run of one section's lines on one page (a section too long for a page
// continues on the next, its header repeated).
struct Block {
    size_t section, first, end;
};

// A card: the title at the top left with the answers below it, the Change
// button at the top right; as tall as its text, at least as tall as the button.
struct Geometry {
    float pad, gap, buttonH, buttonW, titleH, labelW, valueW;
    float cardHeight(float linesH) const { return 2 * pad + std::max(buttonH, titleH + linesH); }
};

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

    // Every answer, in the order the steps asked for them: cards in columns
    // (two across a landscape screen in standard text), as many whole sections per column as
    // fit, and pages to turn rather than lines cut.
    std::vector<Section> sections = flow.review();
    const size_t cols = l.portrait || l.largeText ? 1 : 2;  // large text needs the width
    const float colW = (bs.x - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
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
    for (size_t i = 0; i < sections.size(); ++i)
        for (const auto& line : sections[i].lines) {
            values[i].push_back(valueText(ui, line));
            lineH[i].push_back(std::max(wrappedHeight(t.fonts.body, ui.tr(line.labelKey), g.labelW),
                                        wrappedHeight(t.fonts.body, values[i].back().c_str(), g.valueW)) +
                               6 * s);
        }

    // The page turner shares the bottom row with Submit in landscape; in
    // portrait (Submit across the width) it takes a row above.
    const float pagerH = l.minTarget;
    const bool pagerInBottomRow = !l.portrait;
    auto paginate = [&](float room) {
        std::vector<std::vector<Block>> pages(1);
        float used = 0;
        for (size_t si = 0; si < sections.size(); ++si) {
            const size_t n = lineH[si].size();
            size_t first = 0;
            do {
                float lines = 0;
                size_t end = first;
                while (end < n && used + g.cardHeight(lines + lineH[si][end]) <= room) lines += lineH[si][end++];
                float rest = 0;
                for (size_t i = first; i < n; ++i) rest += lineH[si][i];
                // A section that would fit whole in a fresh column goes there
                // rather than being split; one that has no line room here too.
                if (end < n && !pages.back().empty() && (end == first || g.cardHeight(rest) <= room)) {
                    pages.emplace_back();
                    used = 0;
                    continue;
                }
                if (end == first && n > 0) lines += lineH[si][end++];  // too tall even alone: one line at least
                pages.back().push_back({si, first, end});
                used += g.cardHeight(lines) + g.gap;
                first = end;
                if (first < n) {
                    pages.emplace_back();
                    used = 0;
                }
            } while (first < lineH[si].size());
        }
        return pages;
    };
    // paginate() fills columns; a page is `cols` of them side by side.
    std::vector<std::vector<Block>> columns = paginate(bottom - b0.y);
    if (columns.size() > cols && !pagerInBottomRow) columns = paginate(bottom - b0.y - pagerH - gap);
    const size_t pageCount = (columns.size() + cols - 1) / cols;
    page_ = std::min(page_, pageCount - 1);

    ImDrawList* dl = ImGui::GetWindowDrawList();
    std::vector<bool> hasButton(sections.size(), false);  // one Change per section and page
    for (size_t c = page_ * cols; c < std::min(columns.size(), (page_ + 1) * cols); ++c) {
        const float x = b0.x + static_cast<float>(c % cols) * (colW + gap);
        float y = b0.y;
        for (const Block& b : columns[c]) {
            const Section& sec = sections[b.section];
            float linesH = 0;
            for (size_t i = b.first; i < b.end; ++i) linesH += lineH[b.section][i];
            const float h = g.cardHeight(linesH);
            const Rgb frame = sec.incomplete ? t.warning : t.border;
            dl->AddRectFilled(ImVec2(x, y), ImVec2(x + colW, y + h), t.surface.u32(), t.rounding);
            dl->AddRect(ImVec2(x, y), ImVec2(x + colW, y + h), frame.u32(), t.rounding, 0,
                        (sec.incomplete ? 4 : 2) * s);
            fittedText(t.fonts.button, ui.tr(sec.titleKey), ImVec2(x + g.pad, y + g.pad),
                       colW - 2 * g.pad - g.buttonW - g.gap, (sec.incomplete ? t.warning : t.primary).u32());
            // Each section's Change (a section continued on the next page has it there too).
            if (!hasButton[b.section] && bigButton(ui, changeTarget(sec.step), ui.tr("assist.review.change"),
                                                   ImVec2(x + colW - g.pad - g.buttonW, y + g.pad),
                                                   ImVec2(g.buttonW, g.buttonH), ButtonKind::Secondary))
                flow.change(sec.step);
            hasButton[b.section] = true;
            float ly = y + g.pad + g.titleH;
            for (size_t i = b.first; i < b.end; ++i) {
                const auto& line = sec.lines[i];
                wrappedText(t.fonts.body, ui.tr(line.labelKey), ImVec2(x + g.pad, ly), g.labelW, t.textMuted.u32(),
                            lineH[b.section][i]);
                wrappedText(t.fonts.body, values[b.section][i].c_str(), ImVec2(x + g.pad + g.labelW + g.gap / 2, ly),
                            g.valueW, (sec.incomplete ? t.warning : t.text).u32(), lineH[b.section][i]);
                ly += lineH[b.section][i];
            }
            y += h + g.gap;
        }
    }
    for (auto& v : values)
        for (std::string& text : v) secureWipe(text);
    for (Section& sec : sections) sec.wipe();

    if (pageCount > 1) {
        // Page turning, with where one is in words.
        const float rowW = pagerInBottomRow ? bs.x - std::min(bs.x, 520 * s) - 2 * gap : bs.x;
        const float pw = std::min(std::max(l.minTarget * 1.6f, 260 * l.textScale()), rowW / 3);
        const float py = pagerInBottomRow ? wizardBottom(ui) : bottom - pagerH;
        if (bigButton(ui, "assist.review.previous", ui.tr("assist.previous"), ImVec2(b0.x, py), ImVec2(pw, pagerH),
                      ButtonKind::Secondary, page_ > 0))
            --page_;
        if (bigButton(ui, "assist.review.next_page", ui.tr("assist.next_page"), ImVec2(b0.x + rowW - pw, py),
                      ImVec2(pw, pagerH), ButtonKind::Secondary, page_ + 1 < pageCount))
            ++page_;
        const std::string where =
            Strings::format(ui.tr("assist.review.page_of"),
                            {{"page", std::to_string(page_ + 1)}, {"pages", std::to_string(pageCount)}});
        centredText(t.fonts.body, where.c_str(), b0.x + pw + gap, b0.x + rowW - pw - gap,
                    py + (pagerH - t.fonts.body->FontSize) / 2, t.textMuted.u32());
    }

    const bool storing = flow.submitState() == AssistanceFlow::SubmitState::Storing;
    if (wizardNext(ui, "assist.review.submit", ui.tr(storing ? "assist.review.storing" : "assist.review.submit"),
                   !storing)) {
        flow.submit();
        // Something missing: turn to the page of the section framed in red.
        if (flow.submitErrorKey())
            if (auto missing = flow.firstIncompleteStep())
                for (size_t c = 0; c < columns.size(); ++c)
                    for (const Block& b : columns[c])
                        if (sections[b.section].step == *missing) page_ = c / cols;
    }
}

}  // namespace kiosk
