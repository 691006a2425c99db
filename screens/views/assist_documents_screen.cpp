#include "screens/views/assist_documents_screen.h"

#include <algorithm>
#include <string>

#include "screens/flows/service_flows.h"
#include "screens/layout.h"
#include "screens/views/session_parts.h"
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
    const CaptureProgress& p = flow.scanProgress();
    // Cancel is no way forward: the bottom row at the left, no primary action.
    const ActionRow buttons = actionRow(l, {.primary = false, .secondary = 1, .secondaryMaxW = 520 * s});
    Rect area = buttons.content;
    area.takeTop(notice(ui, ui.tr(p.stage == CaptureStage::Scanning ? "assist.documents.scanning" : "assist.documents.reading"),
                        area.min, area.width(), NoticeKind::Info),
                 gap);
    // A bar that moves, so the resident sees the kiosk is working.
    const Rect bar = area.takeTop(40 * s);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(bar.min, bar.max, t.secondary.u32(), bar.height() / 2);
    const float fill = static_cast<float>(std::clamp(p.fraction, 0.03, 1.0));
    dl->AddRectFilled(bar.min, ImVec2(bar.min.x + bar.width() * fill, bar.max.y), t.primary.u32(), bar.height() / 2);
    const Rect cancel = buttons.secondary[0];
    if (bigButton(ui, "assist.documents.cancel", ui.tr("assist.documents.cancel"), cancel.min, cancel.size(),
                  ButtonKind::Secondary))
        flow.cancelScan();
}

void AssistDocumentsScreen::drawPages(UiContext& ui, AssistanceFlow& flow) {
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    const float s = l.scale, gap = 24 * s;
    // Next is the way on; Scan beside it (above it in portrait).
    const ActionRow buttons = actionRow(l, {.primary = true, .secondary = 1, .secondaryMaxW = 520 * s});
    Rect area = buttons.content;
    auto say = [&](const char* key, NoticeKind kind) {
        area.takeTop(notice(ui, ui.tr(key), area.min, area.width(), kind), gap);
    };
    say(documentsHintKey(flow.type()), NoticeKind::Info);
    if (!flow.canScan()) say("assist.documents.no_scanner", NoticeKind::Warning);
    if (const char* e = flow.scanErrorKey()) say(e, NoticeKind::Warning);
    if (const char* e = flow.documentsError()) say(e, NoticeKind::Warning);

    // The pages kept so far: thumbnails with their kind and a remove button.
    const auto& pages = flow.pages();
    const float removeH = std::max(l.minTarget * 0.6f, 64 * s);
    const float captionH = t.fonts.body->FontSize + 8 * s;
    const float thumbH = std::min(area.height() - captionH - removeH - 2 * gap, 420 * s);
    if (pages.empty()) {
        plainText(t.fonts.button, ui.tr("assist.documents.none"), area.min, t.textMuted.u32());
    } else if (thumbH > 60 * s) {
        // Boxes shaped like the first page (bills are often wider than tall).
        const PageImage& first = pages.front().preview;
        const float aspect = first.height > 0 ? std::clamp(static_cast<float>(first.width) / static_cast<float>(first.height), 0.5f, 2.0f)
                                              : 0.707f;
        const float thumbW = std::max(thumbH * aspect, 180 * s);
        const size_t perPage = std::max<size_t>(1, static_cast<size_t>((area.width() + gap) / (thumbW + gap)));
        const size_t pageCount = (pages.size() + perPage - 1) / perPage;
        page_ = std::min(page_, pageCount - 1);
        Rect strip = area.takeTop(thumbH + captionH + gap / 2 + removeH, gap);
        for (size_t i = page_ * perPage; i < std::min(pages.size(), (page_ + 1) * perPage); ++i) {
            Rect cell = strip.takeLeft(thumbW, gap);
            const Rect thumb = cell.takeTop(thumbH);
            pagePreview(ui, pages[i].preview, thumb.min, thumb.size());
            std::string caption = std::to_string(i + 1) + ". " + ui.tr(documentKindKey(pages[i].attached.kind));
            const Rect cap = cell.takeTop(captionH, gap / 2);
            fittedText(t.fonts.body, caption.c_str(), ImVec2(cap.min.x, cap.min.y + 4 * s), cap.width(), t.text.u32());
            const Rect remove = cell.takeTop(removeH);
            std::string target = "assist.documents.remove." + std::to_string(i);
            if (bigButton(ui, target.c_str(), ui.tr("assist.documents.remove"), remove.min, remove.size(),
                          ButtonKind::Secondary))
                flow.removePage(i);
        }
        // When they do not fit in one row, a button below pages through them.
        if (pageCount > 1) {
            const std::string label = Strings::format(ui.tr("assist.documents.more_pages"),
                                                      {{"page", std::to_string(page_ + 1)}, {"pages", std::to_string(pageCount)}});
            const Rect more = area.takeTop(removeH).takeLeft(std::min(area.width(), 520 * s));
            if (bigButton(ui, "assist.documents.page", label.c_str(), more.min, more.size(), ButtonKind::Secondary))
                page_ = (page_ + 1) % pageCount;
        }
    }

    const Rect scan = buttons.secondary[0], next = buttons.primary;
    if (bigButton(ui, "assist.documents.scan", ui.tr(pages.empty() ? "assist.documents.scan" : "assist.documents.scan_more"),
                  scan.min, scan.size(), ButtonKind::Secondary, flow.canScan()))
        flow.scan();
    if (bigButton(ui, "assist.documents.next", ui.tr(flow.changingFromReview() ? "assist.back_to_review" : "assist.next"),
                  next.min, next.size()))
        flow.documentsDone();
}

void AssistDocumentsScreen::drawReview(UiContext& ui, AssistanceFlow& flow) {
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    const float s = l.scale, gap = 20 * s;
    const AssistanceFlow::Page& page = *flow.pendingPage();
    // Two answers of equal weight side by side (the way on at the right);
    // in portrait the way on across the bottom, the other above it.
    const ActionRow buttons = actionRow(l, {.primary = true, .secondary = 1, .primaryMinW = (l.body().width() - l.gap()) / 2});
    Rect area = buttons.content;

    // The page on the left (landscape) or on top (portrait).
    const Rect preview = l.portrait ? area.takeTop(area.height() * 0.3f, gap) : area.takeLeft(area.width() * 0.3f, 2 * gap);
    pagePreview(ui, page.preview, preview.min, preview.size());
    const Rect other = buttons.secondary[0], ok = buttons.primary;

    if (flow.editingField() >= 0) {
        // Correcting one value: its field and the keypad.
        const ExtractedField& f = page.attached.fields[static_cast<size_t>(flow.editingField())];
        std::string value = flow.text(Field::PageValue).reveal();
        area.takeTop(assistField(ui, "assist.page.value", ui.tr(fieldLabelKey(f.id)), value, "",
                                 flow.fieldError(Field::PageValue) ? ui.tr(flow.fieldError(Field::PageValue)) : nullptr,
                                 true, area.min, area.width(), nullptr),
                     gap);
        secureWipe(value);
        if (char c = assistKeypad(ui, "assist", isIdNumberField(f.id) ? kIdKeys : kAmountKeys, area.min, area.size())) {
            if (c == '<') flow.keypadBackspace();
            else flow.keypadPress(c);
        }
        if (bigButton(ui, "assist.page.edit_cancel", ui.tr("assist.page.edit_cancel"), other.min, other.size(),
                      ButtonKind::Secondary))
            flow.cancelFieldEdit();
        if (bigButton(ui, "assist.page.edit_ok", ui.tr("assist.page.edit_ok"), ok.min, ok.size())) flow.applyFieldEdit();
        return;
    }

    // What was read, for the resident to check against the paper.
    std::string heading = Strings::format(ui.tr("assist.page.read_as"), {{"kind", ui.tr(documentKindKey(page.attached.kind))}});
    const Rect head = area.takeTop(t.fonts.button->FontSize, gap);
    fittedText(t.fonts.button, heading.c_str(), head.min, head.width(), t.text.u32());
    const auto& fields = page.attached.fields;
    if (fields.empty()) wrappedText(t.fonts.body, ui.tr("assist.page.nothing_read"), area.min, area.width(), t.textMuted.u32());
    // Every value read, in a region that scrolls when they do not all fit
    // (large text): none is left out.
    const float rowH = std::max(l.minTarget * 0.6f, 64 * s);
    ScrollRegion list(ui, "##page-fields", area);
    Rect rowsLeft{list.origin(), ImVec2(list.origin().x + list.width(), list.origin().y + 1e6f)};
    const float changeW = std::min(list.width() * 0.28f, 240 * s);
    // One row: the text at the left, its button at the right.
    auto row = [&](const std::string& text, Rgb colour, const std::string& target, const char* label) {
        Rect r = rowsLeft.takeTop(rowH);
        const Rect button = r.takeRight(changeW, gap).takeTop(rowH - 6 * s);
        fittedText(t.fonts.body, text.c_str(), ImVec2(r.min.x, r.min.y + (rowH - t.fonts.body->FontSize) / 2), r.width(),
                   colour.u32());
        return !target.empty() && bigButton(ui, target.c_str(), label, button.min, button.size(), ButtonKind::Secondary);
    };
    for (size_t i = 0; i < fields.size(); ++i) {
        const ExtractedField& f = fields[i];
        const bool doubtful = !f.valid || f.confidence < 70;
        std::string line = std::string(ui.tr(fieldLabelKey(f.id))) + ": " + shownValue(ui, f);
        if (doubtful) line += "  " + std::string(ui.tr("assist.page.check"));
        if (row(line, doubtful ? t.warning : t.text, editableField(f.id) ? "assist.page.change." + std::to_string(i) : "",
                ui.tr("assist.page.change")))
            flow.editField(i);
        secureWipe(line);
        if (f.suggestion) {
            std::string hint = Strings::format(ui.tr("assist.page.suggestion"), {{"number", maskedNumber(f.suggestion->reveal())}});
            if (row(hint, t.warning, "assist.page.accept." + std::to_string(i), ui.tr("assist.page.accept")))
                flow.acceptSuggestion(i);
        }
    }
    list.end(rowsLeft.min.y - list.origin().y);
    if (bigButton(ui, "assist.page.discard", ui.tr("assist.page.discard"), other.min, other.size(), ButtonKind::Secondary))
        flow.discardPage();
    if (bigButton(ui, "assist.page.confirm", ui.tr("assist.page.confirm"), ok.min, ok.size())) flow.confirmPage();
}

}  // namespace kiosk
