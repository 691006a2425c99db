#pragma once
// Grey pictures for code reading: an owning image and a non-owning view that
// can also describe camera memory in place (YUYV luminance is every second
// byte: pixel stride 2), so a camera frame reaches the decoder without a copy.
//
// Loading (PNG, JPEG through stb_image) and MJPEG decoding (libturbojpeg) are
// pure functions of their input, safe from any thread; bad input is an error
// value, never a crash. Pictures larger than kMaxFramePixels are refused from
// their header, before pixel memory is allocated.
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "kiosk/core/result.h"

namespace kiosk::codes {

// 4K is more than any kiosk camera delivers.
inline constexpr int64_t kMaxFramePixels = 4096LL * 4096LL;

struct GrayView {
    const uint8_t* data = nullptr;
    int width = 0;
    int height = 0;
    int rowStride = 0;  // bytes from one row to the next
    int pixStride = 1;  // bytes from one pixel to the next (2 for YUYV)
    bool empty() const { return data == nullptr || width <= 0 || height <= 0; }
};

struct GrayImage {
    int width = 0;
    int height = 0;
    std::vector<uint8_t> pixels;  // width * height, row-major, no padding

    GrayView view() const { return {pixels.data(), width, height, width, 1}; }
    bool empty() const { return pixels.empty(); }
};

// A packed copy of a view (stride 1, no padding).
GrayImage copyOf(const GrayView& view);

enum class ImageError {
    Unreadable,  // cannot open or read the file
    NotAnImage,  // bytes are not a PNG/JPEG this build decodes
    TooLarge,    // over kMaxFramePixels
};
const char* imageErrorName(ImageError e);

// PNG or JPEG (or anything else stb_image reads), converted to grey.
Result<GrayImage, ImageError> decodeGrayImage(std::span<const uint8_t> bytes);
Result<GrayImage, ImageError> loadGrayImage(const std::filesystem::path& path);

// A JPEG to grey with libturbojpeg (which also supplies the standard
// Huffman tables when they are missing). Camera frames go through
// mjpegToGray (pixel_formats.h), which checks the framing first.
Result<GrayImage, ImageError> decodeJpegGray(std::span<const uint8_t> jpeg);

// Writes a grey PNG; false when the file cannot be written.
bool writeGrayPng(const std::filesystem::path& path, const GrayImage& image);

}  // namespace kiosk::codes
