#pragma once
// The signature pad: a framed area where the resident signs with a finger.
// Strokes are captured from ImGui's pointer (press starts a stroke, moving
// while pressed extends it) in the pad's normalised coordinates (0..1 on both
// axes) and drawn back from the model, so what is shown is exactly what
// renderSignaturePng() keeps with the application.
// UI thread only, between ImGui::NewFrame() and ImGui::Render().
#include "kiosk/core/assistance.h"
#include "screens/screen.h"

namespace kiosk {

struct SignatureInput {
    bool began = false;  // a stroke starts at (x, y)
    bool moved = false;  // the current stroke goes on to (x, y)
    float x = 0, y = 0;
};

// The largest pad of kSignatureAspect that fits `avail`, centred horizontally.
ImVec2 signaturePadSize(ImVec2 avail);
// Draws `signature` in the pad at `pos` and returns this frame's pointer
// input over it. The pad is a target ("<targetId>") so tests can find it.
SignatureInput signaturePad(UiContext& ui, const char* targetId, const Signature& signature, ImVec2 pos, ImVec2 size);

}  // namespace kiosk
