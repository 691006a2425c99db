#include "drivers/printer/printer_sink.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>

#include "kiosk/core/log.h"
#include "kiosk/core/strings.h"

namespace kiosk::printer {
namespace {

struct Fd {
    int fd = -1;
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
};

int remainingMs(std::chrono::steady_clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    return static_cast<int>(std::max<long long>(0, left.count()));
}

}  // namespace

const char* printerErrorName(PrinterError e) {
    switch (e) {
    case PrinterError::Offline: return "offline";
    case PrinterError::PaperOut: return "paper-out";
    case PrinterError::Io: return "io";
    }
    return "unknown";
}

const char* printerErrorKey(PrinterError e) {
    switch (e) {
    case PrinterError::PaperOut: return i18nKey("printer.error.paper_out");
    case PrinterError::Offline:
    case PrinterError::Io: return i18nKey("printer.error.offline");
    }
    return i18nKey("printer.error.offline");
}

bool paperOutFromStatus(uint8_t status) { return (status & 0x60) == 0x60; }

Result<size_t, PrinterError> FileSink::print(std::span<const uint8_t> bytes) {
    std::ofstream out(path_, std::ios::binary | std::ios::app);
    if (!out) return PrinterError::Io;
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) return PrinterError::Io;
    return bytes.size();
}

Result<size_t, PrinterError> DeviceSink::print(std::span<const uint8_t> bytes) {
    const auto deadline = std::chrono::steady_clock::now() + timeout_;
    Fd dev{::open(path_.c_str(), (readStatus_ ? O_RDWR : O_WRONLY) | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)};
    if (dev.fd < 0) {
        KLOG_WARN("printer {}: cannot open: {}", path_, std::strerror(errno));
        return errno == EACCES ? PrinterError::Io : PrinterError::Offline;
    }
    if (readStatus_) {
        const uint8_t ask[] = {0x10, 0x04, 0x04};
        if (::write(dev.fd, ask, sizeof ask) == static_cast<ssize_t>(sizeof ask)) {
            pollfd p{dev.fd, POLLIN, 0};
            uint8_t status = 0;
            if (::poll(&p, 1, std::min(remainingMs(deadline), 500)) == 1 && ::read(dev.fd, &status, 1) == 1 &&
                paperOutFromStatus(status))
                return PrinterError::PaperOut;
        }
    }
    size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(dev.fd, bytes.data() + done, bytes.size() - done);
        if (n > 0) {
            done += static_cast<size_t>(n);
            continue;
        }
        if (n < 0 && errno != EAGAIN && errno != EINTR) {
            KLOG_WARN("printer {}: write failed: {}", path_, std::strerror(errno));
            return PrinterError::Offline;
        }
        pollfd p{dev.fd, POLLOUT, 0};
        if (::poll(&p, 1, remainingMs(deadline)) <= 0) {
            KLOG_WARN("printer {}: does not take data (offline or out of paper?)", path_);
            return PrinterError::Offline;
        }
    }
    return done;
}

}  // namespace kiosk::printer
