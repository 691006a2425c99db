#include "drivers/serial/serial_port.h"

#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include <fmt/format.h>

#include "drivers/serial/waker.h"

namespace kiosk::serial {

const char* serialErrorKindName(SerialErrorKind kind) {
    switch (kind) {
        case SerialErrorKind::NotFound:
            return "not found";
        case SerialErrorKind::PermissionDenied:
            return "permission denied";
        case SerialErrorKind::Disconnected:
            return "disconnected";
        case SerialErrorKind::BadBaud:
            return "unsupported baud rate";
        case SerialErrorKind::Io:
            return "I/O error";
    }
    return "I/O error";
}

unsigned baudConstant(int baud) {
    switch (baud) {
        case 1200:
            return B1200;
        case 2400:
            return B2400;
        case 4800:
            return B4800;
        case 9600:
            return B9600;
        case 19200:
            return B19200;
        case 38400:
            return B38400;
        case 57600:
            return B57600;
        case 115200:
            return B115200;
        case 230400:
            return B230400;
        case 460800:
            return B460800;
        case 921600:
            return B921600;
        default:
            return 0;
    }
}

namespace {
// Errors that mean the device itself went away, as opposed to a bad request.
bool isGone(int err) { return err == EIO || err == ENXIO || err == ENODEV || err == EBADF; }

int remainingMs(std::chrono::steady_clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    return left.count() < 0 ? 0 : static_cast<int>(left.count());
}
}  // namespace

SerialError SerialPort::errnoError(const char* what, int err) const {
    SerialErrorKind kind = isGone(err) ? SerialErrorKind::Disconnected : SerialErrorKind::Io;
    return SerialError{kind, fmt::format("{} {}: {}", what, path_, std::strerror(err))};
}

Result<SerialPort, SerialError> SerialPort::open(const std::string& path, int baud) {
    unsigned speed = baudConstant(baud);
    if (speed == 0) return SerialError{SerialErrorKind::BadBaud, fmt::format("unsupported baud rate {}", baud)};
    int fd = ::open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        int err = errno;
        SerialErrorKind kind = err == ENOENT || err == ENXIO || err == ENODEV ? SerialErrorKind::NotFound
                               : err == EACCES || err == EPERM                ? SerialErrorKind::PermissionDenied
                                                                              : SerialErrorKind::Io;
        return SerialError{kind, fmt::format("open {}: {}", path, std::strerror(err))};
    }
    SerialPort port(fd, path, baud);
    termios tio{};
    if (::tcgetattr(fd, &tio) != 0) return port.errnoError("tcgetattr", errno);
    ::cfmakeraw(&tio);
    tio.c_cflag |= CLOCAL | CREAD;
    tio.c_cflag &= ~(CSTOPB | PARENB | CRTSCTS);
    tio.c_iflag &= ~(IXON | IXOFF | IXANY);
    tio.c_cc[VMIN] = 0;
    tio.c_cc[VTIME] = 0;
    ::cfsetispeed(&tio, speed);
    ::cfsetospeed(&tio, speed);
    if (::tcsetattr(fd, TCSANOW, &tio) != 0) return port.errnoError("tcsetattr", errno);
    port.discardInput();
    return port;
}

SerialPort::SerialPort(SerialPort&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), path_(std::move(other.path_)), baud_(other.baud_) {}

SerialPort& SerialPort::operator=(SerialPort&& other) noexcept {
    if (this != &other) {
        close();
        fd_ = std::exchange(other.fd_, -1);
        path_ = std::move(other.path_);
        baud_ = other.baud_;
    }
    return *this;
}

SerialPort::~SerialPort() { close(); }

void SerialPort::close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

void SerialPort::discardInput() {
    if (fd_ >= 0) ::tcflush(fd_, TCIFLUSH);
}

Result<size_t, SerialError> SerialPort::read(std::span<uint8_t> buf, std::chrono::milliseconds timeout,
                                             const Waker* waker) {
    if (fd_ < 0) return SerialError{SerialErrorKind::Disconnected, "port is closed"};
    auto deadline = std::chrono::steady_clock::now() + timeout;
    const int wakeFd = waker ? waker->fd() : -1;
    for (;;) {
        pollfd fds[2] = {{fd_, POLLIN, 0}, {wakeFd, POLLIN, 0}};
        int n = ::poll(fds, wakeFd >= 0 ? 2 : 1, remainingMs(deadline));
        if (n < 0) {
            if (errno == EINTR) continue;
            return errnoError("poll", errno);
        }
        if (n == 0) return size_t{0};
        if (wakeFd >= 0 && (fds[1].revents & POLLIN)) return size_t{0};
        const pollfd& pfd = fds[0];
        if (pfd.revents == 0) continue;
        if (pfd.revents & POLLNVAL) return SerialError{SerialErrorKind::Disconnected, "port descriptor invalid"};
        // POLLHUP/POLLERR: a vanished USB adapter or a closed pty master. Let
        // read() say what happened; it reports EIO or end-of-file.
        ssize_t got = ::read(fd_, buf.data(), buf.size());
        if (got > 0) return static_cast<size_t>(got);
        if (got == 0) return SerialError{SerialErrorKind::Disconnected, fmt::format("{} hung up", path_)};
        if (errno == EAGAIN || errno == EINTR) {
            if (pfd.revents & (POLLHUP | POLLERR))
                return SerialError{SerialErrorKind::Disconnected, fmt::format("{} hung up", path_)};
            if (remainingMs(deadline) == 0) return size_t{0};
            continue;
        }
        return errnoError("read", errno);
    }
}

Result<size_t, SerialError> SerialPort::writeAll(std::span<const uint8_t> bytes, std::chrono::milliseconds timeout) {
    if (fd_ < 0) return SerialError{SerialErrorKind::Disconnected, "port is closed"};
    auto deadline = std::chrono::steady_clock::now() + timeout;
    size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
        if (n > 0) {
            done += static_cast<size_t>(n);
            continue;
        }
        if (n < 0 && errno != EAGAIN && errno != EINTR) return errnoError("write", errno);
        int left = remainingMs(deadline);
        if (left == 0) return SerialError{SerialErrorKind::Io, fmt::format("write {}: timed out", path_)};
        pollfd pfd{fd_, POLLOUT, 0};
        if (::poll(&pfd, 1, left) < 0 && errno != EINTR) return errnoError("poll", errno);
        if (pfd.revents & (POLLHUP | POLLERR | POLLNVAL))
            return SerialError{SerialErrorKind::Disconnected, fmt::format("{} hung up", path_)};
    }
    return done;
}

}  // namespace kiosk::serial
