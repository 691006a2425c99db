#pragma once
// Pieces the staff screens share: local timestamps and the list pager.
// UI thread only, between ImGui::NewFrame() and ImGui::Render().
#include <cstdint>
#include <string>

#include "screens/flows/staff_flow.h"
#include "screens/screen.h"
#include "screens/widgets.h"

namespace kiosk {

// "11-28 14:35", local time: when an item or a receipt was made.
std::string staffTimestamp(std::int64_t unixMs);
// Loading, failed and empty states of a staff list as a notice; true when
// there are rows to draw.
bool staffListReady(UiContext& ui, const StaffFlow& staff, bool empty, const char* failedKey, const char* emptyKey,
                    NoticeKind emptyKind);
// Previous / next under a staff list at `y`; draws nothing for one page.
void staffPager(UiContext& ui, StaffFlow& staff, float y);

}  // namespace kiosk
