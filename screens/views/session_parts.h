#pragma once
// Pieces the resident screens share (the large-text offer of the session's
// own screens, the print button's weight). Views only.
// UI thread only, between ImGui::NewFrame() and ImGui::Render().
#include <vector>

#include "screens/layout.h"
#include "screens/screen.h"
#include "screens/widgets.h"

namespace kiosk {

// The large-text offer made once at the start of a session, as part of the
// page (SessionFlow::largeTextOfferPending): a framed card with the question
// and its two answers ("a11y.offer.accept", "a11y.offer.decline"), which
// answer the flow. Draws nothing and returns 0 when no offer is pending;
// else returns the height used from `pos` across `width`.
float largeTextOffer(UiContext& ui, ImVec2 pos, float width);

// What a print button is: the primary action while the printer works, only
// a secondary one when the last print failed or the printer reports a
// fault (out of paper, offline): a failed action is never the one a screen
// pushes the resident towards.
ButtonKind printButtonKind(const UiContext& ui);

// The buttons at the bottom of a resident screen, cut from Layout::body():
// the primary action in Layout::primaryAction()'s place (bottom right in
// landscape, across the bottom in portrait) and the secondary buttons left
// to right in the rest of that row, or, in portrait where the primary action
// takes the whole row, in a row of their own above it. Secondary buttons are
// at most `secondaryMaxW` wide and share the room equally when that is less.
// `height` 0: Layout::minTarget; `primaryMinW` widens the primary action
// beyond primaryAction()'s width (never past the row). With no button at
// all, content is the whole body. Plain geometry.
struct ActionRow {
    Rect primary;                 // empty without a primary action
    std::vector<Rect> secondary;  // left to right
    Rect content;                 // the body above the buttons, less a gap
};
struct ActionRowSpec {
    bool primary = true;
    int secondary = 0;
    float secondaryMaxW = 0;  // 0: no limit
    float height = 0;
    float primaryMinW = 0;
};
ActionRow actionRow(const Layout& l, const ActionRowSpec& spec);

}  // namespace kiosk
