#pragma once
// Field extraction: from recognised words to the values a resident confirms
// (documents.h: ExtractedDocument). Pure functions over text, no Tesseract;
// safe from any thread.
//
// Rules work on each recognised line with whitespace removed and full-width
// punctuation folded, anchored on the printed labels of each form
// ("身份证号", "合计金额", "与户主关系", ...). A value's confidence is the
// lowest word confidence it came from. ID numbers are checked (GB 11643);
// a failing number keeps what was read, is marked invalid, and carries the
// single-confusion correction as a suggestion when there is exactly one.
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/documents.h"

namespace kiosk::documents {

// Guesses the kind from the page's text (title and labels); Unknown when
// nothing matches.
DocumentKind detectDocumentKind(const OcrText& ocr);

// Extracts the fields of `kind` (Unknown: detect first; a page of unknown
// kind yields no fields).
ExtractedDocument extractFields(const OcrText& ocr, DocumentKind kind);

// The page text from its words: one line per OCR line; words joined without
// a space, except between two Latin letters or digits ("Tel 0571").
std::string textFromWords(const std::vector<OcrWord>& words);

// Builds an OcrText from plain text (one line per line, words split at
// spaces, every word with `confidence`): for tests and for text typed in.
OcrText ocrTextFromPlain(std::string_view text, float confidence = 90);

// The text as scored: whitespace removed, full-width ASCII forms and the
// ideographic space folded to ASCII (the part of NFKC that OCR output and
// the sample truths differ in).
std::string foldForComparison(std::string_view text);

// Character error rate of `hypothesis` against `truth`, both folded first:
// Levenshtein distance over code points divided by the truth's length.
double characterErrorRate(std::string_view truth, std::string_view hypothesis);

}  // namespace kiosk::documents
