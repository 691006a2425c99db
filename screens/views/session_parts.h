#pragma once
// Pieces the resident screens share (the large-text offer of the session's
// own screens, the print button's weight). Views only.
// UI thread only, between ImGui::NewFrame() and ImGui::Render().
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

}  // namespace kiosk
