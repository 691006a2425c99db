#pragma once
// The font atlas: Noto Sans CJK SC (found through fontconfig) in the three
// sizes of the theme, with the glyphs of the common Chinese range plus every
// character of the string tables plus characters met at run time (names on
// ID cards hold rare characters such as 䶮 堃 喆).
//
// UI thread only: require() may be called any time; rebuildIfNeeded() must
// run between frames (before ImGui::NewFrame()), where it rebuilds the atlas
// and the GL texture when new characters were required.
//
// The atlas cache (issue #17): rasterising the atlas costs ~150 ms, most of
// the start-up. A built atlas (pixels, glyph tables, the packed positions of
// ImGui's own rectangles) is kept in a file per text scale in the cache
// directory, keyed by everything the pixels depend on: the font file (path,
// face, size, mtime, inode), the glyph ranges, the pixel sizes, the build
// settings, the Dear ImGui version and the layout of its structures. The key
// is stored in full and compared byte for byte, and a CRC-32 covers the
// file, so a stale, truncated or corrupt file is never used: it is rebuilt
// (one log line) and rewritten (temp file + rename, so a reader never sees a
// half-written file). Only the start-up glyph set is cached: an atlas grown
// by run-time characters (a rare name) is rasterised and not stored, so the
// next start finds its file unchanged. Large text has its own file, written
// the first time large text is switched on (the atlas is built per scale,
// lazily, when the frame asks for it).
#include <imgui.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/result.h"
#include "screens/theme.h"

namespace kiosk {

struct FontFace {
    std::string path;
    int index = 0;  // face in a .ttc collection
};

// Asks fontconfig for the Simplified Chinese face of Noto Sans CJK.
Result<FontFace, std::string> findCjkFont();

// Where the atlas cache lives by default: $XDG_CACHE_HOME/civil-kiosk/fonts,
// else $HOME/.cache/civil-kiosk/fonts (the kiosk user's home is
// /var/lib/kiosk); "" when neither is set (no cache).
std::string defaultFontCacheDir();

// An atlas cache file read into memory, its size and checksum checked,
// but not yet compared with a key or parsed (that needs the ImGui context).
// Made by readAtlasCache() on any thread, handed to FontLibrary::preload().
struct AtlasCacheFile {
    std::string path;
    bool read = false;            // header and size fit; `body` holds the file after the header
    std::string why;              // when it could not be opened: the reason
    uint32_t keyLen = 0;
    bool crcOk = false;           // the body matches the checksum the header states
    std::vector<unsigned char> body;
};
// Reads `path`; touches nothing shared, so it may run off the UI thread
// (App::start reads it while the window and GL context are created, #17).
AtlasCacheFile readAtlasCache(const std::string& path);
// The cache file of `scale` in `dir` ("" when `dir` is "").
std::string atlasCacheFile(const std::string& dir, float scale);

// Where the atlas of the last rebuild came from.
enum class AtlasSource { None, Rasterised, Cache };

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
    // The atlas cache directory (created when first written); "" = no cache.
    void setCacheDir(std::string dir) { cacheDir_ = std::move(dir); }
    const std::string& cacheDir() const { return cacheDir_; }
    // The cache file for the current scale ("" without a cache directory).
    std::string cacheFile() const;
    // A cache file read ahead (readAtlasCache); the next rebuild uses it
    // instead of reading the file if it is the current scale's file. Used once.
    void preload(AtlasCacheFile file) { preloaded_ = std::move(file); }
    // Adds the characters of `utf8` that the atlas lacks; returns true when a
    // rebuild is now pending. Characters the font itself lacks are remembered
    // and not retried.
    bool require(std::string_view utf8);

    // Rebuilds the atlas into io.Fonts and re-uploads the texture if needed.
    // Needs the OpenGL3 backend initialised. Returns true if it rebuilt.
    bool rebuildIfNeeded();
    const Fonts& fonts() const { return fonts_; }
    double lastBuildMs() const { return lastBuildMs_; }
    AtlasSource lastSource() const { return lastSource_; }
    // True when the font (not just the atlas) has a glyph for `c`.
    bool fontHas(ImWchar c) const;
    // Deletes the GL texture; call while the GL context is still current.
    void releaseTexture();

private:
    // Clears the atlas and adds the three fonts with their glyph ranges (cheap:
    // nothing is rasterised until ImFontAtlas::Build()).
    void addFonts();
    // After Build() or loadCache(): the placeholder fallback, the default font.
    void finishFonts();
    void uploadTexture();
    // The cache key of the atlas build() would make now.
    std::string cacheKey() const;
    // Restores the atlas from the cache file; false (and a one-line reason in
    // `why`) when it is missing, stale or damaged: the atlas is then empty.
    bool loadCache(const std::string& key, std::string& why);
    void saveCache(const std::string& key) const;

    const unsigned char* data_ = nullptr;  // mmap of the font file
    size_t size_ = 0;
    std::string path_;
    long long mtimeNs_ = 0;
    unsigned long long inode_ = 0;
    std::string cacheDir_;
    AtlasCacheFile preloaded_;
    AtlasSource lastSource_ = AtlasSource::None;
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
