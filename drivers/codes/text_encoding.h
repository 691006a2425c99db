#pragma once
// Payload bytes to UTF-8 text. Scanners and QR codes deliver bytes "as
// encoded": UTF-8 from modern generators, GBK/GB18030 from older Chinese
// ones. Valid UTF-8 wins (GBK text with high bytes is almost never valid
// UTF-8, while the reverse often is valid GB18030); otherwise the bytes are
// read as GB18030 (a superset of GBK and GB2312) through iconv.
//
// Pure functions, safe from any thread (each call opens its own iconv handle).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace kiosk::codes {

enum class TextEncoding { Utf8, Gbk };

bool isValidUtf8(std::string_view text);

// GB18030 bytes to UTF-8; empty optional when the bytes are not valid GB18030.
std::optional<std::string> gbkToUtf8(std::span<const uint8_t> bytes);

struct DetectedText {
    std::string utf8;
    TextEncoding encoding = TextEncoding::Utf8;
};
// UTF-8 or GBK, detected; empty optional when the bytes are neither.
std::optional<DetectedText> detectText(std::span<const uint8_t> bytes);

}  // namespace kiosk::codes
