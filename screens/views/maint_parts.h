#pragma once
// Pieces the maintenance screens share: rows of "label  value", a device
// tile that is its own test button, the row of large buttons at the bottom
// of the body, times in the kiosk's local time. Presentation only.
// UI thread only, between ImGui::NewFrame() and ImGui::Render().
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "screens/screen.h"
#include "screens/widgets.h"

namespace kiosk {

class MaintenanceFlow;
MaintenanceFlow& maintenanceOf(UiContext& ui);

// "label  value" rows, evenly spaced in `size`; the text shrinks to fit a
// short or narrow box rather than overlap. `warn` rows draw their value in
// the warning colour (a problem), the rest in the text colour.
struct InfoRow {
    std::string label;
    std::string value;
    bool warn = false;
};
void infoRows(UiContext& ui, const std::vector<InfoRow>& rows, ImVec2 pos, ImVec2 size);

// A device on the overview: its name, its state and what is configured; the
// whole tile is the button that opens its test. Returns true when tapped.
bool deviceTile(UiContext& ui, const char* targetId, const char* name, const char* state, bool ok,
                const std::string& detail, ImVec2 pos, ImVec2 size);

// Buttons side by side across the bottom of the body (two rows in portrait
// when there are more than three). Each is {target id, label, enabled}.
// Returns the index tapped, or -1. `top` is set to where the row starts.
struct RowButton {
    const char* target;
    const char* label;
    bool enabled = true;
    ButtonKind kind = ButtonKind::Secondary;
};
int bottomButtons(UiContext& ui, const std::vector<RowButton>& buttons, float* top);

// "14:03:27" / "2025-03-01 14:03" in local time, from Unix ms.
std::string localClock(std::int64_t unixMs);
std::string localDateTime(std::int64_t unixMs);
// "1.2 s" / "350 ms".
std::string duration(double ms);

}  // namespace kiosk
