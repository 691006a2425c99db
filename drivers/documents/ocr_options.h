#pragma once
// Options of the OCR pipeline (no Tesseract or Leptonica types: the app and
// the CLI set them).
#include <string>

namespace kiosk::documents {

struct PreprocessOptions {
    bool enabled = true;  // false: grey conversion only (the raw page; for measurements)
    int targetDpi = 300;
    bool flatten = true;
    bool deskew = true;
    bool crop = true;
    // Hand Tesseract our binarisation instead of the cleaned grey page. Off:
    // its LSTM reads grey, and on the sample pages the flattened, median-
    // smoothed grey scores better (2.6% vs 2.9% CER; camera pages most).
    // Our binarisation still drives deskew, border crop and blank detection.
    bool binarize = false;
};

struct OcrOptions {
    int engines = 1;  // worker threads, one TessBaseAPI each
    // chi_sim alone: its model already reads digits and Latin letters, and
    // measured on the sample pages "chi_sim+eng" was both worse (3.4% vs
    // 2.6% CER: Chinese glyphs read as Latin words) and ~2x slower.
    std::string languages = "chi_sim";
    std::string tessdataDir;  // empty: Tesseract's default (TESSDATA_PREFIX or Debian's path)
    // Tesseract PSM. 4 = one column of lines of varying size (a form's title
    // and body); 6 (one uniform block) is close; 3 (auto) splits forms into
    // fragments and loses lines (19-33% CER on two sample pages).
    int pageSegMode = 4;
    // Forms (a known or detected DocumentKind): read each field line again as
    // a single line (PSM 7) and keep the more confident reading of the two
    // (recognize.h). Measured on the six form sample pages, with the field
    // vocabularies: 3 -> 2 characters wrong (two names read right that the
    // block misread, one misread that it read right, flagged by its low
    // confidence); costs a second pass over a form's lines.
    bool singleLineFields = true;
    // Free text (no form kind): read each line again as a single line and
    // settle differences by the engine's word list (recognize.h).
    bool dictionaryLines = true;
    PreprocessOptions preprocess;
    bool keepPageImage = true;  // fill DocumentReading::stored (JPEG)
};

}  // namespace kiosk::documents
