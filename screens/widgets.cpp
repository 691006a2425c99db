#include "screens/widgets.h"

#include <ZXing/BitMatrix.h>
#include <ZXing/CharacterSet.h>
#include <ZXing/MultiFormatWriter.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <optional>
#include <string>
#include <utility>

namespace kiosk {
namespace {

ImDrawList* drawList() { return ImGui::GetWindowDrawList(); }

// An invisible ImGui button gives us ImGui's press/release logic (click only
// when released over the same item); we draw the visuals ourselves.
bool hitArea(UiContext& ui, const char* targetId, ImVec2 pos, ImVec2 size, bool enabled, bool* held) {
    ImGui::SetCursorScreenPos(pos);
    bool clicked = ImGui::InvisibleButton(targetId, size);
    *held = ImGui::IsItemActive();
    ui.targets[targetId] = TargetRect{pos, ImVec2(pos.x + size.x, pos.y + size.y), enabled};
    return clicked;
}

}  // namespace

bool bigButton(UiContext& ui, const char* targetId, const char* label, ImVec2 pos, ImVec2 size, ButtonKind kind,
               bool enabled) {
    const Theme& t = ui.theme;
    bool held = false;
    bool clicked = hitArea(ui, targetId, pos, size, enabled, &held);
    Rgb fill = kind == ButtonKind::Primary ? (held ? t.primaryPressed : t.primary)
                                           : (held ? t.secondaryPressed : t.secondary);
    Rgb ink = kind == ButtonKind::Primary ? t.onPrimary : t.text;
    if (!enabled) { fill = t.disabled; ink = t.textMuted; }
    ImVec2 max(pos.x + size.x, pos.y + size.y);
    // Press feedback: the button sinks a little while held.
    ImVec2 offset = held ? ImVec2(0, 3 * ui.layout.scale) : ImVec2(0, 0);
    drawList()->AddRectFilled(ImVec2(pos.x + offset.x, pos.y + offset.y), ImVec2(max.x, max.y + offset.y), fill.u32(), t.rounding);
    if (kind == ButtonKind::Secondary)
        drawList()->AddRect(pos, max, t.border.u32(), t.rounding, 0, 2 * ui.layout.scale);
    // The label on one line, centred; a label too long for the button (large
    // text, English, portrait) is first made a little smaller, then wrapped,
    // never cut off.
    ImFont* font = t.fonts.button;
    const float avail = size.x - 24 * ui.layout.scale;
    float fontSize = font->FontSize;
    ImVec2 ts = font->CalcTextSizeA(fontSize, FLT_MAX, 0, label);
    if (ts.x > avail) {
        fontSize = std::max(fontSize * 0.7f, fontSize * avail / ts.x);
        ts = font->CalcTextSizeA(fontSize, FLT_MAX, 0, label);
    }
    if (ts.x > avail) {
        ts = font->CalcTextSizeA(fontSize, FLT_MAX, avail, label);
        drawList()->AddText(font, fontSize, ImVec2(pos.x + (size.x - avail) / 2, pos.y + offset.y + (size.y - ts.y) / 2),
                            ink.u32(), label, nullptr, avail);
    } else {
        drawList()->AddText(font, fontSize, ImVec2(pos.x + (size.x - ts.x) / 2, pos.y + offset.y + (size.y - ts.y) / 2),
                            ink.u32(), label);
    }
    return clicked && enabled;
}

bool serviceTile(UiContext& ui, const char* targetId, const char* title, const char* detail, ImVec2 pos, ImVec2 size,
                 bool enabled) {
    const Theme& t = ui.theme;
    bool held = false;
    bool clicked = hitArea(ui, targetId, pos, size, enabled, &held);
    ImVec2 max(pos.x + size.x, pos.y + size.y);
    Rgb fill = enabled ? (held ? t.secondaryPressed : t.surface) : t.disabled;
    drawList()->AddRectFilled(pos, max, fill.u32(), t.rounding);
    drawList()->AddRect(pos, max, (enabled ? t.primary : t.border).u32(), t.rounding, 0, 3 * ui.layout.scale);
    float pad = 28 * ui.layout.scale;
    ImFont* tf = t.fonts.title;
    drawList()->AddText(tf, tf->FontSize, ImVec2(pos.x + pad, pos.y + pad), (enabled ? t.primary : t.textMuted).u32(), title);
    // The explanation only when it fits whole (large text on a short screen
    // leaves room for the title alone; half a sentence helps nobody). A
    // switched-off tile always gets its reason, in the body font if need be.
    float detailY = pos.y + pad + tf->FontSize + pad * 0.6f;
    float room = max.y - detailY - pad * 0.5f;
    if (wrappedHeight(t.fonts.body, detail, size.x - 2 * pad) <= room || !enabled)
        wrappedText(t.fonts.body, detail, ImVec2(pos.x + pad, detailY), size.x - 2 * pad, (enabled ? t.text : t.textMuted).u32());
    return clicked;
}

void fittedText(ImFont* font, const char* text, ImVec2 pos, float width, ImU32 colour) {
    float size = font->FontSize;
    float w = font->CalcTextSizeA(size, FLT_MAX, 0, text).x;
    if (w > width) size = std::max(size * 0.55f, size * width / w);
    ImGui::PushClipRect(pos, ImVec2(pos.x + width, pos.y + font->FontSize * 1.3f), true);
    drawList()->AddText(font, size, ImVec2(pos.x, pos.y + (font->FontSize - size) / 2), colour, text);
    ImGui::PopClipRect();
}

void centredText(ImFont* font, const char* text, float x0, float x1, float y, ImU32 colour) {
    ImVec2 ts = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, text);
    drawList()->AddText(font, font->FontSize, ImVec2(x0 + (x1 - x0 - ts.x) / 2, y), colour, text);
}

void wrappedText(ImFont* font, const char* text, ImVec2 pos, float width, ImU32 colour) {
    drawList()->AddText(font, font->FontSize, pos, colour, text, nullptr, width);
}

float wrappedHeight(ImFont* font, const char* text, float width) {
    return font->CalcTextSizeA(font->FontSize, FLT_MAX, width, text).y;
}

float notice(UiContext& ui, const char* text, ImVec2 pos, float width, NoticeKind kind) {
    const Theme& t = ui.theme;
    float pad = 24 * ui.layout.scale;
    float h = wrappedHeight(t.fonts.body, text, width - 2 * pad - 12 * ui.layout.scale) + 2 * pad;
    Rgb accent = kind == NoticeKind::Warning ? t.warning : kind == NoticeKind::Success ? t.success : t.primary;
    drawList()->AddRectFilled(pos, ImVec2(pos.x + width, pos.y + h), t.surface.u32(), t.rounding);
    drawList()->AddRect(pos, ImVec2(pos.x + width, pos.y + h), accent.u32(), t.rounding, 0, 3 * ui.layout.scale);
    // A bar on the left edge: the kind is not told by colour alone.
    drawList()->AddRectFilled(pos, ImVec2(pos.x + 12 * ui.layout.scale, pos.y + h), accent.u32(), t.rounding,
                              ImDrawFlags_RoundCornersLeft);
    wrappedText(t.fonts.body, text, ImVec2(pos.x + pad + 12 * ui.layout.scale, pos.y + pad),
                width - 2 * pad - 12 * ui.layout.scale, t.text.u32());
    return h;
}

namespace {

// The last few encoded payloads: a receipt screen redraws its QR every frame
// and ZXing's encoder is far too slow for that. Few entries, because a
// screen shows one or two codes at a time. UI thread only, like all widgets.
const ZXing::BitMatrix* encodedQr(const char* payload) {
    static std::deque<std::pair<std::string, std::optional<ZXing::BitMatrix>>> cache;
    for (auto& [text, matrix] : cache)
        if (text == payload) return matrix ? &*matrix : nullptr;
    std::optional<ZXing::BitMatrix> matrix;
    try {
        // Margin 0: the widget draws its own quiet zone, scaled with the modules.
        matrix = ZXing::MultiFormatWriter(ZXing::BarcodeFormat::QRCode)
                     .setEncoding(ZXing::CharacterSet::UTF8)
                     .setMargin(0)
                     .encode(std::string(payload), 0, 0);
    } catch (const std::exception&) {
        // The writer throws on data it cannot encode (too long); remember the failure too.
    }
    if (cache.size() >= 4) cache.pop_front();
    cache.emplace_back(payload, std::move(matrix));
    return cache.back().second ? &*cache.back().second : nullptr;
}

}  // namespace

void qrCode(UiContext& ui, const char* payload, ImVec2 pos, float size) {
    ImDrawList* dl = drawList();
    dl->AddRectFilled(pos, ImVec2(pos.x + size, pos.y + size), IM_COL32(255, 255, 255, 255));
    const ZXing::BitMatrix* matrix = payload && *payload ? encodedQr(payload) : nullptr;
    if (!matrix || matrix->width() <= 0) {
        dl->AddRect(pos, ImVec2(pos.x + size, pos.y + size), ui.theme.border.u32(), 0, 0, 2 * ui.layout.scale);
        return;
    }
    constexpr int kQuietModules = 4;
    const int modules = matrix->width();
    // Whole pixels per module: fractional modules blur into grey seams that cameras misread.
    const float module = std::max(1.0f, std::floor(size / static_cast<float>(modules + 2 * kQuietModules)));
    const float side = module * static_cast<float>(modules);
    const float x0 = std::floor(pos.x + (size - side) / 2), y0 = std::floor(pos.y + (size - side) / 2);
    const ImU32 black = IM_COL32(0, 0, 0, 255);
    for (int my = 0; my < modules; ++my) {
        // Runs of dark modules in a row become one rectangle: fewer vertices per frame.
        for (int mx = 0; mx < modules;) {
            if (!matrix->get(mx, my)) { ++mx; continue; }
            int end = mx;
            while (end < modules && matrix->get(end, my)) ++end;
            dl->AddRectFilled(ImVec2(x0 + module * static_cast<float>(mx), y0 + module * static_cast<float>(my)),
                              ImVec2(x0 + module * static_cast<float>(end), y0 + module * static_cast<float>(my + 1)),
                              black);
            mx = end;
        }
    }
}

static float switchWidth(const Layout& l) { return std::max(l.minTarget * 1.6f, 250 * l.textScale()); }
static int switchCount(const UiContext& ui) { return ui.flow.voiceEnabled() ? 4 : 2; }
static constexpr float kSwitchGap = 16;

float accessibilitySwitchesWidth(const UiContext& ui) {
    const Layout& l = ui.layout;
    int n = switchCount(ui);
    float natural = n * switchWidth(l) + (n - 1) * kSwitchGap * l.scale;
    return std::min(natural, l.display.x - 2 * l.margin);
}

float accessibilitySwitches(UiContext& ui, ImVec2 pos, float height) {
    const Layout& l = ui.layout;
    const Accessibility& a = ui.flow.accessibility();
    int n = switchCount(ui);
    float gap = kSwitchGap * l.scale;
    float w = (accessibilitySwitchesWidth(ui) - (n - 1) * gap) / n;
    auto next = [&] {
        ImVec2 p = pos;
        pos.x += w + gap;
        return p;
    };
    // Each switch says what it does when tapped, so its state is never a puzzle.
    if (ui.flow.voiceEnabled()) {
        if (bigButton(ui, "a11y.replay", ui.tr("a11y.replay"), next(), ImVec2(w, height), ButtonKind::Secondary))
            ui.flow.replayPrompt();
        const char* level = a.volume < 40 ? ui.tr("a11y.volume_low") : a.volume < 75 ? ui.tr("a11y.volume_mid")
                                                                                   : ui.tr("a11y.volume_high");
        if (bigButton(ui, "a11y.volume", level, next(), ImVec2(w, height), ButtonKind::Secondary)) ui.flow.cycleVolume();
    }
    if (bigButton(ui, "a11y.large_text", ui.tr(a.largeText ? "a11y.large_off" : "a11y.large_on"), next(),
                  ImVec2(w, height), ButtonKind::Secondary))
        ui.flow.setLargeText(!a.largeText);
    if (bigButton(ui, "a11y.contrast", ui.tr(a.highContrast ? "a11y.contrast_off" : "a11y.contrast_on"), next(),
                  ImVec2(w, height), ButtonKind::Secondary))
        ui.flow.setHighContrast(!a.highContrast);
    return accessibilitySwitchesWidth(ui);
}

void footer(UiContext& ui, const StepBar& steps) {
    const int current = steps.current;
    const int count = static_cast<int>(steps.labels.size());
    const Layout& l = ui.layout;
    const Theme& t = ui.theme;
    float y0 = l.display.y - l.footerHeight;
    drawList()->AddRectFilled(ImVec2(0, y0), l.display, t.surface.u32());
    drawList()->AddLine(ImVec2(0, y0), ImVec2(l.display.x, y0), t.border.u32(), 2 * l.scale);

    float switchesW = accessibilitySwitchesWidth(ui);
    float switchesH = l.minTarget;
    float pad = l.portrait ? 16 * l.scale : (l.footerHeight - switchesH) / 2;
    float switchesY = l.display.y - pad - switchesH;
    accessibilitySwitches(ui, ImVec2(l.display.x - l.margin - switchesW, switchesY), switchesH);
    if (current < 0) return;

    // Steps share what is left (beside the switches in landscape, above them
    // in portrait); when the labels would not fit, only the current step is
    // named and the others are numbers.
    float width = l.portrait ? l.display.x - 2 * l.margin : l.display.x - 2 * l.margin - switchesW - 24 * l.scale;
    float slot = width / std::max(count, 1);
    ImFont* font = t.fonts.body;
    float r = 22 * l.textScale();
    float widest = 0;
    for (const char* key : steps.labels) widest = std::max(widest, font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, ui.tr(key)).x);
    bool compact = 2 * r + 12 * l.scale + widest + 16 * l.scale > slot;
    // Squeezed beside wide switches (large text, voice on): smaller circles,
    // and the current step's name only if it still fits.
    const float circles = count * (2 * r + 18 * l.scale);
    if (compact && circles > width) r = std::max(8 * l.scale, (width / count - 18 * l.scale) / 2);
    float x = l.margin;
    float cy = l.portrait ? y0 + (switchesY - y0) / 2 : y0 + l.footerHeight / 2;
    // Too many steps for numbers a finger-width apart: say where one is in
    // words instead ("第 3/7 步" / "Step 3 of 7").
    if (font->FontSize > 2 * r * 1.1f) {
        std::string where = Strings::format(ui.tr("step.of"), {{"n", std::to_string(current + 1)}, {"total", std::to_string(count)}});
        ImVec2 ws = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, where.c_str());
        fittedText(font, where.c_str(), ImVec2(x, cy - ws.y / 2), width, t.text.u32());
        return;
    }
    const float currentLabel = current >= 0 && current < count
                                   ? font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, ui.tr(steps.labels[static_cast<size_t>(current)])).x
                                   : 0;
    const bool roomForLabel = !compact || count * (2 * r + 18 * l.scale) + currentLabel + 12 * l.scale <= width;
    for (int i = 0; i < count; ++i) {
        bool done = i < current, active = i == current;
        Rgb circle = active ? t.primary : done ? t.success : t.secondary;
        Rgb ink = active || done ? t.onPrimary : t.text;
        drawList()->AddCircleFilled(ImVec2(x + r, cy), r, circle.u32());
        if (!active && !done) drawList()->AddCircle(ImVec2(x + r, cy), r, t.border.u32(), 0, 2 * l.scale);
        std::string n = std::to_string(i + 1);
        ImVec2 ns = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, n.c_str());
        drawList()->AddText(font, font->FontSize, ImVec2(x + r - ns.x / 2, cy - ns.y / 2), ink.u32(), n.c_str());
        float next = x + (compact ? 2 * r + 18 * l.scale : slot);
        if ((!compact || active) && roomForLabel) {
            const char* label = ui.tr(steps.labels[static_cast<size_t>(i)]);
            ImVec2 ls = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, label);
            drawList()->AddText(font, font->FontSize, ImVec2(x + 2 * r + 12 * l.scale, cy - ls.y / 2),
                                (active ? t.text : t.textMuted).u32(), label);
            if (compact) next = x + 2 * r + 12 * l.scale + ls.x + 24 * l.scale;
        }
        x = next;
    }
}

}  // namespace kiosk
