// The layout check (issue #14): every screen of the guided tour, in both
// orientations, both languages and every mode, against the rules in
// layout_rules.h. The tour (ctest kiosk_tour, a fixture of this test) writes
// one <picture>.layout.json next to each picture; this reads them all and
// lists every violation with its file, element and rectangles.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include "tests/layout/layout_rules.h"

namespace kiosk::layoutcheck {
namespace {

using nlohmann::json;

// A 1920x1080 screen at ~4 px/mm with a header to 160 and a footer from 940.
json screen() {
    return {{"screen", "made-up"}, {"display", {1920, 1080}}, {"pxPerMm", 4.0}, {"header", {0, 160}},
            {"footer", {940, 1080}}, {"texts", json::array()}, {"targets", json::array()}};
}
json target(const char* id, double x0, double y0, double x1, double y1, const char* band = "body") {
    return {{"id", id}, {"rect", {x0, y0, x1, y1}}, {"enabled", true}, {"band", band}};
}
json text(const char* s, double x0, double y0, double x1, double y1, const char* owner = "", const char* band = "body") {
    return {{"text", s}, {"rect", {x0, y0, x1, y1}}, {"fontSize", 34}, {"clipped", false}, {"ellipsis", false},
            {"scrolled", false}, {"owner", owner}, {"band", band}, {"missingGlyphs", ""}};
}
bool has(const std::vector<std::string>& v, const std::string& start) {
    for (const auto& s : v)
        if (s.rfind(start, 0) == 0) return true;
    return false;
}

TEST(LayoutRules, ACleanScreenPasses) {
    json s = screen();
    s["targets"].push_back(target("a", 100, 300, 400, 420));
    s["targets"].push_back(target("b", 400, 300, 700, 420));  // touching is fine
    s["texts"].push_back(text("A", 150, 340, 200, 374, "a"));
    s["texts"].push_back(text("title", 100, 200, 300, 234));
    s["targets"].push_back(target("header.home", 1700, 10, 1900, 150, "header"));
    EXPECT_EQ(check(s), std::vector<std::string>{});
}

TEST(LayoutRules, OverlappingTargetsAndForeignTextFail) {
    json s = screen();
    s["targets"].push_back(target("a", 100, 300, 400, 420));
    s["targets"].push_back(target("b", 390, 300, 700, 420));
    s["texts"].push_back(text("B's label on A", 150, 340, 300, 374, "b"));
    auto v = check(s);
    EXPECT_TRUE(has(v, "overlap: target a")) << ::testing::PrintToString(v);
    EXPECT_TRUE(has(v, "overlap: text \"B's label on A\"")) << ::testing::PrintToString(v);
}

TEST(LayoutRules, CutTextNeedsAnEllipsisUnlessScrolled) {
    json s = screen();
    s["texts"].push_back(text("cut", 100, 300, 200, 334));
    s["texts"].back()["clipped"] = true;
    EXPECT_TRUE(has(check(s), "clipped:"));
    s["texts"].back()["ellipsis"] = true;
    EXPECT_FALSE(has(check(s), "clipped:"));
    s["texts"].back()["ellipsis"] = false;
    s["texts"].back()["scrolled"] = true;
    EXPECT_FALSE(has(check(s), "clipped:"));
}

TEST(LayoutRules, BandsWindowSizeAndGlyphs) {
    json s = screen();
    s["targets"].push_back(target("low", 100, 900, 400, 1000));       // into the footer
    s["targets"].push_back(target("tiny", 500, 300, 550, 420));       // 12.5 mm wide
    s["texts"].push_back(text("off", 1900, 300, 1990, 334));          // leaves the window
    s["texts"].push_back(text("tofu", 100, 500, 200, 534));
    s["texts"].back()["missingGlyphs"] = "\xE6\xA1\x82";
    s["texts"].push_back(text("step", 1000, 960, 1100, 994, "", "footer"));  // the footer's own: fine
    auto v = check(s);
    EXPECT_TRUE(has(v, "band: target low")) << ::testing::PrintToString(v);
    EXPECT_TRUE(has(v, "small: target tiny")) << ::testing::PrintToString(v);
    EXPECT_TRUE(has(v, "outside: text \"off\"")) << ::testing::PrintToString(v);
    EXPECT_TRUE(has(v, "glyph: text \"tofu\"")) << ::testing::PrintToString(v);
    EXPECT_EQ(v.size(), 4u) << ::testing::PrintToString(v);
}

TEST(LayoutRules, AnOverlayHidesTheScreenBeneath) {
    json s = screen();
    s["targets"].push_back(target("a", 100, 300, 400, 420));
    s["targets"].push_back(target("b", 300, 300, 700, 420));  // overlapping, but under the card
    s["targets"].push_back(target("confirm.yes", 500, 600, 900, 760, "overlay"));
    EXPECT_EQ(check(s), std::vector<std::string>{});
}

// The tour's output: run after kiosk_tour (FIXTURES_REQUIRED in CMake).
TEST(TourLayout, EveryScreenPassesTheLayoutCheck) {
    // LAYOUT_TOUR_DIR: check another tour (kiosk --tour DIR --tour-only ... while working on a screen).
    const char* other = std::getenv("LAYOUT_TOUR_DIR");
    const std::filesystem::path dir = other && *other ? other : KIOSK_TOUR_DIR;
    size_t screens = 0, failed = 0;
    std::map<std::string, size_t> byRule;
    std::string report;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        if (entry.path().filename().string().ends_with(".layout.json")) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& path : files) {
        std::ifstream in(path);
        json doc = json::parse(in, nullptr, false);
        ASSERT_FALSE(doc.is_discarded()) << path << ": not JSON";
        ++screens;
        auto violations = check(doc);
        if (violations.empty()) continue;
        ++failed;
        for (const auto& v : violations) {
            ++byRule[v.substr(0, v.find(':'))];
            report += path.filename().string() + ": " + v + "\n";
        }
    }
    ASSERT_GT(screens, 0u) << "no .layout.json in " << dir << " (did kiosk_tour run?)";
    std::string summary;
    for (const auto& [rule, n] : byRule) summary += " " + rule + "=" + std::to_string(n);
    EXPECT_EQ(failed, 0u) << failed << " of " << screens << " screens fail:" << summary << "\n" << report;
}

}  // namespace
}  // namespace kiosk::layoutcheck
