#pragma once
// Page preprocessing before recognition (Leptonica). Private to
// drivers/documents and its tests/benchmarks: PIX types do not leave here.
//
// Steps, each switchable for measurements:
//   grey -> resolution normalisation (to ~targetDpi; a page without a known
//   resolution is measured by its glyph height) -> background/illumination
//   flattening (divide by the estimated background) -> contrast stretch ->
//   3x3 median (sensor noise) -> binarisation of the flattened, smoothed page
//   at a fixed level (flattening puts the background at ~255, so one level
//   works across lighting; the median keeps noise from becoming specks) ->
//   deskew (skew measured on the binary page) -> border crop (to the text,
//   ignoring specks, rules and edge shadows) -> blank-page detection.
// The binary page drives deskew, crop and blank detection; Tesseract gets
// the cleaned grey page unless `binarize` is set (see ocr_options.h).
// Pure function of its input; safe on any thread. Never throws.
#include "drivers/documents/ocr_options.h"
#include "drivers/documents/pix.h"

namespace kiosk::documents {

struct Preprocessed {
    detail::PixPtr pix;     // 1 bpp when binarised, else 8 bpp; null when the input was unusable
    float scale = 1;        // applied to the input
    float skewDegrees = 0;  // corrected rotation
    int dpi = 300;          // resolution of `pix`
    bool blank = false;     // nothing that looks like text was found
};

Preprocessed preprocessPage(const PageImage& page, const PreprocessOptions& options);

}  // namespace kiosk::documents
