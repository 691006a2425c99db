#pragma once
// Pieces the staff screens share: local timestamps, the list's area and its
// pager in the body's bottom row.
// UI thread only, between ImGui::NewFrame() and ImGui::Render().
#include <cstdint>
#include <functional>
#include <string>

#include "screens/flows/staff_flow.h"
#include "screens/layout.h"
#include "screens/screen.h"
#include "screens/widgets.h"

namespace kiosk {

// "11-28 14:35", local time: when an item or a receipt was made.
std::string staffTimestamp(std::int64_t unixMs);
// Loading, failed and empty states of a staff list as a notice; true when
// there are rows to draw.
bool staffListReady(UiContext& ui, const StaffFlow& staff, bool empty, const char* failedKey, const char* emptyKey,
                    NoticeKind emptyKind);
// Where a staff list's rows go: the body, less the pager's row when there
// is more than one page.
Rect staffListArea(const UiContext& ui, const StaffFlow& staff);
// The `count` rows of a list page in `area`, top down with `gap` between
// them, row i as tall as `rowHeight(i, width)` says for the width it gets;
// when together they are taller than `area` they go in a ScrollRegion
// (`id`, narrower by its scroll bar) with its scroll cue. `drawRow(i, box)`
// draws row i in its box.
void staffRows(UiContext& ui, const char* id, const Rect& area, size_t count, float gap,
               const std::function<float(size_t, float)>& rowHeight,
               const std::function<void(size_t, const Rect&)>& drawRow);
// Previous / next in the body's bottom row, at the left (these screens have
// no primary action); draws nothing for one page.
void staffPager(UiContext& ui, StaffFlow& staff);

}  // namespace kiosk
