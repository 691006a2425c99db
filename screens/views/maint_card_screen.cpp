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

    // The demo card is the primary action; the rest stacks down the body.
    Rect area = l.body();
    if (flow.demo()) {
        if (bottomButtons(ui, {{"maint.card.demo", ui.tr("maint.card.demo"), true, ButtonKind::Primary}}, &area) == 0)
            flow.useDemoCard();
    }
    area.takeTop(notice(ui, ui.tr("maint.card.prompt"), area.min, area.width(), NoticeKind::Info), gap);

    if (const auto& r = flow.cardResult()) {
        area.takeTop(notice(ui, ui.tr("maint.card.read_ok"), area.min, area.width(), NoticeKind::Success), gap);
        std::vector<InfoRow> rows = {
            {ui.tr("maint.card.row.kind"), ui.tr(cardKindKey(r->kind))},
            {ui.tr("maint.card.row.number"), r->maskedNumber.reveal()},
            {ui.tr("maint.card.row.time"), localClock(r->readAtMs)},
            {ui.tr("maint.card.row.after"), duration(static_cast<double>(r->afterMs))},
        };
        if (r->expired) rows.push_back({ui.tr("maint.card.row.validity"), ui.tr("maint.card.expired"), true});
        if (!l.portrait) area.takeRight(area.width() * 0.4f);
        infoRowsIn(ui, "##card_rows", rows, area, ui.theme.fonts.body->FontSize * 1.6f);
    } else if (flow.cardErrorKey()) {
        notice(ui, ui.tr(flow.cardErrorKey()), area.min, area.width(), NoticeKind::Warning);
    } else {
        notice(ui, ui.tr("maint.card.waiting"), area.min, area.width(), NoticeKind::Info);
    }
}

}  // namespace kiosk
