// Every i18n key used in the code exists in every language file, and every
// language file has the same keys (so no language silently lags behind).
// Keys are found as the first string literal of tr("..."), i18nKey("...")
// and strings.get(lang, "...") calls in the sources.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "kiosk/core/strings.h"

using namespace kiosk;
namespace fs = std::filesystem;

namespace {

std::string readFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::set<std::string> keysUsedInCode() {
    const std::regex use(R"re((?:\btr|\bi18nKey|\.get)\((?:[A-Za-z_:.]+,\s*)?"([a-z0-9_]+(?:\.[a-z0-9_]+)+)")re");
    std::set<std::string> keys;
    for (const char* dir : {"kiosk", "screens", "drivers", "offline-cache", "central"}) {
        fs::path root = fs::path(KIOSK_SOURCE_DIR) / dir;
        if (!fs::exists(root)) continue;
        for (auto& entry : fs::recursive_directory_iterator(root)) {
            auto ext = entry.path().extension();
            if (ext != ".cpp" && ext != ".h") continue;
            std::string text = readFile(entry.path());
            for (auto it = std::sregex_iterator(text.begin(), text.end(), use); it != std::sregex_iterator(); ++it)
                keys.insert((*it)[1]);
        }
    }
    return keys;
}

Strings loadTables() {
    Strings strings;
    for (Language lang : kAllLanguages) {
        auto path = fs::path(KIOSK_SOURCE_DIR) / "assets/i18n" / (std::string(languageTag(lang)) + ".json");
        auto err = strings.load(lang, readFile(path));
        EXPECT_FALSE(err) << path << ": " << *err;
    }
    return strings;
}

}  // namespace

TEST(I18nKeys, EveryKeyUsedExistsInEveryLanguage) {
    Strings strings = loadTables();
    auto used = keysUsedInCode();
    ASSERT_GT(used.size(), 40u) << "the scanner found too few keys: is the pattern still right?";
    for (const auto& key : used)
        for (Language lang : kAllLanguages)
            EXPECT_TRUE(strings.has(lang, key)) << "key '" << key << "' missing in " << languageTag(lang) << ".json";
}

TEST(I18nKeys, LanguagesHaveTheSameKeys) {
    Strings strings = loadTables();
    EXPECT_EQ(strings.keys(Language::ZhCN), strings.keys(Language::En));
}

TEST(I18nKeys, NoTextIsLeftEmpty) {
    Strings strings = loadTables();
    for (Language lang : kAllLanguages)
        for (const auto& key : strings.keys(lang))
            EXPECT_STRNE(strings.get(lang, key), "") << key << " in " << languageTag(lang);
}
