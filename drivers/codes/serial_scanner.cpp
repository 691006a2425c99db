#include "drivers/codes/serial_scanner.h"

#include <poll.h>
#include <unistd.h>

#include <algorithm>

#include "drivers/codes/presentation_filter.h"
#include "drivers/codes/text_encoding.h"
#include "kiosk/core/log.h"

namespace kiosk::codes {

std::vector<std::vector<uint8_t>> ScanLineSplitter::feed(std::span<const uint8_t> bytes) {
    std::vector<std::vector<uint8_t>> out;
    for (uint8_t b : bytes) {
        if (b == '\r' || b == '\n') {
            if (!buf_.empty() && !overflow_) out.push_back(std::move(buf_));
            buf_.clear();
            overflow_ = false;
            continue;
        }
        if (buf_.size() >= kMaxMessage) {
            overflow_ = true;
            continue;
        }
        buf_.push_back(b);
    }
    return out;
}

std::optional<std::vector<uint8_t>> ScanLineSplitter::flush() {
    std::optional<std::vector<uint8_t>> out;
    if (!buf_.empty() && !overflow_) out = std::move(buf_);
    buf_.clear();
    overflow_ = false;
    return out;
}

void SerialScanner::start() {
    stop();
    stop_ = false;
    waker_.clear();
    thread_ = std::thread([this] { run(); });
}

void SerialScanner::stop() {
    stop_ = true;
    waker_.signal();
    if (thread_.joinable()) thread_.join();
}

void SerialScanner::run() {
    using namespace std::chrono;
    PresentationFilter filter(options_.repeatGap);
    ScanLineSplitter splitter;
    milliseconds backoff{100};
    auto emit = [&](const std::vector<uint8_t>& message) {
        auto text = detectText(message);
        if (!text) {
            KLOG_WARN("scanner {}: a scan of {} bytes is neither UTF-8 nor GBK; ignored", options_.path, message.size());
            return;
        }
        const auto now = clock_.steadyNow();
        if (filter.seen(text->utf8, now) && onCode_)
            onCode_(ScannedCode{Personal(std::move(text->utf8)), CodeSource::SerialScanner, now});
    };
    while (!stop_) {
        auto port = serial::SerialPort::open(options_.path, options_.baud);
        if (!port) {
            // Missing or unplugged: try again, less often the longer it stays away.
            waker_.waitFor(backoff);
            backoff = std::min(backoff * 2, options_.reconnectMax);
            continue;
        }
        backoff = milliseconds(100);
        connected_ = true;
        KLOG_INFO("scanner {}: connected", options_.path);
        auto lastByte = steady_clock::now();
        uint8_t buf[512];
        while (!stop_) {
            // Asleep until bytes come; with a message pending, until its idle
            // gap ends. The long wait is only a fallback should the waker
            // be missing: stop() signals it.
            milliseconds wait{1000};
            if (splitter.pending())
                wait = std::clamp(std::chrono::duration_cast<milliseconds>(options_.idleGap - (steady_clock::now() - lastByte)),
                                  milliseconds(1), options_.idleGap);
            auto n = port.value().read(buf, wait, &waker_);
            if (!n) {
                KLOG_WARN("scanner {}: {}", options_.path, n.error().message);
                break;
            }
            if (n.value() > 0) {
                lastByte = steady_clock::now();
                for (const auto& m : splitter.feed({buf, n.value()})) emit(m);
            } else if (splitter.pending() && steady_clock::now() - lastByte >= options_.idleGap) {
                if (auto m = splitter.flush()) emit(*m);
            }
        }
        connected_ = false;
        splitter.flush();
    }
}

Result<SerialScannerEmulator, serial::SerialError> SerialScannerEmulator::open(const std::string& linkPath) {
    auto pty = serial::PseudoTerminal::open(linkPath);
    if (!pty) return pty.error();
    return SerialScannerEmulator(std::move(pty.value()));
}

bool SerialScannerEmulator::scan(std::string_view payload, std::string_view suffix) {
    std::string bytes = std::string(payload) + std::string(suffix);
    size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(pty_.masterFd(), bytes.data() + done, bytes.size() - done);
        if (n > 0) {
            done += static_cast<size_t>(n);
        } else {
            pollfd p{pty_.masterFd(), POLLOUT, 0};
            if (::poll(&p, 1, 1000) <= 0) return false;
        }
    }
    return true;
}

}  // namespace kiosk::codes
