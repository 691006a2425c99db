#pragma once
// The document scanner and the OCR pipeline as the app uses them, behind
// kiosk::DocumentCapture (the assistance flow's door): in demo mode an
// image-folder scanner over the demo pages (assets/demo/documents, in a
// loop), otherwise a folder of pictures or a SANE scanner when configured
// ([scanner] in the config), else none. Each capture: the scanner's page ->
// a small preview (on the scanner's thread) -> the OCR pool (text, fields,
// the JPEG to attach, on its worker) -> the result posted to the UI thread.
//
// Threads: UI thread only, except that the drivers' callbacks run on their
// threads and only post to the run queue. stop() (or the destructor) cancels
// and joins the scanner and the OCR workers: no callback runs afterwards;
// tasks already posted still run (the app drains its queue after stop()).
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/config.h"
#include "kiosk/core/document_capture.h"
#include "kiosk/core/run_queue.h"

namespace kiosk {
namespace documents {
class OcrPool;
}

class DocumentDevices final : public DocumentCapture {
public:
    DocumentDevices();
    ~DocumentDevices() override;
    DocumentDevices(const DocumentDevices&) = delete;
    DocumentDevices& operator=(const DocumentDevices&) = delete;

    // Opens the configured scanner (nothing configured and not demo: none).
    // Returns an error message when a configured one cannot be opened.
    std::optional<std::string> start(const KioskConfig& config, const std::string& assetsDir, RunQueue& queue);
    bool available() const { return scanner_ != nullptr; }
    // i18n keys of what is wrong with the scanner, for the corner alerts: a
    // configured scanner (or pictures folder) that could not be opened, and
    // the device faults of the last scan (unplugged, jammed, cover open, I/O)
    // until a scan succeeds again.
    std::vector<const char*> alerts() const;
    void stop();

    // Loads the OCR engines in the background (the assistance flow calls it
    // when a resident opens the service; capture() too, if nobody did).
    void prepare() override;
    // Drops the OCR engines and gives their memory back (~45 MB resident
    // with chi_sim) unless a capture is running or an engine is still
    // loading: the app calls it at the attract screen, where nobody scans (#17).
    void releaseEngines();
    bool enginesHeld() const { return pool_ != nullptr; }
    bool capture(DocumentKind expected, Callbacks callbacks) override;
    void cancel() override;
    bool busy() const override { return job_ != nullptr; }

    // maintenance: one page scanned at `dpi` without OCR, for the
    // maintainer's scanner test. `done` runs on the UI thread with a preview
    // of the page and its size, or the i18n key of the scan error. Returns
    // false (and calls nothing) when there is no scanner or it is busy.
    struct ScannedPreview {
        PageImage preview;
        int width = 0, height = 0;
    };
    bool scanPreview(int dpi, std::function<void(Result<ScannedPreview, std::string>)> done);
    // maintenance: what the configured scanner is ("" without one).
    std::string scannerName() const;

private:
    struct Job;
    void finish(const std::shared_ptr<Job>& job, Result<CapturedPage, std::string> result);

    RunQueue* queue_ = nullptr;
    int engines_ = 1;
    std::unique_ptr<Scanner> scanner_;
    std::unique_ptr<documents::OcrPool> pool_;
    std::shared_ptr<Job> job_;  // the capture in progress (UI thread)
    const char* startFault_ = nullptr;  // alert key: the configured scanner did not open
    const char* scanFault_ = nullptr;   // alert key: the last scan's device fault
};

// A grey preview of `page`, at most `side` pixels on its long side (box
// filter). Pure; any thread.
PageImage makePreview(const PageImage& page, int side = kPreviewSide);

}  // namespace kiosk
