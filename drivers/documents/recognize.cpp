#include "drivers/documents/recognize.h"

#include <tesseract/resultiterator.h>

#include <algorithm>
#include <memory>

namespace kiosk::documents {

PageWords readRecognised(tesseract::TessBaseAPI& api) {
    PageWords page;
    std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
    if (!it || it->Empty(tesseract::RIL_WORD)) return page;
    int line = -1;
    do {
        if (it->IsAtBeginningOf(tesseract::RIL_TEXTLINE)) {
            ++line;
            LineBox box;
            it->BoundingBox(tesseract::RIL_TEXTLINE, &box.left, &box.top, &box.right, &box.bottom);
            box.confidence = it->Confidence(tesseract::RIL_TEXTLINE);
            page.lines.push_back(box);
        }
        std::unique_ptr<char[]> text(it->GetUTF8Text(tesseract::RIL_WORD));
        if (!text || text[0] == 0) continue;
        OcrWord word;
        word.text = Personal(std::string(text.get()));
        word.confidence = it->Confidence(tesseract::RIL_WORD);
        word.line = std::max(line, 0);
        int l = 0, t = 0, r = 0, b = 0;
        it->BoundingBox(tesseract::RIL_WORD, &l, &t, &r, &b);
        word.x = l, word.y = t, word.width = r - l, word.height = b - t;
        page.words.push_back(std::move(word));
    } while (it->Next(tesseract::RIL_WORD));
    return page;
}

void rereadLines(tesseract::TessBaseAPI& api, PageWords& page, tesseract::PageSegMode blockMode,
                 const std::atomic<bool>& cancelled, const std::function<void(size_t, size_t)>& onLine) {
    if (page.lines.empty()) return;
    // A few pixels around the line box: Tesseract's box is tight, and the
    // line recogniser wants the ink's full height (measured: 8 px at 300 dpi).
    constexpr int kPad = 8;
    std::vector<std::vector<OcrWord>> byLine(page.lines.size());
    for (auto& w : page.words) byLine[w.line].push_back(std::move(w));
    api.SetPageSegMode(tesseract::PSM_SINGLE_LINE);
    for (size_t i = 0; i < page.lines.size() && !cancelled; ++i) {
        const LineBox& box = page.lines[i];
        api.SetRectangle(std::max(0, box.left - kPad), std::max(0, box.top - kPad), box.right - box.left + 2 * kPad,
                         box.bottom - box.top + 2 * kPad);
        if (api.Recognize(nullptr) == 0) {
            PageWords single = readRecognised(api);
            float confidence = 0;
            for (const auto& l : single.lines) confidence += l.confidence;
            if (!single.lines.empty()) confidence /= static_cast<float>(single.lines.size());
            if (!single.words.empty() && confidence > box.confidence) {
                for (auto& w : single.words) w.line = static_cast<int>(i);
                byLine[i] = std::move(single.words);
                page.lines[i].confidence = confidence;
            }
        }
        if (onLine) onLine(i + 1, page.lines.size());
    }
    api.SetPageSegMode(blockMode);
    page.words.clear();
    for (auto& line : byLine)
        for (auto& w : line) page.words.push_back(std::move(w));
}

}  // namespace kiosk::documents
