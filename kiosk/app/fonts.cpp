#include "kiosk/app/fonts.h"

#include <fcntl.h>
#include <fontconfig/fontconfig.h>
#include <SDL_opengl.h>
#include <imgui_impl_opengl3.h>
#include <malloc.h>
#include <imgui_internal.h>  // ImTextCharFromUtf8
#include <stb_truetype.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <vector>

#include "kiosk/core/log.h"

namespace kiosk {
namespace {
// Theme sizes in pixels at scale 1.0 (1080 px short side, ~21.5" screen):
// body text is ~7 mm tall, well above the 4.2 mm minimum for public kiosks.
constexpr float kBodyPx = 34, kButtonPx = 42, kTitlePx = 56;

// The atlas cache file: a header, then the key, then the payload.
//   header:  magic[8], u32 key length, u64 body length (key + payload),
//            u32 CRC-32 of the body
//   payload: u32 texture width, height; u32 rectangle count, per rectangle
//            u16 width, height, x, y; u32 font count, per font f32 ascent,
//            descent, i32 surface, u32 glyph count, the ImFontGlyph records;
//            then the alpha8 pixels, width x height.
// Native byte order and struct layout: the key records sizeof() of what is
// copied, and a cache never leaves the machine that wrote it.
constexpr char kMagic[8] = {'K', 'F', 'A', 'T', 'L', 'A', 'S', '1'};
constexpr size_t kHeaderSize = sizeof(kMagic) + 4 + 8 + 4;
constexpr int kMaxTexHeight = 32768;

template <typename T>
void put(std::string& out, const T& v) {
    out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

// Reads fixed-size values off a byte range; any read past the end fails,
// and every later read fails too.
struct Reader {
    const unsigned char* p;
    const unsigned char* end;
    bool ok = true;
    template <typename T>
    T get() {
        T v{};
        if (!ok || static_cast<size_t>(end - p) < sizeof v) {
            ok = false;
            return v;
        }
        std::memcpy(&v, p, sizeof v);
        p += sizeof v;
        return v;
    }
    const unsigned char* take(size_t n) {
        if (!ok || static_cast<size_t>(end - p) < n) {
            ok = false;
            return nullptr;
        }
        const unsigned char* at = p;
        p += n;
        return at;
    }
};

uint32_t crc(uint32_t c, const void* data, size_t n) {
    const auto* b = static_cast<const Bytef*>(data);
    while (n > 0) {
        uInt chunk = static_cast<uInt>(std::min<size_t>(n, 1u << 30));
        c = static_cast<uint32_t>(crc32(c, b, chunk));
        b += chunk;
        n -= chunk;
    }
    return c;
}

bool readAll(int fd, void* buf, size_t n) {
    auto* b = static_cast<char*>(buf);
    while (n > 0) {
        ssize_t r = ::read(fd, b, n);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return false;
        b += r;
        n -= static_cast<size_t>(r);
    }
    return true;
}

bool writeAll(int fd, const void* buf, size_t n) {
    const auto* b = static_cast<const char*>(buf);
    while (n > 0) {
        ssize_t r = ::write(fd, b, n);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return false;
        b += r;
        n -= static_cast<size_t>(r);
    }
    return true;
}
}  // namespace

std::string defaultFontCacheDir() {
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg == '/') return std::string(xdg) + "/civil-kiosk/fonts";
    if (const char* home = std::getenv("HOME"); home && *home == '/') return std::string(home) + "/.cache/civil-kiosk/fonts";
    return "";
}

Result<FontFace, std::string> findCjkFont() {
    FcConfig* config = FcInitLoadConfigAndFonts();
    if (!config) return std::string("fontconfig could not load its configuration");
    FcPattern* pattern = FcNameParse(reinterpret_cast<const FcChar8*>("Noto Sans CJK SC:lang=zh-cn"));
    FcConfigSubstitute(config, pattern, FcMatchPattern);
    FcDefaultSubstitute(pattern);
    FcResult result;
    FcPattern* match = FcFontMatch(config, pattern, &result);
    std::optional<FontFace> face;
    std::string family;
    if (match) {
        FcChar8* file = nullptr;
        FcChar8* fam = nullptr;
        int index = 0;
        if (FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch &&
            FcPatternGetString(match, FC_FAMILY, 0, &fam) == FcResultMatch) {
            FcPatternGetInteger(match, FC_INDEX, 0, &index);
            family = reinterpret_cast<const char*>(fam);
            face = FontFace{reinterpret_cast<const char*>(file), index};
        }
        FcPatternDestroy(match);
    }
    FcPatternDestroy(pattern);
    FcConfigDestroy(config);
    // fontconfig always matches *something*; only accept the CJK family, or
    // every Chinese character would render as a fallback box.
    if (!face || family.find("CJK") == std::string::npos)
        return std::string("Noto Sans CJK SC not found (install fonts-noto-cjk; fontconfig offered '" + family + "')");
    return *face;
}

FontLibrary::~FontLibrary() {
    if (data_) munmap(const_cast<unsigned char*>(data_), size_);
}

std::optional<std::string> FontLibrary::open(const FontFace& face) {
    int fd = ::open(face.path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return "cannot open font " + face.path;
    struct stat st {};
    fstat(fd, &st);
    // mmap, not read: the collection is ~20 MB and only the SC face's pages
    // are ever touched, so the rest never counts against resident memory.
    void* p = mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (p == MAP_FAILED) return "cannot map font " + face.path;
    data_ = static_cast<const unsigned char*>(p);
    size_ = static_cast<size_t>(st.st_size);
    path_ = face.path;
    mtimeNs_ = static_cast<long long>(st.st_mtim.tv_sec) * 1'000'000'000LL + st.st_mtim.tv_nsec;
    inode_ = static_cast<unsigned long long>(st.st_ino);
    faceIndex_ = face.index;
    faceOffset_ = stbtt_GetFontOffsetForIndex(data_, faceIndex_);
    if (faceOffset_ < 0) return "font " + face.path + " has no face " + std::to_string(face.index);
    dirty_ = true;
    return std::nullopt;
}

void FontLibrary::setScale(float scale) {
    if (scale != scale_) {
        scale_ = scale;
        dirty_ = true;
    }
}

bool FontLibrary::fontHas(ImWchar c) const {
    stbtt_fontinfo info;
    if (!data_ || !stbtt_InitFont(&info, data_, faceOffset_)) return false;
    return stbtt_FindGlyphIndex(&info, c) != 0;
}

bool FontLibrary::require(std::string_view utf8) {
    const char* p = utf8.data();
    const char* end = p + utf8.size();
    while (p < end) {
        unsigned int c = 0;
        int n = ImTextCharFromUtf8(&c, p, end);
        if (n <= 0) break;
        p += n;
        if (c < 0x80 || c > 0xFFFF) continue;  // ASCII is always in; ImWchar is 16-bit in this build
        ImWchar w = static_cast<ImWchar>(c);
        if (extra_.count(w) || absent_.count(w)) continue;
        if (built_ && fonts_.title->FindGlyphNoFallback(w)) continue;  // the smallest glyph set
        if (!fontHas(w)) {
            absent_.insert(w);
            KLOG_WARN("font lacks character U+{:04X}; it shows as a placeholder", static_cast<unsigned>(w));
            continue;
        }
        extra_.insert(w);
        dirty_ = true;
    }
    return dirty_;
}

bool FontLibrary::rebuildIfNeeded() {
    if (!dirty_ || !data_) return false;
    auto start = std::chrono::steady_clock::now();
    ImGui_ImplOpenGL3_DestroyFontsTexture();  // the backend's default-font texture, if any
    releaseTexture();
    addFonts();
    // Only the start-up glyph set is cached (see the header): with run-time
    // characters the key would change with every rare name.
    const bool cacheable = !cacheDir_.empty() && extra_.empty();
    std::string key, why;
    lastSource_ = AtlasSource::Rasterised;
    if (cacheable) {
        key = cacheKey();
        if (loadCache(key, why)) lastSource_ = AtlasSource::Cache;
        else KLOG_INFO("font atlas cache {}: {}; rasterising the atlas", cacheFile(), why);
    }
    if (lastSource_ != AtlasSource::Cache) ImGui::GetIO().Fonts->Build();
    if (cacheable && lastSource_ == AtlasSource::Rasterised) saveCache(key);
    preloaded_ = {};  // a file read ahead for another scale is of no more use
    finishFonts();
    uploadTexture();
    // The texture lives on the GPU side now; drop the CPU copy. The glyph
    // tables stay, so text still lays out.
    ImGui::GetIO().Fonts->ClearTexData();
    // Give back what the build used: the font file's pages (re-read from the
    // page cache on the next rebuild) and the freed heap of the rasteriser.
    madvise(const_cast<unsigned char*>(data_), size_, MADV_DONTNEED);
    malloc_trim(0);
    lastBuildMs_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    KLOG_DEBUG("font atlas {}x{} {} in {:.0f} ms ({} extra characters)", ImGui::GetIO().Fonts->TexWidth,
               ImGui::GetIO().Fonts->TexHeight, lastSource_ == AtlasSource::Cache ? "loaded from the cache" : "rasterised",
               lastBuildMs_, extra_.size());
    return true;
}

// A one-channel texture with a swizzle that reads as (1, 1, 1, alpha): what
// the OpenGL3 backend's shader expects, at a quarter of the memory of the
// RGBA32 texture the backend would create.
void FontLibrary::uploadTexture() {
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    ImGui::GetIO().Fonts->GetTexDataAsAlpha8(&pixels, &w, &h);
    GLuint tex = 0;
    glGenTextures(1, &tex);
    glBindTexture(GL_TEXTURE_2D, tex);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    const GLint swizzle[4] = {GL_ONE, GL_ONE, GL_ONE, GL_RED};
    glTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_RGBA, swizzle);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, w, h, 0, GL_RED, GL_UNSIGNED_BYTE, pixels);
    texture_ = tex;
    ImGui::GetIO().Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(tex)));
}

void FontLibrary::releaseTexture() {
    if (!texture_) return;
    GLuint tex = texture_;
    glDeleteTextures(1, &tex);
    texture_ = 0;
}

void FontLibrary::addFonts() {
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    atlas->Clear();

    // Body text gets the common Chinese range, since names and addresses
    // appear in it; buttons and titles only ever show UI strings (and names
    // added at run time), which keeps the atlas, and so memory, small.
    auto buildRanges = [&](ImVector<ImWchar>& out, bool commonRange) {
        ImFontGlyphRangesBuilder builder;
        builder.AddRanges(commonRange ? atlas->GetGlyphRangesChineseSimplifiedCommon() : atlas->GetGlyphRangesDefault());
        builder.AddText(baseText_.c_str());
        for (ImWchar c : extra_) builder.AddChar(c);
        builder.AddChar(0x25A1);  // □, the visible placeholder for missing characters
        out.clear();
        builder.BuildRanges(&out);
    };
    buildRanges(ranges_, true);
    buildRanges(uiRanges_, false);

    auto add = [&](float px, const ImVector<ImWchar>& ranges) {
        ImFontConfig cfg;
        cfg.FontNo = faceIndex_;
        // The mmap stays ours, and shared. Dear ImGui 1.86 copies the font
        // data into its heap when FontDataOwnedByAtlas is false: the whole
        // 19.5 MB collection, once per font (58 MB held for good, ~40 ms of
        // start-up). So hand it over as owned (no copy), then take ownership
        // back in the stored config so that Clear() never frees the mapping.
        cfg.FontDataOwnedByAtlas = true;
        // CJK glyphs at 30+ px need no horizontal oversampling; 1 instead of
        // ImGui's default 3 makes the atlas ~3x cheaper to build.
        cfg.OversampleH = 1;
        cfg.OversampleV = 1;
        cfg.PixelSnapH = true;
        ImFont* font = atlas->AddFontFromMemoryTTF(const_cast<unsigned char*>(data_), static_cast<int>(size_), px * scale_,
                                                   &cfg, ranges.Data);
        atlas->ConfigData.back().FontDataOwnedByAtlas = false;
        return font;
    };
    fonts_.body = add(kBodyPx, ranges_);
    fonts_.button = add(kButtonPx, uiRanges_);
    fonts_.title = add(kTitlePx, uiRanges_);
    atlas->TexDesiredWidth = 4096;
}

void FontLibrary::finishFonts() {
    ImGuiIO& io = ImGui::GetIO();
    // Build() resolves fallbacks; make the placeholder box the fallback so a
    // missing character is visible, never a '?'.
    for (ImFont* f : {fonts_.body, fonts_.button, fonts_.title}) {
        if (f->FindGlyphNoFallback(0x25A1)) {
            f->FallbackChar = 0x25A1;
            f->FallbackGlyph = f->FindGlyphNoFallback(0x25A1);
            f->FallbackAdvanceX = f->FallbackGlyph->AdvanceX;
        }
    }
    io.FontDefault = fonts_.body;
    built_ = true;
    dirty_ = false;
}

std::string FontLibrary::cacheFile() const { return atlasCacheFile(cacheDir_, scale_); }

std::string FontLibrary::cacheKey() const {
    const ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    std::string key = "kiosk font atlas, format 1\n";
    // Dear ImGui: its version, and the layout of what the file copies.
    put(key, IMGUI_VERSION_NUM);
    for (size_t n : {sizeof(ImFontGlyph), sizeof(ImWchar), sizeof(ImFontConfig), sizeof(ImFontAtlasCustomRect)}) put(key, n);
    put(key, atlas->FontBuilderIO == nullptr);  // the built-in stb_truetype builder
    // The font file: a new package version changes its size or mtime.
    put(key, path_.size());
    key += path_;
    put(key, faceIndex_);
    put(key, size_);
    put(key, mtimeNs_);
    put(key, inode_);
    // The atlas settings, then each font's size, build settings and glyphs.
    put(key, atlas->Flags);
    put(key, atlas->TexDesiredWidth);
    put(key, atlas->TexGlyphPadding);
    put(key, atlas->FontBuilderFlags);
    put(key, atlas->ConfigData.Size);
    for (const ImFontConfig& c : atlas->ConfigData) {
        put(key, c.SizePixels);
        put(key, c.OversampleH);
        put(key, c.OversampleV);
        put(key, c.PixelSnapH);
        put(key, c.GlyphExtraSpacing);
        put(key, c.GlyphOffset);
        put(key, c.GlyphMinAdvanceX);
        put(key, c.GlyphMaxAdvanceX);
        put(key, c.MergeMode);
        put(key, c.FontBuilderFlags);
        put(key, c.RasterizerMultiply);
        put(key, c.EllipsisChar);
        for (const ImWchar* r = c.GlyphRanges; r && *r; ++r) put(key, *r);
        put(key, ImWchar(0));
    }
    return key;
}

AtlasCacheFile readAtlasCache(const std::string& path) {
    AtlasCacheFile file;
    file.path = path;
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        file.why = errno == ENOENT ? "none yet" : std::string("cannot open it: ") + std::strerror(errno);
        return file;
    }
    struct stat st {};
    unsigned char header[kHeaderSize];
    bool read = fstat(fd, &st) == 0 && static_cast<size_t>(st.st_size) >= kHeaderSize && readAll(fd, header, kHeaderSize);
    Reader h{header, header + kHeaderSize};
    const unsigned char* magic = h.take(sizeof kMagic);
    file.keyLen = h.get<uint32_t>();
    const auto bodyLen = h.get<uint64_t>();
    const auto bodyCrc = h.get<uint32_t>();
    if (read && std::memcmp(magic, kMagic, sizeof kMagic) == 0 && file.keyLen <= bodyLen &&
        bodyLen == static_cast<uint64_t>(st.st_size) - kHeaderSize) {
        file.body.resize(bodyLen);
        read = readAll(fd, file.body.data(), file.body.size());
    } else {
        read = false;
    }
    ::close(fd);
    file.read = read;
    if (!read) file.body.clear();
    file.crcOk = read && crc(0, file.body.data(), file.body.size()) == bodyCrc;
    return file;
}

std::string atlasCacheFile(const std::string& dir, float scale) {
    if (dir.empty()) return "";
    return dir + "/atlas-" + std::to_string(static_cast<int>(scale * 1000.0f + 0.5f)) + ".bin";
}

bool FontLibrary::loadCache(const std::string& key, std::string& why) {
    // The file read ahead by App::start, if it is this scale's; else read now.
    const std::string path = cacheFile();
    AtlasCacheFile file = preloaded_.path == path ? std::move(preloaded_) : readAtlasCache(path);
    preloaded_ = {};
    if (!file.why.empty()) {
        why = file.why;
        return false;
    }
    if (!file.read || file.keyLen != key.size()) {
        why = "not a cache file of this build, or truncated";
        return false;
    }
    const std::vector<unsigned char>& body = file.body;
    if (std::memcmp(body.data(), key.data(), key.size()) != 0) {
        why = "stale (font, glyph set, sizes or Dear ImGui changed)";
        return false;
    }
    if (!file.crcOk) {
        why = "damaged (checksum mismatch)";
        return false;
    }

    // Parse and check everything before touching the atlas.
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    Reader r{body.data() + key.size(), body.data() + body.size()};
    const auto texW = r.get<uint32_t>();
    const auto texH = r.get<uint32_t>();
    bool ok = r.ok && static_cast<int>(texW) == atlas->TexDesiredWidth && texH > 0 && texH <= kMaxTexHeight;
    ImFontAtlasBuildInit(atlas);  // registers ImGui's own rectangles, as Build() does
    struct Rect {
        uint16_t w, h, x, y;
    };
    // Counts are checked against what this build makes before anything is
    // allocated for them.
    const auto rectCount = r.get<uint32_t>();
    ok = ok && r.ok && rectCount == static_cast<uint32_t>(atlas->CustomRects.Size);
    std::vector<Rect> rects(ok ? rectCount : 0);
    for (size_t i = 0; ok && i < rects.size(); ++i) {
        Rect& rc = rects[i];
        rc = {r.get<uint16_t>(), r.get<uint16_t>(), r.get<uint16_t>(), r.get<uint16_t>()};
        const ImFontAtlasCustomRect& want = atlas->CustomRects[static_cast<int>(i)];
        ok = r.ok && rc.w == want.Width && rc.h == want.Height && rc.x + rc.w <= texW && rc.y + rc.h <= texH;
    }
    struct FontData {
        float ascent, descent;
        int surface;
        const unsigned char* glyphs;
        uint32_t count;
    };
    const auto fontCount = ok ? r.get<uint32_t>() : 0;
    ok = ok && r.ok && fontCount == static_cast<uint32_t>(atlas->Fonts.Size);
    std::vector<FontData> fonts(ok ? fontCount : 0);
    for (size_t i = 0; ok && i < fonts.size(); ++i) {
        FontData& f = fonts[i];
        f.ascent = r.get<float>();
        f.descent = r.get<float>();
        f.surface = r.get<int>();
        f.count = r.get<uint32_t>();
        ok = r.ok && f.count > 0 && f.count <= 0x10001;
        f.glyphs = ok ? r.take(sizeof(ImFontGlyph) * f.count) : nullptr;
        ok = ok && r.ok;
        for (uint32_t g = 0; ok && g < f.count; ++g) {
            ImFontGlyph glyph;
            std::memcpy(&glyph, f.glyphs + g * sizeof glyph, sizeof glyph);
            ok = glyph.Codepoint <= 0xFFFF && glyph.U0 >= 0 && glyph.U1 <= 1 && glyph.V0 >= 0 && glyph.V1 <= 1;
        }
    }
    const size_t pixelCount = static_cast<size_t>(texW) * texH;
    const unsigned char* pixels = ok ? r.take(pixelCount) : nullptr;
    if (!ok || !r.ok || r.p != r.end) {
        why = "damaged (inconsistent contents)";
        return false;
    }

    // What ImFontAtlas::Build() leaves behind, from the file instead of the
    // rasteriser: the texture, the packed rectangles, each font's metrics and
    // glyphs; ImFontAtlasBuildFinish() then sets the white pixel and line
    // UVs and the fonts' lookup tables, as Build() does.
    atlas->ClearTexData();
    atlas->TexWidth = static_cast<int>(texW);
    atlas->TexHeight = static_cast<int>(texH);
    atlas->TexUvScale = ImVec2(1.0f / static_cast<float>(texW), 1.0f / static_cast<float>(texH));
    atlas->TexPixelsAlpha8 = static_cast<unsigned char*>(IM_ALLOC(pixelCount));
    std::memcpy(atlas->TexPixelsAlpha8, pixels, pixelCount);
    for (size_t i = 0; i < rects.size(); ++i) {
        atlas->CustomRects[static_cast<int>(i)].X = rects[i].x;
        atlas->CustomRects[static_cast<int>(i)].Y = rects[i].y;
    }
    for (size_t i = 0; i < fonts.size(); ++i) {
        ImFont* font = atlas->Fonts[static_cast<int>(i)];
        ImFontAtlasBuildSetupFont(atlas, font, &atlas->ConfigData[static_cast<int>(i)], fonts[i].ascent, fonts[i].descent);
        font->Glyphs.resize(static_cast<int>(fonts[i].count));
        std::memcpy(font->Glyphs.Data, fonts[i].glyphs, sizeof(ImFontGlyph) * fonts[i].count);
        font->MetricsTotalSurface = fonts[i].surface;
        font->DirtyLookupTables = true;
    }
    ImFontAtlasBuildFinish(atlas);
    return true;
}

void FontLibrary::saveCache(const std::string& key) const {
    const ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    if (!atlas->TexPixelsAlpha8) return;
    std::string meta = key;
    put(meta, static_cast<uint32_t>(atlas->TexWidth));
    put(meta, static_cast<uint32_t>(atlas->TexHeight));
    put(meta, static_cast<uint32_t>(atlas->CustomRects.Size));
    for (const ImFontAtlasCustomRect& rc : atlas->CustomRects) {
        put(meta, static_cast<uint16_t>(rc.Width));
        put(meta, static_cast<uint16_t>(rc.Height));
        put(meta, static_cast<uint16_t>(rc.X));
        put(meta, static_cast<uint16_t>(rc.Y));
    }
    put(meta, static_cast<uint32_t>(atlas->Fonts.Size));
    for (const ImFont* f : atlas->Fonts) {
        put(meta, f->Ascent);
        put(meta, f->Descent);
        put(meta, f->MetricsTotalSurface);
        put(meta, static_cast<uint32_t>(f->Glyphs.Size));
        meta.append(reinterpret_cast<const char*>(f->Glyphs.Data), sizeof(ImFontGlyph) * static_cast<size_t>(f->Glyphs.Size));
    }
    const size_t pixelCount = static_cast<size_t>(atlas->TexWidth) * static_cast<size_t>(atlas->TexHeight);
    std::string header(kMagic, sizeof kMagic);
    put(header, static_cast<uint32_t>(key.size()));
    put(header, static_cast<uint64_t>(meta.size() + pixelCount));
    put(header, crc(crc(0, meta.data(), meta.size()), atlas->TexPixelsAlpha8, pixelCount));

    // A temporary file renamed over the old one: a reader sees the old file
    // or the new one, never half of one. No fsync: a file torn by a power
    // cut fails its size or checksum check and is rebuilt.
    const std::string path = cacheFile();
    std::error_code ec;
    std::filesystem::create_directories(cacheDir_, ec);
    const std::string tmp = path + ".tmp." + std::to_string(getpid());
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    bool ok = fd >= 0 && writeAll(fd, header.data(), header.size()) && writeAll(fd, meta.data(), meta.size()) &&
              writeAll(fd, atlas->TexPixelsAlpha8, pixelCount);
    int err = ok ? 0 : errno;
    if (fd >= 0 && ::close(fd) != 0 && ok) {
        ok = false;
        err = errno;
    }
    if (ok && std::rename(tmp.c_str(), path.c_str()) == 0) return;
    if (ok) err = errno;
    KLOG_WARN("font atlas cache: cannot write {} ({}); the next start rasterises again", path, std::strerror(err));
    ::unlink(tmp.c_str());
}

}  // namespace kiosk
