// Pure parts of the documents pipeline: ID-number suggestions, field
// extraction from the sample pages' true text, error keys, the CER scorer,
// and bad picture files. No Tesseract, no SANE.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "drivers/documents/fields.h"
#include "drivers/documents/image_io.h"
#include "kiosk/core/documents.h"
#include "kiosk/core/id_number.h"
#include "tests/documents/samples.h"

using namespace kiosk;
using namespace kiosk::documents;
namespace fs = std::filesystem;

// ---------------------------------------------------------------- ID suggestions

TEST(IdSuggestion, ValidNumberNeedsNoSuggestion) {
    EXPECT_EQ(suggestIdNumberCorrection("11010519491231002X"), std::nullopt);
    EXPECT_EQ(suggestIdNumberCorrection("11010519491231002x"), std::nullopt);  // only normalised
}

TEST(IdSuggestion, EachListedConfusionIsCorrected) {
    // 330113197506234492 is valid; put each confusable letter where its digit is.
    EXPECT_EQ(suggestIdNumberCorrection("33O113197506234492"), "330113197506234492");  // O -> 0
    EXPECT_EQ(suggestIdNumberCorrection("3301I3197506234492"), "330113197506234492");  // I -> 1
    EXPECT_EQ(suggestIdNumberCorrection("3301l3197506234492"), "330113197506234492");  // l -> 1
    EXPECT_EQ(suggestIdNumberCorrection("330113197S06234492"), "330113197506234492");  // S -> 5
    EXPECT_EQ(suggestIdNumberCorrection("33011319750623449Z"), "330113197506234492");  // check digit Z -> 2
    EXPECT_EQ(suggestIdNumberCorrection("330108194210195O12"), "330108194210195012");
}

TEST(IdSuggestion, B8AndLowerCaseVariants) {
    // 330111198508032175 is valid.
    EXPECT_EQ(suggestIdNumberCorrection("3301111985O8032175"), "330111198508032175");
    EXPECT_EQ(suggestIdNumberCorrection("33011119B508032175"), "330111198508032175");  // B -> 8
    EXPECT_EQ(suggestIdNumberCorrection("330111198508032I75"), "330111198508032175");
    EXPECT_EQ(suggestIdNumberCorrection("33011l198508032175"), "330111198508032175");
}

TEST(IdSuggestion, NoSuggestionWhenNoSingleFixWorks) {
    EXPECT_EQ(suggestIdNumberCorrection("330113197506234493"), std::nullopt);   // wrong digit, no letter
    EXPECT_EQ(suggestIdNumberCorrection("33O11319750623449Z"), std::nullopt);   // two confusions needed
    EXPECT_EQ(suggestIdNumberCorrection("33011319750623449"), std::nullopt);    // 17 characters
    EXPECT_EQ(suggestIdNumberCorrection("330113197506234492O"), std::nullopt);  // 19 characters
    EXPECT_EQ(suggestIdNumberCorrection("33A113197506234492"), std::nullopt);   // A is not a confusion
    EXPECT_EQ(suggestIdNumberCorrection("33O113197506234493"), std::nullopt);   // fixing O still fails
}

// ---------------------------------------------------------------- field extraction

namespace {
ExtractedDocument extractTruth(const std::string& stem) {
    return extractFields(ocrTextFromPlain(readSampleText(stem)), DocumentKind::Unknown);
}
}  // namespace

TEST(FieldExtraction, EveryFormSampleMatchesItsTruth) {
    for (const auto& sample : formSamples()) {
        SCOPED_TRACE(sample.stem);
        ExtractedDocument d = extractTruth(sample.stem);
        expectFields(d, sample);
    }
}

TEST(FieldExtraction, DetectsKindsAndLeavesReportsAlone) {
    EXPECT_EQ(extractTruth("income4_clean").kind, DocumentKind::IncomeProof);
    EXPECT_EQ(extractTruth("medical2_noisy").kind, DocumentKind::MedicalBill);
    EXPECT_EQ(extractTruth("household3_camera").kind, DocumentKind::HouseholdRegister);
    ExtractedDocument report = extractTruth("report1_clean");
    EXPECT_EQ(report.kind, DocumentKind::Unknown);
    EXPECT_TRUE(report.fields.empty());
}

TEST(FieldExtraction, MisreadIdNumberIsFlaggedWithSuggestion) {
    auto ocr = ocrTextFromPlain(
        "收入证明\n兹证明钟明同志，身份证号码33O113197506234492，\n"
        "近12个月月平均收入为人民币4868元。",
        95);
    ExtractedDocument d = extractFields(ocr, DocumentKind::Unknown);
    const auto* id = d.find(FieldId::IdNumber);
    ASSERT_NE(id, nullptr);
    EXPECT_FALSE(id->valid);
    EXPECT_EQ(id->value.reveal(), "33O113197506234492") << "never applied silently";
    ASSERT_TRUE(id->suggestion.has_value());
    EXPECT_EQ(id->suggestion->reveal(), "330113197506234492");
    EXPECT_LT(id->confidence, 50) << "a failing check lowers the confidence";
}

TEST(FieldExtraction, WrongCheckDigitHasNoSuggestion) {
    auto ocr = ocrTextFromPlain("常住人口登记卡\n户主姓名：秦诺刚\n公民身份号码：330105195906047014");
    ExtractedDocument d = extractFields(ocr, DocumentKind::Unknown);
    const auto* id = d.find(FieldId::MemberIdNumber, 0);
    ASSERT_NE(id, nullptr);
    EXPECT_FALSE(id->valid);
    EXPECT_FALSE(id->suggestion.has_value());
}

TEST(FieldExtraction, ConfidenceIsTheWeakestWord) {
    OcrText ocr = ocrTextFromPlain("浙江省医疗收费票据（住院）\n合计金额： 4926.00元", 90);
    ocr.words.back().confidence = 41;  // "4926.00元"
    ExtractedDocument d = extractFields(ocr, DocumentKind::MedicalBill);
    const auto* total = d.find(FieldId::Total);
    ASSERT_NE(total, nullptr);
    EXPECT_EQ(total->value.reveal(), "4926.00");
    EXPECT_FLOAT_EQ(total->confidence, 41);
}

TEST(FieldExtraction, FieldValuesNeverReachTheLog) {
    ExtractedDocument d = extractTruth("income4_clean");
    const auto* id = d.find(FieldId::IdNumber);
    ASSERT_NE(id, nullptr);
    EXPECT_EQ(fmt::format("{}", id->value), "[redacted]");
}

// ---------------------------------------------------------------- keys and names

TEST(DocumentKeys, EveryScanErrorHasAMessageKey) {
    for (int e = 0; e <= static_cast<int>(ScanError::Internal); ++e) {
        std::string key = scanErrorKey(static_cast<ScanError>(e));
        EXPECT_EQ(key.rfind("scan.error.", 0), 0u) << key;
        EXPECT_STRNE(scanErrorName(static_cast<ScanError>(e)), "");
    }
    for (int e = 0; e <= static_cast<int>(OcrError::EngineUnavailable); ++e)
        EXPECT_EQ(std::string(ocrErrorKey(static_cast<OcrError>(e))).rfind("ocr.error.", 0), 0u);
    for (auto k :
         {DocumentKind::Unknown, DocumentKind::IncomeProof, DocumentKind::MedicalBill, DocumentKind::HouseholdRegister})
        EXPECT_EQ(parseDocumentKind(documentKindName(k)), k);
    EXPECT_EQ(parseDocumentKind("passport"), std::nullopt);
}

// ---------------------------------------------------------------- scoring

TEST(Scoring, CerIgnoresWhitespaceAndFoldsFullWidth) {
    EXPECT_DOUBLE_EQ(characterErrorRate("姓名：张三（户主）", "姓名: 张 三(户主)"), 0.0);
    EXPECT_DOUBLE_EQ(characterErrorRate("abcd", "abxd"), 0.25);
    EXPECT_DOUBLE_EQ(characterErrorRate("abcd", ""), 1.0);
    EXPECT_DOUBLE_EQ(characterErrorRate("合计", "合计金额"), 1.0);
}

// ---------------------------------------------------------------- field vocabularies

namespace {
// The text after applyFieldVocabulary on words made from `plain`.
std::string corrected(std::string_view plain, DocumentKind kind) {
    OcrText ocr = ocrTextFromPlain(plain, 80);
    applyFieldVocabulary(ocr.words, kind);
    return textFromWords(ocr.words);
}
std::string utf8(const std::u32string& s) {
    std::string out;
    for (char32_t c : s) {
        if (c < 0x80) {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back(static_cast<char>(0xE0 | (c >> 12)));
            out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        }
    }
    return out;
}
}  // namespace

TEST(FieldVocabulary, AmountsInWordsFollowTheFinancialRules) {
    EXPECT_EQ(utf8(amountInWords(255800)), "贰仟伍佰伍拾捌元整");
    EXPECT_EQ(utf8(amountInWords(1000)), "壹拾元整");
    EXPECT_EQ(utf8(amountInWords(10050000)), "壹拾万零伍佰元整");
    EXPECT_EQ(utf8(amountInWords(1100500000)), "壹仟壹佰万伍仟元整");
    EXPECT_EQ(utf8(amountInWords(1000000100)), "壹仟万零壹元整");
    EXPECT_EQ(utf8(amountInWords(100000100000)), "壹拾亿零壹仟元整");
    EXPECT_EQ(utf8(amountInWords(123456)), "壹仟贰佰叁拾肆元伍角陆分");
    EXPECT_EQ(utf8(amountInWords(1205)), "壹拾贰元零伍分");
    EXPECT_EQ(utf8(amountInWords(1250)), "壹拾贰元伍角整");
    EXPECT_EQ(utf8(amountInWords(0)), "零元整");
}

TEST(FieldVocabulary, AmountInWordsIsRewrittenFromItsFigureOnlyWhenTheyAgree) {
    // 仟 and 捌 are not in chi_sim's character set: read as look-alikes.
    EXPECT_EQ(corrected("月平均收入为人民币3008元（大写：叁什零担元整）。", DocumentKind::IncomeProof),
              "月平均收入为人民币3008元（大写：叁仟零捌元整）。\n");
    // A numeral that disagrees is a real disagreement (the figure may be the
    // misread one): left as read.
    EXPECT_EQ(corrected("人民币3008元（大写：叁什零玖元整）", DocumentKind::IncomeProof),
              "人民币3008元（大写：叁什零玖元整）\n");
    // Too few characters agree: not this amount.
    EXPECT_EQ(corrected("人民币3008元（大写：全什另担元整）", DocumentKind::IncomeProof),
              "人民币3008元（大写：全什另担元整）\n");
    // Free text (no form kind) is left alone.
    EXPECT_EQ(corrected("人民币3008元（大写：叁什零担元整）", DocumentKind::Unknown),
              "人民币3008元（大写：叁什零担元整）\n");
}

TEST(FieldVocabulary, MisreadLabelsAndTheirColonsAreRestored) {
    EXPECT_EQ(corrected("兹证明李四同志，刁份证号码110105194912310021，", DocumentKind::IncomeProof),
              "兹证明李四同志，身份证号码110105194912310021，\n");
    EXPECT_EQ(corrected("与户主关系;户主\n婚姻状况.未婚", DocumentKind::HouseholdRegister),
              "与户主关系：户主\n婚姻状况：未婚\n");
    // Two characters off is not the label; other kinds' labels are not used.
    EXPECT_EQ(corrected("刁份证号吗", DocumentKind::IncomeProof), "刁份证号吗\n");
    EXPECT_EQ(corrected("户主姓召：王五", DocumentKind::IncomeProof), "户主姓召：王五\n");
    EXPECT_EQ(corrected("户主姓召：王五", DocumentKind::HouseholdRegister), "户主姓名：王五\n");
}

TEST(FieldVocabulary, MixedBracketPairsBecomeRound) {
    EXPECT_EQ(corrected("收费票据〈住院）", DocumentKind::Unknown), "收费票据（住院）\n");
    EXPECT_EQ(corrected("元《大写：壹元整)", DocumentKind::Unknown), "元(大写：壹元整)\n");
    EXPECT_EQ(corrected("(住院》", DocumentKind::Unknown), "(住院)\n");
    // Matching pairs, nesting and other bracket types stay as read.
    EXPECT_EQ(corrected("《关于（试行）的通知》", DocumentKind::Unknown), "《关于（试行）的通知》\n");
    EXPECT_EQ(corrected("国办发【2024]1号", DocumentKind::Unknown), "国办发【2024]1号\n");
}

TEST(FieldVocabulary, WordsKeepTheirConfidenceAndLines) {
    OcrText ocr = ocrTextFromPlain("与户主关系;户主\n刁份证号码 1", 55);
    const auto before = ocr.words.size();
    applyFieldVocabulary(ocr.words, DocumentKind::HouseholdRegister);
    ASSERT_EQ(ocr.words.size(), before);
    for (const auto& w : ocr.words) EXPECT_EQ(w.confidence, 55);
    EXPECT_EQ(ocr.words[0].line, 0);
    EXPECT_EQ(ocr.words.back().line, 1);
}

// ---------------------------------------------------------------- bad pictures

TEST(BadPictures, EmptyFileIsUnreadable) {
    auto r = decodeImage({});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), ScanError::Unreadable);
    EXPECT_EQ(loadImageFile("/nonexistent/page.png").error(), ScanError::Unreadable);
}

TEST(BadPictures, TruncatedPngIsUnreadable) {
    std::string bytes = readSampleBytes("income4_clean.png");
    ASSERT_GT(bytes.size(), 1000u);
    for (size_t keep : {size_t(8), size_t(40), bytes.size() / 2}) {
        auto r = decodeImage({reinterpret_cast<const uint8_t*>(bytes.data()), keep});
        ASSERT_FALSE(r) << keep;
        EXPECT_EQ(r.error(), ScanError::Unreadable);
    }
}

TEST(BadPictures, NotAnImageIsUnreadable) {
    std::string text = "this is not a picture, just some text that is long enough";
    auto r = decodeImage({reinterpret_cast<const uint8_t*>(text.data()), text.size()});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), ScanError::Unreadable);
}

TEST(BadPictures, HugePictureIsRefusedFromItsHeader) {
    std::vector<uint8_t> png = pngHeaderOnly(20000, 20000);
    auto r = decodeImage(png);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), ScanError::TooLarge);
}

TEST(PageImages, SamplesDecodeWithTheirResolution) {
    auto r = loadImageFile(sampleDir() / "income1_lowres_jpeg.png");
    ASSERT_TRUE(r);
    EXPECT_EQ(r.value().dpi, 200);
    EXPECT_EQ(r.value().channels, 1);
    EXPECT_TRUE(r.value().consistent());
}

TEST(PageImages, StoredPageIsACompactReadableJpeg) {
    auto r = loadImageFile(sampleDir() / "medical5_skew.png");
    ASSERT_TRUE(r);
    StoredPage stored = compressForStorage(r.value());
    EXPECT_EQ(stored.mimeType, "image/jpeg");
    EXPECT_NEAR(stored.width, r.value().width / 2, 2);  // 300 dpi -> 150 dpi
    EXPECT_LT(stored.bytes.size(), 300u * 1024);
    auto back = decodeImage(stored.bytes);
    ASSERT_TRUE(back);
    EXPECT_EQ(back.value().width, stored.width);
    EXPECT_TRUE(compressForStorage(PageImage{}).bytes.empty());
}

TEST(Samples, ExpectedValuesComeFromTheTruthFiles) {
    for (const auto& sample : formSamples())
        for (const auto& f : sample.fields)
            EXPECT_NE(readSampleText(sample.stem).find(f.value), std::string::npos) << sample.stem << ": " << f.value;
}
