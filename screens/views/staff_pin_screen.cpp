#include "screens/views/staff_pin_screen.h"

#include <ctime>
#include <string>

#include "screens/flows/staff_flow.h"
#include "screens/views/assist_widgets.h"
#include "screens/widgets.h"

namespace kiosk {
namespace {

// "14:35": the local time a lock ends (staff read it off the screen).
std::string localClock(std::int64_t unixMs) {
    std::time_t t = static_cast<std::time_t>(unixMs / 1000);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[8];
    std::strftime(buf, sizeof buf, "%H:%M", &tm);
    return buf;
}

}  // namespace

const char* StaffPinScreen::titleKey(const SessionFlow&) const { return i18nKey("staff.pin.title"); }

void StaffPinScreen::draw(UiContext& ui) {
    StaffFlow& staff = ui.flow.staff();
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    const float s = l.scale;
    const ImVec2 b0 = l.bodyMin(), bs = l.bodySize();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float w = std::min(bs.x, 1100 * s);
    const float x = b0.x + (bs.x - w) / 2;
    float y = b0.y;

    if (staff.cardNumber().empty()) {
        // Still checking the card, or the card was refused: nothing to key in.
        const char* key = staff.busy() ? "staff.pin.checking" : (staff.messageKey() ? staff.messageKey() : "staff.pin.checking");
        y += notice(ui, ui.tr(key), ImVec2(x, y), w, staff.busy() ? NoticeKind::Info : NoticeKind::Warning) + 24 * s;
        if (!staff.busy())
            wrappedText(t.fonts.body, ui.tr("staff.pin.card_refused_hint"), ImVec2(x, y), w, t.textMuted.u32());
        return;
    }

    const std::string number = Strings::format(ui.tr("staff.pin.number"), {{"number", staff.cardNumber()}});
    centredText(t.fonts.button, number.c_str(), b0.x, b0.x + bs.x, y, t.text.u32());
    y += t.fonts.button->FontSize + 16 * s;

    // The PIN as dots in a field, never the digits.
    const float fieldH = 110 * s;
    dl->AddRectFilled(ImVec2(x, y), ImVec2(x + w, y + fieldH), t.surface.u32(), t.rounding);
    dl->AddRect(ImVec2(x, y), ImVec2(x + w, y + fieldH), t.primary.u32(), t.rounding, 0, 3 * s);
    std::string dots;
    for (size_t i = 0; i < staff.pinLength(); ++i) dots += i ? " *" : "*";
    const char* fieldText = dots.empty() ? ui.tr("staff.pin.placeholder") : dots.c_str();
    centredText(t.fonts.title, fieldText, x, x + w, y + (fieldH - t.fonts.title->FontSize) / 2,
                (dots.empty() ? t.textMuted : t.text).u32());
    y += fieldH + 12 * s;

    std::string message;
    if (staff.busy()) message = ui.tr("staff.pin.checking");
    else if (const char* key = staff.messageKey()) {
        message = Strings::format(ui.tr(key), {{"left", std::to_string(staff.attemptsLeft())},
                                               {"until", localClock(staff.lockedUntilMs())}});
    } else {
        message = ui.tr("staff.pin.hint");
    }
    const float messageH = wrappedHeight(t.fonts.body, message.c_str(), w);
    wrappedText(t.fonts.body, message.c_str(), ImVec2(x, y), w, (staff.messageKey() ? t.warning : t.textMuted).u32());
    y += messageH + 20 * s;

    // Keypad with Sign in beside it (below it in portrait).
    const float gap = 18 * s;
    const float signW = l.portrait ? 0 : 380 * s;
    const float bottom = b0.y + bs.y - (l.portrait ? l.minTarget + gap : 0);
    const float keyH = std::max(l.minTarget, std::min(150 * s, (bottom - y - 3 * gap) / 4));
    const float keyW = std::min(260 * s, (bs.x - signW - 3 * gap) / 3);
    const float padW = 3 * keyW + 2 * gap + (signW > 0 ? gap + signW : 0);
    const float px = b0.x + (bs.x - padW) / 2;
    const ImVec2 padSize(3 * keyW + 2 * gap, 4 * keyH + 3 * gap);
    if (char c = assistKeypad(ui, "staff.pin", kDigitKeys, ImVec2(px, y), padSize)) {
        if (c == '<') staff.pinBackspace();
        else staff.pinPress(c);
    }
    const bool ready = staff.pinLength() >= StaffFlow::kPinMinDigits && !staff.busy();
    const ImVec2 signPos = l.portrait ? ImVec2(px, y + padSize.y + gap) : ImVec2(px + padSize.x + gap, y);
    const ImVec2 signSize = l.portrait ? ImVec2(padW, l.minTarget) : ImVec2(signW, padSize.y);
    if (bigButton(ui, "staff.pin.sign_in", ui.tr("staff.pin.sign_in"), signPos, signSize, ButtonKind::Primary, ready))
        staff.submitPin();
}

}  // namespace kiosk
