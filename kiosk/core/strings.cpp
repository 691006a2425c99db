#include "kiosk/core/strings.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <mutex>
#include <set>

#include "kiosk/core/log.h"

namespace kiosk {

std::optional<std::string> Strings::load(Language lang, std::string_view jsonText) {
    nlohmann::json doc = nlohmann::json::parse(jsonText, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) return std::string("not valid JSON");
    if (!doc.is_object()) return std::string("expected a JSON object of \"key\": \"text\"");
    auto& table = tables_[static_cast<size_t>(lang)];
    table.clear();
    for (auto& [key, value] : doc.items()) {
        if (!value.is_string()) return "value of \"" + key + "\" is not a string";
        table.emplace(key, value.get<std::string>());
    }
    return std::nullopt;
}

const char* Strings::get(Language lang, std::string_view key) const {
    const auto& table = tables_[static_cast<size_t>(lang)];
    if (auto it = table.find(std::string(key)); it != table.end()) return it->second.c_str();
    // Missing: return the key (kept alive in a static set) and warn once.
    static std::mutex mutex;
    static std::set<std::string, std::less<>> missing;
    std::lock_guard lock(mutex);
    auto [it, inserted] = missing.emplace(std::string(languageTag(lang)) + ":" + std::string(key));
    if (inserted) KLOG_WARN("missing UI string {}", *it);
    return it->c_str() + languageTag(lang).size() + 1;
}

bool Strings::has(Language lang, std::string_view key) const {
    return tables_[static_cast<size_t>(lang)].count(std::string(key)) > 0;
}

std::vector<std::string> Strings::keys(Language lang) const {
    std::vector<std::string> out;
    for (auto& [k, v] : tables_[static_cast<size_t>(lang)]) out.push_back(k);
    std::sort(out.begin(), out.end());
    return out;
}

std::string Strings::allText() const {
    std::string out;
    for (auto& table : tables_)
        for (auto& [k, v] : table) out += v;
    return out;
}

std::string Strings::format(std::string_view text, std::initializer_list<std::pair<std::string_view, std::string>> args) {
    // Appends piece by piece (no in-place replace): substituted values are
    // never scanned again, and GCC 12 -O3 raises a false -Wrestrict on
    // std::string::replace.
    std::string out;
    out.reserve(text.size());
    size_t i = 0;
    while (i < text.size()) {
        bool replaced = false;
        if (text[i] == '{') {
            for (auto& [name, value] : args) {
                if (text.compare(i + 1, name.size(), name) == 0 && i + 1 + name.size() < text.size() &&
                    text[i + 1 + name.size()] == '}') {
                    out += value;
                    i += name.size() + 2;
                    replaced = true;
                    break;
                }
            }
        }
        if (!replaced) out += text[i++];
    }
    return out;
}

}  // namespace kiosk
