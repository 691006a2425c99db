#include "drivers/documents/image_io.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <mutex>
#include <vector>

#include "drivers/documents/pix.h"

namespace kiosk::documents {
namespace detail {

void quietLeptonica() {
    static std::once_flag once;
    std::call_once(once, [] { setMsgSeverity(L_SEVERITY_NONE); });
}

PixPtr pixFromPage(const PageImage& page) {
    if (!page.consistent()) return nullptr;
    PixPtr pix(pixCreate(page.width, page.height, page.channels == 1 ? 8 : 32));
    if (!pix) return nullptr;
    l_uint32* data = pixGetData(pix.get());
    const int wpl = pixGetWpl(pix.get());
    const uint8_t* src = page.pixels.data();
    for (int y = 0; y < page.height; ++y) {
        l_uint32* line = data + static_cast<size_t>(y) * wpl;
        if (page.channels == 1) {
            for (int x = 0; x < page.width; ++x) SET_DATA_BYTE(line, x, *src++);
        } else {
            for (int x = 0; x < page.width; ++x, src += 3) composeRGBPixel(src[0], src[1], src[2], line + x);
        }
    }
    pixSetResolution(pix.get(), page.dpi, page.dpi);
    return pix;
}

PageImage pageFromPix(PIX* in) {
    PageImage page;
    if (!in) return page;
    PixPtr noCmap(pixRemoveColormap(in, REMOVE_CMAP_BASED_ON_SRC));
    if (!noCmap) return page;
    PixPtr pix;
    if (pixGetDepth(noCmap.get()) == 32)
        pix = std::move(noCmap);
    else
        pix.reset(pixConvertTo8(noCmap.get(), 0));
    if (!pix) return page;
    page.width = pixGetWidth(pix.get());
    page.height = pixGetHeight(pix.get());
    page.channels = pixGetDepth(pix.get()) == 32 ? 3 : 1;
    page.dpi = std::max(0, static_cast<int>(pixGetXRes(in)));
    page.pixels.resize(static_cast<size_t>(page.width) * page.height * page.channels);
    const l_uint32* data = pixGetData(pix.get());
    const int wpl = pixGetWpl(pix.get());
    uint8_t* dst = page.pixels.data();
    for (int y = 0; y < page.height; ++y) {
        const l_uint32* line = data + static_cast<size_t>(y) * wpl;
        if (page.channels == 1) {
            for (int x = 0; x < page.width; ++x) *dst++ = static_cast<uint8_t>(GET_DATA_BYTE(line, x));
        } else {
            for (int x = 0; x < page.width; ++x) {
                l_int32 r, g, b;
                extractRGBValues(line[x], &r, &g, &b);
                *dst++ = static_cast<uint8_t>(r);
                *dst++ = static_cast<uint8_t>(g);
                *dst++ = static_cast<uint8_t>(b);
            }
        }
    }
    return page;
}

}  // namespace detail

Result<PageImage, ScanError> decodeImage(std::span<const uint8_t> bytes) {
    detail::quietLeptonica();
    if (bytes.size() < 8) return ScanError::Unreadable;
    l_int32 format = 0, w = 0, h = 0, bps = 0, spp = 0, cmap = 0;
    if (pixReadHeaderMem(bytes.data(), bytes.size(), &format, &w, &h, &bps, &spp, &cmap) != 0 || w <= 0 || h <= 0)
        return ScanError::Unreadable;
    if (static_cast<int64_t>(w) * h > kMaxPagePixels) return ScanError::TooLarge;
    detail::PixPtr pix(pixReadMem(bytes.data(), bytes.size()));
    if (!pix) return ScanError::Unreadable;
    PageImage page = detail::pageFromPix(pix.get());
    if (!page.consistent()) return ScanError::Unreadable;
    return page;
}

Result<PageImage, ScanError> loadImageFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return ScanError::Unreadable;
    // A picture larger than this cannot be a page under kMaxPagePixels in any format we read.
    constexpr std::streamoff kMaxFileBytes = 200LL * 1024 * 1024;
    in.seekg(0, std::ios::end);
    std::streamoff size = in.tellg();
    if (size < 0) return ScanError::Unreadable;
    if (size > kMaxFileBytes) return ScanError::TooLarge;
    in.seekg(0);
    std::vector<uint8_t> bytes(static_cast<size_t>(size));
    if (!in.read(reinterpret_cast<char*>(bytes.data()), size)) return ScanError::Unreadable;
    return decodeImage(bytes);
}

StoredPage compressForStorage(const PageImage& page, int dpi, int quality) {
    detail::quietLeptonica();
    StoredPage out;
    detail::PixPtr pix = detail::pixFromPage(page);
    if (!pix) return out;
    float scale = 1.0f;
    if (page.dpi > 0) {
        scale = std::min(1.0f, static_cast<float>(dpi) / static_cast<float>(page.dpi));
    } else {
        scale = std::min(1.0f, 1800.0f / static_cast<float>(std::max(page.width, page.height)));
    }
    detail::PixPtr scaled(scale < 0.999f ? pixScale(pix.get(), scale, scale) : pixClone(pix.get()));
    if (!scaled) return out;
    int res = page.dpi > 0 ? static_cast<int>(std::lround(page.dpi * scale)) : 0;
    pixSetResolution(scaled.get(), res, res);
    l_uint8* data = nullptr;
    size_t size = 0;
    if (pixWriteMemJpeg(&data, &size, scaled.get(), quality, 0) != 0 || !data) return out;
    out.bytes.assign(data, data + size);
    lept_free(data);
    out.mimeType = "image/jpeg";
    out.width = pixGetWidth(scaled.get());
    out.height = pixGetHeight(scaled.get());
    return out;
}

}  // namespace kiosk::documents
