#include "screens/views/done_screen.h"

#include "screens/widgets.h"

namespace kiosk {

const char* DoneScreen::titleKey(const SessionFlow&) const { return i18nKey("done.title"); }

void DoneScreen::draw(UiContext& ui) {
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    float s = l.scale;
    ImVec2 b0 = l.bodyMin(), bs = l.bodySize();
    ImDrawList* dl = ImGui::GetWindowDrawList();

    // A calm tick: the visit ended well.
    float r = 90 * s;
    ImVec2 c(b0.x + bs.x / 2, b0.y + r + 20 * s);
    dl->AddCircleFilled(c, r, t.success.u32(), 64);
    dl->AddPolyline(std::array<ImVec2, 3>{ImVec2(c.x - r * 0.45f, c.y), ImVec2(c.x - r * 0.1f, c.y + r * 0.35f),
                                          ImVec2(c.x + r * 0.5f, c.y - r * 0.35f)}.data(),
                    3, t.onPrimary.u32(), 0, 14 * s);
    float y = c.y + r + 40 * s;
    centredText(t.fonts.title, ui.tr("done.thanks"), b0.x, b0.x + bs.x, y, t.text.u32());
    y += t.fonts.title->FontSize + 24 * s;
    centredText(t.fonts.button, ui.tr("done.take_card"), b0.x, b0.x + bs.x, y, t.warning.u32());

    float gap = 40 * s;
    float bh = std::max(l.minTarget, 140 * s);
    float bw = l.portrait ? std::min(bs.x, 800 * s) : std::min((bs.x - gap) / 2, 640 * s);
    float by = b0.y + bs.y - (l.portrait ? 2 * bh + gap : bh);
    float bx = b0.x + (bs.x - (l.portrait ? bw : 2 * bw + gap)) / 2;
    if (bigButton(ui, "done.more", ui.tr("done.more"), ImVec2(bx, by), ImVec2(bw, bh), ButtonKind::Secondary)) ui.flow.home();
    ImVec2 finishPos = l.portrait ? ImVec2(bx, by + bh + gap) : ImVec2(bx + bw + gap, by);
    if (bigButton(ui, "done.finish", ui.tr("done.finish"), finishPos, ImVec2(bw, bh))) ui.flow.endSession();
}

}  // namespace kiosk
