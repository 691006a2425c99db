#include "screens/views/assist_widgets.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "kiosk/core/id_number.h"
#include "screens/layout.h"
#include "screens/widgets.h"

namespace kiosk {

char assistKeypad(UiContext& ui, const char* prefix, std::string_view keys, ImVec2 pos, ImVec2 size) {
    const std::vector<Rect> cells = grid(Rect{pos, ImVec2(pos.x + size.x, pos.y + size.y)}, 12, 3, 14 * ui.layout.scale);
    char pressed = 0;
    for (size_t i = 0; i < 12 && i < keys.size(); ++i) {
        const char c = keys[i];
        if (c == ' ') continue;
        std::string name = c == '<' ? "delete" : c == '.' ? "dot" : c == 'X' ? "x" : std::string(1, c);
        std::string target = std::string(prefix) + ".key." + name;
        const std::string digit(1, c);
        const char* label = c == '<' ? ui.tr("assist.keypad.delete") : digit.c_str();
        if (bigButton(ui, target.c_str(), label, cells[i].min, cells[i].size(), ButtonKind::Secondary)) pressed = c;
    }
    return pressed;
}

float assistFieldHeight(const UiContext& ui, bool withError) {
    const Theme& t = ui.theme;
    const float s = ui.layout.scale;
    float h = t.fonts.body->FontSize + 8 * s + std::max(ui.layout.minTarget * 0.8f, t.fonts.title->FontSize + 30 * s);
    if (withError) h += t.fonts.body->FontSize * 2 + 16 * s;
    return h;
}

float assistField(UiContext& ui, const char* targetId, const char* label, const std::string& value,
                  const char* placeholder, const char* error, bool focused, ImVec2 pos, float width, bool* tapped) {
    const Theme& t = ui.theme;
    const float s = ui.layout.scale;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    plainText(t.fonts.body, label, pos, t.textMuted.u32());
    const float boxY = pos.y + t.fonts.body->FontSize + 8 * s;
    const float boxH = std::max(ui.layout.minTarget * 0.8f, t.fonts.title->FontSize + 30 * s);
    ImGui::SetCursorScreenPos(ImVec2(pos.x, boxY));
    const bool clicked = ImGui::InvisibleButton(targetId, ImVec2(width, boxH));
    recordTarget(ui, targetId, ImVec2(pos.x, boxY), ImVec2(pos.x + width, boxY + boxH));
    if (tapped) *tapped = clicked;
    dl->AddRectFilled(ImVec2(pos.x, boxY), ImVec2(pos.x + width, boxY + boxH), t.surface.u32(), t.rounding);
    const Rgb frame = error ? t.warning : focused ? t.primary : t.border;
    dl->AddRect(ImVec2(pos.x, boxY), ImVec2(pos.x + width, boxY + boxH), frame.u32(), t.rounding, 0,
                (focused || error ? 4.0f : 2.0f) * s);
    const bool empty = value.empty();
    std::string shown = empty ? std::string(placeholder ? placeholder : "") : value;
    // A caret after the value shows where the keypad types.
    if (focused && !empty) shown += "|";
    {
        RecordScope value(std::nullopt, targetId);  // the field shows its own value
        fittedText(t.fonts.title, shown.c_str(), ImVec2(pos.x + 20 * s, boxY + (boxH - t.fonts.title->FontSize) / 2),
                   width - 40 * s, (empty ? t.textMuted : t.text).u32());
    }
    secureWipe(shown);
    float h = boxY + boxH - pos.y;
    if (error) {
        const float w = width;
        wrappedText(t.fonts.body, error, ImVec2(pos.x, boxY + boxH + 8 * s), w, t.warning.u32());
        h += wrappedHeight(t.fonts.body, error, w) + 16 * s;
    }
    return h;
}

bool wizardNext(UiContext& ui, const char* targetId, const char* label, bool enabled) {
    const Rect r = ui.layout.primaryAction();
    return bigButton(ui, targetId, label, r.min, r.size(), ButtonKind::Primary, enabled);
}

void pagePreview(UiContext& ui, const PageImage& preview, ImVec2 pos, ImVec2 size) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Theme& t = ui.theme;
    if (preview.empty() || !preview.consistent() || preview.channels != 1) {
        dl->AddRectFilled(pos, ImVec2(pos.x + size.x, pos.y + size.y), t.surface.u32());
        dl->AddRect(pos, ImVec2(pos.x + size.x, pos.y + size.y), t.border.u32(), 0, 0, 2 * ui.layout.scale);
        return;
    }
    // Fit, keeping the page's proportions, centred in the box.
    const float k = std::min(size.x / static_cast<float>(preview.width), size.y / static_cast<float>(preview.height));
    const float w = static_cast<float>(preview.width) * k, h = static_cast<float>(preview.height) * k;
    const ImVec2 p0(pos.x + (size.x - w) / 2, pos.y + (size.y - h) / 2);
    dl->AddRectFilled(p0, ImVec2(p0.x + w, p0.y + h), IM_COL32(255, 255, 255, 255));
    // Cells of at least 2 screen pixels; grey quantised to 8 levels, white
    // skipped, runs merged: a page of text is mostly white, so few quads.
    const int step = std::max(1, static_cast<int>(std::ceil(2.0f / k)));
    const float cell = k * static_cast<float>(step);
    for (int y = 0; y < preview.height; y += step) {
        int x = 0;
        while (x < preview.width) {
            auto level = [&](int px) { return preview.pixels[static_cast<size_t>(y) * static_cast<size_t>(preview.width) + static_cast<size_t>(px)] >> 5; };
            const int v = level(x);
            int end = x + step;
            while (end < preview.width && level(end) == v) end += step;
            if (v < 7) {
                const auto g = static_cast<ImU32>(v * 36);
                dl->AddRectFilled(ImVec2(p0.x + static_cast<float>(x) * k, p0.y + static_cast<float>(y) * k),
                                  ImVec2(p0.x + std::min(static_cast<float>(end), static_cast<float>(preview.width)) * k,
                                         p0.y + static_cast<float>(y) * k + cell),
                                  IM_COL32(g, g, g, 255));
            }
            x = end;
        }
    }
    dl->AddRect(p0, ImVec2(p0.x + w, p0.y + h), t.border.u32(), 0, 0, 2 * ui.layout.scale);
}

std::string maskedNumber(const std::string& number) { return maskIdentifier(number); }

}  // namespace kiosk
