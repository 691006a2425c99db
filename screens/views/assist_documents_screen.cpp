#include "screens/views/assist_documents_screen.h"

#include <algorithm>
#include <string>

#include "screens/flows/service_flows.h"
#include "screens/views/assist_widgets.h"
#include "screens/widgets.h"

namespace kiosk {
namespace {

using Field = AssistanceFlow::Field;

const char* documentsHintKey(std::optional<AssistanceType> type) {
    switch (type.value_or(AssistanceType::Dibao)) {
        case AssistanceType::Dibao: return i18nKey("assist.documents.hint.dibao");
        case AssistanceType::Tekun: return i18nKey("assist.documents.hint.tekun");
        case AssistanceType::Linshi: return i18nKey("assist.documents.hint.linshi");
        case AssistanceType::Yiliao: return i18nKey("assist.documents.hint.yiliao");
    }
    return i18nKey("assist.documents.hint.dibao");
}

bool editableField(FieldId id) {
    return id == FieldId::Total || id == FieldId::SelfPaid || id == FieldId::MonthlyIncome || isIdNumberField(id);
}

// What a value looks like on screen: ID numbers masked, amounts with "yuan".
std::string shownValue(const UiContext& ui, const ExtractedField& f) {
    if (f.value.empty()) return ui.tr("assist.page.not_read");
    if (isIdNumberField(f.id)) return maskedNumber(f.value.reveal());
    if (f.id == FieldId::Total || f.id == FieldId::SelfPaid || f.id == FieldId::MonthlyIncome)
        return f.value.reveal() + " " + ui.tr("assist.yuan");
    return f.value.reveal();
}

}  // namespace

const char* AssistDocumentsScreen::titleKey(const SessionFlow&) const { return i18nKey("assist.documents.title"); }

void AssistDocumentsScreen::draw(UiContext& ui) {
    AssistanceFlow& flow = ui.flow.services().assistance;
    switch (flow.scanState()) {
        case AssistanceFlow::ScanState::Capturing: drawCapturing(ui, flow); return;
        case AssistanceFlow::ScanState::Reviewing:
            if (flow.pendingPage()) {
                drawReview(ui, flow);
                return;
            }
            break;
        default: break;
    }
    drawPages(ui, flow);
}

void AssistDocumentsScreen::drawCapturing(UiContext& ui, AssistanceFlow& flow) {
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    const float s = l.scale, gap = 28 * s;
    const ImVec2 b0 = l.bodyMin(), bs = l.bodySize();
    const CaptureProgress& p = flow.scanProgress();
    float y = b0.y;
    y += notice(ui, ui.tr(p.stage == CaptureStage::Scanning ? "assist.documents.scanning" : "assist.documents.reading"),
                ImVec2(b0.x, y), bs.x, NoticeKind::Info) + gap;
    // A bar that moves, so the resident sees the kiosk is working.
    const float barH = 40 * s;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(b0.x, y), ImVec2(b0.x + bs.x, y + barH), t.secondary.u32(), barH / 2);
    const float fill = static_cast<float>(std::clamp(p.fraction, 0.03, 1.0));
    dl->AddRectFilled(ImVec2(b0.x, y), ImVec2(b0.x + bs.x * fill, y + barH), t.primary.u32(), barH / 2);
    const float w = std::min(bs.x, 520 * s);
    if (bigButton(ui, "assist.documents.cancel", ui.tr("assist.documents.cancel"), ImVec2(b0.x, wizardBottom(ui)),
                  ImVec2(w, l.minTarget), ButtonKind::Secondary))
        flow.cancelScan();
}

void AssistDocumentsScreen::drawPages(UiContext& ui, AssistanceFlow& flow) {
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    const float s = l.scale, gap = 24 * s;
    const ImVec2 b0 = l.bodyMin(), bs = l.bodySize();
    float y = b0.y;
    y += notice(ui, ui.tr(documentsHintKey(flow.type())), ImVec2(b0.x, y), bs.x, NoticeKind::Info) + gap;
    if (!flow.canScan())
        y += notice(ui, ui.tr("assist.documents.no_scanner"), ImVec2(b0.x, y), bs.x, NoticeKind::Warning) + gap;
    if (const char* e = flow.scanErrorKey())
        y += notice(ui, ui.tr(e), ImVec2(b0.x, y), bs.x, NoticeKind::Warning) + gap;
    if (const char* e = flow.documentsError())
        y += notice(ui, ui.tr(e), ImVec2(b0.x, y), bs.x, NoticeKind::Warning) + gap;

    // The pages kept so far: thumbnails with their kind and a remove button.
    const auto& pages = flow.pages();
    const float bottom = wizardBottom(ui) - gap;
    const float removeH = std::max(l.minTarget * 0.6f, 64 * s);
    const float captionH = t.fonts.body->FontSize + 8 * s;
    const float thumbH = std::min(bottom - y - captionH - removeH - 2 * gap, 420 * s);
    if (pages.empty()) {
        plainText(t.fonts.button, ui.tr("assist.documents.none"), ImVec2(b0.x, y), t.textMuted.u32());
    } else if (thumbH > 60 * s) {
        // Boxes shaped like the first page (bills are often wider than tall).
        const PageImage& first = pages.front().preview;
        const float aspect = first.height > 0 ? std::clamp(static_cast<float>(first.width) / static_cast<float>(first.height), 0.5f, 2.0f)
                                              : 0.707f;
        const float thumbW = std::max(thumbH * aspect, 180 * s);
        const size_t perPage = std::max<size_t>(1, static_cast<size_t>((bs.x + gap) / (thumbW + gap)));
        const size_t pageCount = (pages.size() + perPage - 1) / perPage;
        page_ = std::min(page_, pageCount - 1);
        // When they do not fit in one row, the last slot pages through them.
        const bool paging = pageCount > 1;
        for (size_t i = page_ * perPage; i < std::min(pages.size(), (page_ + 1) * perPage); ++i) {
            const float x = b0.x + static_cast<float>(i - page_ * perPage) * (thumbW + gap);
            pagePreview(ui, pages[i].preview, ImVec2(x, y), ImVec2(thumbW, thumbH));
            std::string caption = std::to_string(i + 1) + ". " + ui.tr(documentKindKey(pages[i].attached.kind));
            fittedText(t.fonts.body, caption.c_str(), ImVec2(x, y + thumbH + 4 * s), thumbW, t.text.u32());
            std::string target = "assist.documents.remove." + std::to_string(i);
            if (bigButton(ui, target.c_str(), ui.tr("assist.documents.remove"), ImVec2(x, y + thumbH + captionH + gap / 2),
                          ImVec2(thumbW, removeH), ButtonKind::Secondary))
                flow.removePage(i);
        }
        if (paging) {
            const std::string label = Strings::format(ui.tr("assist.documents.more_pages"),
                                                      {{"page", std::to_string(page_ + 1)}, {"pages", std::to_string(pageCount)}});
            if (bigButton(ui, "assist.documents.page", label.c_str(), ImVec2(b0.x, y + thumbH + captionH + removeH + gap),
                          ImVec2(std::min(bs.x, 520 * s), removeH), ButtonKind::Secondary))
                page_ = (page_ + 1) % pageCount;
        }
    }

    const float w = l.portrait ? (bs.x - gap) / 2 : std::min(bs.x / 2 - gap, 520 * s);
    if (bigButton(ui, "assist.documents.scan", ui.tr(pages.empty() ? "assist.documents.scan" : "assist.documents.scan_more"),
                  ImVec2(b0.x, wizardBottom(ui)), ImVec2(w, l.minTarget), ButtonKind::Secondary, flow.canScan()))
        flow.scan();
    // Next: the primary action, at the right of the bottom row.
    const float nw = l.portrait ? (bs.x - gap) / 2 : std::min(bs.x / 2 - gap, 520 * s);
    if (bigButton(ui, "assist.documents.next", ui.tr(flow.changingFromReview() ? "assist.back_to_review" : "assist.next"),
                  ImVec2(b0.x + bs.x - nw, wizardBottom(ui)), ImVec2(nw, l.minTarget)))
        flow.documentsDone();
}

void AssistDocumentsScreen::drawReview(UiContext& ui, AssistanceFlow& flow) {
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    const float s = l.scale, gap = 20 * s;
    const ImVec2 b0 = l.bodyMin(), bs = l.bodySize();
    const AssistanceFlow::Page& page = *flow.pendingPage();
    const float bottom = wizardBottom(ui) - gap;

    // The page on the left (landscape) or on top (portrait).
    ImVec2 previewSize = l.portrait ? ImVec2(bs.x, (bottom - b0.y) * 0.3f) : ImVec2(bs.x * 0.3f, bottom - b0.y);
    pagePreview(ui, page.preview, b0, previewSize);
    const float x = l.portrait ? b0.x : b0.x + previewSize.x + 2 * gap;
    const float w = l.portrait ? bs.x : bs.x - previewSize.x - 2 * gap;
    float y = l.portrait ? b0.y + previewSize.y + gap : b0.y;

    const float halfW = (bs.x - gap) / 2;
    if (flow.editingField() >= 0) {
        // Correcting one value: its field and the keypad.
        const ExtractedField& f = page.attached.fields[static_cast<size_t>(flow.editingField())];
        std::string value = flow.text(Field::PageValue).reveal();
        y += assistField(ui, "assist.page.value", ui.tr(fieldLabelKey(f.id)), value, "",
                         flow.fieldError(Field::PageValue) ? ui.tr(flow.fieldError(Field::PageValue)) : nullptr, true,
                         ImVec2(x, y), w, nullptr) + gap;
        secureWipe(value);
        if (char c = assistKeypad(ui, "assist", isIdNumberField(f.id) ? kIdKeys : kAmountKeys, ImVec2(x, y),
                                  ImVec2(w, bottom - y))) {
            if (c == '<') flow.keypadBackspace();
            else flow.keypadPress(c);
        }
        if (bigButton(ui, "assist.page.edit_cancel", ui.tr("assist.page.edit_cancel"), ImVec2(b0.x, wizardBottom(ui)),
                      ImVec2(halfW, l.minTarget), ButtonKind::Secondary))
            flow.cancelFieldEdit();
        if (bigButton(ui, "assist.page.edit_ok", ui.tr("assist.page.edit_ok"), ImVec2(b0.x + halfW + gap, wizardBottom(ui)),
                      ImVec2(halfW, l.minTarget)))
            flow.applyFieldEdit();
        return;
    }

    // What was read, for the resident to check against the paper.
    std::string heading = Strings::format(ui.tr("assist.page.read_as"), {{"kind", ui.tr(documentKindKey(page.attached.kind))}});
    fittedText(t.fonts.button, heading.c_str(), ImVec2(x, y), w, t.text.u32());
    y += t.fonts.button->FontSize + gap;
    const auto& fields = page.attached.fields;
    if (fields.empty()) {
        wrappedText(t.fonts.body, ui.tr("assist.page.nothing_read"), ImVec2(x, y), w, t.textMuted.u32());
    }
    // Every value read, in a region that scrolls when they do not all fit
    // (large text): none is left out.
    const float rowH = std::max(l.minTarget * 0.6f, 64 * s);
    ScrollRegion list(ui, "##page-fields", Rect{ImVec2(x, y), ImVec2(x + w, bottom)});
    const float top = list.origin().y;
    y = top;
    const float listW = list.width();
    const float changeW = std::min(listW * 0.28f, 240 * s);
    for (size_t i = 0; i < fields.size(); ++i) {
        const ExtractedField& f = fields[i];
        const bool doubtful = !f.valid || f.confidence < 70;
        std::string line = std::string(ui.tr(fieldLabelKey(f.id))) + ": " + shownValue(ui, f);
        if (doubtful) line += "  " + std::string(ui.tr("assist.page.check"));
        fittedText(t.fonts.body, line.c_str(), ImVec2(x, y + (rowH - t.fonts.body->FontSize) / 2), listW - changeW - gap,
                   (doubtful ? t.warning : t.text).u32());
        secureWipe(line);
        if (editableField(f.id)) {
            std::string target = "assist.page.change." + std::to_string(i);
            if (bigButton(ui, target.c_str(), ui.tr("assist.page.change"), ImVec2(x + listW - changeW, y), ImVec2(changeW, rowH - 6 * s),
                          ButtonKind::Secondary))
                flow.editField(i);
        }
        y += rowH;
        if (f.suggestion) {
            std::string hint = Strings::format(ui.tr("assist.page.suggestion"), {{"number", maskedNumber(f.suggestion->reveal())}});
            fittedText(t.fonts.body, hint.c_str(), ImVec2(x, y + (rowH - t.fonts.body->FontSize) / 2), listW - changeW - gap,
                       t.warning.u32());
            std::string target = "assist.page.accept." + std::to_string(i);
            if (bigButton(ui, target.c_str(), ui.tr("assist.page.accept"), ImVec2(x + listW - changeW, y), ImVec2(changeW, rowH - 6 * s),
                          ButtonKind::Secondary))
                flow.acceptSuggestion(i);
            y += rowH;
        }
    }
    list.end(y - top);
    if (bigButton(ui, "assist.page.discard", ui.tr("assist.page.discard"), ImVec2(b0.x, wizardBottom(ui)),
                  ImVec2(halfW, l.minTarget), ButtonKind::Secondary))
        flow.discardPage();
    if (bigButton(ui, "assist.page.confirm", ui.tr("assist.page.confirm"), ImVec2(b0.x + halfW + gap, wizardBottom(ui)),
                  ImVec2(halfW, l.minTarget)))
        flow.confirmPage();
}

}  // namespace kiosk
