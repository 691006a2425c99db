#pragma once
// UI strings: every text a person sees is a key into assets/i18n/<tag>.json
// (flat objects: "menu.balances": "查询补贴余额"). A test checks that every
// key used in the code exists in every language.
//
// Loaded once at start-up on the UI thread, read-only afterwards (any thread).
#include <array>
#include <initializer_list>
#include <optional>
#include <vector>
#include <string>
#include <string_view>
#include <unordered_map>

#include "kiosk/core/language.h"
#include "kiosk/core/result.h"

namespace kiosk {

// Marks a string literal as an i18n key where it is not passed straight to a
// translation call (tables of keys): the key-coverage test finds it.
constexpr const char* i18nKey(const char* key) { return key; }

class Strings {
public:
    // Parses one language's table (JSON text). Returns an error message naming
    // the problem (not JSON, not an object, a value that is not a string).
    std::optional<std::string> load(Language lang, std::string_view jsonText);

    // The text for `key`, or the key itself when missing (and a warning is
    // logged once per key): a missing string is visible, never a crash.
    // The returned pointer stays valid for the lifetime of this object.
    const char* get(Language lang, std::string_view key) const;
    bool has(Language lang, std::string_view key) const;

    // Every key of a language, and all text of all languages (for the font
    // atlas: each character of the UI must be in it).
    std::vector<std::string> keys(Language lang) const;
    std::string allText() const;

    // Replaces "{name}" placeholders with values; used for counts and times.
    static std::string format(std::string_view text, std::initializer_list<std::pair<std::string_view, std::string>> args);

private:
    std::array<std::unordered_map<std::string, std::string>, kAllLanguages.size()> tables_;
};

}  // namespace kiosk
