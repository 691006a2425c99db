// The OCR pipeline on the committed sample pages (tests/data/documents),
// scored as tests/data/README.md says: whitespace-insensitive, full-width
// punctuation folded. All tests share one engine pool (one process: see
// CMakeLists.txt); each page is recognised once and the reading reused.
//
// Thresholds are per degradation kind, set from measurements (Tesseract
// 5.3.0, Debian's chi_sim fast model) with headroom for small drift, and
// tight enough that switching preprocessing off fails them (camera pages go
// from ~1% to 30-40% CER, the noisy bill from ~1% to ~10%).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <mutex>

#include "drivers/documents/fields.h"
#include "drivers/documents/image_io.h"
#include "drivers/documents/ocr_pool.h"
#include "kiosk/core/log.h"
#include "tests/documents/ocr_scoring.h"
#include "tests/documents/samples.h"

using namespace kiosk;
using namespace kiosk::documents;

namespace {

OcrPool* gPool = nullptr;

// The highest CER accepted per degradation kind (the page name's suffix).
// Measured: clean 0-0.5%, skew 0%, lowres_jpeg 0%, noisy 0-0.6%, camera
// 0.6-1.3% (before the second line reading and the field vocabularies:
// clean 0.5-2.8%, lowres_jpeg 0.6-3.4%, noisy 0.4-1.2%). The per-kind bars
// stay wide for other pages of each kind; the overall bars below are tight.
const std::map<std::string, double> kMaxCer = {
    {"clean", 0.05}, {"skew", 0.03}, {"lowres_jpeg", 0.06}, {"noisy", 0.04}, {"camera", 0.04},
};

const std::vector<std::string> kPages = {
    "household3_camera",   "household6_lowres_jpeg", "income1_lowres_jpeg", "income4_clean",
    "medical2_noisy",      "medical5_skew",          "report1_clean",       "report2_skew",
    "report3_lowres_jpeg", "report4_noisy",          "report5_camera",
};

std::string degradation(const std::string& stem) { return stem.substr(stem.find('_') + 1); }

const DocumentReading& reading(const std::string& stem) {
    static std::map<std::string, DocumentReading> cache;
    static std::mutex m;
    std::lock_guard lock(m);
    auto it = cache.find(stem);
    if (it != cache.end()) return it->second;
    auto page = loadImageFile(sampleDir() / (stem + ".png"));
    EXPECT_TRUE(page) << stem;
    DocumentReading r;
    if (page) {
        auto result = gPool->read({std::move(page.value()), DocumentKind::Unknown});
        EXPECT_TRUE(result) << stem << ": " << (result ? "" : ocrErrorName(result.error()));
        if (result) r = std::move(result.value());
    }
    return cache.emplace(stem, std::move(r)).first->second;
}

double pageCer(const std::string& stem, const std::string& text) {
    return scoring::pageCer(stem, readSampleText(stem), text);
}

// CER over `stems`, weighted by their scored characters.
double overallCer(const std::vector<std::string>& stems) {
    double errors = 0, chars = 0;
    for (const auto& stem : stems) {
        const double len = scoring::scoredLength(stem, readSampleText(stem));
        errors += pageCer(stem, reading(stem).ocr.text.reveal()) * len, chars += len;
    }
    return errors / chars;
}

}  // namespace

TEST(OcrPool, EnginesInitialiseInTheBackground) {
    EXPECT_TRUE(gPool->waitUntilReady(std::chrono::seconds(60)));
    EXPECT_GE(gPool->readyEngines(), 1);
    EXPECT_FALSE(gPool->unavailable());
}

TEST(OcrAccuracy, SamplePagesMeetTheirThresholds) {
    double slowestMs = 0;
    for (const auto& stem : kPages) {
        const DocumentReading& r = reading(stem);
        const double cer = pageCer(stem, r.ocr.text.reveal());
        const double ms = r.ocr.timings.preprocessMs + r.ocr.timings.recognizeMs + r.ocr.timings.extractMs;
        slowestMs = std::max(slowestMs, ms);
        std::printf("  %-24s CER %5.2f%%  %4.0f ms  mean word confidence %.0f\n", stem.c_str(), cer * 100, ms,
                    r.ocr.meanConfidence);
        EXPECT_LE(cer, kMaxCer.at(degradation(stem))) << stem;
        EXPECT_LE(cer, 0.08) << stem << ": the issue's per-page bar";
        EXPECT_FALSE(r.ocr.words.empty());
        for (const auto& w : r.ocr.words) {
            EXPECT_GE(w.confidence, 0);
            EXPECT_LE(w.confidence, 100);
        }
    }
    const double overall = overallCer(kPages);
    std::printf("  overall CER %.2f%%, slowest page %.0f ms\n", overall * 100, slowestMs);
    // Measured 0.32% (8 characters of ~2500); before the second reading of
    // lines and the field vocabularies it was 0.80% (20).
    EXPECT_LE(overall, 0.006) << "the issue's overall bar is 1%";
}

// The forms where field lines are read one by one and the field
// vocabularies apply (a few pages: quick alone). Measured: 1 character
// wrong of 639; 12 without those two steps (1.9%).
TEST(OcrAccuracy, FormPagesAreNearlyExact) {
    const std::vector<std::string> forms = {"income1_lowres_jpeg", "income4_clean", "household6_lowres_jpeg",
                                            "medical2_noisy"};
    const double overall = overallCer(forms);
    std::printf("  form pages: CER %.2f%%\n", overall * 100);
    EXPECT_LE(overall, 0.008);
}

TEST(OcrAccuracy, CameraPagesNeedThePreprocessing) {
    OcrOptions raw;
    raw.preprocess.enabled = false;
    raw.keepPageImage = false;
    OcrPool rawPool(raw);
    for (const std::string stem : {"household3_camera", "report5_camera"}) {
        auto page = loadImageFile(sampleDir() / (stem + ".png"));
        ASSERT_TRUE(page);
        auto r = rawPool.read({std::move(page.value()), DocumentKind::Unknown});
        ASSERT_TRUE(r);
        const double cer = pageCer(stem, r.value().ocr.text.reveal());
        std::printf("  %-24s without preprocessing: CER %.2f%%\n", stem.c_str(), cer * 100);
        EXPECT_GT(cer, kMaxCer.at("camera")) << "the threshold would not notice preprocessing switched off";
    }
}

TEST(OcrFields, FormPagesGiveTheirFields) {
    for (const auto& sample : formSamples()) {
        SCOPED_TRACE(sample.stem);
        const ExtractedDocument& d = reading(sample.stem).document;
        EXPECT_EQ(d.kind, sample.kind);
        for (const auto& e : sample.fields) {
            const ExtractedField* f = d.find(e.id, e.member);
            ASSERT_NE(f, nullptr) << fieldName(e.id) << "[" << e.member << "] missing";
            if (f->value.reveal() == e.value) {
                if (isIdNumberField(e.id)) {
                    EXPECT_TRUE(f->valid);
                }
                continue;
            }
            // Rare name characters may be misread; then the field must say so
            // with a low confidence, so the screen asks the resident to check it.
            const bool name = e.id == FieldId::Name || e.id == FieldId::PatientName || e.id == FieldId::MemberName;
            EXPECT_TRUE(name) << fieldName(e.id) << "[" << e.member << "] read as " << f->value.reveal()
                              << ", expected " << e.value;
            EXPECT_LT(f->confidence, 70) << fieldName(e.id) << " misread with high confidence";
            std::printf("  %s: %s[%d] misread, flagged (confidence %.0f)\n", sample.stem.c_str(), fieldName(e.id),
                        e.member, f->confidence);
        }
    }
}

TEST(OcrFields, PagesComeWithACompressedImage) {
    const DocumentReading& r = reading("medical2_noisy");
    EXPECT_EQ(r.stored.mimeType, "image/jpeg");
    EXPECT_GT(r.stored.width, 1000);
    EXPECT_LT(r.stored.bytes.size(), 400u * 1024);
}

TEST(OcrBadInput, BlankPageIsAnEmptyResult) {
    PageImage blank;
    blank.width = 2480, blank.height = 3508, blank.dpi = 300;
    blank.pixels.assign(static_cast<size_t>(blank.width) * blank.height, 235);
    auto r = gPool->read({std::move(blank), DocumentKind::Unknown});
    ASSERT_TRUE(r);
    EXPECT_TRUE(r.value().ocr.blank());
    EXPECT_TRUE(r.value().ocr.text.empty());
    EXPECT_EQ(r.value().document.kind, DocumentKind::Unknown);
    EXPECT_TRUE(r.value().document.fields.empty());
}

TEST(OcrBadInput, BrokenPagesAreClearErrors) {
    PageImage inconsistent;
    inconsistent.width = 100, inconsistent.height = 100;
    inconsistent.pixels.resize(10);
    auto r1 = gPool->read({inconsistent, DocumentKind::Unknown});
    ASSERT_FALSE(r1);
    EXPECT_EQ(r1.error(), OcrError::Unreadable);
    EXPECT_FALSE(gPool->read({PageImage{}, DocumentKind::Unknown}));

    PageImage huge;  // refused from its size, before any pixel is touched
    huge.width = 20000, huge.height = 20000;
    auto r2 = gPool->read({huge, DocumentKind::Unknown});
    ASSERT_FALSE(r2);
    EXPECT_EQ(r2.error(), OcrError::TooLarge);
}

TEST(OcrPool, ProgressRunsThroughTheStagesInOrder) {
    auto page = loadImageFile(sampleDir() / "income4_clean.png");
    ASSERT_TRUE(page);
    std::vector<OcrProgress> events;
    auto r = gPool->read({std::move(page.value()), DocumentKind::IncomeProof},
                         [&](const OcrProgress& p) { events.push_back(p); });
    ASSERT_TRUE(r);
    ASSERT_GE(events.size(), 3u);
    EXPECT_EQ(events.front().stage, OcrStage::Preprocessing);
    EXPECT_EQ(events.back().stage, OcrStage::Extracting);
    for (size_t i = 1; i < events.size(); ++i) {
        EXPECT_GE(events[i].fraction, events[i - 1].fraction);
        EXPECT_GE(static_cast<int>(events[i].stage), static_cast<int>(events[i - 1].stage));
    }
    EXPECT_TRUE(std::any_of(events.begin(), events.end(), [](const OcrProgress& p) {
        return p.stage == OcrStage::Recognizing && p.fraction > 0.5;
    })) << "recognition reports its own progress";
}

TEST(OcrPool, CancelStopsQueuedAndRunningPages) {
    auto page = loadImageFile(sampleDir() / "report1_clean.png");
    ASSERT_TRUE(page);
    std::mutex m;
    std::condition_variable cv;
    std::map<OcrPool::JobId, Result<DocumentReading, OcrError>> results;
    OcrPool::JobId running = 0;
    bool sawRecognizing = false;
    OcrPool::Callbacks cb;
    cb.onProgress = [&](OcrPool::JobId id, const OcrProgress& p) {
        if (p.stage != OcrStage::Recognizing) return;
        std::lock_guard lock(m);
        if (id == running) sawRecognizing = true;
        cv.notify_all();
    };
    cb.onDone = [&](OcrPool::JobId id, Result<DocumentReading, OcrError> r) {
        std::lock_guard lock(m);
        results.emplace(id, std::move(r));
        cv.notify_all();
    };
    {
        std::lock_guard lock(m);
        running = gPool->submit({page.value(), DocumentKind::Unknown}, cb);
    }
    const OcrPool::JobId queued = gPool->submit({page.value(), DocumentKind::Unknown}, cb);
    gPool->cancel(queued);
    {
        std::unique_lock lock(m);
        ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(60), [&] { return sawRecognizing; }));
    }
    gPool->cancel(running);
    std::unique_lock lock(m);
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(60), [&] { return results.size() == 2; }));
    ASSERT_FALSE(results.at(queued));
    EXPECT_EQ(results.at(queued).error(), OcrError::Cancelled);
    ASSERT_FALSE(results.at(running));
    EXPECT_EQ(results.at(running).error(), OcrError::Cancelled);
}

TEST(OcrPool, MissingLanguageDataIsEngineUnavailable) {
    OcrOptions options;
    options.languages = "xx_nonexistent";
    OcrPool broken(options);
    EXPECT_FALSE(broken.waitUntilReady(std::chrono::seconds(30)));
    EXPECT_TRUE(broken.unavailable());
    auto r = broken.read({PageImage{}, DocumentKind::Unknown});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), OcrError::EngineUnavailable);
}

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    kiosk::initLogging("warn");
    if (!std::getenv("OMP_THREAD_LIMIT")) std::fprintf(stderr, "warning: OMP_THREAD_LIMIT is not set\n");
    // Started before the tests, as the kiosk starts it at start-up.
    OcrPool pool;
    gPool = &pool;
    return RUN_ALL_TESTS();
}
