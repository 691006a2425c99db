#pragma once
// Type-checked reads of JSON that came from outside the kiosk (the central
// service's answers, files another process wrote). issue #13: nlohmann's
// `value()`, `get<>()` and `at()` throw on a wrong type, and a throw on a
// worker thread ends in std::terminate; these never throw.
//
// - parse(): nothing for text that is not JSON, is larger than maxBytes, or
//   nests deeper than maxDepth (dump() and the visitors recurse: a hostile
//   `[[[[...` must not exhaust the stack).
// - str()/integer()/boolean()/number()/object()/array(): the member `key` of
//   `obj` when `obj` is an object holding `key` with that type; otherwise
//   nothing (nullptr for object()/array()).
// Header-only; the caller links nlohmann_json. Pure functions, any thread.
#include <nlohmann/json.hpp>

#include <cstddef>
#include <climits>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kiosk::jsonr {

using json = nlohmann::json;

inline constexpr std::size_t kMaxDepth = 64;
inline constexpr std::size_t kMaxBytes = 8 * 1024 * 1024;

// True when the brackets of `text` (outside strings) nest at most maxDepth deep.
inline bool depthWithin(std::string_view text, std::size_t maxDepth) {
    std::size_t depth = 0;
    bool inString = false;
    bool escaped = false;
    for (char c : text) {
        if (inString) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') inString = false;
            continue;
        }
        if (c == '"') inString = true;
        else if (c == '[' || c == '{') {
            if (++depth > maxDepth) return false;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return true;
}

inline std::optional<json> parse(std::string_view text, std::size_t maxDepth = kMaxDepth,
                                 std::size_t maxBytes = kMaxBytes) {
    if (text.size() > maxBytes || !depthWithin(text, maxDepth)) return std::nullopt;
    json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return std::nullopt;
    return j;
}

// parse() that also wants an object at the top.
inline std::optional<json> parseObject(std::string_view text, std::size_t maxDepth = kMaxDepth) {
    auto j = parse(text, maxDepth);
    if (!j || !j->is_object()) return std::nullopt;
    return j;
}

inline const json* member(const json& obj, std::string_view key) {
    if (!obj.is_object()) return nullptr;
    auto it = obj.find(key);
    return it == obj.end() ? nullptr : &*it;
}

inline std::optional<std::string> str(const json& obj, std::string_view key) {
    const json* m = member(obj, key);
    if (!m || !m->is_string()) return std::nullopt;
    return m->get_ref<const std::string&>();
}

inline std::optional<std::int64_t> integer(const json& obj, std::string_view key) {
    const json* m = member(obj, key);
    if (!m) return std::nullopt;
    if (m->is_number_unsigned())  // above INT64_MAX: not a number the kiosk uses
        return m->get<std::uint64_t>() <= static_cast<std::uint64_t>(INT64_MAX)
                   ? std::optional<std::int64_t>(static_cast<std::int64_t>(m->get<std::uint64_t>()))
                   : std::nullopt;
    if (m->is_number_integer()) return m->get<std::int64_t>();
    return std::nullopt;
}

inline std::optional<double> number(const json& obj, std::string_view key) {
    const json* m = member(obj, key);
    if (!m || !m->is_number()) return std::nullopt;
    return m->get<double>();
}

inline std::optional<bool> boolean(const json& obj, std::string_view key) {
    const json* m = member(obj, key);
    if (!m || !m->is_boolean()) return std::nullopt;
    return m->get<bool>();
}

inline const json* object(const json& obj, std::string_view key) {
    const json* m = member(obj, key);
    return m && m->is_object() ? m : nullptr;
}

inline const json* array(const json& obj, std::string_view key) {
    const json* m = member(obj, key);
    return m && m->is_array() ? m : nullptr;
}

// The value, or `fallback` when it is absent or of another type.
inline std::string strOr(const json& obj, std::string_view key, std::string fallback) {
    auto v = str(obj, key);
    return v ? *v : std::move(fallback);
}

}  // namespace kiosk::jsonr
