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

#include <chrono>

#include "kiosk/core/log.h"

namespace kiosk {
namespace {
// Theme sizes in pixels at scale 1.0 (1080 px short side, ~21.5" screen):
// body text is ~7 mm tall, well above the 4.2 mm minimum for public kiosks.
constexpr float kBodyPx = 34, kButtonPx = 42, kTitlePx = 56;
}  // namespace

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
    build();
    uploadTexture();
    // The texture lives on the GPU side now; drop the CPU copy. The glyph
    // tables stay, so text still lays out.
    ImGui::GetIO().Fonts->ClearTexData();
    // Give back what the build used: the font file's pages (re-read from the
    // page cache on the next rebuild) and the freed heap of the rasteriser.
    madvise(const_cast<unsigned char*>(data_), size_, MADV_DONTNEED);
    malloc_trim(0);
    lastBuildMs_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    KLOG_DEBUG("font atlas {}x{} built in {:.0f} ms ({} extra characters)", ImGui::GetIO().Fonts->TexWidth,
               ImGui::GetIO().Fonts->TexHeight, lastBuildMs_, extra_.size());
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

void FontLibrary::build() {
    ImGuiIO& io = ImGui::GetIO();
    ImFontAtlas* atlas = io.Fonts;
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
        cfg.FontDataOwnedByAtlas = false;  // the mmap stays ours
        // CJK glyphs at 30+ px need no horizontal oversampling; 1 instead of
        // ImGui's default 3 makes the atlas ~3x cheaper to build.
        cfg.OversampleH = 1;
        cfg.OversampleV = 1;
        cfg.PixelSnapH = true;
        return atlas->AddFontFromMemoryTTF(const_cast<unsigned char*>(data_), static_cast<int>(size_), px * scale_, &cfg,
                                           ranges.Data);
    };
    fonts_.body = add(kBodyPx, ranges_);
    fonts_.button = add(kButtonPx, uiRanges_);
    fonts_.title = add(kTitlePx, uiRanges_);
    atlas->TexDesiredWidth = 4096;
    atlas->Build();
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

}  // namespace kiosk
