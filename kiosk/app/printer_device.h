#pragma once
// The receipt printer as the app uses it. Each frame the app calls pump():
// a receipt a flow asked for (SessionFlow::requestPrint) is encoded as
// ESC/POS (drivers/printer) and written on this object's worker thread, and
// the outcome comes back to the session on the UI thread as
// setPrintState(Printed | Failed, "printer.error.<reason>"). A flow's
// receipt screen shows the receipt's QR code when printing failed.
//
// Where the bytes go, from the config:
//   [printer] device      a device node (/dev/usb/lpN, a serial printer)
//   [printer] output_dir  a folder: each receipt as receipt-NNNN.escpos plus
//                         the picture the bytes print (receipt-NNNN.png)
//   demo mode, neither    the folder <central.data_dir>/receipts (or a
//                         temporary one): the demo camera can play the
//                         pictures back (CodeDevices::showToDemoCamera)
//   otherwise             no printer: every print fails, "printer.error.none"
//
// Threads: start(), pump(), lastPicture() and stop() on the UI thread; the
// worker only encodes and writes. Receipts hold no personal data
// (kiosk/core/receipt.h), so the files may stay on disk.
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "kiosk/core/config.h"
#include "kiosk/core/receipt.h"
#include "kiosk/core/run_queue.h"

namespace kiosk {

class SessionFlow;
namespace printer {
class PrinterSink;
}

class PrinterDevice {
public:
    PrinterDevice();
    ~PrinterDevice();
    PrinterDevice(const PrinterDevice&) = delete;
    PrinterDevice& operator=(const PrinterDevice&) = delete;

    void start(const KioskConfig& config, RunQueue& queue);
    // Takes the session's print request, if any, and starts printing it. A
    // result for a session that has ended since is dropped.
    void pump(SessionFlow& flow);
    // maintenance: prints `receipt` outside any session (the maintainer's
    // test receipt). `done` runs on the UI thread with the failure's i18n
    // key (nullptr: printed) and the picture written next to the bytes
    // (only with an output folder).
    using Done = std::function<void(const char* failureKey, std::optional<std::filesystem::path> picture)>;
    void print(Receipt receipt, Done done);
    // The picture of the newest receipt in the output folder (also one left
    // by an earlier run), or nothing without a folder.
    std::optional<std::filesystem::path> lastPicture() const { return lastPicture_; }
    // The folder receipts are written to; empty with a device or no printer.
    const std::filesystem::path& outputDir() const { return outputDir_; }
    // i18n keys of what is wrong with the printer, for the corner alerts:
    // as the driver can tell it. A device node that is missing shows at once
    // (checked each pump) and clears when it is back; paper out and write
    // failures are known from a print and clear with the next good one; a
    // folder that cannot be created shows from start. No printer configured
    // is not a fault. Cover open is not reported: the driver reads only the
    // paper sensor (DLE EOT 4).
    std::vector<const char*> alerts() const;
    // Finishes the receipt being printed, drops queued ones, joins the worker.
    void stop();

private:
    struct Job {
        Receipt receipt;
        std::function<void(const char* failureKey, std::optional<std::filesystem::path> picture)> done;
    };
    void run();
    const char* printOne(const Receipt& receipt, std::optional<std::filesystem::path>& picture);

    RunQueue* queue_ = nullptr;
    std::unique_ptr<printer::PrinterSink> sink_;  // null: no printer
    std::filesystem::path outputDir_;
    int nextNumber_ = 1;  // worker only, after start()
    std::optional<std::filesystem::path> lastPicture_;
    std::string devicePath_;           // [printer] device, watched for presence
    bool deviceMissing_ = false;       // UI thread, from pump()
    const char* printFault_ = nullptr; // UI thread: alert key of the last print (or of start)
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Job> jobs_;
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace kiosk
