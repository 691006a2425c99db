#pragma once
// How the sample pages (tests/data/documents) are scored, shared by the OCR
// tests and ocr_bench: CER as tests/data/README.md says (whitespace-
// insensitive, full-width punctuation folded), over code points.
//
// report3_lowres_jpeg.png was rendered with a font lacking Latin digits and
// punctuation: 43 of its 325 characters are printed as empty boxes, so no
// OCR can read them. That page is scored on its CJK ideographs only, for the
// kiosk and for any peer alike.
#include <string>
#include <string_view>

#include "drivers/documents/fields.h"

namespace kiosk::documents::scoring {

inline constexpr std::string_view kBoxedGlyphPage = "report3_lowres_jpeg";

// Keeps CJK ideographs only (U+3400..U+9FFF: three-byte UTF-8 from E3 90 80).
inline std::string cjkOnly(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        const size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (len == 3 && i + 3 <= s.size()) {
            const char32_t cp = ((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
            if (cp >= 0x3400 && cp <= 0x9FFF) out.append(s, i, 3);
        }
        i += len;
    }
    return out;
}

// The text a page is scored on (all of it, or its ideographs for the page
// with boxed glyphs).
inline std::string scoredText(std::string_view stem, std::string_view text) {
    return stem == kBoxedGlyphPage ? cjkOnly(text) : std::string(text);
}

inline double pageCer(std::string_view stem, std::string_view truth, std::string_view text) {
    return characterErrorRate(scoredText(stem, truth), scoredText(stem, text));
}

// Code points of the scored truth: the weight of a page in an overall CER.
inline double scoredLength(std::string_view stem, std::string_view truth) {
    double n = 0;
    for (unsigned char c : foldForComparison(scoredText(stem, truth))) n += (c & 0xC0) != 0x80;
    return n;
}

}  // namespace kiosk::documents::scoring
