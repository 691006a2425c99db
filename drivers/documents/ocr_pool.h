#pragma once
// The OCR pipeline: a small pool of Tesseract engines (one TessBaseAPI per
// worker thread, chi_sim+eng LSTM models) that turns a page image into text
// with per-word confidences, the extracted fields and the compressed page.
//
// Start-up: construct the pool early (the composition root, at start-up);
// the constructor returns at once and every worker initialises its own
// engine in the background (~0.3 s each). A page submitted before any engine
// is ready waits for the first one, not for all of them.
//
// Environment: OMP_THREAD_LIMIT=1 must be set before the process starts
// (launcher, service unit, ctest): Debian's Tesseract uses OpenMP, and its
// threads make recognition ~9x slower on 2 cores. The pool logs a warning
// when it is missing.
//
// Memory: one chi_sim engine keeps ~17 MB of model data, and loading it
// leaves its worker's malloc arena at ~45 MB resident. The destructor joins
// the workers and hands the freed memory back to the system (malloc_trim),
// so an owner that destroys an idle pool (the app does at the attract
// screen, #17) really gets it back; a new pool loads the engines again.
//
// Threads: every public member may be called from any thread. Callbacks run
// on the worker that handles the page: post to the main-thread RunQueue
// before touching models. onProgress is called zero or more times, then
// onDone exactly once per submitted page. The destructor cancels queued and
// running pages (their onDone reports Cancelled), then joins the workers;
// it must not be called from a callback.
//
// Failures are values: Unreadable (an inconsistent or empty page), TooLarge,
// Cancelled, EngineUnavailable (no engine could load its language data).
// A blank page is not an error: it comes back with no words and no fields.
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "drivers/documents/ocr_options.h"
#include "kiosk/core/documents.h"
#include "kiosk/core/result.h"

namespace kiosk::documents {

class OcrPool {
public:
    using JobId = uint64_t;
    struct Request {
        PageImage page;
        DocumentKind kind = DocumentKind::Unknown;  // Unknown: detect from the text
    };
    struct Callbacks {
        std::function<void(JobId, const OcrProgress&)> onProgress;  // may be null
        std::function<void(JobId, Result<DocumentReading, OcrError>)> onDone;
    };

    explicit OcrPool(OcrOptions options = {});
    ~OcrPool();
    OcrPool(const OcrPool&) = delete;
    OcrPool& operator=(const OcrPool&) = delete;

    // Engines initialised so far, and whether every one of them failed.
    int readyEngines() const;
    bool unavailable() const;
    // Every engine has finished loading, ready or not: destroying the pool
    // now does not wait for a load in progress.
    bool settled() const;
    // Waits until at least one engine is ready (true) or all failed / the
    // timeout passed (false).
    bool waitUntilReady(std::chrono::milliseconds timeout) const;

    // Queues a page; returns its id at once.
    JobId submit(Request request, Callbacks callbacks);
    // Cancels a queued or running page; its onDone reports Cancelled (a page
    // already past recognition may still complete). Unknown ids are ignored.
    void cancel(JobId id);

    // Blocking convenience (CLI, tests, benchmark): submit and wait.
    Result<DocumentReading, OcrError> read(Request request, std::function<void(const OcrProgress&)> onProgress = {});

    const OcrOptions& options() const { return options_; }

private:
    struct Job;
    class Engine;
    void workerMain(int index);
    void runJob(Engine& engine, Job& job);
    int engineCount() const { return std::max(1, options_.engines); }

    const OcrOptions options_;
    mutable std::mutex mutex_;
    mutable std::condition_variable cv_;  // jobs queued, engines ready, stop
    std::deque<std::shared_ptr<Job>> queue_;
    std::vector<std::shared_ptr<Job>> running_;
    JobId nextId_ = 1;
    int ready_ = 0;
    int failed_ = 0;
    bool stop_ = false;
    std::vector<std::thread> workers_;
};

}  // namespace kiosk::documents
