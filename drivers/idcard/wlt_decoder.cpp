#include "drivers/idcard/wlt_decoder.h"

#include <dlfcn.h>

#include <string.h>

#include <cstdlib>
#include <vector>

#include "kiosk/core/log.h"

namespace kiosk::idcard {

WltDecoder::WltDecoder(const std::string& library, const std::string& symbol) {
    if (library.empty()) {
        reason_ = "photo decoding disabled";
        return;
    }
    handle_ = ::dlopen(library.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle_) {
        const char* err = ::dlerror();
        reason_ = err ? err : "dlopen failed";
        KLOG_INFO("idcard: no WLT photo decoder ({}); photos show a placeholder", reason_);
        return;
    }
    fn_ = reinterpret_cast<UnpackFn>(::dlsym(handle_, symbol.c_str()));
    if (!fn_) {
        reason_ = library + " has no symbol " + symbol;
        KLOG_WARN("idcard: {}; photos show a placeholder", reason_);
        ::dlclose(handle_);
        handle_ = nullptr;
    }
}

WltDecoder::~WltDecoder() {
    if (handle_) ::dlclose(handle_);
}

std::optional<CardPhoto> WltDecoder::decode(std::span<const uint8_t> wlt) const {
    if (!fn_ || wlt.empty()) return std::nullopt;
    std::vector<char> in(wlt.begin(), wlt.end());
    in.resize(1024, 0);
    std::vector<char> bmp(kBmpBufferSize, 0);
    int rc = fn_(in.data(), bmp.data(), 1);
    std::optional<CardPhoto> photo;
    if (rc == 1)
        photo = bmpToRgb(std::span(reinterpret_cast<const uint8_t*>(bmp.data()), bmp.size()));
    else
        KLOG_WARN("idcard: WLT decoder returned {}", rc);
    // The buffers held a face: do not leave it in freed memory.
    ::explicit_bzero(in.data(), in.size());
    ::explicit_bzero(bmp.data(), bmp.size());
    return photo;
}

std::optional<CardPhoto> WltDecoder::bmpToRgb(std::span<const uint8_t> bmp) {
    auto u16 = [&](size_t o) { return static_cast<uint32_t>(bmp[o] | (bmp[o + 1] << 8)); };
    auto u32 = [&](size_t o) { return u16(o) | (u16(o + 2) << 16); };
    if (bmp.size() < 54 || bmp[0] != 'B' || bmp[1] != 'M') return std::nullopt;
    uint32_t dataOffset = u32(10);
    auto width = static_cast<int32_t>(u32(18));
    auto height = static_cast<int32_t>(u32(22));
    if (u16(28) != 24 || u32(30) != 0 || width <= 0 || width > 4096 || height == 0 || height < -4096 || height > 4096)
        return std::nullopt;
    bool bottomUp = height > 0;
    int rows = bottomUp ? height : -height;
    size_t stride = (static_cast<size_t>(width) * 3 + 3) & ~size_t{3};
    if (dataOffset > bmp.size() || bmp.size() - dataOffset < stride * static_cast<size_t>(rows)) return std::nullopt;
    std::string rgb(static_cast<size_t>(width) * static_cast<size_t>(rows) * 3, '\0');
    for (int y = 0; y < rows; ++y) {
        size_t src = dataOffset + stride * static_cast<size_t>(bottomUp ? rows - 1 - y : y);
        size_t dst = static_cast<size_t>(y) * static_cast<size_t>(width) * 3;
        for (int x = 0; x < width; ++x, src += 3, dst += 3) {
            rgb[dst] = static_cast<char>(bmp[src + 2]);
            rgb[dst + 1] = static_cast<char>(bmp[src + 1]);
            rgb[dst + 2] = static_cast<char>(bmp[src]);
        }
    }
    return CardPhoto{width, rows, Personal(std::move(rgb))};
}

}  // namespace kiosk::idcard
