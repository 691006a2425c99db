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
