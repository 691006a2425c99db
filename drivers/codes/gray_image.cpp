#include "drivers/codes/gray_image.h"

#include <stb_image.h>
#include <stb_image_write.h>
#include <turbojpeg.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>

namespace kiosk::codes {

const char* imageErrorName(ImageError e) {
    switch (e) {
    case ImageError::Unreadable: return "unreadable";
    case ImageError::NotAnImage: return "not-an-image";
    case ImageError::TooLarge: return "too-large";
    }
    return "unknown";
}

GrayImage copyOf(const GrayView& view) {
    GrayImage out;
    if (view.empty()) return out;
    out.width = view.width;
    out.height = view.height;
    out.pixels.resize(static_cast<size_t>(view.width) * view.height);
    for (int y = 0; y < view.height; ++y) {
        const uint8_t* row = view.data + static_cast<ptrdiff_t>(y) * view.rowStride;
        uint8_t* dst = out.pixels.data() + static_cast<size_t>(y) * view.width;
        if (view.pixStride == 1) {
            std::memcpy(dst, row, static_cast<size_t>(view.width));
        } else {
            for (int x = 0; x < view.width; ++x) dst[x] = row[static_cast<ptrdiff_t>(x) * view.pixStride];
        }
    }
    return out;
}

Result<GrayImage, ImageError> decodeGrayImage(std::span<const uint8_t> bytes) {
    if (bytes.empty() || bytes.size() > static_cast<size_t>(INT32_MAX)) return ImageError::NotAnImage;
    int w = 0, h = 0, channels = 0;
    const int len = static_cast<int>(bytes.size());
    if (!stbi_info_from_memory(bytes.data(), len, &w, &h, &channels)) return ImageError::NotAnImage;
    if (w <= 0 || h <= 0) return ImageError::NotAnImage;
    if (static_cast<int64_t>(w) * h > kMaxFramePixels) return ImageError::TooLarge;
    std::unique_ptr<stbi_uc, void (*)(void*)> px(stbi_load_from_memory(bytes.data(), len, &w, &h, &channels, 1),
                                                 stbi_image_free);
    if (!px) return ImageError::NotAnImage;
    GrayImage out;
    out.width = w;
    out.height = h;
    out.pixels.assign(px.get(), px.get() + static_cast<size_t>(w) * h);
    return out;
}

Result<GrayImage, ImageError> loadGrayImage(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return ImageError::Unreadable;
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) return ImageError::Unreadable;
    return decodeGrayImage(bytes);
}

Result<GrayImage, ImageError> decodeJpegGray(std::span<const uint8_t> jpeg) {
    if (jpeg.empty()) return ImageError::NotAnImage;
    std::unique_ptr<void, int (*)(tjhandle)> tj(tjInitDecompress(), tjDestroy);
    if (!tj) return ImageError::NotAnImage;
    int w = 0, h = 0, subsamp = 0, colorspace = 0;
    // libturbojpeg takes a non-const pointer in its 2.1 API but does not write.
    auto* src = const_cast<unsigned char*>(jpeg.data());
    if (tjDecompressHeader3(tj.get(), src, static_cast<unsigned long>(jpeg.size()), &w, &h, &subsamp, &colorspace) != 0)
        return ImageError::NotAnImage;
    if (w <= 0 || h <= 0) return ImageError::NotAnImage;
    if (static_cast<int64_t>(w) * h > kMaxFramePixels) return ImageError::TooLarge;
    GrayImage out;
    out.width = w;
    out.height = h;
    out.pixels.resize(static_cast<size_t>(w) * h);
    if (tjDecompress2(tj.get(), src, static_cast<unsigned long>(jpeg.size()), out.pixels.data(), w, w, h, TJPF_GRAY,
                      TJFLAG_FASTDCT) != 0)
        return ImageError::NotAnImage;
    return out;
}

bool writeGrayPng(const std::filesystem::path& path, const GrayImage& image) {
    if (image.empty()) return false;
    return stbi_write_png(path.c_str(), image.width, image.height, 1, image.pixels.data(), image.width) != 0;
}

}  // namespace kiosk::codes
