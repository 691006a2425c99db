#pragma once
// Pieces the maintenance screens share: rows of "label  value", a device
// tile that is its own test button, the row of large buttons at the bottom
// of the body, times in the kiosk's local time. Presentation only.
// UI thread only, between ImGui::NewFrame() and ImGui::Render().
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "screens/layout.h"
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
// The same rows, each `rowH` tall, from the top of `area`; in a ScrollRegion
// (`id`, with its scroll cue) when together they are taller than `area`, so
// large text keeps its size. Returns the height they take in `area`.
float infoRowsIn(UiContext& ui, const char* id, const std::vector<InfoRow>& rows, const Rect& area, float rowH);

// A device on the overview: its name, its state and what is configured; the
// whole tile is the button that opens its test. Returns true when tapped.
bool deviceTile(UiContext& ui, const char* targetId, const char* name, const char* state, bool ok,
                const std::string& detail, ImVec2 pos, ImVec2 size);

// Buttons sharing the bottom row of the body equally (two rows in portrait
// when there are more than three); a screen gives its primary action last,
// so it ends at the bottom right, over Layout::primaryAction(). Each is
// {target id, label, enabled, kind}. Returns the index tapped, or -1.
// `rest` (if set) gets the body above the rows, less the gap.
struct RowButton {
    const char* target;
    const char* label;
    bool enabled = true;
    ButtonKind kind = ButtonKind::Secondary;
};
int bottomButtons(UiContext& ui, const std::vector<RowButton>& buttons, Rect* rest);

// "14:03:27" / "2025-03-01 14:03" in local time, from Unix ms.
std::string localClock(std::int64_t unixMs);
std::string localDateTime(std::int64_t unixMs);
// "1.2 s" / "350 ms".
std::string duration(double ms);

}  // namespace kiosk
