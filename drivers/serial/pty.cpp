#include "drivers/serial/pty.h"

#include <fcntl.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include <fmt/format.h>

namespace kiosk::serial {
namespace {
SerialError ptyError(const char* what) {
    return SerialError{SerialErrorKind::Io, fmt::format("{}: {}", what, std::strerror(errno))};
}

void makeRaw(int fd) {
    termios tio{};
    if (::tcgetattr(fd, &tio) != 0) return;
    ::cfmakeraw(&tio);
    ::tcsetattr(fd, TCSANOW, &tio);
}
}  // namespace

Result<PseudoTerminal, SerialError> PseudoTerminal::open(const std::string& linkPath) {
    PseudoTerminal pty;
    pty.master_ = ::posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (pty.master_ < 0) return ptyError("posix_openpt");
    if (::grantpt(pty.master_) != 0) return ptyError("grantpt");
    if (::unlockpt(pty.master_) != 0) return ptyError("unlockpt");
    char name[128];
    if (::ptsname_r(pty.master_, name, sizeof name) != 0) return ptyError("ptsname_r");
    pty.slavePath_ = name;
    pty.slaveKeepAlive_ = ::open(name, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (pty.slaveKeepAlive_ < 0) return ptyError("open pty slave");
    // Raw before any byte flows: the default line discipline would echo and
    // translate CR/LF, corrupting binary frames written before the driver
    // configures its side.
    makeRaw(pty.slaveKeepAlive_);
    makeRaw(pty.master_);
    if (!linkPath.empty()) {
        ::unlink(linkPath.c_str());
        if (::symlink(name, linkPath.c_str()) != 0) return ptyError("symlink");
        pty.linkPath_ = linkPath;
    }
    return pty;
}

PseudoTerminal::PseudoTerminal(PseudoTerminal&& other) noexcept
    : master_(std::exchange(other.master_, -1)),
      slaveKeepAlive_(std::exchange(other.slaveKeepAlive_, -1)),
      slavePath_(std::move(other.slavePath_)),
      linkPath_(std::exchange(other.linkPath_, {})) {}

PseudoTerminal& PseudoTerminal::operator=(PseudoTerminal&& other) noexcept {
    if (this != &other) {
        close();
        master_ = std::exchange(other.master_, -1);
        slaveKeepAlive_ = std::exchange(other.slaveKeepAlive_, -1);
        slavePath_ = std::move(other.slavePath_);
        linkPath_ = std::exchange(other.linkPath_, {});
    }
    return *this;
}

PseudoTerminal::~PseudoTerminal() { close(); }

void PseudoTerminal::close() {
    // Link first, so a driver reconnecting in between finds nothing rather
    // than a dangling name.
    if (!linkPath_.empty()) ::unlink(linkPath_.c_str());
    linkPath_.clear();
    if (master_ >= 0) ::close(master_);
    if (slaveKeepAlive_ >= 0) ::close(slaveKeepAlive_);
    master_ = slaveKeepAlive_ = -1;
}

}  // namespace kiosk::serial
