#pragma once
// Reading a preprocessed page with one Tesseract engine, region by region.
// Private to drivers/documents (the pool and its benchmark).
//
// A page is first read as a block (OcrOptions::pageSegMode). The lines of a
// form (a known DocumentKind) are field lines: each is read again on its own
// as a single line (PSM 7), and the reading with the higher Tesseract line
// confidence is kept. Free text keeps the block reading: its lines share a
// layout the block mode uses (measured on the sample pages: per-line reading
// of report pages was no better and twice as slow).
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
