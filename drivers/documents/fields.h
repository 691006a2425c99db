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

// Field vocabularies, applied to the recognised words of a page of `kind`
// (after recognition, before textFromWords/extractFields). Substitutions
// only (a word keeps its length in characters and its confidence):
//  - every kind: a bracket pair of mixed types with a round bracket on one
//    side ("〈住院）", "《大写：...）") becomes round on both sides;
//  - forms: a printed label of the kind with one character misread becomes
//    the label ("刁份证号码" -> "身份证号码"); a ';' or '.' right after a
//    label becomes the colon the forms print;
//  - forms: an amount in words after "大写" that spells the figure before it
//    apart from characters the model cannot read (chi_sim lacks 仟, 捌, 柒,
//    叁) is rewritten from the figure; one that names other numerals is left
//    alone.
// Tesseract's own user_words/user_patterns have no effect on chi_sim with
// the LSTM engine (measured: identical output), hence these rules.
void applyFieldVocabulary(std::vector<OcrWord>& words, DocumentKind kind);

// The amount in the words of Chinese financial documents ("贰仟伍佰伍拾捌元整")
// for an amount in fen (1/100 yuan), under 10^12 yuan.
std::u32string amountInWords(long long fen);

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

// UTF-8 <-> code points; an invalid byte decodes to U+FFFD.
std::u32string decodeUtf8(std::string_view s);
std::string encodeUtf8(std::u32string_view s);

// Character error rate of `hypothesis` against `truth`, both folded first:
// Levenshtein distance over code points divided by the truth's length.
double characterErrorRate(std::string_view truth, std::string_view hypothesis);

}  // namespace kiosk::documents
