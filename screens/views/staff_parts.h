#pragma once
// Pieces the staff screens share: local timestamps and the list pager.
// UI thread only, between ImGui::NewFrame() and ImGui::Render().
#include <cstdint>
#include <string>

#include "screens/flows/staff_flow.h"
#include "screens/screen.h"

namespace kiosk {

// "11-28 14:35", local time: when an item or a receipt was made.
std::string staffTimestamp(std::int64_t unixMs);
// Previous / next under a staff list at `y`; draws nothing for one page.
void staffPager(UiContext& ui, StaffFlow& staff, float y);

}  // namespace kiosk
