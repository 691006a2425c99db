#pragma once
// Pieces the marriage booking screens share: the on-screen keypads (ID
// number, phone, booking number), the entry field, and the texts for dates,
// parties and choices in the UI language. Views only; no state.
#include <string>
#include <vector>

#include "kiosk/core/marriage.h"
#include "screens/flows/marriage_flow.h"
#include "screens/layout.h"
#include "screens/screen.h"
#include "screens/widgets.h"

namespace kiosk {

// The bottom of a marriage screen, on the layout layer: the primary action
// in its one place (Layout::primaryAction) and `secondary` other buttons
// (0-2) left of it in the same row. In portrait, where the primary action
// spans the row alone, the row is shared in equal parts, the primary action
// at the right. `content` is the body above the row.
struct MarriageBottom {
    Rect content;
    Rect primary;
    std::vector<Rect> secondary;
};
MarriageBottom marriageBottom(const Layout& l, int secondary);
// The content of `region` as a box to cut rows off with takeTop: the
// region's content width, open at the bottom (the region scrolls).
Rect marriageScrollColumn(const ScrollRegion& region);

// A keypad screen (partner's ID number, phone, booking number): the field
// with `shown` (personal; the caller wipes it), its message under it, the
// keypad below; "<prefix>.confirm" in the primary action's place and, in
// landscape, "<prefix>.clear" above it. What was tapped this frame:
struct MarriageEntryTaps {
    char key = 0;  // as marriageKeypad
    bool confirm = false, clear = false;
};
struct MarriageEntry {
    const char* prefix;
    const char* placeholder;
    float fieldWidth;  // the widest the field gets, in pixels
    const char* message;
    bool problem;  // the message is an error (warning colour)
    bool withX;
    const char* confirmLabel;
    bool confirmEnabled, clearEnabled;
};
MarriageEntryTaps marriageEntry(UiContext& ui, const MarriageEntry& e, const std::string& shown);

// A 4x3 keypad (1-9, then X or nothing, 0, delete) filling `size` from `pos`.
// Targets "<prefix>.key.<digit>", "<prefix>.key.X", "<prefix>.key.delete".
// Returns the key tapped this frame ('0'-'9', 'X', '<' for delete) or 0.
char marriageKeypad(UiContext& ui, const std::string& prefix, ImVec2 pos, ImVec2 size, bool withX);

// A framed field showing `text` (or the placeholder, muted, when empty),
// centred; returns its height.
float marriageField(UiContext& ui, const std::string& text, const char* placeholder, ImVec2 pos, float width);

// "2026年12月3日 星期四" / "Thu 3 December 2026" from YYYY-MM-DD.
std::string marriageDateText(const UiContext& ui, const std::string& isoDate);
// "2026年12月" / "December 2026".
std::string marriageMonthText(const UiContext& ui, std::chrono::year_month month);
// The date and time of a choice.
std::string marriageChoiceText(const UiContext& ui, const SlotChoice& choice);
// The name (or "name not given") and the masked ID number of a party.
std::string marriagePartyText(const UiContext& ui, const MarriageParty& party);

// An office's name in the UI language ("marriage.office_name.<id>"), falling
// back to the centre's Chinese name for an office this kiosk does not know.
// (The translated names also keep their characters in the font atlas.)
std::string marriageOfficeName(const UiContext& ui, const MarriageFlow& flow, const std::string& officeId);

// A label and its value on one line, the value in the larger font; returns the height used.
float marriageRow(UiContext& ui, const char* label, const std::string& value, ImVec2 pos, float width);

}  // namespace kiosk
