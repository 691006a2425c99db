#pragma once
// Flatbed and feeder scanners through SANE (libsane1).
//
// listSaneDevices() and SaneScanner::open() initialise SANE on first use
// (sane_init is reference-counted across scanners; sane_exit runs when the
// last one closes). SANE_CONFIG_DIR, read by sane_init, selects the backends:
// tests point it at a folder whose dll.conf holds only `test`.
//
// Options are set by name according to each option's type (bool, int,
// fixed, string) and constraint (range with quantisation, word list, string
// list): a resolution the device lacks becomes the nearest it has; "Gray"
// also matches "Grayscale"/"Gray8", "Color" matches "Colour"/"24bit Color".
// Inactive or read-only options are skipped.
//
// Threads and callbacks: see kiosk::Scanner (documents.h). Each scan runs
// sane_start / sane_get_parameters / sane_read ... / sane_cancel on a thread
// of its own; cancel() sets a flag that the read loop honours between reads.
// Every SANE status maps to a ScanError with a translated message.
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "kiosk/core/documents.h"
#include "kiosk/core/result.h"

namespace kiosk::documents {

// Scanners SANE knows about (local devices only: no network discovery).
Result<std::vector<ScannerInfo>, ScanError> listSaneDevices();

class SaneScanner final : public Scanner {
public:
    // Opens a device by SANE name ("test:0", "genesys:libusb:001:004").
    static Result<std::unique_ptr<SaneScanner>, ScanError> open(const std::string& name);
    ~SaneScanner() override;

    ScannerInfo info() const override;
    bool start(const ScanSettings& settings, Callbacks callbacks) override;
    void cancel() override;
    bool busy() const override;

    // Sets one backend option by name, the value given as text and converted
    // per the option's type ("yes"/"no" for bools, numbers for int/fixed).
    // Used for device-specific settings and by tests (the test backend's
    // "read-return-value" fault injection). Not while busy.
    Result<bool, ScanError> setOption(const std::string& name, const std::string& value);
    // The current value of an option as text ("" when it has none).
    std::string option(const std::string& name) const;

private:
    struct Handle;
    explicit SaneScanner(std::unique_ptr<Handle> handle, ScannerInfo info);
    Result<bool, ScanError> applySettings(const ScanSettings& settings);
    Result<bool, ScanError> setOptionUnchecked(const std::string& name, const std::string& value);
    void run(Callbacks callbacks);

    std::unique_ptr<Handle> handle_;
    const ScannerInfo info_;
    mutable std::mutex mutex_;  // the SANE handle: options and the scan thread's start
    std::thread thread_;
    std::atomic<bool> busy_{false};
    std::atomic<bool> cancelled_{false};
};

// The ScanError for a SANE status (SANE_STATUS_GOOD and EOF are not errors:
// Internal).
ScanError scanErrorFromSaneStatus(int status);

}  // namespace kiosk::documents
