#pragma once
// Reading a preprocessed page with one Tesseract engine, region by region.
// Private to drivers/documents (the pool and its benchmark).
//
// A page is first read as a block (OcrOptions::pageSegMode); then every
// line is read again on its own as a single line (PSM 7):
//  - a form's lines (a known DocumentKind) are field lines: the reading with
//    the higher Tesseract line confidence is kept (rereadLines);
//  - free text keeps the block reading except where the two differ and the
//    single-line reading makes more words of the engine's dictionary
//    (mergeLineReadings). Confidence alone does not pick the right one there:
//    misreads in free text come with line confidences as high as the rest.
// Measured on the sample pages, see README (ocr_bench): 0.40% -> 0.32% CER,
// ~1.8x the CPU time of a block reading alone.
//
// Threads: the caller owns `api` (one engine per worker). Never throws;
// recognition failures leave the words empty.
#include <tesseract/baseapi.h>

#include <atomic>
#include <functional>
#include <vector>

#include "kiosk/core/documents.h"

namespace kiosk::documents {

struct LineBox {
    int left = 0, top = 0, right = 0, bottom = 0;
    float confidence = 0;  // Tesseract's line confidence, 0..100
};

struct PageWords {
    std::vector<OcrWord> words;  // in reading order, OcrWord::line = index into `lines`
    std::vector<LineBox> lines;
};

// The words and lines of the last Recognize() on `api` (line numbers start
// at 0). Empty when nothing was recognised.
PageWords readRecognised(tesseract::TessBaseAPI& api);

// Reads every line of `page` again as a single line on the image currently
// set in `api` and keeps, per line, the reading with the higher confidence.
// Stops early (keeping what it has) when `cancelled` becomes true;
// `onLine(done, total)` reports progress. Restores `blockMode` afterwards.
void rereadLines(tesseract::TessBaseAPI& api, PageWords& page, tesseract::PageSegMode blockMode,
                 const std::atomic<bool>& cancelled, const std::function<void(size_t, size_t)>& onLine);

// Free text: reads every line of `page` again as a single line and, where
// the two readings differ, keeps the side whose characters form more words
// of the engine's dictionary with their neighbours ("认真落实" over "认真沙实");
// a tie keeps the block reading. Same contract as rereadLines.
void mergeLineReadings(tesseract::TessBaseAPI& api, PageWords& page, tesseract::PageSegMode blockMode,
                       const std::atomic<bool>& cancelled, const std::function<void(size_t, size_t)>& onLine);

}  // namespace kiosk::documents
