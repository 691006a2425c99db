#include "kiosk/core/id_number.h"

#include <array>
#include <cctype>

#include "kiosk/core/strings.h"

namespace kiosk {
namespace {
constexpr std::array<int, 17> kWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr std::array<char, 11> kCheckChars = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

bool isDigit(char c) { return c >= '0' && c <= '9'; }
}  // namespace

std::optional<char> idCheckCharacter(std::string_view first17) {
    if (first17.size() != 17) return std::nullopt;
    int sum = 0;
    for (size_t i = 0; i < 17; ++i) {
        if (!isDigit(first17[i])) return std::nullopt;
        sum += (first17[i] - '0') * kWeights[i];
    }
    return kCheckChars[sum % 11];
}

IdNumberError validateIdNumber(std::string_view number) {
    if (number.size() != 18) return IdNumberError::WrongLength;
    for (size_t i = 0; i < 17; ++i)
        if (!isDigit(number[i])) return IdNumberError::BadCharacter;
    char last = number[17];
    if (last == 'x') last = 'X';
    if (!isDigit(last) && last != 'X') return IdNumberError::BadCharacter;
    return *idCheckCharacter(number.substr(0, 17)) == last ? IdNumberError::None
                                                          : IdNumberError::BadCheckDigit;
}

std::string normalizeIdNumber(std::string_view number) {
    while (!number.empty() && std::isspace(static_cast<unsigned char>(number.front()))) number.remove_prefix(1);
    while (!number.empty() && std::isspace(static_cast<unsigned char>(number.back()))) number.remove_suffix(1);
    std::string out(number);
    if (out.size() == 18 && out[17] == 'x') out[17] = 'X';
    return out;
}

const char* idNumberErrorKey(IdNumberError error) {
    switch (error) {
        case IdNumberError::None: return "";
        case IdNumberError::WrongLength: return i18nKey("id.error.length");
        case IdNumberError::BadCharacter: return i18nKey("id.error.character");
        case IdNumberError::BadCheckDigit: return i18nKey("id.error.check");
    }
    return i18nKey("id.error.check");
}

std::string maskIdentifier(std::string_view value) {
    std::string out(value.size(), '*');
    if (value.size() <= 10) return out;
    for (size_t i = 0; i < 6; ++i) out[i] = value[i];
    for (size_t i = value.size() - 4; i < value.size(); ++i) out[i] = value[i];
    return out;
}

}  // namespace kiosk
