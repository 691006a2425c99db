#pragma once
// A serial port over termios: raw 8N1 (cfmakeraw), configurable baud,
// non-blocking file descriptor, reads and writes that wait with poll() up to
// a timeout. Works the same on a USB-serial node (/dev/ttyUSB0), an on-board
// UART and the slave side of a pseudo-terminal (emulators, see pty.h).
//
// Ownership: a SerialPort owns its descriptor (move-only, closed on
// destruction). Threads: one thread uses a port at a time; no locking inside.
// Failures are values (SerialError); the kinds tell "the device is gone"
// (NotFound, Disconnected: reconnect later) apart from other faults.
#include <chrono>
#include <cstdint>
#include <span>
#include <string>

#include "kiosk/core/result.h"

namespace kiosk::serial {

class Waker;

enum class SerialErrorKind {
    NotFound,          // the path does not exist (device unplugged or not yet there)
    PermissionDenied,  // the process may not open it (dialout group?)
    Disconnected,      // it was open and went away (hang-up, EIO, ENXIO, ENODEV)
    BadBaud,           // not a supported standard rate
    Io,                // anything else
};

struct SerialError {
    SerialErrorKind kind = SerialErrorKind::Io;
    std::string message;  // English, names the path and errno text; no personal data
};

const char* serialErrorKindName(SerialErrorKind kind);

// The termios speed constant for a baud rate, or 0 if unsupported.
unsigned baudConstant(int baud);

class SerialPort {
public:
    // Opens `path` (O_RDWR | O_NOCTTY | O_NONBLOCK), sets raw 8N1 at `baud`
    // with no flow control, and discards anything already queued.
    static Result<SerialPort, SerialError> open(const std::string& path, int baud);

    SerialPort(SerialPort&& other) noexcept;
    SerialPort& operator=(SerialPort&& other) noexcept;
    SerialPort(const SerialPort&) = delete;
    SerialPort& operator=(const SerialPort&) = delete;
    ~SerialPort();

    // Waits up to `timeout` for bytes and reads what is there (at most
    // buf.size()). Returns the count; 0 means the timeout passed quietly,
    // or `waker` (if given) was signalled.
    Result<size_t, SerialError> read(std::span<uint8_t> buf, std::chrono::milliseconds timeout,
                                     const Waker* waker = nullptr);

    // Writes every byte, waiting up to `timeout` in total for the line to take them.
    Result<size_t, SerialError> writeAll(std::span<const uint8_t> bytes, std::chrono::milliseconds timeout);

    // Drops bytes received but not read yet (stale replies before a new request).
    void discardInput();

    bool isOpen() const { return fd_ >= 0; }
    int fd() const { return fd_; }
    const std::string& path() const { return path_; }
    int baud() const { return baud_; }
    void close();

private:
    SerialPort(int fd, std::string path, int baud) : fd_(fd), path_(std::move(path)), baud_(baud) {}
    SerialError errnoError(const char* what, int err) const;

    int fd_ = -1;
    std::string path_;
    int baud_ = 0;
};

}  // namespace kiosk::serial
