#pragma once
// Scanned supporting documents (household register pages, income proofs,
// medical bills): the types the assistance flow and its screens use, and the
// scanner contract. No Tesseract, SANE or Leptonica types here: the concrete
// scanners and the OCR pipeline live in drivers/documents and meet the app
// only through these types.
//
// Personal data: everything read from a page (its text, words, field values)
// is a kiosk::Personal, so it formats as "[redacted]" and is wiped when the
// session's objects go away. Page images are personal too: keep them only in
// the session and the application being submitted.
//
// Types are plain values; the free functions are pure and thread-safe.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/personal.h"
#include "kiosk/core/result.h"

namespace kiosk {

// ---------------------------------------------------------------- page image

// One page as it comes from a scanner or a picture file: 8-bit grey (1
// channel) or RGB (3 channels, interleaved), rows without padding.
struct PageImage {
    int width = 0;
    int height = 0;
    int channels = 1;
    int dpi = 0;  // 0: unknown (a camera picture); the OCR then estimates it
    std::vector<uint8_t> pixels;

    bool empty() const { return width <= 0 || height <= 0 || pixels.empty(); }
    bool consistent() const {
        return (channels == 1 || channels == 3) && width > 0 && height > 0 &&
               pixels.size() ==
                   static_cast<size_t>(width) * static_cast<size_t>(height) * static_cast<size_t>(channels);
    }
};

// A page image kept with the application: compressed (JPEG), downscaled to a
// resolution staff can still read (about 150 dpi).
struct StoredPage {
    std::string mimeType;  // "image/jpeg"
    std::vector<uint8_t> bytes;
    int width = 0;
    int height = 0;
};

// ---------------------------------------------------------------- scanners

// Every way getting a page can fail, each with a message a resident
// understands (scanStatusKey). The SANE statuses map one to one where SANE
// has them; the image scanner uses Unreadable/TooLarge/NoDocuments.
enum class ScanError {
    Cancelled,     // the resident or the app cancelled
    NoDevice,      // no scanner found, or it was unplugged
    DeviceBusy,    // another program or scan holds it
    Jammed,        // paper jam in the feeder
    NoDocuments,   // the feeder (or the picture folder) is empty
    CoverOpen,     // the scanner's cover or door is open
    IoError,       // communication with the scanner failed
    NoMemory,      // not enough memory for the page
    AccessDenied,  // permissions (udev rule missing)
    Unsupported,   // the scanner cannot do what was asked
    Unreadable,    // a picture file that is empty, truncated or not an image
    TooLarge,      // a page larger than the kiosk accepts (bounded memory)
    Internal,      // anything else: a bug or an unknown backend status
};
const char* scanErrorKey(ScanError error);   // i18n key, e.g. "scan.error.jammed"
const char* scanErrorName(ScanError error);  // stable ASCII name for logs and JSON

enum class ColorMode { Gray, Color };
enum class PaperSource { Flatbed, Feeder };

struct ScanSettings {
    ColorMode mode = ColorMode::Gray;
    int dpi = 300;  // the scanner picks the nearest it supports
    PaperSource source = PaperSource::Flatbed;
};

struct ScannerInfo {
    std::string name;  // what open() takes, e.g. "test:0" or a folder path
    std::string vendor;
    std::string model;
    std::string type;  // "flatbed scanner", "document camera", ...
};

// A scanner: one page per start(). Implementations run the scan on a thread
// of their own and report through the callbacks, from that thread: post to
// the main-thread RunQueue before touching models or screens.
//
// Threads: start(), cancel() and busy() may be called from any thread (the
// UI thread in the app). onProgress is called zero or more times, then
// onDone exactly once per accepted start(), both on the scanner's thread.
// busy() stays true until onDone has returned. Neither start() nor the
// destructor may be called from a callback (post to the UI thread instead).
// The destructor cancels a running scan and waits for its thread, so the
// callbacks never run after the scanner is gone.
class Scanner {
public:
    struct Callbacks {
        std::function<void(double fraction)> onProgress;  // 0..1, may be null
        std::function<void(Result<PageImage, ScanError>)> onDone;
    };

    virtual ~Scanner() = default;
    virtual ScannerInfo info() const = 0;
    // Returns false (and calls nothing) when a scan is already running.
    virtual bool start(const ScanSettings& settings, Callbacks callbacks) = 0;
    // Asks the running scan to stop; its onDone then reports Cancelled (or
    // the page, if it was already complete). No effect when idle.
    virtual void cancel() = 0;
    virtual bool busy() const = 0;
};

// ---------------------------------------------------------------- OCR

enum class OcrError {
    Cancelled,
    Unreadable,         // not an image, or an image with no usable pixels
    TooLarge,           // over the pixel limit: refused before decoding
    EngineUnavailable,  // Tesseract or its language data failed to load
};
const char* ocrErrorKey(OcrError error);
const char* ocrErrorName(OcrError error);

struct OcrWord {
    Personal text;
    float confidence = 0;                     // 0..100, Tesseract's word confidence
    int line = 0;                             // 0-based line index within the page
    int x = 0, y = 0, width = 0, height = 0;  // in the preprocessed page's pixels
};

struct OcrTimings {
    double preprocessMs = 0;
    double recognizeMs = 0;
    double extractMs = 0;
    double waitMs = 0;  // time queued waiting for a free, initialised engine
};

struct OcrText {
    Personal text;  // UTF-8, one line per recognised line
    std::vector<OcrWord> words;
    float meanConfidence = 0;  // 0..100 over the words, 0 when there are none
    OcrTimings timings;
    bool blank() const { return words.empty(); }
};

// Progress of one page through the pipeline, for the scan step's bar.
enum class OcrStage { Waiting, Preprocessing, Recognizing, Extracting };
struct OcrProgress {
    OcrStage stage = OcrStage::Waiting;
    double fraction = 0;  // overall, 0..1
};

// ---------------------------------------------------------------- fields

enum class DocumentKind { Unknown, IncomeProof, MedicalBill, HouseholdRegister };
const char* documentKindKey(DocumentKind kind);                        // "document.kind.income", ...
const char* documentKindName(DocumentKind kind);                       // "income", "medical", "household", "unknown"
std::optional<DocumentKind> parseDocumentKind(std::string_view name);  // the names above

enum class FieldId {
    Name,            // income proof: the employee
    IdNumber,        // income proof, medical bill
    MonthlyIncome,   // income proof: yuan, as "4868" or "4868.50"
    Hospital,        // medical bill
    PatientName,     // medical bill
    Total,           // medical bill: total amount, yuan
    SelfPaid,        // medical bill: the patient's own share, yuan
    MemberName,      // household register: one per member (ExtractedField::member)
    Relation,        // household register: relation to the head ("户主" for the head)
    MemberIdNumber,  // household register
};
const char* fieldLabelKey(FieldId id);  // "document.field.name", ...
const char* fieldName(FieldId id);      // stable ASCII name for JSON
bool isIdNumberField(FieldId id);

// One value read from a page for the resident to confirm.
struct ExtractedField {
    FieldId id = FieldId::Name;
    int member = 0;        // household register: 0 = head, then in page order
    Personal value;        // as read (ID numbers normalised: upper-case X)
    float confidence = 0;  // 0..100: the OCR confidence of the words it came from,
                           // lowered when a check fails
    bool valid = true;     // ID numbers: passes the check digit; amounts: parse as money
    // ID numbers only: when the value fails the check and exactly one single
    // OCR confusion (O/0, I/1, l/1, S/5, B/8, Z/2) makes it valid, the
    // corrected number. Shown for the resident to confirm, never applied.
    std::optional<Personal> suggestion;
};

struct ExtractedDocument {
    DocumentKind kind = DocumentKind::Unknown;
    std::vector<ExtractedField> fields;
    // The first field with this id (and member), or nullptr.
    const ExtractedField* find(FieldId id, int member = 0) const;
    int memberCount() const;  // household register: how many members were read
};

// Everything the scan step shows for one page.
struct DocumentReading {
    OcrText ocr;
    ExtractedDocument document;
    StoredPage stored;  // the page image to attach to the application
};

// ---------------------------------------------------------------- ID numbers

// The ID-number correction rule: `raw` is 18 characters as OCR read them
// (digits and possibly letters). Returns the one valid number reachable by
// replacing a single character with its OCR confusion partner (O/o->0,
// I/l/|->1, S/s->5, B->8, Z/z->2, and a lower-case x check character which
// is only normalised), or nullopt when `raw` is already valid, when no
// single confusion makes it valid, or when more than one does (ambiguous:
// the resident must key it in).
std::optional<std::string> suggestIdNumberCorrection(std::string_view raw);

}  // namespace kiosk
