#pragma once
// The font atlas: Noto Sans CJK SC (found through fontconfig) in the three
// sizes of the theme, with the glyphs of the common Chinese range plus every
// character of the string tables plus characters met at run time (names on
// ID cards hold rare characters such as 䶮 堃 喆).
//
// UI thread only: require() may be called any time; rebuildIfNeeded() must
// run between frames (before ImGui::NewFrame()), where it rebuilds the atlas
// and the GL texture when new characters were required.
#include <imgui.h>

#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "kiosk/core/result.h"
#include "screens/theme.h"

namespace kiosk {

struct FontFace {
    std::string path;
    int index = 0;  // face in a .ttc collection
};

// Asks fontconfig for the Simplified Chinese face of Noto Sans CJK.
Result<FontFace, std::string> findCjkFont();

class FontLibrary {
public:
    FontLibrary() = default;
    FontLibrary(const FontLibrary&) = delete;
    FontLibrary& operator=(const FontLibrary&) = delete;
    ~FontLibrary();

    // Maps the font file; builds nothing yet. Returns an error message.
    std::optional<std::string> open(const FontFace& face);

    // Characters every atlas must hold (the UI string tables).
    void setBaseText(std::string text) { baseText_ = std::move(text); dirty_ = true; }
    // Sizes scale with the display (1.0 = 1080 px on the short side).
    void setScale(float scale);
    // Adds the characters of `utf8` that the atlas lacks; returns true when a
    // rebuild is now pending. Characters the font itself lacks are remembered
    // and not retried.
    bool require(std::string_view utf8);

    // Rebuilds the atlas into io.Fonts and re-uploads the texture if needed.
    // Needs the OpenGL3 backend initialised. Returns true if it rebuilt.
    bool rebuildIfNeeded();
    const Fonts& fonts() const { return fonts_; }
    double lastBuildMs() const { return lastBuildMs_; }
    // True when the font (not just the atlas) has a glyph for `c`.
    bool fontHas(ImWchar c) const;
    // Deletes the GL texture; call while the GL context is still current.
    void releaseTexture();

private:
    void build();
    void uploadTexture();

    const unsigned char* data_ = nullptr;  // mmap of the font file
    size_t size_ = 0;
    int faceIndex_ = 0;
    int faceOffset_ = 0;
    std::string baseText_;
    std::set<ImWchar> extra_;   // run-time characters in the atlas
    std::set<ImWchar> absent_;  // characters the font does not have
    float scale_ = 1.0f;
    bool dirty_ = true;
    bool built_ = false;
    ImVector<ImWchar> ranges_;    // body: common range + UI + extras
    ImVector<ImWchar> uiRanges_;  // buttons, titles: ASCII + UI + extras
    Fonts fonts_;
    double lastBuildMs_ = 0;
    unsigned int texture_ = 0;  // GL texture name
};

}  // namespace kiosk
