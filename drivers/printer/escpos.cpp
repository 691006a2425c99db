#include "drivers/printer/escpos.h"

#include <iconv.h>

#include <algorithm>

namespace kiosk::printer {
namespace {

std::optional<std::string> convert(const char* to, const char* from, std::string_view in) {
    iconv_t cd = iconv_open(to, from);
    if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
    std::string out(in.size() * 2 + 4, '\0');
    auto* src = const_cast<char*>(in.data());  // iconv does not write its input
    size_t inLeft = in.size(), outLeft = out.size();
    char* dst = out.data();
    const size_t rc = iconv(cd, &src, &inLeft, &dst, &outLeft);
    iconv_close(cd);
    if (rc == static_cast<size_t>(-1) || inLeft != 0) return std::nullopt;
    out.resize(out.size() - outLeft);
    return out;
}

size_t utf8Length(unsigned char c) {
    if (c < 0x80) return 1;
    if ((c & 0xE0) == 0xC0) return 2;
    if ((c & 0xF0) == 0xE0) return 3;
    if ((c & 0xF8) == 0xF0) return 4;
    return 1;
}

}  // namespace

std::optional<std::string> utf8ToGbk(std::string_view utf8) { return convert("GBK", "UTF-8", utf8); }
std::optional<std::string> gbkToUtf8(std::string_view gbk) { return convert("UTF-8", "GBK", gbk); }

EscPos& EscPos::init() {
    put({0x1B, 0x40});
    return *this;
}

EscPos& EscPos::align(Align a) {
    put({0x1B, 0x61, static_cast<uint8_t>(a)});
    return *this;
}

EscPos& EscPos::bold(bool on) {
    put({0x1B, 0x45, static_cast<uint8_t>(on ? 1 : 0)});
    return *this;
}

EscPos& EscPos::size(int width, int height) {
    const int w = std::clamp(width, 1, 8) - 1, h = std::clamp(height, 1, 8) - 1;
    put({0x1D, 0x21, static_cast<uint8_t>((w << 4) | h)});
    return *this;
}

EscPos& EscPos::text(std::string_view utf8) {
    size_t i = 0;
    while (i < utf8.size()) {
        if (static_cast<unsigned char>(utf8[i]) < 0x80) {
            const char c = utf8[i++];
            // Control bytes inside text would be read as commands by the printer.
            bytes_.push_back(static_cast<unsigned char>(c) < 0x20 ? '?' : static_cast<uint8_t>(c));
            continue;
        }
        put({0x1C, 0x26});  // FS &: double-byte (GBK) mode
        while (i < utf8.size() && static_cast<unsigned char>(utf8[i]) >= 0x80) {
            const size_t len = std::min(utf8Length(static_cast<unsigned char>(utf8[i])), utf8.size() - i);
            auto gbk = utf8ToGbk(utf8.substr(i, len));
            if (gbk && gbk->size() == 2) {
                bytes_.insert(bytes_.end(), gbk->begin(), gbk->end());
            } else {
                put({0xA3, 0xBF});  // full-width '?' in GBK
            }
            i += len;
        }
        put({0x1C, 0x2E});  // FS .: back to single-byte
    }
    return *this;
}

EscPos& EscPos::lf() {
    bytes_.push_back(0x0A);
    return *this;
}

EscPos& EscPos::feed(int lines) {
    put({0x1B, 0x64, static_cast<uint8_t>(std::clamp(lines, 0, 255))});
    return *this;
}

EscPos& EscPos::qr(std::string_view data, int moduleDots, char level) {
    static constexpr std::string_view kLevels = "LMQH";
    const auto lv = kLevels.find(level);
    const size_t len = std::min<size_t>(data.size(), 7089) + 3;
    put({0x1D, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00});  // model 2
    put({0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, static_cast<uint8_t>(std::clamp(moduleDots, 1, 16))});
    put({0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, static_cast<uint8_t>(0x30 + (lv == std::string_view::npos ? 1 : lv))});
    put({0x1D, 0x28, 0x6B, static_cast<uint8_t>(len & 0xFF), static_cast<uint8_t>(len >> 8), 0x31, 0x50, 0x30});
    bytes_.insert(bytes_.end(), data.begin(), data.begin() + static_cast<ptrdiff_t>(len - 3));
    put({0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30});  // print
    return *this;
}

EscPos& EscPos::cut(bool partial) {
    put({0x1D, 0x56, static_cast<uint8_t>(partial ? 1 : 0)});
    return *this;
}

}  // namespace kiosk::printer
