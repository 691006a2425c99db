#include "screens/views/done_screen.h"

#include <algorithm>
#include <array>

#include "screens/layout.h"
#include "screens/views/session_parts.h"
#include "screens/widgets.h"

namespace kiosk {

const char* DoneScreen::titleKey(const SessionFlow&) const { return i18nKey("done.title"); }

void DoneScreen::draw(UiContext& ui) {
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    const float s = l.scale;
    ImDrawList* dl = ImGui::GetWindowDrawList();

    // Finishing is the primary action; another service is the secondary one
    // at its left (above it in portrait). Both taller than the least target:
    // the last tap of a visit should not be a hard one.
    const float bw = std::min((l.bodySize().x - l.gap()) / 2, 640 * s);
    const ActionRow buttons = actionRow(l, {.secondary = 1,
                                            .secondaryMaxW = l.portrait ? 0 : bw,  // portrait: across, like Finish
                                            .height = std::max(l.minTarget, 140 * s),
                                            .primaryMinW = bw});
    Rect area = buttons.content;

    // A calm tick: the visit ended well.
    const float r = 90 * s;
    const Rect tick = area.takeTop(20 * s + 2 * r, 40 * s);
    const ImVec2 c(tick.min.x + tick.width() / 2, tick.max.y - r);
    dl->AddCircleFilled(c, r, t.success.u32(), 64);
    dl->AddPolyline(std::array<ImVec2, 3>{ImVec2(c.x - r * 0.45f, c.y), ImVec2(c.x - r * 0.1f, c.y + r * 0.35f),
                                          ImVec2(c.x + r * 0.5f, c.y - r * 0.35f)}
                        .data(),
                    3, t.onPrimary.u32(), 0, 14 * s);
    const Rect thanks = area.takeTop(t.fonts.title->FontSize, 24 * s);
    centredText(t.fonts.title, ui.tr("done.thanks"), thanks.min.x, thanks.max.x, thanks.min.y, t.text.u32());
    const Rect card = area.takeTop(t.fonts.button->FontSize);
    centredText(t.fonts.button, ui.tr("done.take_card"), card.min.x, card.max.x, card.min.y, t.warning.u32());

    const Rect& more = buttons.secondary[0];
    if (bigButton(ui, "done.more", ui.tr("done.more"), more.min, more.size(), ButtonKind::Secondary)) ui.flow.home();
    if (bigButton(ui, "done.finish", ui.tr("done.finish"), buttons.primary.min, buttons.primary.size()))
        ui.flow.endSession();
}

}  // namespace kiosk
