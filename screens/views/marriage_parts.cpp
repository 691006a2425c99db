#include "screens/views/marriage_parts.h"

#include <algorithm>
#include <cfloat>

#include "kiosk/core/id_number.h"
#include "screens/widgets.h"

namespace kiosk {

char marriageKeypad(UiContext& ui, const std::string& prefix, ImVec2 pos, ImVec2 size, bool withX) {
    static constexpr const char* kKeys[12] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "X", "0", "<"};
    const float gap = 18 * ui.layout.scale;
    const float keyW = (size.x - 2 * gap) / 3, keyH = (size.y - 3 * gap) / 4;
    char pressed = 0;
    for (int i = 0; i < 12; ++i) {
        const char k = kKeys[i][0];
        if (k == 'X' && !withX) continue;
        ImVec2 p(pos.x + static_cast<float>(i % 3) * (keyW + gap), pos.y + static_cast<float>(i / 3) * (keyH + gap));
        std::string target = prefix + ".key." + (k == '<' ? std::string("delete") : std::string(kKeys[i]));
        const char* label = k == '<' ? ui.tr("id_entry.delete") : kKeys[i];
        if (bigButton(ui, target.c_str(), label, p, ImVec2(keyW, keyH), ButtonKind::Secondary)) pressed = k;
    }
    return pressed;
}

MarriageBottom marriageBottom(const Layout& l, int secondary) {
    MarriageBottom b{l.content(), l.primaryAction(), {}};
    if (secondary <= 0) return b;
    const float gap = l.gap();
    Rect row = l.body().takeBottom(l.minTarget);
    if (l.portrait) {
        // The row is too narrow for the primary action's usual width beside
        // others: all share it equally, the primary action last (at the right).
        const std::vector<Rect> parts = columns(row, secondary + 1, gap);
        b.secondary.assign(parts.begin(), parts.end() - 1);
        b.primary = parts.back();
        return b;
    }
    row.takeRight(b.primary.width(), gap);
    // At most half the rest each, from the left.
    const int n = std::max(secondary, 2);
    const float w = std::min(600 * l.scale, (row.width() - gap * static_cast<float>(n - 1)) / static_cast<float>(n));
    for (int i = 0; i < secondary; ++i) b.secondary.push_back(row.takeLeft(w, gap));
    return b;
}

Rect marriageScrollColumn(const ScrollRegion& region) {
    const ImVec2 o = region.origin();
    return Rect{o, ImVec2(o.x + region.width(), o.y + 1e6f)};
}

MarriageEntryTaps marriageEntry(UiContext& ui, const MarriageEntry& e, const std::string& shown) {
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    const float s = l.scale, gap = 18 * s;
    MarriageEntryTaps taps;
    // Landscape: field, message and keypad on the left, Clear above the
    // primary action in the column at the right. Portrait: all stacked
    // above the primary action (no Clear: delete is on the keypad).
    Rect area = l.portrait ? l.content() : l.body();
    const Rect confirm = l.primaryAction();
    if (!l.portrait) {
        Rect column = area.takeRight(confirm.width(), l.gap());
        column.takeBottom(confirm.height(), gap);
        const Rect clear = column.takeBottom(l.minTarget);
        taps.clear = bigButton(ui, (std::string(e.prefix) + ".clear").c_str(), ui.tr("id_entry.clear"), clear.min,
                               clear.size(), ButtonKind::Secondary, e.clearEnabled);
    }
    const float fieldW = std::min(area.width(), e.fieldWidth);
    const float fx = area.min.x + (area.width() - fieldW) / 2;
    area.takeTop(marriageField(ui, shown, e.placeholder, ImVec2(fx, area.min.y), fieldW), 12 * s);
    const float mh = wrappedHeight(t.fonts.body, e.message, fieldW);
    wrappedText(t.fonts.body, e.message, ImVec2(fx, area.min.y), fieldW, (e.problem ? t.warning : t.textMuted).u32());
    area.takeTop(mh, 20 * s);

    const Rect pad = area.takeTop(std::min(area.height(), 4 * 170 * s))
                         .centred(ImVec2(std::min(3 * 260 * s + 2 * gap, area.width()), FLT_MAX));
    taps.key = marriageKeypad(ui, e.prefix, pad.min, pad.size(), e.withX);
    taps.confirm = bigButton(ui, (std::string(e.prefix) + ".confirm").c_str(), e.confirmLabel, confirm.min,
                             confirm.size(), ButtonKind::Primary, e.confirmEnabled);
    return taps;
}

float marriageField(UiContext& ui, const std::string& text, const char* placeholder, ImVec2 pos, float width) {
    const Theme& t = ui.theme;
    const float s = ui.layout.scale;
    const float h = std::max(110 * s, t.fonts.title->FontSize * 1.6f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(pos, ImVec2(pos.x + width, pos.y + h), t.surface.u32(), t.rounding);
    dl->AddRect(pos, ImVec2(pos.x + width, pos.y + h), t.primary.u32(), t.rounding, 0, 3 * s);
    const bool empty = text.empty();
    centredText(t.fonts.title, empty ? placeholder : text.c_str(), pos.x, pos.x + width,
                pos.y + (h - t.fonts.title->FontSize) / 2, (empty ? t.textMuted : t.text).u32());
    return h;
}

std::string marriageDateText(const UiContext& ui, const std::string& isoDate) {
    auto d = parseDate(isoDate);
    if (!d) return isoDate;
    const std::string weekday = ui.tr("marriage.weekday." + std::to_string(weekdayIndex(*d)));
    const std::string monthName = ui.tr("marriage.month_name." + std::to_string(static_cast<unsigned>(d->month())));
    return Strings::format(ui.tr("marriage.date"), {{"year", std::to_string(static_cast<int>(d->year()))},
                                                    {"month", std::to_string(static_cast<unsigned>(d->month()))},
                                                    {"month_name", monthName},
                                                    {"day", std::to_string(static_cast<unsigned>(d->day()))},
                                                    {"weekday", weekday}});
}

std::string marriageMonthText(const UiContext& ui, std::chrono::year_month month) {
    const std::string monthName = ui.tr("marriage.month_name." + std::to_string(static_cast<unsigned>(month.month())));
    return Strings::format(ui.tr("marriage.month"),
                           {{"year", std::to_string(static_cast<int>(month.year()))}, {"month_name", monthName}});
}

std::string marriageChoiceText(const UiContext& ui, const SlotChoice& choice) {
    return marriageDateText(ui, choice.date) + "  " + choice.slot;
}

std::string marriagePartyText(const UiContext& ui, const MarriageParty& party) {
    const std::string name = party.name.empty() ? std::string(ui.tr("marriage.name_not_given")) : party.name.reveal();
    return name + "  " + maskIdentifier(party.idNumber.reveal());
}

std::string marriageOfficeName(const UiContext& ui, const MarriageFlow& flow, const std::string& officeId) {
    const std::string key = "marriage.office_name." + officeId;
    if (ui.strings.has(ui.flow.language(), key)) return ui.tr(key);
    return flow.officeName(officeId);
}

float marriageRow(UiContext& ui, const char* label, const std::string& value, ImVec2 pos, float width) {
    const Theme& t = ui.theme;
    const float s = ui.layout.scale;
    // Narrow screens put the value under its label.
    const bool stacked = ui.layout.portrait;
    const float labelW = stacked ? width : std::min(width * 0.3f, 420 * ui.layout.textScale());
    fittedText(t.fonts.body, label, ImVec2(pos.x, pos.y + (stacked ? 0 : 6 * s)), labelW - 12 * s, t.textMuted.u32());
    ImVec2 vp = stacked ? ImVec2(pos.x, pos.y + t.fonts.body->FontSize + 4 * s) : ImVec2(pos.x + labelW, pos.y);
    fittedText(t.fonts.button, value.c_str(), vp, width - (stacked ? 0 : labelW), t.text.u32());
    return (stacked ? t.fonts.body->FontSize + 4 * s : 0) + t.fonts.button->FontSize * 1.35f;
}

}  // namespace kiosk
