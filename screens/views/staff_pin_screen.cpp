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
        const char* key =
            staff.busy() ? "staff.pin.checking" : (staff.messageKey() ? staff.messageKey() : "staff.pin.checking");
        y += notice(ui, ui.tr(key), ImVec2(x, y), w, staff.busy() ? NoticeKind::Info : NoticeKind::Warning) + 24 * s;
        if (!staff.busy())
            wrappedText(t.fonts.body, ui.tr("staff.pin.card_refused_hint"), ImVec2(x, y), w, t.textMuted.u32());
        return;
    }

    // Landscape: the number, the PIN and Sign in on the left, the keypad
    // using the body's full height on the right (large text needs it).
    // Portrait: one column, Sign in under the keypad.
    const float gap = 18 * s;
    const float columnW = l.portrait ? w : std::min(bs.x * 0.42f, 760 * s);
    const float cx = l.portrait ? x : b0.x;
    const std::string number = Strings::format(ui.tr("staff.pin.number"), {{"number", staff.cardNumber()}});
    fittedText(t.fonts.button, number.c_str(), ImVec2(cx, y), columnW, t.text.u32());
    y += t.fonts.button->FontSize + 16 * s;

    // The PIN as stars in a field, never the digits.
    const float fieldH = 110 * s;
    dl->AddRectFilled(ImVec2(cx, y), ImVec2(cx + columnW, y + fieldH), t.surface.u32(), t.rounding);
    dl->AddRect(ImVec2(cx, y), ImVec2(cx + columnW, y + fieldH), t.primary.u32(), t.rounding, 0, 3 * s);
    std::string dots;
    for (size_t i = 0; i < staff.pinLength(); ++i) dots += i ? " *" : "*";
    const char* fieldText = dots.empty() ? ui.tr("staff.pin.placeholder") : dots.c_str();
    centredText(t.fonts.title, fieldText, cx, cx + columnW, y + (fieldH - t.fonts.title->FontSize) / 2,
                (dots.empty() ? t.textMuted : t.text).u32());
    y += fieldH + 12 * s;

    std::string message;
    if (staff.busy())
        message = ui.tr("staff.pin.checking");
    else if (const char* key = staff.messageKey()) {
        message = Strings::format(
            ui.tr(key), {{"left", std::to_string(staff.attemptsLeft())}, {"until", localClock(staff.lockedUntilMs())}});
    } else {
        message = ui.tr("staff.pin.hint");
    }
    wrappedText(t.fonts.body, message.c_str(), ImVec2(cx, y), columnW,
                (staff.messageKey() ? t.warning : t.textMuted).u32());
    y += wrappedHeight(t.fonts.body, message.c_str(), columnW) + 20 * s;

    const bool ready = staff.pinLength() >= StaffFlow::kPinMinDigits && !staff.busy();
    const float signH = std::max(l.minTarget, 130 * s);
    ImVec2 padPos, padSize, signPos, signSize;
    if (l.portrait) {
        const float keyH = std::max(l.minTarget, std::min(170 * s, (b0.y + bs.y - signH - gap - y - 3 * gap) / 4));
        padSize = ImVec2(w, 4 * keyH + 3 * gap);
        padPos = ImVec2(x, y);
        signPos = ImVec2(x, y + padSize.y + gap);
        signSize = ImVec2(w, signH);
    } else {
        const float padW = std::min(bs.x - columnW - 60 * s, 3 * 300 * s);
        padPos = ImVec2(b0.x + bs.x - padW, b0.y);
        padSize = ImVec2(padW, std::min(bs.y, 4 * 190 * s));
        signPos = ImVec2(cx, std::max(y, b0.y + bs.y - signH));
        signSize = ImVec2(columnW, signH);
    }
    if (char c = assistKeypad(ui, "staff.pin", kDigitKeys, padPos, padSize)) {
        if (c == '<')
            staff.pinBackspace();
        else
            staff.pinPress(c);
    }
    if (bigButton(ui, "staff.pin.sign_in", ui.tr("staff.pin.sign_in"), signPos, signSize, ButtonKind::Primary, ready))
        staff.submitPin();
}

}  // namespace kiosk
