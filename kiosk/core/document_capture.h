#pragma once
// Capturing one supporting page for an application: scan it, read it (OCR
// and field extraction), keep a compressed copy and a small preview. The
// assistance flow sees only this interface; the app implements it over the
// scanner and the OCR pool (kiosk/app/document_devices.h), so screens and
// flows never include a driver.
//
// Threads: call from the UI thread; every callback runs later on the UI
// thread (through the app's run queue), never inside the call. After
// cancel() the pending capture ends with the "scan.error.cancelled" key (or
// its page, if it was already complete).
//
// Personal data: the page, its preview and what was read from it describe a
// person; the receiver keeps them only for the session.
#include <functional>
#include <string>

#include "kiosk/core/documents.h"
#include "kiosk/core/result.h"

namespace kiosk {

struct CapturedPage {
    DocumentReading reading;  // text, fields (to confirm), the JPEG to attach
    PageImage preview;        // grey, at most kPreviewSide pixels on its long side
};
inline constexpr int kPreviewSide = 240;

enum class CaptureStage { Scanning, Reading };
struct CaptureProgress {
    CaptureStage stage = CaptureStage::Scanning;
    double fraction = 0;  // of the whole capture, 0..1
};

class DocumentCapture {
public:
    struct Callbacks {
        std::function<void(CaptureProgress)> onProgress;  // may be null
        // The error is an i18n key: a scanErrorKey() or ocrErrorKey().
        std::function<void(Result<CapturedPage, std::string>)> onDone;
    };

    virtual ~DocumentCapture() = default;
    // Gets ready (the OCR engines load in the background, ~0.3 s each):
    // called when a resident opens a service that may scan.
    virtual void prepare() = 0;
    // Starts a capture; `expected` guides field extraction (Unknown: detect
    // from the text). Returns false (and calls nothing) when one is running.
    virtual bool capture(DocumentKind expected, Callbacks callbacks) = 0;
    virtual void cancel() = 0;
    virtual bool busy() const = 0;
};

}  // namespace kiosk
