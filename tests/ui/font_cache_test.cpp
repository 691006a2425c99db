// The font atlas cache (kiosk/app/fonts.h, issue #17): a start from the cache
// draws exactly what a rasterised start draws, and a missing, stale,
// truncated or damaged cache file is rebuilt, never used.
#include <SDL_opengl.h>
#include <imgui.h>
#include <sys/stat.h>
#include <utime.h>
#include <zlib.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "kiosk/app/fonts.h"
#include "ui_test_support.h"

using namespace kiosk;
using namespace kiosk::test;
namespace fs = std::filesystem;

namespace {

KioskConfig quietConfig() {
    KioskConfig cfg;
    cfg.voice.enabled = false;
    return cfg;
}

// What a font's glyph tables hold, as bytes, for exact comparison.
std::string glyphTables(const ImFont* f) {
    std::string out;
    auto add = [&](const void* p, size_t n) { out.append(static_cast<const char*>(p), n); };
    add(f->Glyphs.Data, sizeof(ImFontGlyph) * static_cast<size_t>(f->Glyphs.Size));
    add(f->IndexAdvanceX.Data, sizeof(float) * static_cast<size_t>(f->IndexAdvanceX.Size));
    add(f->IndexLookup.Data, sizeof(ImWchar) * static_cast<size_t>(f->IndexLookup.Size));
    for (float v : {f->FontSize, f->Ascent, f->Descent, f->FallbackAdvanceX}) add(&v, sizeof v);
    for (ImWchar c : {f->FallbackChar, f->EllipsisChar, f->DotChar}) add(&c, sizeof c);
    const ImWchar fallback = f->FallbackGlyph ? static_cast<ImWchar>(f->FallbackGlyph->Codepoint) : 0;
    add(&fallback, sizeof fallback);
    return out;
}

// Everything the renderer reads from the atlas: the texture on the GPU (read
// back), ImGui's own UVs and each font's tables.
struct AtlasState {
    int width = 0, height = 0;
    std::vector<unsigned char> texture;
    std::string uvs;
    std::vector<std::string> fonts;
    bool operator==(const AtlasState&) const = default;
};

AtlasState atlasState(const Theme& theme) {
    AtlasState s;
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    s.width = atlas->TexWidth;
    s.height = atlas->TexHeight;
    s.texture.resize(static_cast<size_t>(s.width) * static_cast<size_t>(s.height));
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(reinterpret_cast<intptr_t>(atlas->TexID)));
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glGetTexImage(GL_TEXTURE_2D, 0, GL_RED, GL_UNSIGNED_BYTE, s.texture.data());
    s.uvs.append(reinterpret_cast<const char*>(&atlas->TexUvWhitePixel), sizeof atlas->TexUvWhitePixel);
    s.uvs.append(reinterpret_cast<const char*>(atlas->TexUvLines), sizeof atlas->TexUvLines);
    for (const ImFont* f : {theme.fonts.body, theme.fonts.button, theme.fonts.title}) s.fonts.push_back(glyphTables(f));
    return s;
}

class FontCacheTest : public UiTest {
protected:
    void SetUp() override {
        UiTest::SetUp();
        dir_ = fs::temp_directory_path() / ("kiosk-font-cache-" + std::to_string(getpid()));
        fs::remove_all(dir_);
        if (const char* old = std::getenv("XDG_CACHE_HOME")) oldXdg_ = old;
        setenv("XDG_CACHE_HOME", dir_.c_str(), 1);
    }
    void TearDown() override {
        UiTest::TearDown();
        if (oldXdg_) setenv("XDG_CACHE_HOME", oldXdg_->c_str(), 1);
        else unsetenv("XDG_CACHE_HOME");
        fs::remove_all(dir_);
    }
    fs::path cacheFile() const { return dir_ / "civil-kiosk/fonts/atlas-1000.bin"; }
    // Starts the app afresh; returns where its atlas came from, with the
    // attract screen's pixels and the atlas state.
    AtlasSource restart(Image* shot = nullptr, AtlasState* state = nullptr) {
        app.reset();
        startApp(quietConfig());
        if (shot) *shot = screenshot();
        if (state) *state = atlasState(app->theme());
        return app->fonts().lastSource();
    }

    fs::path dir_;
    std::optional<std::string> oldXdg_;
};

TEST_F(FontCacheTest, CachedStartDrawsExactlyWhatARasterisedStartDraws) {
    Image built, cached;
    AtlasState builtAtlas, cachedAtlas;
    ASSERT_EQ(restart(&built, &builtAtlas), AtlasSource::Rasterised) << "no cache yet";
    ASSERT_TRUE(fs::exists(cacheFile()));
    EXPECT_EQ(app->fonts().cacheFile(), cacheFile().string());
    ASSERT_EQ(restart(&cached, &cachedAtlas), AtlasSource::Cache);
    EXPECT_EQ(differingPixels(built, cached), 0u) << "the attract screen differs between a rasterised and a cached atlas";
    EXPECT_GT(builtAtlas.texture.size(), 1'000'000u);
    EXPECT_TRUE(builtAtlas.texture == cachedAtlas.texture) << "atlas texture differs";
    EXPECT_EQ(builtAtlas.uvs, cachedAtlas.uvs) << "white pixel or line UVs differ";
    ASSERT_EQ(builtAtlas.fonts.size(), cachedAtlas.fonts.size());
    for (size_t i = 0; i < builtAtlas.fonts.size(); ++i) EXPECT_EQ(builtAtlas.fonts[i], cachedAtlas.fonts[i]) << "font " << i;

    // A rare name's character still joins a cached atlas at run time (it is
    // rasterised, and not written to the cache).
    const auto before = fs::last_write_time(cacheFile());
    app->requireGlyphs("刘䶮");
    frames(1);
    EXPECT_NE(app->theme().fonts.body->FindGlyphNoFallback(0x4DAE), nullptr);
    EXPECT_EQ(app->fonts().lastSource(), AtlasSource::Rasterised);
    EXPECT_EQ(fs::last_write_time(cacheFile()), before);
    EXPECT_EQ(restart(), AtlasSource::Cache);
}

TEST_F(FontCacheTest, DamagedOrTruncatedCacheIsRebuiltNotUsed) {
    Image reference;
    AtlasState referenceAtlas;
    ASSERT_EQ(restart(&reference, &referenceAtlas), AtlasSource::Rasterised);
    std::vector<char> good;
    {
        std::ifstream in(cacheFile(), std::ios::binary);
        good.assign(std::istreambuf_iterator<char>(in), {});
    }
    ASSERT_GT(good.size(), 1'000'000u);
    struct Damage {
        const char* what;
        std::vector<char> bytes;
    };
    auto flipped = [&](size_t at) {
        std::vector<char> b = good;
        b[at] = static_cast<char>(b[at] ^ 0x5A);
        return b;
    };
    // A file whose checksum is right but whose contents are not (a count
    // that would allocate gigabytes): the structure is checked as well.
    auto reckoned = [&](std::vector<char> b) {
        const uint32_t crc = static_cast<uint32_t>(
            crc32(0, reinterpret_cast<const Bytef*>(b.data()) + 24, static_cast<uInt>(b.size() - 24)));
        std::memcpy(b.data() + 20, &crc, sizeof crc);
        return b;
    };
    uint32_t keyLen = 0;
    std::memcpy(&keyLen, good.data() + 8, sizeof keyLen);
    auto withField = [&](size_t at, uint32_t value) {
        std::vector<char> b = good;
        std::memcpy(b.data() + 24 + keyLen + at, &value, sizeof value);
        return reckoned(b);
    };
    std::vector<Damage> cases = {
        {"checksum right, texture height huge", withField(4, 0x7fffffff)},
        {"checksum right, rectangle count huge", withField(8, 0xffffffff)},
        {"empty", {}},
        {"header only", std::vector<char>(good.begin(), good.begin() + 24)},
        {"truncated", std::vector<char>(good.begin(), good.begin() + static_cast<long>(good.size() / 2))},
        {"one byte short", std::vector<char>(good.begin(), good.end() - 1)},
        {"one byte more", [&] { auto b = good; b.push_back(0); return b; }()},
        {"a pixel flipped", flipped(good.size() - 1000)},
        {"a glyph flipped", flipped(good.size() / 10)},
        {"the key flipped", flipped(40)},
        {"the magic flipped", flipped(0)},
        {"garbage", std::vector<char>(4096, '\x7f')},
    };
    for (const Damage& d : cases) {
        SCOPED_TRACE(d.what);
        {
            std::ofstream out(cacheFile(), std::ios::binary | std::ios::trunc);
            out.write(d.bytes.data(), static_cast<std::streamsize>(d.bytes.size()));
        }
        Image shot;
        AtlasState state;
        EXPECT_EQ(restart(&shot, &state), AtlasSource::Rasterised);
        EXPECT_EQ(differingPixels(reference, shot), 0u);
        EXPECT_TRUE(state == referenceAtlas);
        // ...and the rebuilt atlas was written back, whole.
        EXPECT_EQ(fs::file_size(cacheFile()), good.size());
    }
    EXPECT_EQ(restart(), AtlasSource::Cache);
}

TEST_F(FontCacheTest, UnwritableCacheDirectoryOnlyCostsTheCache) {
    // A cache "directory" below a regular file can never be created.
    fs::create_directories(dir_);
    std::ofstream(dir_ / "civil-kiosk") << "not a directory";
    Image shot;
    EXPECT_EQ(restart(&shot), AtlasSource::Rasterised);
    EXPECT_GT(inkPixels(shot, app->theme().background), 10'000u);
    EXPECT_EQ(restart(), AtlasSource::Rasterised);
}

TEST_F(FontCacheTest, LargeTextAtlasIsBuiltWhenFirstSwitchedOnAndCachedToo) {
    ASSERT_EQ(restart(), AtlasSource::Rasterised);
    const fs::path large = dir_ / "civil-kiosk/fonts/atlas-1500.bin";
    EXPECT_FALSE(fs::exists(large)) << "large text is built only when switched on";
    const float normal = app->theme().fonts.body->FontSize;
    app->flow().setLargeText(true);
    frames(1);
    EXPECT_NEAR(app->theme().fonts.body->FontSize, normal * 1.5f, 1.0f);
    EXPECT_EQ(app->fonts().lastSource(), AtlasSource::Rasterised);
    EXPECT_TRUE(fs::exists(large));
    app->flow().setLargeText(false);
    frames(1);
    EXPECT_EQ(app->fonts().lastSource(), AtlasSource::Cache) << "back to standard text: from the cache";
    app->flow().setLargeText(true);
    frames(1);
    EXPECT_EQ(app->fonts().lastSource(), AtlasSource::Cache) << "large text again: from its cache";
    EXPECT_NEAR(app->theme().fonts.body->FontSize, normal * 1.5f, 1.0f);
}

// The key follows the font file and the glyph set: a font package update
// (new mtime) or new UI strings make the cache stale.
TEST_F(FontCacheTest, ChangedFontFileOrGlyphSetMakesTheCacheStale) {
    startApp(quietConfig());  // a window, a GL context and ImGui for a second FontLibrary
    auto system = findCjkFont();
    ASSERT_TRUE(system) << system.error();
    fs::create_directories(dir_);
    const fs::path copy = dir_ / "font.ttc";
    fs::copy_file(system.value().path, copy);
    const std::string cacheDir = (dir_ / "own-cache").string();
    auto build = [&](const std::string& text) {
        FontLibrary lib;
        EXPECT_FALSE(lib.open(FontFace{copy.string(), system.value().index}));
        lib.setBaseText(text);
        lib.setCacheDir(cacheDir);
        EXPECT_TRUE(lib.rebuildIfNeeded());
        EXPECT_NE(lib.fonts().body->FindGlyphNoFallback(0x6C11), nullptr);  // 民
        AtlasSource source = lib.lastSource();
        lib.releaseTexture();
        return source;
    };
    EXPECT_EQ(build("民政"), AtlasSource::Rasterised);
    EXPECT_EQ(build("民政"), AtlasSource::Cache);
    EXPECT_EQ(build("民政堃"), AtlasSource::Rasterised) << "another glyph set";
    EXPECT_EQ(build("民政堃"), AtlasSource::Cache);
    struct stat st {};
    ASSERT_EQ(stat(copy.c_str(), &st), 0);
    utimbuf times{st.st_atime, st.st_mtime - 3600};
    ASSERT_EQ(utime(copy.c_str(), &times), 0);
    EXPECT_EQ(build("民政堃"), AtlasSource::Rasterised) << "the font file changed";
    EXPECT_EQ(build("民政堃"), AtlasSource::Cache);
}

}  // namespace
