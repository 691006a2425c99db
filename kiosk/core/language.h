#pragma once
#include <array>
#include <optional>
#include <string_view>

namespace kiosk {

enum class Language { ZhCN, En };
inline constexpr std::array<Language, 2> kAllLanguages = {Language::ZhCN, Language::En};

// BCP 47 tags, also the names of the string tables: "zh-CN", "en".
std::string_view languageTag(Language lang);
std::optional<Language> languageFromTag(std::string_view tag);

}  // namespace kiosk
