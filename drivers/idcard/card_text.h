#pragma once
// The 256-byte text block of a read response, in its four layouts (mainland
// resident, 'J', 'I', 'Y'; specs/idcard-reader.md), and the 30 01 read
// response around it. UCS-2 little-endian, space padded; decoded to UTF-8
// into a kiosk::IdCard. Pure functions, any thread.
//
// Also the encoder (IdCard -> bytes), used by the emulator and tests.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/id_card.h"
#include "kiosk/core/result.h"

namespace kiosk::idcard {

inline constexpr size_t kTextSize = 256;
inline constexpr size_t kPhotoSize = 1024;
inline constexpr size_t kTypeFlagOffset = 248;

// UCS-2/UTF-16LE to UTF-8 (surrogate pairs joined, lone ones become U+FFFD),
// stopping at NUL, with surrounding spaces removed.
std::string ucs2ToUtf8(std::span<const uint8_t> bytes);
// UTF-8 to UTF-16LE; invalid sequences become U+FFFD. Characters beyond the
// BMP take two units (no real card has them, but they must not corrupt).
std::vector<uint8_t> utf8ToUcs2(std::string_view text);

// Nation codes 01..56, 97, 98 to their Chinese names; nullopt if unknown.
std::optional<std::string_view> nationName(std::string_view code);
std::optional<std::string_view> nationCode(std::string_view name);
Gender genderFromCode(std::string_view code);
char genderCode(Gender gender);

// The card kind from the type flag at 248..249.
CardKind cardKindOf(std::span<const uint8_t, kTextSize> text);

enum class TextError {
    BadSize,      // not 256 bytes / response too short or lengths inconsistent
    MissingName,  // neither a Chinese nor an English name
    BadIdNumber,  // 18-digit number fails the GB 11643 check (a corrupt read)
    BadDate,      // valid-from or valid-to (other than 长期) not a date
};
std::string_view textErrorText(TextError error);

// Decodes a text block. The photo and nothing else is left to the caller.
Result<IdCard, TextError> decodeText(std::span<const uint8_t> text);
// Decodes the data of a 30 01 / 30 10 read response (after SW1..SW3):
// lengths, text, photo (kept opaque in photoWlt).
Result<IdCard, TextError> decodeReadData(std::span<const uint8_t> data, bool withFingerprint = false);

// The inverse: 256 bytes for `card` in the layout of its kind.
std::vector<uint8_t> encodeText(const IdCard& card);
// Data of a 30 01 response: text length, photo length, text, photo (padded
// or cut to 1024 bytes).
std::vector<uint8_t> encodeReadData(const IdCard& card);

}  // namespace kiosk::idcard
