#pragma once
// The kiosk theme: calm colours, readable contrast, large touch targets.
// Colours are plain RGB so that contrast can be checked by a test without
// a GPU; apply() copies them into ImGui's style.
#include <imgui.h>

#include <cstdint>
#include <vector>

namespace kiosk {

struct Rgb {
    uint8_t r, g, b;
    ImU32 u32(uint8_t alpha = 255) const { return IM_COL32(r, g, b, alpha); }
    ImVec4 vec4(float alpha = 1.0f) const { return ImVec4(r / 255.f, g / 255.f, b / 255.f, alpha); }
};

// The fonts of the current atlas; rebuilt atlases hand out new pointers.
struct Fonts {
    ImFont* body = nullptr;    // running text, keypad labels
    ImFont* button = nullptr;  // buttons and tiles
    ImFont* title = nullptr;   // screen titles
};

// A text colour drawn on a background colour somewhere in the UI.
struct TextPair {
    const char* use;
    Rgb text, background;
};

// WCAG 2 contrast ratio between two colours (1:1 .. 21:1).
double contrastRatio(Rgb a, Rgb b);

struct Theme {
    static Theme standard();
    // For weak eyes: at least 7:1 for every text pair (WCAG AAA).
    static Theme highContrast();
    bool isHighContrast = false;

    Rgb background{0xF3, 0xF5, 0xF7};
    Rgb surface{0xFF, 0xFF, 0xFF};
    Rgb text{0x1A, 0x1F, 0x26};
    Rgb textMuted{0x4A, 0x55, 0x63};
    Rgb primary{0x1D, 0x5C, 0xA6};         // buttons: white text on it
    Rgb primaryPressed{0x15, 0x45, 0x7E};
    Rgb onPrimary{0xFF, 0xFF, 0xFF};
    Rgb secondary{0xE2, 0xE8, 0xF0};       // secondary buttons: text on it
    Rgb secondaryPressed{0xC9, 0xD3, 0xE0};
    Rgb disabled{0xE4, 0xE6, 0xE9};        // switched-off tiles: textMuted on it
    Rgb border{0xB8, 0xC2, 0xCE};
    Rgb warning{0x9A, 0x2B, 0x1B};         // errors and the timeout countdown
    Rgb success{0x1E, 0x6B, 0x3A};
    Rgb overlay{0x10, 0x18, 0x24};

    float rounding = 16.0f;
    Fonts fonts;

    void apply(ImGuiStyle& style) const;
    // Every text-on-background combination the widgets and screens draw;
    // keep it in step with them (the contrast test reads it).
    std::vector<TextPair> textPairs() const;
};

}  // namespace kiosk
