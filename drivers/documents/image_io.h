#pragma once
// Reading page pictures (PNG, JPEG, TIFF, ... through Leptonica) and keeping
// pages compressed for the application.
//
// Pure functions of their inputs, safe from any thread. Bad input is an
// error value, never a crash: an empty or truncated file or a non-image is
// Unreadable; a picture over kMaxPagePixels is TooLarge and is refused from
// its header, before any pixel memory is allocated.
#include <cstdint>
#include <filesystem>
#include <span>

#include "kiosk/core/documents.h"
#include "kiosk/core/result.h"

namespace kiosk::documents {

// An A4 page at 600 dpi is ~35 Mpx; nothing a kiosk scans is larger.
inline constexpr int64_t kMaxPagePixels = 40'000'000;

// Decodes a picture into a grey or RGB page; dpi from the file's metadata
// (0 when it has none).
Result<PageImage, ScanError> decodeImage(std::span<const uint8_t> bytes);
Result<PageImage, ScanError> loadImageFile(const std::filesystem::path& path);

// The page as a JPEG downscaled to about `dpi` (never upscaled; a page of
// unknown resolution is limited to 1800 pixels on its long side), which
// staff can read on screen and in print. Empty bytes when the page is empty.
StoredPage compressForStorage(const PageImage& page, int dpi = 150, int quality = 80);

}  // namespace kiosk::documents
