#include "drivers/serial/waker.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <thread>

namespace kiosk::serial {

Waker::Waker() : fd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {}

Waker::~Waker() {
    if (fd_ >= 0) ::close(fd_);
}

void Waker::signal() {
    if (fd_ < 0) return;
    const uint64_t one = 1;
    // Fails only when the counter is full, which is signalled as well.
    [[maybe_unused]] ssize_t n = ::write(fd_, &one, sizeof one);
}

void Waker::clear() {
    if (fd_ < 0) return;
    uint64_t count = 0;
    [[maybe_unused]] ssize_t n = ::read(fd_, &count, sizeof count);  // EAGAIN: it was clear
}

bool Waker::waitFor(std::chrono::milliseconds timeout) const {
    if (fd_ < 0) {
        std::this_thread::sleep_for(timeout);
        return false;
    }
    pollfd p{fd_, POLLIN, 0};
    int n;
    do n = ::poll(&p, 1, static_cast<int>(timeout.count()));
    while (n < 0 && errno == EINTR);
    return n > 0 && (p.revents & POLLIN);
}

}  // namespace kiosk::serial
