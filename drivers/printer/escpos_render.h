#pragma once
// ESC/POS bytes back to a picture of the receipt, so tests and the
// maintenance screen see exactly what was printed. The layout is faithful
// (lines, alignment, character sizes, bold, feeds, cuts) and the QR code is
// drawn module for module with ZXing's writer from the bytes the printer was
// given, so it scans back. Characters are drawn as boxes (a real font is not
// needed to check a layout); their text is kept in `lines`, GBK decoded.
//
// Pure function of the bytes, safe from any thread. Unknown commands are
// skipped; a stream cut short renders what came before.
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace kiosk::printer {

struct RenderedReceipt {
    int width = 0;  // dots (576 on 80 mm paper at 203 dpi)
    int height = 0;
    std::vector<uint8_t> pixels;       // grey, 255 = paper
    std::vector<std::string> lines;    // each printed text line, UTF-8
    std::vector<std::string> qrCodes;  // the data of each printed QR code
    int cuts = 0;
};

RenderedReceipt renderEscPos(std::span<const uint8_t> bytes, int paperDots = 576);

bool writeReceiptPng(const std::filesystem::path& path, const RenderedReceipt& receipt);

}  // namespace kiosk::printer
