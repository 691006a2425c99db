#include "drivers/documents/recognize.h"

#include <leptonica/allheaders.h>
#include <tesseract/resultiterator.h>

#include <algorithm>
#include <memory>

#include "drivers/documents/fields.h"

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

namespace {

// Reads each line of `page` again alone (PSM 7) and hands the line's words
// and the new reading to `use`, which leaves the words to keep in the former.
template <typename Use>
void forEachLineAlone(tesseract::TessBaseAPI& api, PageWords& page, tesseract::PageSegMode blockMode,
                      const std::atomic<bool>& cancelled, const std::function<void(size_t, size_t)>& onLine, Use use) {
    // Tesseract keeps a rectangle as given and reads past the image's edge
    // for one that sticks out (a crash when that memory is unmapped): the
    // padded box is cut to the image.
    Pix* image = api.GetInputImage();
    if (page.lines.empty() || image == nullptr) return;
    const int imageWidth = pixGetWidth(image), imageHeight = pixGetHeight(image);
    // A few pixels around the line box: Tesseract's box is tight, and the
    // line recogniser wants the ink's full height (measured: 8 px at 300 dpi).
    constexpr int kPad = 8;
    std::vector<std::vector<OcrWord>> byLine(page.lines.size());
    for (auto& w : page.words) byLine[w.line].push_back(std::move(w));
    api.SetPageSegMode(tesseract::PSM_SINGLE_LINE);
    for (size_t i = 0; i < page.lines.size() && !cancelled; ++i) {
        const LineBox& box = page.lines[i];
        const int left = std::max(0, box.left - kPad), top = std::max(0, box.top - kPad);
        const int right = std::min(imageWidth, box.right + kPad), bottom = std::min(imageHeight, box.bottom + kPad);
        if (right > left && bottom > top) {  // else nothing of it is on the image: the block reading stays
            api.SetRectangle(left, top, right - left, bottom - top);
            if (api.Recognize(nullptr) == 0) {
                PageWords single = readRecognised(api);
                for (auto& w : single.words) w.line = static_cast<int>(i);
                use(i, byLine[i], single);
            }
        }
        if (onLine) onLine(i + 1, page.lines.size());
    }
    api.SetPageSegMode(blockMode);
    page.words.clear();
    for (auto& line : byLine)
        for (auto& w : line) page.words.push_back(std::move(w));
}

}  // namespace

void rereadLines(tesseract::TessBaseAPI& api, PageWords& page, tesseract::PageSegMode blockMode,
                 const std::atomic<bool>& cancelled, const std::function<void(size_t, size_t)>& onLine) {
    forEachLineAlone(api, page, blockMode, cancelled, onLine,
                     [&](size_t i, std::vector<OcrWord>& words, PageWords& single) {
                         float confidence = 0;
                         for (const auto& l : single.lines) confidence += l.confidence;
                         if (!single.lines.empty()) confidence /= static_cast<float>(single.lines.size());
                         if (!single.words.empty() && confidence > page.lines[i].confidence) {
                             words = std::move(single.words);
                             page.lines[i].confidence = confidence;
                         }
                     });
}

namespace {

bool isCjkChar(char32_t c) { return c >= 0x3400 && c <= 0x9FFF; }

// Words of the engine's dictionary (chi_sim's word list) among the pairs of
// ideographs of `line` that touch [begin, end).
int dictionaryPairs(tesseract::TessBaseAPI& api, const std::u32string& line, size_t begin, size_t end) {
    // Pairs (k, k+1) with k+1 >= begin and k < end; for nothing changed
    // (a deletion), the pair that now meets across the gap.
    const size_t first = begin > 0 ? begin - 1 : 0, last = begin == end ? begin : end;
    int n = 0;
    for (size_t k = first; k < last && k + 1 < line.size(); ++k) {
        if (!isCjkChar(line[k]) || !isCjkChar(line[k + 1])) continue;
        const std::string pair = encodeUtf8(line.substr(k, 2));
        n += api.IsValidWord(pair.c_str()) != 0;
    }
    return n;
}

struct Chars {
    std::u32string text;
    std::vector<size_t> word;  // per character, index into the line's words
};

Chars charsOf(const std::vector<OcrWord>& words) {
    Chars c;
    for (size_t w = 0; w < words.size(); ++w)
        for (char32_t ch : decodeUtf8(words[w].text.reveal()))
            if (ch != ' ') c.text.push_back(ch), c.word.push_back(w);
    return c;
}

// Merges a second reading `b` into the words of a line `a`: where the two
// differ, the side whose changed characters form more dictionary words with
// their neighbours wins (a tie keeps `a`). The words keep `a`'s boxes and
// confidences.
void mergeByDictionary(tesseract::TessBaseAPI& api, std::vector<OcrWord>& a, const std::vector<OcrWord>& b) {
    const Chars ca = charsOf(a), cb = charsOf(b);
    if (ca.text == cb.text || ca.text.empty() || cb.text.empty()) return;
    const size_t n = ca.text.size(), m = cb.text.size();
    if (n * m > 1'000'000) return;  // not a line of text (noise read as a long run): no quadratic table
    std::vector<std::vector<uint16_t>> d(n + 1, std::vector<uint16_t>(m + 1));
    for (size_t i = 0; i <= n; ++i) d[i][0] = static_cast<uint16_t>(i);
    for (size_t j = 0; j <= m; ++j) d[0][j] = static_cast<uint16_t>(j);
    for (size_t i = 1; i <= n; ++i)
        for (size_t j = 1; j <= m; ++j)
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (ca.text[i - 1] != cb.text[j - 1])}) &
                      0xFFFF;
    // Walk back to the matching characters: pairs (i, j) of equal characters.
    std::vector<std::pair<size_t, size_t>> same;
    for (size_t i = n, j = m; i > 0 && j > 0;) {
        if (ca.text[i - 1] == cb.text[j - 1] && d[i][j] == d[i - 1][j - 1]) {
            same.emplace_back(--i, --j);
        } else if (d[i][j] == d[i - 1][j - 1] + 1) {
            --i, --j;
        } else if (d[i][j] == d[i - 1][j] + 1) {
            --i;
        } else {
            --j;
        }
    }
    std::reverse(same.begin(), same.end());
    same.emplace_back(n, m);  // sentinel
    std::vector<std::u32string> text(a.size());
    size_t i = 0, j = 0;
    for (const auto& [si, sj] : same) {
        if (si > i || sj > j) {  // a differing segment a[i, si) / b[j, sj)
            std::u32string withA = ca.text.substr(0, si), withB = ca.text.substr(0, i);
            withB += cb.text.substr(j, sj - j);
            const size_t endB = withB.size();
            withA += ca.text.substr(si), withB += ca.text.substr(si);
            const bool takeB = dictionaryPairs(api, withB, i, endB) > dictionaryPairs(api, withA, i, si);
            const size_t w = si > i ? ca.word[i] : ca.word[i > 0 ? i - 1 : 0];
            if (takeB)
                text[w] += cb.text.substr(j, sj - j);
            else
                for (size_t k = i; k < si; ++k) text[ca.word[k]].push_back(ca.text[k]);
        }
        if (si < n) text[ca.word[si]].push_back(ca.text[si]);
        i = si + 1, j = sj + 1;
    }
    for (size_t w = 0; w < a.size(); ++w) a[w].text = Personal(encodeUtf8(text[w]));
    std::erase_if(a, [](const OcrWord& w) { return w.text.empty(); });
}

}  // namespace

void mergeLineReadings(tesseract::TessBaseAPI& api, PageWords& page, tesseract::PageSegMode blockMode,
                       const std::atomic<bool>& cancelled, const std::function<void(size_t, size_t)>& onLine) {
    forEachLineAlone(api, page, blockMode, cancelled, onLine,
                     [&](size_t, std::vector<OcrWord>& words, const PageWords& single) {
                         mergeByDictionary(api, words, single.words);
                     });
}

}  // namespace kiosk::documents
