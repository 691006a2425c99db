#include "kiosk/app/printer_device.h"

#include <unistd.h>

#include <cstdio>
#include <string_view>

#include "drivers/printer/escpos_render.h"
#include "drivers/printer/printer_sink.h"
#include "drivers/printer/receipt.h"
#include "kiosk/core/log.h"
#include "kiosk/core/strings.h"
#include "screens/flows/session_flow.h"

namespace kiosk {
namespace {

// "receipt-0007.png" -> 7; 0 for other names.
int receiptNumber(const std::filesystem::path& p) {
    const std::string stem = p.stem().string();
    if (stem.rfind("receipt-", 0) != 0) return 0;
    try {
        return std::stoi(stem.substr(8));
    } catch (const std::exception&) {
        return 0;
    }
}

const char* failureKey(printer::PrinterError e) {
    switch (e) {
        case printer::PrinterError::Offline: return i18nKey("printer.error.offline");
        case printer::PrinterError::PaperOut: return i18nKey("printer.error.paper_out");
        case printer::PrinterError::Io: return i18nKey("printer.error.write_failed");
    }
    return i18nKey("printer.error.write_failed");
}

// The corner alert for a print failure; none for "no printer" (configured so).
const char* alertFor(const char* failure) {
    if (!failure) return nullptr;
    const std::string_view f(failure);
    if (f == "printer.error.paper_out") return i18nKey("device.printer_paper_out");
    if (f == "printer.error.offline") return i18nKey("device.printer_offline");
    if (f == "printer.error.none") return nullptr;
    return i18nKey("device.printer_failed");
}

}  // namespace

PrinterDevice::PrinterDevice() = default;
PrinterDevice::~PrinterDevice() { stop(); }

void PrinterDevice::start(const KioskConfig& config, RunQueue& queue) {
    queue_ = &queue;
    printFault_ = nullptr;
    deviceMissing_ = false;
    const auto& p = config.printer;
    if (!p.device.empty()) {
        sink_ = std::make_unique<printer::DeviceSink>(p.device, p.readStatus);
        devicePath_ = p.device;
    } else if (!p.outputDir.empty()) {
        outputDir_ = p.outputDir;
    } else if (config.demo) {
        outputDir_ = config.central.dataDir.empty()
                         ? std::filesystem::temp_directory_path() / ("kiosk-receipts-" + std::to_string(getpid()))
                         : std::filesystem::path(config.central.dataDir) / "receipts";
    }
    if (!outputDir_.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(outputDir_, ec);
        if (ec) {
            KLOG_WARN("printer: cannot create {}: {}", outputDir_.string(), ec.message());
            printFault_ = i18nKey("device.printer_failed");
        }
        // Continue the numbering of an earlier run, so a receipt is never overwritten.
        for (const auto& entry : std::filesystem::directory_iterator(outputDir_, ec)) {
            const int n = receiptNumber(entry.path());
            if (n >= nextNumber_ && entry.path().extension() == ".png") {
                nextNumber_ = n + 1;
                lastPicture_ = entry.path();
            }
        }
    }
    stop_ = false;
    thread_ = std::thread([this] { run(); });
}

void PrinterDevice::pump(SessionFlow& flow) {
    if (!devicePath_.empty()) {
        std::error_code ec;
        const bool missing = !std::filesystem::exists(devicePath_, ec);
        // Plugged back in: the failure of a print while it was away is over.
        if (deviceMissing_ && !missing && printFault_ && std::string_view(printFault_) == "device.printer_offline")
            printFault_ = nullptr;
        deviceMissing_ = missing;
    }
    std::optional<Receipt> receipt = flow.takePrintRequest();
    if (!receipt || !queue_) return;
    // Journalled when asked for, printed or not: staff reprint from the journal when the paper jammed.
    if (StaffDesk* desk = flow.staffDesk()) desk->journal(*receipt);
    const int generation = flow.generation();
    Job job{std::move(*receipt), [this, &flow, generation](const char* failure, std::optional<std::filesystem::path> picture) {
                if (picture) lastPicture_ = std::move(picture);
                printFault_ = alertFor(failure);
                // The resident who asked has gone: the next one must not see "printed".
                if (generation != flow.generation()) return;
                flow.setPrintState(failure ? PrintState::Failed : PrintState::Printed, failure);
            }};
    {
        std::lock_guard lock(mutex_);
        jobs_.push_back(std::move(job));
    }
    wake_.notify_one();
}

void PrinterDevice::print(Receipt receipt, Done done) {
    if (!queue_) {
        done(i18nKey("printer.error.none"), std::nullopt);
        return;
    }
    Job job{std::move(receipt), [this, done = std::move(done)](const char* failure, std::optional<std::filesystem::path> picture) {
                if (picture) lastPicture_ = picture;  // the demo camera can show it, like any receipt
                done(failure, std::move(picture));
            }};
    {
        std::lock_guard lock(mutex_);
        jobs_.push_back(std::move(job));
    }
    wake_.notify_one();
}

void PrinterDevice::run() {
    for (;;) {
        Job job;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stop_ || !jobs_.empty(); });
            if (stop_) return;
            job = std::move(jobs_.front());
            jobs_.pop_front();
        }
        std::optional<std::filesystem::path> picture;
        const char* failure = printOne(job.receipt, picture);
        queue_->post([done = std::move(job.done), failure, picture = std::move(picture)]() mutable {
            done(failure, std::move(picture));
        });
    }
}

const char* PrinterDevice::printOne(const Receipt& receipt, std::optional<std::filesystem::path>& picture) {
    const std::vector<uint8_t> bytes = printer::encodeReceipt(receipt);
    if (sink_) {
        auto written = sink_->print(bytes);
        if (!written) {
            KLOG_WARN("printer: {}", printer::printerErrorName(written.error()));
            return failureKey(written.error());
        }
        return nullptr;
    }
    if (outputDir_.empty()) return i18nKey("printer.error.none");
    char name[32];
    std::snprintf(name, sizeof name, "receipt-%04d", nextNumber_++);
    const std::filesystem::path base = outputDir_ / name;
    auto written = printer::FileSink(base.string() + ".escpos").print(bytes);
    if (!written) {
        KLOG_WARN("printer: cannot write {}.escpos", base.string());
        return failureKey(written.error());
    }
    // The picture of exactly these bytes: what a real printer would put on paper.
    if (!printer::writeReceiptPng(base.string() + ".png", printer::renderEscPos(bytes))) {
        KLOG_WARN("printer: cannot write {}.png", base.string());
        return failureKey(printer::PrinterError::Io);
    }
    picture = base.string() + ".png";
    return nullptr;
}

std::vector<const char*> PrinterDevice::alerts() const {
    if (deviceMissing_) return {i18nKey("device.printer_offline")};
    if (printFault_) return {printFault_};
    return {};
}

void PrinterDevice::stop() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
        jobs_.clear();
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

}  // namespace kiosk
