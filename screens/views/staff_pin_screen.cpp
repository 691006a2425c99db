#include "screens/views/staff_pin_screen.h"

#include <algorithm>
#include <ctime>
#include <string>

#include "screens/flows/staff_flow.h"
#include "screens/layout.h"
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
    ImDrawList* dl = ImGui::GetWindowDrawList();

    if (staff.cardNumber().empty()) {
        // Still checking the card, or the card was refused: nothing to key in.
        Rect area = l.body();
        const float side = std::max(0.0f, (area.width() - 1100 * s) / 2);
        area.takeLeft(side);
        area.takeRight(side);
        const char* key =
            staff.busy() ? "staff.pin.checking" : (staff.messageKey() ? staff.messageKey() : "staff.pin.checking");
        area.takeTop(notice(ui, ui.tr(key), area.min, area.width(), staff.busy() ? NoticeKind::Info : NoticeKind::Warning),
                     24 * s);
        if (!staff.busy())
            wrappedText(t.fonts.body, ui.tr("staff.pin.card_refused_hint"), area.min, area.width(), t.textMuted.u32(),
                        area.height());
        return;
    }

    // Landscape: the keypad at the left using the body's full height (large
    // text needs it), the number, the PIN and its message in a column at the
    // right above Sign in, which is the primary action at the bottom right.
    // Portrait: one column, the keypad under the PIN, Sign in across the
    // bottom of the body.
    const Rect sign = l.primaryAction();
    Rect column = l.content();
    Rect pad;
    if (!l.portrait) {
        Rect body = l.body();
        const float columnW = std::max(sign.width(), std::min(body.width() * 0.42f, 760 * s));
        column = body.takeRight(columnW, 60 * s);
        column.takeBottom(sign.height(), l.gap());
        pad = body.takeLeft(std::min(body.width(), 3 * 300 * s));
        pad = pad.takeTop(std::min(pad.height(), 4 * 190 * s));
    }
    const std::string number = Strings::format(ui.tr("staff.pin.number"), {{"number", staff.cardNumber()}});
    fittedText(t.fonts.button, number.c_str(), column.takeTop(t.fonts.button->FontSize, 16 * s).min, column.width(),
               t.text.u32());

    // The PIN as stars in a field, never the digits.
    const Rect field = column.takeTop(110 * s, 12 * s);
    dl->AddRectFilled(field.min, field.max, t.surface.u32(), t.rounding);
    dl->AddRect(field.min, field.max, t.primary.u32(), t.rounding, 0, 3 * s);
    std::string dots;
    for (size_t i = 0; i < staff.pinLength(); ++i) dots += i ? " *" : "*";
    const char* fieldText = dots.empty() ? ui.tr("staff.pin.placeholder") : dots.c_str();
    centredText(t.fonts.title, fieldText, field.min.x, field.max.x,
                field.min.y + (field.height() - t.fonts.title->FontSize) / 2, (dots.empty() ? t.textMuted : t.text).u32());

    std::string message;
    if (staff.busy())
        message = ui.tr("staff.pin.checking");
    else if (const char* key = staff.messageKey()) {
        message = Strings::format(
            ui.tr(key), {{"left", std::to_string(staff.attemptsLeft())}, {"until", localClock(staff.lockedUntilMs())}});
    } else {
        message = ui.tr("staff.pin.hint");
    }
    const ImU32 messageColour = (staff.messageKey() ? t.warning : t.textMuted).u32();
    if (l.portrait) {
        const float h = wrappedText(t.fonts.body, message.c_str(), column.min, column.width(), messageColour);
        column.takeTop(h, 20 * s);
        // Keys a finger's size or more, no taller than they need to be.
        const float keyGap = 14 * s;
        const float keyH = std::max(l.minTouch, std::min(170 * s, (column.height() - 3 * keyGap) / 4));
        pad = column.takeTop(4 * keyH + 3 * keyGap);
    } else {
        wrappedText(t.fonts.body, message.c_str(), column.min, column.width(), messageColour, column.height());
    }

    if (char c = assistKeypad(ui, "staff.pin", kDigitKeys, pad.min, pad.size())) {
        if (c == '<')
            staff.pinBackspace();
        else
            staff.pinPress(c);
    }
    const bool ready = staff.pinLength() >= StaffFlow::kPinMinDigits && !staff.busy();
    if (bigButton(ui, "staff.pin.sign_in", ui.tr("staff.pin.sign_in"), sign.min, sign.size(), ButtonKind::Primary, ready))
        staff.submitPin();
}

}  // namespace kiosk
