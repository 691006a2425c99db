#include "kiosk/app/systemd_notify.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>

#include "kiosk/core/log.h"

namespace kiosk {
namespace {

constexpr int kHealthyFrames = 3;
constexpr std::chrono::seconds kHealthySeconds{10};

}  // namespace

bool sdNotify(std::string_view state) {
    const char* path = std::getenv("NOTIFY_SOCKET");
    if (!path || !*path) return false;
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    size_t len = std::strlen(path);
    if (len >= sizeof addr.sun_path || (path[0] != '/' && path[0] != '@')) return false;
    std::memcpy(addr.sun_path, path, len);
    if (path[0] == '@') addr.sun_path[0] = '\0';  // abstract socket
    int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    auto addrLen = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + len);
    bool ok = ::sendto(fd, state.data(), state.size(), MSG_NOSIGNAL, reinterpret_cast<const sockaddr*>(&addr),
                       addrLen) == static_cast<ssize_t>(state.size());
    ::close(fd);
    return ok;
}

void frameHeartbeat() {
    using Clock = std::chrono::steady_clock;
    static int frames = 0;
    static Clock::time_point first, lastWatchdog;
    static const std::chrono::microseconds watchdogHalf = [] {
        const char* usec = std::getenv("WATCHDOG_USEC");
        return std::chrono::microseconds(usec ? std::strtoll(usec, nullptr, 10) / 2 : 0);
    }();
    static bool healthPending = std::getenv("KIOSK_HEALTH_FILE") != nullptr;

    Clock::time_point now = Clock::now();
    if (frames++ == 0) {
        first = lastWatchdog = now;
        sdNotify("READY=1");
    }
    if (watchdogHalf.count() > 0 && now - lastWatchdog >= watchdogHalf) {
        lastWatchdog = now;
        sdNotify("WATCHDOG=1");
    }
    if (healthPending && frames >= kHealthyFrames && now - first >= kHealthySeconds) {
        healthPending = false;
        const char* path = std::getenv("KIOSK_HEALTH_FILE");
        int fd = ::open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd >= 0) {
            ::fsync(fd);
            ::close(fd);
            KLOG_INFO("kiosk: running well; reported healthy to the updater ({})", path);
        } else {
            KLOG_WARN("kiosk: cannot write the health report {}: {}", path, std::strerror(errno));
        }
    }
}

}  // namespace kiosk
