#include "drivers/codes/wedge_scanner.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "drivers/codes/presentation_filter.h"
#include "kiosk/core/log.h"

namespace kiosk::codes {

char usKeyChar(unsigned code, bool shift) {
    struct Key {
        unsigned code;
        char plain, shifted;
    };
    static constexpr Key kKeys[] = {
        {KEY_1, '1', '!'}, {KEY_2, '2', '@'}, {KEY_3, '3', '#'}, {KEY_4, '4', '$'}, {KEY_5, '5', '%'},
        {KEY_6, '6', '^'}, {KEY_7, '7', '&'}, {KEY_8, '8', '*'}, {KEY_9, '9', '('}, {KEY_0, '0', ')'},
        {KEY_MINUS, '-', '_'}, {KEY_EQUAL, '=', '+'}, {KEY_LEFTBRACE, '[', '{'}, {KEY_RIGHTBRACE, ']', '}'},
        {KEY_SEMICOLON, ';', ':'}, {KEY_APOSTROPHE, '\'', '"'}, {KEY_GRAVE, '`', '~'}, {KEY_BACKSLASH, '\\', '|'},
        {KEY_COMMA, ',', '<'}, {KEY_DOT, '.', '>'}, {KEY_SLASH, '/', '?'}, {KEY_SPACE, ' ', ' '},
        {KEY_Q, 'q', 'Q'}, {KEY_W, 'w', 'W'}, {KEY_E, 'e', 'E'}, {KEY_R, 'r', 'R'}, {KEY_T, 't', 'T'},
        {KEY_Y, 'y', 'Y'}, {KEY_U, 'u', 'U'}, {KEY_I, 'i', 'I'}, {KEY_O, 'o', 'O'}, {KEY_P, 'p', 'P'},
        {KEY_A, 'a', 'A'}, {KEY_S, 's', 'S'}, {KEY_D, 'd', 'D'}, {KEY_F, 'f', 'F'}, {KEY_G, 'g', 'G'},
        {KEY_H, 'h', 'H'}, {KEY_J, 'j', 'J'}, {KEY_K, 'k', 'K'}, {KEY_L, 'l', 'L'}, {KEY_Z, 'z', 'Z'},
        {KEY_X, 'x', 'X'}, {KEY_C, 'c', 'C'}, {KEY_V, 'v', 'V'}, {KEY_B, 'b', 'B'}, {KEY_N, 'n', 'N'},
        {KEY_M, 'm', 'M'}, {KEY_KP0, '0', '0'}, {KEY_KP1, '1', '1'}, {KEY_KP2, '2', '2'}, {KEY_KP3, '3', '3'},
        {KEY_KP4, '4', '4'}, {KEY_KP5, '5', '5'}, {KEY_KP6, '6', '6'}, {KEY_KP7, '7', '7'}, {KEY_KP8, '8', '8'},
        {KEY_KP9, '9', '9'}, {KEY_KPDOT, '.', '.'}, {KEY_KPMINUS, '-', '-'}, {KEY_KPPLUS, '+', '+'},
        {KEY_KPASTERISK, '*', '*'}, {KEY_KPSLASH, '/', '/'},
    };
    for (const auto& k : kKeys)
        if (k.code == code) return shift ? k.shifted : k.plain;
    return 0;
}

std::optional<std::string> WedgeDecoder::feed(const input_event& ev) {
    if (ev.type != EV_KEY) return std::nullopt;
    const bool down = ev.value == 1 || ev.value == 2;  // press or auto-repeat
    if (ev.code == KEY_LEFTSHIFT) {
        leftShift_ = ev.value != 0;
        return std::nullopt;
    }
    if (ev.code == KEY_RIGHTSHIFT) {
        rightShift_ = ev.value != 0;
        return std::nullopt;
    }
    if (!down) return std::nullopt;
    if (ev.code == KEY_ENTER || ev.code == KEY_KPENTER) {
        std::optional<std::string> out;
        if (!buf_.empty() && buf_.size() <= kMaxMessage) out = std::move(buf_);
        buf_.clear();
        return out;
    }
    if (const char c = usKeyChar(ev.code, leftShift_ || rightShift_); c != 0 && buf_.size() <= kMaxMessage)
        buf_.push_back(c);
    return std::nullopt;
}

void WedgeScanner::start() {
    stop();
    stop_ = false;
    waker_.clear();
    thread_ = std::thread([this] { run(); });
}

void WedgeScanner::stop() {
    stop_ = true;
    waker_.signal();
    if (thread_.joinable()) thread_.join();
}

void WedgeScanner::run() {
    PresentationFilter filter(std::chrono::milliseconds(1000));
    while (!stop_) {
        const int fd = ::open(path_.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0) {
            waker_.waitFor(std::chrono::milliseconds(500));  // not there yet; udev may add it
            continue;
        }
        if (::ioctl(fd, EVIOCGRAB, 1) != 0)
            KLOG_WARN("wedge scanner {}: exclusive grab failed: {}", path_, std::strerror(errno));
        WedgeDecoder decoder;
        input_event events[64];
        while (!stop_) {
            // Asleep until a key event or stop(); the timeout is only the
            // fallback should the waker be missing.
            pollfd p[2] = {{fd, POLLIN, 0}, {waker_.fd(), POLLIN, 0}};
            if (::poll(p, waker_.fd() >= 0 ? 2 : 1, 1000) <= 0 || !p[0].revents) continue;
            const ssize_t n = ::read(fd, events, sizeof events);
            if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
            if (n <= 0) break;  // ENODEV: unplugged
            for (size_t i = 0; i < static_cast<size_t>(n) / sizeof(input_event); ++i) {
                if (auto text = decoder.feed(events[i])) {
                    const auto now = clock_.steadyNow();
                    if (filter.seen(*text, now) && onCode_)
                        onCode_(ScannedCode{Personal(std::move(*text)), CodeSource::WedgeScanner, now});
                }
            }
        }
        ::ioctl(fd, EVIOCGRAB, 0);
        ::close(fd);
    }
}

}  // namespace kiosk::codes
