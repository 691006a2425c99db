#include "drivers/documents/ocr_pool.h"

#include <tesseract/baseapi.h>
#include <tesseract/ocrclass.h>

#include <malloc.h>

#include <atomic>
#include <cstdlib>
#include <mutex>

#include "drivers/documents/fields.h"
#include "drivers/documents/image_io.h"
#include "drivers/documents/preprocess.h"
#include "drivers/documents/recognize.h"
#include "kiosk/core/log.h"

namespace kiosk::documents {

namespace {
using Clock = std::chrono::steady_clock;
double msSince(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }
}  // namespace

struct OcrPool::Job {
    JobId id = 0;
    Request request;
    Callbacks callbacks;
    std::atomic<bool> cancelled{false};
    Clock::time_point queuedAt = Clock::now();

    void progress(OcrStage stage, double fraction) {
        if (callbacks.onProgress) callbacks.onProgress(id, OcrProgress{stage, fraction});
    }
};

class OcrPool::Engine {
public:
    explicit Engine(const OcrOptions& options) {
        // "Estimating resolution..." and friends. debug_file is one of
        // Tesseract's process-wide globals (a std::string): set by every
        // engine, workers of one pool or of two, wrote it at once (a data
        // race the tsan preset found). Set once, before any engine starts.
        static std::once_flag quiet;
        std::call_once(quiet, [] { tesseract::TessBaseAPI().SetVariable("debug_file", "/dev/null"); });
        const char* dir = options.tessdataDir.empty() ? nullptr : options.tessdataDir.c_str();
        ok_ = api_.Init(dir, options.languages.c_str(), tesseract::OEM_LSTM_ONLY) == 0;
        if (!ok_) return;
        api_.SetPageSegMode(static_cast<tesseract::PageSegMode>(options.pageSegMode));
    }
    ~Engine() { api_.End(); }
    bool ok() const { return ok_; }
    tesseract::TessBaseAPI& api() { return api_; }

private:
    tesseract::TessBaseAPI api_;
    bool ok_ = false;
};

OcrPool::OcrPool(OcrOptions options) : options_(std::move(options)) {
    if (!std::getenv("OMP_THREAD_LIMIT"))
        KLOG_WARN("OMP_THREAD_LIMIT is not set: OCR will be several times slower (set it to 1 in the launcher)");
    for (int i = 0; i < engineCount(); ++i) workers_.emplace_back([this, i] { workerMain(i); });
}

OcrPool::~OcrPool() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
        for (auto& job : running_) job->cancelled = true;
        for (auto& job : queue_) job->cancelled = true;
    }
    cv_.notify_all();
    for (auto& t : workers_) t.join();
    // The engines are gone, but glibc keeps their worker arenas' freed pages
    // (~45 MB for chi_sim): give them back to the system.
    malloc_trim(0);
}

int OcrPool::readyEngines() const {
    std::lock_guard lock(mutex_);
    return ready_;
}

bool OcrPool::unavailable() const {
    std::lock_guard lock(mutex_);
    return failed_ == engineCount();
}

bool OcrPool::settled() const {
    std::lock_guard lock(mutex_);
    return ready_ + failed_ == engineCount();
}

bool OcrPool::waitUntilReady(std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, timeout, [&] { return ready_ > 0 || failed_ == engineCount(); });
    return ready_ > 0;
}

OcrPool::JobId OcrPool::submit(Request request, Callbacks callbacks) {
    auto job = std::make_shared<Job>();
    job->request = std::move(request);
    job->callbacks = std::move(callbacks);
    JobId id;
    {
        std::lock_guard lock(mutex_);
        id = job->id = nextId_++;
        queue_.push_back(std::move(job));
    }
    cv_.notify_all();
    return id;
}

void OcrPool::cancel(JobId id) {
    std::lock_guard lock(mutex_);
    for (auto& job : queue_)
        if (job->id == id) job->cancelled = true;
    for (auto& job : running_)
        if (job->id == id) job->cancelled = true;
}

Result<DocumentReading, OcrError> OcrPool::read(Request request, std::function<void(const OcrProgress&)> onProgress) {
    std::mutex m;
    std::condition_variable done;
    std::optional<Result<DocumentReading, OcrError>> result;
    Callbacks callbacks;
    if (onProgress) callbacks.onProgress = [&](JobId, const OcrProgress& p) { onProgress(p); };
    callbacks.onDone = [&](JobId, Result<DocumentReading, OcrError> r) {
        std::lock_guard lock(m);
        result.emplace(std::move(r));
        done.notify_all();
    };
    submit(std::move(request), std::move(callbacks));
    std::unique_lock lock(m);
    done.wait(lock, [&] { return result.has_value(); });
    return std::move(*result);
}

void OcrPool::workerMain(int index) {
    auto engine = std::make_unique<Engine>(options_);
    const bool ok = engine->ok();
    {
        std::lock_guard lock(mutex_);
        (ok ? ready_ : failed_) += 1;
    }
    if (ok)
        KLOG_DEBUG("OCR engine {} ready", index);
    else
        KLOG_ERROR("OCR engine {} failed to load '{}' (is tesseract-ocr-chi-sim installed?)", index,
                   options_.languages);
    cv_.notify_all();

    for (;;) {
        std::shared_ptr<Job> job;
        {
            std::unique_lock lock(mutex_);
            auto allFailed = [&] { return failed_ == engineCount(); };
            cv_.wait(lock, [&] { return stop_ || (!queue_.empty() && (ok || allFailed())); });
            if (queue_.empty()) return;  // stopping, nothing left
            job = std::move(queue_.front());
            queue_.pop_front();
            if (ok) running_.push_back(job);
        }
        if (job->cancelled || stop_) {
            job->cancelled = true;
        }
        if (!ok) {
            job->callbacks.onDone(job->id, job->cancelled ? OcrError::Cancelled : OcrError::EngineUnavailable);
            continue;
        }
        runJob(*engine, *job);
        std::lock_guard lock(mutex_);
        std::erase(running_, job);
    }
}

namespace {
struct MonitorContext {
    tesseract::ETEXT_DESC monitor;
    std::atomic<bool>* cancelled = nullptr;
    std::function<void(int)> onPercent;
    int lastPercent = -1;
};

bool cancelOrReport(void* p, int /*words*/) {
    auto* ctx = static_cast<MonitorContext*>(p);
    const int percent = ctx->monitor.progress;
    if (percent != ctx->lastPercent) {
        ctx->lastPercent = percent;
        if (ctx->onPercent) ctx->onPercent(percent);
    }
    return ctx->cancelled->load();
}
}  // namespace

void OcrPool::runJob(Engine& engine, Job& job) {
    auto done = [&](Result<DocumentReading, OcrError> r) { job.callbacks.onDone(job.id, std::move(r)); };
    const PageImage& page = job.request.page;
    DocumentReading reading;
    reading.ocr.timings.waitMs = msSince(job.queuedAt);
    if (job.cancelled) return done(OcrError::Cancelled);
    if (static_cast<int64_t>(page.width) * page.height > kMaxPagePixels) return done(OcrError::TooLarge);
    if (!page.consistent()) return done(OcrError::Unreadable);

    auto t = Clock::now();
    job.progress(OcrStage::Preprocessing, 0.02);
    Preprocessed pre = preprocessPage(page, options_.preprocess);
    reading.ocr.timings.preprocessMs = msSince(t);
    if (!pre.pix) return done(OcrError::Unreadable);
    if (job.cancelled) return done(OcrError::Cancelled);

    t = Clock::now();
    job.progress(OcrStage::Recognizing, 0.2);
    DocumentKind kind = job.request.kind;
    if (!pre.blank) {
        auto& api = engine.api();
        api.SetImage(pre.pix.get());
        api.SetSourceResolution(pre.dpi);
        MonitorContext ctx;
        ctx.cancelled = &job.cancelled;
        ctx.onPercent = [&](int percent) { job.progress(OcrStage::Recognizing, 0.2 + 0.5 * percent / 100.0); };
        ctx.monitor.cancel = &cancelOrReport;
        ctx.monitor.cancel_this = &ctx;
        const int rc = api.Recognize(&ctx.monitor);
        if (job.cancelled) {
            api.Clear();
            return done(OcrError::Cancelled);
        }
        if (rc == 0) {
            PageWords read = readRecognised(api);
            // Field lines of a form are read again one by one (recognize.h).
            if (kind == DocumentKind::Unknown) {
                OcrText first;
                first.words = read.words;
                kind = detectDocumentKind(first);
            }
            const auto blockMode = static_cast<tesseract::PageSegMode>(options_.pageSegMode);
            auto onLine = [&](size_t n, size_t of) { job.progress(OcrStage::Recognizing, 0.7 + 0.25 * n / of); };
            if (kind != DocumentKind::Unknown && options_.singleLineFields)
                rereadLines(api, read, blockMode, job.cancelled, onLine);
            else if (kind == DocumentKind::Unknown && options_.dictionaryLines)
                mergeLineReadings(api, read, blockMode, job.cancelled, onLine);
            if (job.cancelled) {
                api.Clear();
                return done(OcrError::Cancelled);
            }
            applyFieldVocabulary(read.words, kind);
            double confSum = 0;
            for (const auto& w : read.words) confSum += w.confidence;
            if (!read.words.empty()) reading.ocr.meanConfidence = static_cast<float>(confSum / read.words.size());
            reading.ocr.words = std::move(read.words);
        }
        api.Clear();
    }
    reading.ocr.text = Personal(textFromWords(reading.ocr.words));
    reading.ocr.timings.recognizeMs = msSince(t);

    t = Clock::now();
    job.progress(OcrStage::Extracting, 0.96);
    reading.document = extractFields(reading.ocr, kind);
    if (options_.keepPageImage) reading.stored = compressForStorage(page);
    reading.ocr.timings.extractMs = msSince(t);
    done(std::move(reading));
}

}  // namespace kiosk::documents
