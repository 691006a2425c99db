#include "screens/views/id_entry_screen.h"

#include <string>

#include "screens/widgets.h"

namespace kiosk {

const char* IdEntryScreen::titleKey(const SessionFlow&) const { return i18nKey("id_entry.title"); }

void IdEntryScreen::draw(UiContext& ui) {
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    float s = l.scale;
    ImVec2 b0 = l.bodyMin(), bs = l.bodySize();
    ImDrawList* dl = ImGui::GetWindowDrawList();

    // The number as keyed, grouped 6-8-4 like on the card so it is easy to
    // compare with the original.
    const std::string& digits = ui.flow.data().keypadEntry.reveal();
    std::string shown;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i == 6 || i == 14) shown += "  ";
        shown += digits[i];
    }
    float fieldW = std::min(bs.x, 1100 * s), fieldH = 120 * s;
    ImVec2 f0(b0.x + (bs.x - fieldW) / 2, b0.y);
    dl->AddRectFilled(f0, ImVec2(f0.x + fieldW, f0.y + fieldH), t.surface.u32(), t.rounding);
    dl->AddRect(f0, ImVec2(f0.x + fieldW, f0.y + fieldH), t.primary.u32(), t.rounding, 0, 3 * s);
    const char* fieldText = shown.empty() ? ui.tr("id_entry.placeholder") : shown.c_str();
    centredText(t.fonts.title, fieldText, f0.x, f0.x + fieldW, f0.y + (fieldH - t.fonts.title->FontSize) / 2,
                (shown.empty() ? t.textMuted : t.text).u32());

    float y = f0.y + fieldH + 16 * s;
    IdNumberError error = ui.flow.lastEntryError();
    const char* message = error != IdNumberError::None ? ui.tr(idNumberErrorKey(error)) : ui.tr("id_entry.hint");
    centredText(t.fonts.body, message, b0.x, b0.x + bs.x, y, (error != IdNumberError::None ? t.warning : t.textMuted).u32());
    y += t.fonts.body->FontSize + 24 * s;

    // Keypad: 3 columns of digits plus X, delete and clear; confirm beside it
    // in landscape, below it in portrait.
    static constexpr const char* kKeys[12] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "X", "0", "<"};
    float confirmW = l.portrait ? 0 : 380 * s;
    float gap = 18 * s;
    // The keys share the height left (with the confirm row below them in
    // portrait), down to the least touch size: large text never pushes them
    // into the footer.
    const int keyRows = l.portrait ? 5 : 4;
    float avail = bs.y - (y - b0.y);
    float keyH = std::max(l.minTouch, std::min((l.portrait ? 190 : 150) * s, (avail - (keyRows - 1) * gap) / keyRows));
    float keyW = std::min(260 * s, (bs.x - confirmW - 3 * gap) / 3);
    float padW = 3 * keyW + 2 * gap + (confirmW > 0 ? gap + confirmW : 0);
    float x0 = b0.x + (bs.x - padW) / 2;
    for (int i = 0; i < 12; ++i) {
        ImVec2 p(x0 + (i % 3) * (keyW + gap), y + (i / 3) * (keyH + gap));
        std::string target = std::string("id_entry.key.") + (kKeys[i][0] == '<' ? "delete" : kKeys[i]);
        const char* label = kKeys[i][0] == '<' ? ui.tr("id_entry.delete") : kKeys[i];
        if (bigButton(ui, target.c_str(), label, p, ImVec2(keyW, keyH), ButtonKind::Secondary)) {
            if (kKeys[i][0] == '<') ui.flow.keypadBackspace();
            else ui.flow.keypadPress(kKeys[i][0]);
        }
    }
    ImVec2 confirmPos = l.portrait ? ImVec2(x0, y + 4 * (keyH + gap)) : ImVec2(x0 + 3 * (keyW + gap), y);
    ImVec2 confirmSize = l.portrait ? ImVec2(padW, keyH) : ImVec2(confirmW, 3 * keyH + 2 * gap);
    if (bigButton(ui, "id_entry.confirm", ui.tr("id_entry.confirm"), confirmPos, confirmSize, ButtonKind::Primary,
                  !digits.empty()))
        ui.flow.submitKeyedNumber();
    if (!l.portrait &&
        bigButton(ui, "id_entry.clear", ui.tr("id_entry.clear"), ImVec2(confirmPos.x, y + 3 * (keyH + gap)),
                  ImVec2(confirmW, keyH), ButtonKind::Secondary, !digits.empty()))
        ui.flow.keypadClear();
    secureWipe(shown);  // the digits were personal data; leave no copy in freed memory
}

}  // namespace kiosk
