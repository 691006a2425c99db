#include "kiosk/app/document_devices.h"

#include <algorithm>
#include <filesystem>

#include "drivers/documents/image_folder_scanner.h"
#include "drivers/documents/ocr_pool.h"
#include "drivers/documents/sane_scanner.h"
#include "kiosk/core/log.h"
#include "kiosk/core/strings.h"

namespace kiosk {

struct DocumentDevices::Job {
    Callbacks callbacks;
    DocumentKind expected = DocumentKind::Unknown;
    std::atomic<bool> cancelled{false};
    std::atomic<documents::OcrPool::JobId> ocrId{0};
};

DocumentDevices::DocumentDevices() = default;
DocumentDevices::~DocumentDevices() { stop(); }

std::optional<std::string> DocumentDevices::start(const KioskConfig& config, const std::string& assetsDir, RunQueue& queue) {
    queue_ = &queue;
    engines_ = config.scanner.ocrEngines;
    startFault_ = scanFault_ = nullptr;
    const auto& c = config.scanner;
    if (!c.device.empty()) {
        auto sane = documents::SaneScanner::open(c.device);
        if (!sane) {
            startFault_ = sane.error() == ScanError::NoDevice ? i18nKey("device.scanner_not_found")
                                                              : i18nKey("device.scanner_failed");
            return "document scanner " + c.device + ": " + scanErrorName(sane.error());
        }
        scanner_ = std::move(sane.value());
        return std::nullopt;
    }
    std::string folder = c.folder;
    // The demo pages come round again, so a demo never runs out of paper.
    const bool loop = folder.empty() && config.demo;
    if (loop) folder = assetsDir + "/demo/documents";
    if (folder.empty()) return std::nullopt;
    if (!std::filesystem::is_directory(folder)) {
        startFault_ = i18nKey("device.scanner_not_found");
        return "document pictures folder " + folder + " does not exist";
    }
    scanner_ = std::make_unique<documents::ImageFolderScanner>(folder, loop);
    return std::nullopt;
}

void DocumentDevices::stop() {
    if (job_) job_->cancelled = true;
    scanner_.reset();  // cancels and joins: its callbacks are done
    pool_.reset();     // the same for the OCR workers
    job_.reset();
}

void DocumentDevices::prepare() {
    if (!scanner_ || pool_) return;
    documents::OcrOptions options;
    options.engines = engines_;
    pool_ = std::make_unique<documents::OcrPool>(options);
}

void DocumentDevices::releaseEngines() {
    if (!pool_ || job_ || !pool_->settled()) return;
    pool_.reset();  // joins the idle workers and trims the heap
    KLOG_DEBUG("OCR engines released");
}

bool DocumentDevices::capture(DocumentKind expected, Callbacks callbacks) {
    if (!scanner_ || job_ || scanner_->busy()) return false;
    prepare();
    auto job = std::make_shared<Job>();
    job->callbacks = std::move(callbacks);
    job->expected = expected;
    RunQueue* queue = queue_;
    documents::OcrPool* pool = pool_.get();

    Scanner::Callbacks sc;
    sc.onProgress = [queue, job](double f) {
        queue->post([job, f] {
            if (job->callbacks.onProgress) job->callbacks.onProgress({CaptureStage::Scanning, 0.3 * f});
        });
    };
    sc.onDone = [this, queue, pool, job](Result<PageImage, ScanError> scanned) {
        // On the scanner's thread: a failure goes straight back; a page gets
        // its preview here and goes on to the OCR pool.
        if (!scanned) {
            const std::string key = scanErrorKey(scanned.error());
            queue->post([this, job, key] { finish(job, key); });
            return;
        }
        if (job->cancelled) {
            queue->post([this, job] { finish(job, std::string(scanErrorKey(ScanError::Cancelled))); });
            return;
        }
        auto preview = std::make_shared<PageImage>(makePreview(scanned.value()));
        documents::OcrPool::Callbacks oc;
        oc.onProgress = [queue, job](documents::OcrPool::JobId, const OcrProgress& p) {
            queue->post([job, f = p.fraction] {
                if (job->callbacks.onProgress) job->callbacks.onProgress({CaptureStage::Reading, 0.3 + 0.7 * f});
            });
        };
        oc.onDone = [this, queue, job, preview](documents::OcrPool::JobId, Result<DocumentReading, OcrError> read) {
            if (!read) {
                const std::string key = ocrErrorKey(read.error());
                queue->post([this, job, key] { finish(job, key); });
                return;
            }
            auto page = std::make_shared<CapturedPage>();
            page->reading = std::move(read.value());
            page->preview = std::move(*preview);
            queue->post([this, job, page] { finish(job, std::move(*page)); });
        };
        job->ocrId = pool->submit({std::move(scanned.value()), job->expected}, std::move(oc));
        // A cancel that came while the page was being handed over.
        if (job->cancelled) pool->cancel(job->ocrId);
    };
    ScanSettings settings;
    settings.mode = ColorMode::Gray;
    settings.dpi = 300;
    if (!scanner_->start(settings, std::move(sc))) return false;
    job_ = std::move(job);
    return true;
}

void DocumentDevices::finish(const std::shared_ptr<Job>& job, Result<CapturedPage, std::string> result) {
    // UI thread. A job that is no longer current (cancelled, stopped) still
    // answers its caller, who drops what it no longer wants.
    if (job_ == job) job_.reset();
    // The scanner's own faults stay in the corner until a scan goes through;
    // the resident's (no paper, cancelled) and the OCR's are not the device's.
    if (result) {
        scanFault_ = nullptr;
    } else {
        const std::string& key = result.error();
        if (key == scanErrorKey(ScanError::NoDevice)) scanFault_ = i18nKey("device.scanner_not_found");
        else if (key == scanErrorKey(ScanError::Jammed)) scanFault_ = i18nKey("device.scanner_jammed");
        else if (key == scanErrorKey(ScanError::CoverOpen)) scanFault_ = i18nKey("device.scanner_cover_open");
        else if (key == scanErrorKey(ScanError::IoError) || key == scanErrorKey(ScanError::AccessDenied))
            scanFault_ = i18nKey("device.scanner_failed");
    }
    if (job->callbacks.onDone) job->callbacks.onDone(std::move(result));
}

std::vector<const char*> DocumentDevices::alerts() const {
    std::vector<const char*> keys;
    if (startFault_) keys.push_back(startFault_);
    else if (scanFault_) keys.push_back(scanFault_);
    return keys;
}

void DocumentDevices::cancel() {
    if (!job_) return;
    job_->cancelled = true;
    if (scanner_) scanner_->cancel();
    if (pool_ && job_->ocrId) pool_->cancel(job_->ocrId);
}

bool DocumentDevices::scanPreview(int dpi, std::function<void(Result<ScannedPreview, std::string>)> done) {
    if (!scanner_ || job_ || scanner_->busy() || !queue_) return false;
    RunQueue* queue = queue_;
    Scanner::Callbacks sc;
    sc.onDone = [queue, done = std::move(done)](Result<PageImage, ScanError> scanned) {
        // On the scanner's thread: the preview is made here, not on the UI thread.
        if (!scanned) {
            queue->post([done, key = std::string(scanErrorKey(scanned.error()))] { done(key); });
            return;
        }
        auto page = std::make_shared<ScannedPreview>();
        page->preview = makePreview(scanned.value());
        page->width = scanned.value().width;
        page->height = scanned.value().height;
        queue->post([done, page] { done(std::move(*page)); });
    };
    ScanSettings settings;
    settings.mode = ColorMode::Gray;
    settings.dpi = dpi;
    return scanner_->start(settings, std::move(sc));
}

std::string DocumentDevices::scannerName() const { return scanner_ ? scanner_->info().name : std::string(); }

PageImage makePreview(const PageImage& page, int side) {
    PageImage out;
    if (!page.consistent()) return out;
    const int longSide = std::max(page.width, page.height);
    const int factor = std::max(1, (longSide + side - 1) / side);
    out.width = std::max(1, page.width / factor);
    out.height = std::max(1, page.height / factor);
    out.channels = 1;
    out.pixels.resize(static_cast<size_t>(out.width) * static_cast<size_t>(out.height));
    const auto w = static_cast<size_t>(page.width);
    const auto ch = static_cast<size_t>(page.channels);
    for (int y = 0; y < out.height; ++y)
        for (int x = 0; x < out.width; ++x) {
            unsigned sum = 0;
            for (int dy = 0; dy < factor; ++dy)
                for (int dx = 0; dx < factor; ++dx) {
                    const size_t i = (static_cast<size_t>(y * factor + dy) * w + static_cast<size_t>(x * factor + dx)) * ch;
                    // Grey from RGB by the usual luma weights; grey as is.
                    sum += ch == 1 ? page.pixels[i]
                                   : (page.pixels[i] * 299u + page.pixels[i + 1] * 587u + page.pixels[i + 2] * 114u) / 1000u;
                }
            out.pixels[static_cast<size_t>(y) * static_cast<size_t>(out.width) + static_cast<size_t>(x)] =
                static_cast<std::uint8_t>(sum / static_cast<unsigned>(factor * factor));
        }
    return out;
}

}  // namespace kiosk
