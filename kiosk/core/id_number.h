#pragma once
// Resident ID numbers (GB 11643-1999): 18 characters, ISO 7064 MOD 11-2
// check character. Covers mainland cards, HK/Macau/Taiwan residence permits
// (area codes 81/82/83) and 2023 foreign permanent resident cards (numbers
// starting with 9), which all share the same check rule.
//
// Pure functions, no I/O; safe to call from any thread.
#include <optional>
#include <string>
#include <string_view>

namespace kiosk {

enum class IdNumberError {
    None,
    WrongLength,     // not 18 characters
    BadCharacter,    // a non-digit among the first 17, or a last char not 0-9/X
    BadCheckDigit,   // well-formed, but the check character does not match
};

// The check character ('0'..'9' or 'X') for the first 17 digits.
// Returns nullopt if `first17` is not exactly 17 ASCII digits.
std::optional<char> idCheckCharacter(std::string_view first17);

// Validates an ID number as keyed in or read. A lower-case 'x' is accepted as
// the check character (keyboards and OCR produce it); see normalizeIdNumber.
IdNumberError validateIdNumber(std::string_view number);

inline bool isValidIdNumber(std::string_view number) {
    return validateIdNumber(number) == IdNumberError::None;
}

// Upper-cases the check character and strips surrounding spaces; does not
// validate. Store and send the normalised form.
std::string normalizeIdNumber(std::string_view number);

// The i18n key of the message to show for an error ("" for None).
const char* idNumberErrorKey(IdNumberError error);

// Masks an ID number (or any identifier) for display: the first 6 and last 4
// characters are kept, every other one becomes '*':
//   330106199001011210 -> 330106********1210
// Strings of 10 characters or fewer are masked entirely, so that masking
// never reveals a short identifier whole.
std::string maskIdentifier(std::string_view value);

}  // namespace kiosk
