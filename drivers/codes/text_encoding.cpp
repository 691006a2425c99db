#include "drivers/codes/text_encoding.h"

#include <iconv.h>

#include <cerrno>

namespace kiosk::codes {

bool isValidUtf8(std::string_view text) {
    size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        size_t len = 0;
        uint32_t cp = 0;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + len > text.size()) return false;
        for (size_t k = 1; k < len; ++k) {
            const auto cc = static_cast<unsigned char>(text[i + k]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
        static constexpr uint32_t kMin[5] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += len;
    }
    return true;
}

std::optional<std::string> gbkToUtf8(std::span<const uint8_t> bytes) {
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
    std::string out(bytes.size() * 2 + 4, '\0');  // GB18030 -> UTF-8 grows at most 3/2 (4 bytes -> 4)
    auto* in = const_cast<char*>(reinterpret_cast<const char*>(bytes.data()));  // iconv does not write its input
    size_t inLeft = bytes.size();
    char* dst = out.data();
    size_t outLeft = out.size();
    const size_t rc = iconv(cd, &in, &inLeft, &dst, &outLeft);
    iconv_close(cd);
    if (rc == static_cast<size_t>(-1) || inLeft != 0) return std::nullopt;
    out.resize(out.size() - outLeft);
    return out;
}

std::optional<DetectedText> detectText(std::span<const uint8_t> bytes) {
    std::string_view view(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    if (isValidUtf8(view)) return DetectedText{std::string(view), TextEncoding::Utf8};
    if (auto gbk = gbkToUtf8(bytes)) return DetectedText{std::move(*gbk), TextEncoding::Gbk};
    return std::nullopt;
}

}  // namespace kiosk::codes
