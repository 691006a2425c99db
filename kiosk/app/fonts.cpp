#include "kiosk/app/fonts.h"

#include <fcntl.h>
#include <fontconfig/fontconfig.h>
#include <imgui_impl_opengl3.h>
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
        if (built_ && fonts_.body->FindGlyphNoFallback(w)) continue;
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
    if (built_) ImGui_ImplOpenGL3_DestroyFontsTexture();
    build();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    lastBuildMs_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    KLOG_DEBUG("font atlas built in {:.0f} ms ({} extra characters)", lastBuildMs_, extra_.size());
    return true;
}

void FontLibrary::build() {
    ImGuiIO& io = ImGui::GetIO();
    ImFontAtlas* atlas = io.Fonts;
    atlas->Clear();

    ImFontGlyphRangesBuilder builder;
    builder.AddRanges(atlas->GetGlyphRangesChineseSimplifiedCommon());
    builder.AddText(baseText_.c_str());
    for (ImWchar c : extra_) builder.AddChar(c);
    builder.AddChar(0x25A1);  // □, the visible placeholder for missing characters
    ranges_.clear();
    builder.BuildRanges(&ranges_);

    auto add = [&](float px) {
        ImFontConfig cfg;
        cfg.FontNo = faceIndex_;
        cfg.FontDataOwnedByAtlas = false;  // the mmap stays ours
        // CJK glyphs at 30+ px need no horizontal oversampling; 1 instead of
        // ImGui's default 3 makes the atlas ~3x cheaper to build.
        cfg.OversampleH = 1;
        cfg.OversampleV = 1;
        cfg.PixelSnapH = true;
        ImFont* f = atlas->AddFontFromMemoryTTF(const_cast<unsigned char*>(data_), static_cast<int>(size_),
                                                px * scale_, &cfg, ranges_.Data);
        f->FallbackChar = 0x25A1;
        return f;
    };
    fonts_.body = add(kBodyPx);
    fonts_.button = add(kButtonPx);
    fonts_.title = add(kTitlePx);
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
