#include "screens/views/maint_card_screen.h"

#include "screens/flows/maintenance_flow.h"
#include "screens/views/maint_parts.h"
#include "screens/widgets.h"

namespace kiosk {
namespace {

const char* cardKindKey(CardKind kind) {
    switch (kind) {
        case CardKind::Resident:
            return i18nKey("maint.card.kind.resident");
        case CardKind::HkMacaoTaiwanPermit:
            return i18nKey("maint.card.kind.permit");
        case CardKind::ForeignPermanent2017:
        case CardKind::ForeignPermanent2023:
            return i18nKey("maint.card.kind.foreign");
    }
    return i18nKey("maint.card.kind.resident");
}

}  // namespace

const char* MaintCardScreen::titleKey(const SessionFlow&) const { return i18nKey("maint.card.title"); }

void MaintCardScreen::draw(UiContext& ui) {
    MaintenanceFlow& flow = maintenanceOf(ui);
    const Layout& l = ui.layout;
    const float gap = 28 * l.scale;
    const ImVec2 b0 = l.bodyMin(), bs = l.bodySize();
    float y = b0.y;

    float buttonsTop = b0.y + bs.y;
    if (flow.demo()) {
        if (bottomButtons(ui, {{"maint.card.demo", ui.tr("maint.card.demo"), true, ButtonKind::Primary}},
                          &buttonsTop) == 0)
            flow.useDemoCard();
    }
    y += notice(ui, ui.tr("maint.card.prompt"), ImVec2(b0.x, y), bs.x, NoticeKind::Info) + gap;

    if (const auto& r = flow.cardResult()) {
        y += notice(ui, ui.tr("maint.card.read_ok"), ImVec2(b0.x, y), bs.x, NoticeKind::Success) + gap;
        std::vector<InfoRow> rows = {
            {ui.tr("maint.card.row.kind"), ui.tr(cardKindKey(r->kind))},
            {ui.tr("maint.card.row.number"), r->maskedNumber.reveal()},
            {ui.tr("maint.card.row.time"), localClock(r->readAtMs)},
            {ui.tr("maint.card.row.after"), duration(static_cast<double>(r->afterMs))},
        };
        if (r->expired) rows.push_back({ui.tr("maint.card.row.validity"), ui.tr("maint.card.expired"), true});
        const float rowH = ui.theme.fonts.body->FontSize * 1.6f;
        const float h = std::min(rowH * static_cast<float>(rows.size()), buttonsTop - gap - y);
        infoRows(ui, rows, ImVec2(b0.x, y), ImVec2(l.portrait ? bs.x : bs.x * 0.6f, h));
    } else if (flow.cardErrorKey()) {
        notice(ui, ui.tr(flow.cardErrorKey()), ImVec2(b0.x, y), bs.x, NoticeKind::Warning);
    } else {
        notice(ui, ui.tr("maint.card.waiting"), ImVec2(b0.x, y), bs.x, NoticeKind::Info);
    }
}

}  // namespace kiosk
