#pragma once
// Reading QR codes from camera frames: ZXing-cpp 1.4 plus the preprocessing
// and retries a kiosk camera needs (low contrast, sensor noise, glare, dark
// frames, phone screens in dark mode, codes too small for ZXing's detector).
//
// The pipeline is a list of passes, cheapest first; the first pass that reads
// a valid QR code wins, so a clean frame costs one plain ZXing call:
//   plain        the frame as it is (ZXing's local-average binarizer)
//   normalised   3x3 box filter against sensor noise, then a contrast stretch
//   local        each 32x32 block stretched to its neighbourhood's range
//                (glare, vignetting, dark frames), global-histogram binarizer
//   inverted     the normalised frame inverted (light modules on a dark screen)
//   upscaled     up to two busy regions cropped and enlarged 2x (small codes)
// Only QR codes are searched (the kiosk prints and reads nothing else; it
// also avoids ZXing 1.4's assertion abort on some linear codes). ZXing's
// Reed-Solomon check stands between a noisy frame and a false read; a result
// with an error is never returned.
//
// Text: payloads are UTF-8 without an ECI marker as a rule. ZXing guesses the
// character set of unmarked byte segments and may pick Shift_JIS or Latin-1
// for Chinese text, so the raw bytes are taken when they are valid UTF-8,
// then GB18030 (older Chinese generators), then ZXing's own guess.
//
// decodeFrame is a pure function of the frame: safe from any thread, no
// shared state. It takes ~2-7 ms on a 1280x720 frame with a code; call it on
// a worker (decode_worker.h), never on the UI thread.
#include <array>
#include <optional>
#include <span>
#include <string>

#include "drivers/codes/gray_image.h"
#include "drivers/codes/text_encoding.h"

namespace kiosk::codes {

struct CodePoint {
    int x = 0;
    int y = 0;
};

struct DecodeStats {
    double totalMs = 0;
    int passesTried = 0;
};

struct DecodedCode {
    std::string text;                    // the payload, UTF-8
    std::string format = "QRCode";       // ZXing's name of the symbology
    std::array<CodePoint, 4> corners{};  // top-left, top-right, bottom-right, bottom-left, frame pixels
    std::string pass;                    // the pass that read it (see above)
    DecodeStats stats;                   // of the frame it was read from
};

struct DecodeOutcome {
    std::optional<DecodedCode> code;  // empty: no code in the frame
    DecodeStats stats;
};

struct DecodeOptions {
    // Off: the plain pass only (for comparisons and the benchmark).
    bool retries = true;
};

DecodeOutcome decodeFrame(const GrayView& frame, const DecodeOptions& options = {});

// The payload text for raw QR bytes (exposed for tests): `bytes` as they are
// when valid UTF-8, else GB18030 converted to UTF-8, else `fallback`.
std::string payloadText(std::span<const uint8_t> bytes, const std::string& fallback);

}  // namespace kiosk::codes
