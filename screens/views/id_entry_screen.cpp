#include "screens/views/id_entry_screen.h"

#include <algorithm>
#include <string>
#include <vector>

#include "screens/layout.h"
#include "screens/widgets.h"

namespace kiosk {

const char* IdEntryScreen::titleKey(const SessionFlow&) const { return i18nKey("id_entry.title"); }

void IdEntryScreen::draw(UiContext& ui) {
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    const float s = l.scale, gap = 18 * s;
    ImDrawList* dl = ImGui::GetWindowDrawList();

    // Confirm in the primary action's place. Landscape: Clear right above
    // it in the column at the right, the number and keypad in the rest of the
    // body. Portrait: all stacked above Confirm (no Clear: delete is a key).
    const Rect confirm = l.primaryAction();
    Rect area = l.portrait ? l.content() : l.body();
    Rect clear;
    if (!l.portrait) {
        Rect right = area.takeRight(confirm.width(), l.gap());
        right.takeBottom(confirm.height(), l.gap());
        clear = right.takeBottom(l.minTarget);
    }

    // The number as keyed, grouped 6-8-4 like on the card so it is easy to
    // compare with the original.
    const std::string& digits = ui.flow.data().keypadEntry.reveal();
    std::string shown;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i == 6 || i == 14) shown += "  ";
        shown += digits[i];
    }
    const float fieldH = 120 * s;
    const Rect field = area.takeTop(fieldH, 16 * s).centred(ImVec2(std::min(area.width(), 1100 * s), fieldH));
    dl->AddRectFilled(field.min, field.max, t.surface.u32(), t.rounding);
    dl->AddRect(field.min, field.max, t.primary.u32(), t.rounding, 0, 3 * s);
    const char* fieldText = shown.empty() ? ui.tr("id_entry.placeholder") : shown.c_str();
    centredText(t.fonts.title, fieldText, field.min.x, field.max.x, field.min.y + (fieldH - t.fonts.title->FontSize) / 2,
                (shown.empty() ? t.textMuted : t.text).u32());

    IdNumberError error = ui.flow.lastEntryError();
    const char* message = error != IdNumberError::None ? ui.tr(idNumberErrorKey(error)) : ui.tr("id_entry.hint");
    const Rect line = area.takeTop(t.fonts.body->FontSize, 24 * s);
    centredText(t.fonts.body, message, line.min.x, line.max.x, line.min.y,
                (error != IdNumberError::None ? t.warning : t.textMuted).u32());

    // Keypad: 3 columns of digits plus X and delete. The keys share the
    // height left, down to the least touch size: large text never pushes
    // them into the footer.
    static constexpr const char* kKeys[12] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "X", "0", "<"};
    const float keyH = std::max(l.minTouch, std::min((l.portrait ? 190 : 150) * s, (area.height() - 3 * gap) / 4));
    const float keyW = std::min(260 * s, (area.width() - 2 * gap) / 3);
    const Rect pad = area.takeTop(4 * keyH + 3 * gap).centred(ImVec2(3 * keyW + 2 * gap, 4 * keyH + 3 * gap));
    const std::vector<Rect> keys = grid(pad, 12, 3, gap, keyH);
    for (int i = 0; i < 12; ++i) {
        const Rect& key = keys[static_cast<size_t>(i)];
        std::string target = std::string("id_entry.key.") + (kKeys[i][0] == '<' ? "delete" : kKeys[i]);
        const char* label = kKeys[i][0] == '<' ? ui.tr("id_entry.delete") : kKeys[i];
        if (bigButton(ui, target.c_str(), label, key.min, key.size(), ButtonKind::Secondary)) {
            if (kKeys[i][0] == '<') ui.flow.keypadBackspace();
            else ui.flow.keypadPress(kKeys[i][0]);
        }
    }
    if (bigButton(ui, "id_entry.confirm", ui.tr("id_entry.confirm"), confirm.min, confirm.size(), ButtonKind::Primary,
                  !digits.empty()))
        ui.flow.submitKeyedNumber();
    if (!l.portrait &&
        bigButton(ui, "id_entry.clear", ui.tr("id_entry.clear"), clear.min, clear.size(), ButtonKind::Secondary, !digits.empty()))
        ui.flow.keypadClear();
    secureWipe(shown);  // the digits were personal data; leave no copy in freed memory
}

}  // namespace kiosk
