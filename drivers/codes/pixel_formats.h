#pragma once
// The byte-level half of the V4L2 camera (v4l2_camera.h): camera buffers in
// the two pixel formats the kiosk asks for, turned into grey frames for the
// decoder. Pure functions of their input, safe from any thread; whatever a
// camera (or a fuzzer) hands over, the answer is a frame or an error value,
// never a read outside the buffer.
//
//   YUYV (4:2:2)  Y0 U Y1 V per two pixels: the luminance is every second
//                 byte, so the grey frame is a view of the buffer with a
//                 pixel stride of 2 (no copy, no decode).
//   MJPEG         one baseline JPEG per buffer, decoded to grey by
//                 libturbojpeg. Many UVC cameras leave out the Huffman
//                 tables (DHT) to save bandwidth and rely on the standard
//                 tables of the JPEG spec (Annex K.3); the frame is given
//                 them before decoding, so it is a complete JPEG for any
//                 decoder. The buffer ends at `bytesused`, often with padding
//                 after the end marker; a frame cut short by the USB link
//                 has no end marker and is refused.
#include <cstdint>
#include <span>
#include <vector>

#include "drivers/codes/gray_image.h"
#include "kiosk/core/result.h"

namespace kiosk::codes {

enum class FrameError {
    Empty,        // no bytes (a zero bytesused)
    BadGeometry,  // width/height/stride that no frame can have (odd YUYV width, stride too small...)
    TooShort,     // fewer bytes than the format and size need
    TooLarge,     // over kMaxFramePixels
    NotJpeg,      // MJPEG: does not start with a JPEG start-of-image marker
    Truncated,    // MJPEG: the end-of-image marker is missing (frame cut short)
    Corrupt,      // MJPEG: the decoder refused the data (broken headers or entropy data)
};
const char* frameErrorName(FrameError e);

// The luminance of a YUYV buffer, in place. `bytesPerLine` is the driver's
// stride (at least 2 * width). The view borrows `frame`.
Result<GrayView, FrameError> yuyvLuma(std::span<const uint8_t> frame, int width, int height, int bytesPerLine);
// The same, as an owning packed grey image.
Result<GrayImage, FrameError> yuyvToGray(std::span<const uint8_t> frame, int width, int height, int bytesPerLine);

// The standard Huffman tables (JPEG spec K.3: DC and AC, luminance and
// chrominance) as one complete DHT segment, marker included.
std::span<const uint8_t> standardHuffmanSegment();
// Whether a DHT segment comes before the first start-of-scan.
bool hasHuffmanTables(std::span<const uint8_t> jpeg);
// `jpeg` with the standard DHT segment inserted before its first
// start-of-scan when it has none; unchanged when it has tables; empty when the
// marker structure up to the scan cannot be walked (not a JPEG, cut short).
std::vector<uint8_t> withStandardHuffmanTables(std::span<const uint8_t> jpeg);

// One MJPEG buffer (`bytesused` bytes of it) to grey.
Result<GrayImage, FrameError> mjpegToGray(std::span<const uint8_t> frame);

}  // namespace kiosk::codes
