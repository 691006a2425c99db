#include "drivers/codes/pixel_formats.h"

#include <array>

namespace kiosk::codes {
namespace {

// JPEG spec (ITU T.81) Annex K.3, tables K.3-K.6: the code lengths (how many
// codes of 1..16 bits) and the symbols in code order. These are the tables
// libjpeg writes when it does not optimise, and what a DHT-less MJPEG frame
// implies (the UVC payload spec refers to the same tables).
constexpr std::array<uint8_t, 16> kDcLumaBits = {0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0};
constexpr std::array<uint8_t, 12> kDcLumaValues = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
constexpr std::array<uint8_t, 16> kDcChromaBits = {0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0};
constexpr std::array<uint8_t, 12> kDcChromaValues = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
constexpr std::array<uint8_t, 16> kAcLumaBits = {0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d};
constexpr std::array<uint8_t, 162> kAcLumaValues = {
    0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07, 0x22, 0x71,
    0x14, 0x32, 0x81, 0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0, 0x24, 0x33, 0x62, 0x72,
    0x82, 0x09, 0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x34, 0x35, 0x36, 0x37,
    0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59,
    0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x83,
    0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3,
    0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3,
    0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2,
    0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa};
constexpr std::array<uint8_t, 16> kAcChromaBits = {0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77};
constexpr std::array<uint8_t, 162> kAcChromaValues = {
    0x00, 0x01, 0x02, 0x03, 0x11, 0x04, 0x05, 0x21, 0x31, 0x06, 0x12, 0x41, 0x51, 0x07, 0x61, 0x71, 0x13, 0x22,
    0x32, 0x81, 0x08, 0x14, 0x42, 0x91, 0xa1, 0xb1, 0xc1, 0x09, 0x23, 0x33, 0x52, 0xf0, 0x15, 0x62, 0x72, 0xd1,
    0x0a, 0x16, 0x24, 0x34, 0xe1, 0x25, 0xf1, 0x17, 0x18, 0x19, 0x1a, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x35, 0x36,
    0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58,
    0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a,
    0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a,
    0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba,
    0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda,
    0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa};

std::vector<uint8_t> buildStandardHuffmanSegment() {
    std::vector<uint8_t> seg = {0xFF, 0xC4, 0, 0};
    auto add = [&seg](uint8_t classAndId, std::span<const uint8_t> bits, std::span<const uint8_t> values) {
        seg.push_back(classAndId);  // high nibble 0 = DC, 1 = AC; low nibble the table slot
        seg.insert(seg.end(), bits.begin(), bits.end());
        seg.insert(seg.end(), values.begin(), values.end());
    };
    add(0x00, kDcLumaBits, kDcLumaValues);
    add(0x10, kAcLumaBits, kAcLumaValues);
    add(0x01, kDcChromaBits, kDcChromaValues);
    add(0x11, kAcChromaBits, kAcChromaValues);
    const size_t length = seg.size() - 2;  // the length field counts itself, not the marker
    seg[2] = static_cast<uint8_t>(length >> 8);
    seg[3] = static_cast<uint8_t>(length & 0xFF);
    return seg;
}

// The header segments of a JPEG, from SOI to the first SOS.
struct JpegHeaders {
    bool walked = false;  // false: not a JPEG, or its headers are cut short or broken
    size_t scanStart = 0; // offset of the first SOS marker
    bool huffmanTables = false;
};

JpegHeaders walkHeaders(std::span<const uint8_t> jpeg) {
    JpegHeaders out;
    if (jpeg.size() < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8) return out;
    size_t p = 2;
    for (;;) {
        if (p >= jpeg.size() || jpeg[p] != 0xFF) return out;  // garbage where a marker belongs
        while (p < jpeg.size() && jpeg[p] == 0xFF) ++p;        // fill bytes before a marker are allowed
        if (p >= jpeg.size()) return out;
        const uint8_t marker = jpeg[p];
        const size_t markerAt = p - 1;
        ++p;
        if (marker == 0x00 || marker == 0xD8 || marker == 0xD9) return out;  // no scan in these headers
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue;  // standalone markers
        if (p + 2 > jpeg.size()) return out;
        const size_t length = (static_cast<size_t>(jpeg[p]) << 8) | jpeg[p + 1];
        if (length < 2 || p + length > jpeg.size()) return out;
        if (marker == 0xDA) {
            out.walked = true;
            out.scanStart = markerAt;
            return out;
        }
        if (marker == 0xC4) out.huffmanTables = true;
        p += length;
    }
}

// Offset just past the last end-of-image marker, or 0 when there is none.
size_t endOfImage(std::span<const uint8_t> jpeg) {
    for (size_t i = jpeg.size(); i >= 2; --i)
        if (jpeg[i - 2] == 0xFF && jpeg[i - 1] == 0xD9) return i;
    return 0;
}

}  // namespace

const char* frameErrorName(FrameError e) {
    switch (e) {
        case FrameError::Empty: return "empty";
        case FrameError::BadGeometry: return "bad-geometry";
        case FrameError::TooShort: return "too-short";
        case FrameError::TooLarge: return "too-large";
        case FrameError::NotJpeg: return "not-jpeg";
        case FrameError::Truncated: return "truncated";
        case FrameError::Corrupt: return "corrupt";
    }
    return "unknown";
}

Result<GrayView, FrameError> yuyvLuma(std::span<const uint8_t> frame, int width, int height, int bytesPerLine) {
    if (frame.empty()) return FrameError::Empty;
    // YUYV pairs pixels (one U and one V per two): an odd width cannot be.
    if (width <= 0 || height <= 0 || width % 2 != 0) return FrameError::BadGeometry;
    if (static_cast<int64_t>(width) * height > kMaxFramePixels) return FrameError::TooLarge;
    if (static_cast<int64_t>(bytesPerLine) < 2LL * width) return FrameError::BadGeometry;
    // The last row need not be padded to the stride.
    const int64_t needed = static_cast<int64_t>(bytesPerLine) * (height - 1) + 2LL * width;
    if (static_cast<int64_t>(frame.size()) < needed) return FrameError::TooShort;
    return GrayView{frame.data(), width, height, bytesPerLine, 2};
}

Result<GrayImage, FrameError> yuyvToGray(std::span<const uint8_t> frame, int width, int height, int bytesPerLine) {
    auto view = yuyvLuma(frame, width, height, bytesPerLine);
    if (!view) return view.error();
    return copyOf(view.value());
}

std::span<const uint8_t> standardHuffmanSegment() {
    static const std::vector<uint8_t> segment = buildStandardHuffmanSegment();
    return segment;
}

bool hasHuffmanTables(std::span<const uint8_t> jpeg) { return walkHeaders(jpeg).huffmanTables; }

std::vector<uint8_t> withStandardHuffmanTables(std::span<const uint8_t> jpeg) {
    const JpegHeaders headers = walkHeaders(jpeg);
    if (!headers.walked) return {};
    if (headers.huffmanTables) return {jpeg.begin(), jpeg.end()};
    const auto dht = standardHuffmanSegment();
    std::vector<uint8_t> out;
    out.reserve(jpeg.size() + dht.size());
    out.insert(out.end(), jpeg.begin(), jpeg.begin() + static_cast<ptrdiff_t>(headers.scanStart));
    out.insert(out.end(), dht.begin(), dht.end());
    out.insert(out.end(), jpeg.begin() + static_cast<ptrdiff_t>(headers.scanStart), jpeg.end());
    return out;
}

Result<GrayImage, FrameError> mjpegToGray(std::span<const uint8_t> frame) {
    if (frame.empty()) return FrameError::Empty;
    if (frame.size() < 2 || frame[0] != 0xFF || frame[1] != 0xD8) return FrameError::NotJpeg;
    const JpegHeaders headers = walkHeaders(frame);
    if (!headers.walked) return FrameError::Corrupt;
    // Cameras pad the buffer after the image; a frame the USB link cut short
    // has no end marker after its scan. (libturbojpeg would fill the missing
    // rows with grey and warn; a half-grey frame is worth nothing to the decoder.)
    const size_t end = endOfImage(frame);
    if (end <= headers.scanStart) return FrameError::Truncated;
    std::span<const uint8_t> image = frame.first(end);
    // libjpeg-turbo (2.1 here) falls back to the standard tables by itself,
    // but other decoders (IJG libjpeg, stb_image) do not, and the complete
    // JPEG is what gets decoded either way.
    std::vector<uint8_t> completed;
    if (!headers.huffmanTables) {
        completed = withStandardHuffmanTables(image);
        if (completed.empty()) return FrameError::Corrupt;
        image = completed;
    }
    auto grey = decodeJpegGray(image);
    if (!grey) return grey.error() == ImageError::TooLarge ? FrameError::TooLarge : FrameError::Corrupt;
    return std::move(grey.value());
}

}  // namespace kiosk::codes
