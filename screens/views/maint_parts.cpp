#include "screens/views/maint_parts.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

#include "screens/flows/maintenance_flow.h"
#include "screens/widgets.h"

namespace kiosk {

MaintenanceFlow& maintenanceOf(UiContext& ui) { return ui.flow.maintenance(); }

void infoRows(UiContext& ui, const std::vector<InfoRow>& rows, ImVec2 pos, ImVec2 size) {
    if (rows.empty()) return;
    const Theme& t = ui.theme;
    ImFont* font = t.fonts.body;
    const float rowH = size.y / static_cast<float>(rows.size());
    // Never taller than a row: large text in a short box shrinks instead of overlapping.
    const float fontSize = std::min(font->FontSize, rowH / 1.2f);
    const float gap = 24 * ui.layout.scale;
    float labelW = 0;
    for (const InfoRow& r : rows)
        labelW = std::max(labelW, font->CalcTextSizeA(fontSize, FLT_MAX, 0, r.label.c_str()).x);
    labelW = std::min(labelW, size.x * 0.42f);
    for (size_t i = 0; i < rows.size(); ++i) {
        const InfoRow& r = rows[i];
        const float y = pos.y + rowH * static_cast<float>(i) + (rowH - fontSize) / 2;
        auto draw = [&](const std::string& text, float x, float w, ImU32 colour) {
            fittedText(font, text.c_str(), ImVec2(x, y), w, colour, fontSize);
        };
        draw(r.label, pos.x, labelW, t.textMuted.u32());
        draw(r.value, pos.x + labelW + gap, size.x - labelW - gap, (r.warn ? t.warning : t.text).u32());
    }
}

bool deviceTile(UiContext& ui, const char* targetId, const char* name, const char* state, bool ok,
                const std::string& detail, ImVec2 pos, ImVec2 size) {
    const Theme& t = ui.theme;
    const float s = ui.layout.scale;
    ImGui::SetCursorScreenPos(pos);
    const bool clicked = ImGui::InvisibleButton(targetId, size);
    const bool held = ImGui::IsItemActive();
    recordTarget(ui, targetId, pos, ImVec2(pos.x + size.x, pos.y + size.y));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 max(pos.x + size.x, pos.y + size.y);
    dl->AddRectFilled(pos, max, (held ? t.secondaryPressed : t.surface).u32(), t.rounding);
    dl->AddRect(pos, max, t.primary.u32(), t.rounding, 0, 3 * s);
    const float pad = 20 * s;
    // Three lines (name, state, detail) and the "test" hint at the right; the
    // fonts shrink together when the tile is short (large text, portrait).
    ImFont* nf = t.fonts.button;
    ImFont* bf = t.fonts.body;
    const float need = nf->FontSize + 2 * bf->FontSize * 1.1f + 2 * pad;
    const float k = std::min(1.0f, size.y / need);
    const float x = pos.x + pad, w = size.x - 2 * pad;
    float y = pos.y + pad * k;
    const char* hint = ui.tr("maint.overview.test");
    const float hintW = textWidth(nf, hint, nf->FontSize * k);
    RecordScope hintLabel(std::nullopt, targetId);
    plainText(nf, hint, ImVec2(max.x - pad - hintW, y), t.primary.u32(), nf->FontSize * k);
    RecordScope label(std::nullopt, targetId);
    fittedText(nf, name, ImVec2(x, y), max.x - pad - hintW - pad - x, t.text.u32(), nf->FontSize * k);
    y += nf->FontSize * k + 4 * s;
    // The state in words (not by colour alone) and in colour.
    fittedText(bf, state, ImVec2(x, y), w, (ok ? t.success : t.warning).u32(), bf->FontSize * k);
    y += bf->FontSize * k * 1.1f;
    if (!detail.empty()) fittedText(bf, detail.c_str(), ImVec2(x, y), w, t.textMuted.u32(), bf->FontSize * k);
    return clicked;
}

int bottomButtons(UiContext& ui, const std::vector<RowButton>& buttons, Rect* rest) {
    const Layout& l = ui.layout;
    Rect body = l.body();
    const float gap = l.gap(), h = l.minTarget;
    const size_t perRow = l.portrait && buttons.size() > 3 ? (buttons.size() + 1) / 2 : std::max<size_t>(1, buttons.size());
    const size_t rowCount = (buttons.size() + perRow - 1) / perRow;
    const Rect block =
        body.takeBottom(static_cast<float>(rowCount) * h + static_cast<float>(rowCount ? rowCount - 1 : 0) * gap, gap);
    if (rest) *rest = body;
    const std::vector<Rect> lines = rows(block, static_cast<int>(rowCount), gap);
    int tapped = -1;
    for (size_t row = 0; row < rowCount; ++row) {
        const size_t first = row * perRow, inRow = std::min(perRow, buttons.size() - first);
        const std::vector<Rect> cells = columns(lines[row], static_cast<int>(inRow), gap);
        for (size_t i = 0; i < inRow; ++i) {
            const RowButton& b = buttons[first + i];
            if (bigButton(ui, b.target, b.label, cells[i].min, cells[i].size(), b.kind, b.enabled))
                tapped = static_cast<int>(first + i);
        }
    }
    return tapped;
}

float infoRowsIn(UiContext& ui, const char* id, const std::vector<InfoRow>& rows, const Rect& area, float rowH) {
    const float total = rowH * static_cast<float>(rows.size());
    if (total <= area.height()) {
        infoRows(ui, rows, area.min, ImVec2(area.width(), total));
        return total;
    }
    ScrollRegion scroll(ui, id, area);
    infoRows(ui, rows, scroll.origin(), ImVec2(scroll.width(), total));
    scroll.end(total);
    return area.height();
}

namespace {
std::tm localTm(std::int64_t unixMs) {
    const std::time_t t = static_cast<std::time_t>(unixMs / 1000);
    std::tm tm{};
    localtime_r(&t, &tm);
    return tm;
}
}  // namespace

std::string localClock(std::int64_t unixMs) {
    const std::tm tm = localTm(unixMs);
    char text[16];
    std::strftime(text, sizeof text, "%H:%M:%S", &tm);
    return text;
}

std::string localDateTime(std::int64_t unixMs) {
    const std::tm tm = localTm(unixMs);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M", &tm);
    return text;
}

std::string duration(double ms) {
    char text[32];
    if (ms < 1000)
        std::snprintf(text, sizeof text, "%.0f ms", ms);
    else
        std::snprintf(text, sizeof text, "%.1f s", ms / 1000);
    return text;
}

}  // namespace kiosk
