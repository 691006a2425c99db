#include "kiosk/core/language.h"

namespace kiosk {

std::string_view languageTag(Language lang) { return lang == Language::ZhCN ? "zh-CN" : "en"; }

std::optional<Language> languageFromTag(std::string_view tag) {
    if (tag == "zh-CN") return Language::ZhCN;
    if (tag == "en") return Language::En;
    return std::nullopt;
}

}  // namespace kiosk
