#include "screens/views/session_parts.h"

#include <algorithm>
#include <string_view>

#include "screens/widgets.h"

namespace kiosk {
namespace {

// The card's parts, computed once for drawing and for measuring. Wide
// screens put the two answers beside the question, narrow ones below it.
struct OfferGeometry {
    float pad, gap, buttonW, buttonH, textW, textH, height;
    bool buttonsBelow;
};

OfferGeometry offerGeometry(const UiContext& ui, float width) {
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    OfferGeometry g{};
    g.pad = 24 * l.scale;
    g.gap = 20 * l.scale;
    g.buttonH = l.minTarget;
    g.buttonW = std::max(l.minTarget * 1.6f, 300 * l.textScale());
    g.buttonsBelow = width - 2 * g.pad - 2 * g.buttonW - 2 * g.gap < width * 0.4f;
    if (g.buttonsBelow) g.buttonW = (width - 2 * g.pad - g.gap) / 2;
    g.textW = g.buttonsBelow ? width - 2 * g.pad : width - 2 * g.pad - 2 * g.buttonW - 2 * g.gap;
    g.textH = wrappedHeight(t.fonts.button, ui.tr("a11y.offer.title"), g.textW) + 8 * l.scale +
              wrappedHeight(t.fonts.body, ui.tr("a11y.offer.detail"), g.textW);
    g.height = 2 * g.pad + (g.buttonsBelow ? g.textH + g.gap + g.buttonH : std::max(g.textH, g.buttonH));
    return g;
}

}  // namespace

ButtonKind printButtonKind(const UiContext& ui) {
    if (ui.flow.printState() == PrintState::Failed) return ButtonKind::Secondary;
    for (const char* key : ui.deviceAlerts)
        if (std::string_view(key).rfind("device.printer", 0) == 0 || std::string_view(key).rfind("printer.", 0) == 0)
            return ButtonKind::Secondary;
    return ButtonKind::Primary;
}

ActionRow actionRow(const Layout& l, const ActionRowSpec& spec) {
    const float gap = l.gap(), h = spec.height > 0 ? spec.height : l.minTarget;
    ActionRow out;
    Rect body = l.body();
    if (!spec.primary && spec.secondary <= 0) {
        out.content = body;
        return out;
    }
    Rect row = body.takeBottom(h, gap);
    if (spec.primary) {
        const float w = std::max(l.primaryAction().width(), spec.primaryMinW);
        out.primary = l.portrait ? row : row.takeRight(w, gap);
        // Portrait: the primary action spans its row; the others go above.
        if (l.portrait && spec.secondary > 0) row = body.takeBottom(h, gap);
    }
    if (spec.secondary > 0) {
        const float n = static_cast<float>(spec.secondary);
        float w = (row.width() - gap * (n - 1)) / n;
        if (spec.secondaryMaxW > 0) w = std::min(w, spec.secondaryMaxW);
        for (int i = 0; i < spec.secondary; ++i) out.secondary.push_back(row.takeLeft(w, gap));
    }
    out.content = body;
    return out;
}

float largeTextOffer(UiContext& ui, ImVec2 pos, float width) {
    if (!ui.flow.largeTextOfferPending()) return 0;
    const Theme& t = ui.theme;
    const OfferGeometry g = offerGeometry(ui, width);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Rect card{pos, ImVec2(pos.x + width, pos.y + g.height)};
    dl->AddRectFilled(card.min, card.max, t.surface.u32(), t.rounding);
    dl->AddRect(card.min, card.max, t.primary.u32(), t.rounding, 0, 3 * ui.layout.scale);
    // The two answers at the right of the question, or in a row below it.
    Rect inner = card.inset(g.pad);
    const ImVec2 answersSize(2 * g.buttonW + g.gap, g.buttonH);
    const Rect answers = g.buttonsBelow ? inner.takeBottom(g.buttonH, g.gap)
                                        : inner.takeRight(answersSize.x, g.gap).centred(answersSize);
    const Rect text = g.buttonsBelow ? inner : inner.centred(ImVec2(inner.width(), g.textH));
    const float titleH =
        wrappedText(t.fonts.button, ui.tr("a11y.offer.title"), text.min, text.width(), t.text.u32(), g.textH);
    wrappedText(t.fonts.body, ui.tr("a11y.offer.detail"), ImVec2(text.min.x, text.min.y + titleH + 8 * ui.layout.scale),
                text.width(), t.textMuted.u32(), g.textH - titleH);
    const std::vector<Rect> buttons = columns(answers, 2, g.gap);
    // One tap either way; the switch at the bottom stays for later.
    if (bigButton(ui, "a11y.offer.accept", ui.tr("a11y.offer.accept"), buttons[0].min, buttons[0].size()))
        ui.flow.answerLargeTextOffer(true);
    if (bigButton(ui, "a11y.offer.decline", ui.tr("a11y.offer.decline"), buttons[1].min, buttons[1].size(),
                  ButtonKind::Secondary))
        ui.flow.answerLargeTextOffer(false);
    return g.height;
}

}  // namespace kiosk
