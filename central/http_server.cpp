#include "central/http_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <functional>
#include <type_traits>

#include <httplib.h>

namespace kiosk::central {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// What one transport call did: bytes (> 0), the peer's end, a failure, or
// "call again when the socket is readable / writable".
enum : ssize_t { kEnd = 0, kFailed = -1, kWantRead = -2, kWantWrite = -3 };

// Waits until `fd` is ready for `events` (or has an error or hang-up, which
// the next call reports), at most until `until`; false on timeout.
bool waitUntil(int fd, short events, Clock::time_point until) {
    for (;;) {
        const auto left = std::chrono::duration_cast<milliseconds>(until - Clock::now()).count();
        if (left <= 0) return false;
        pollfd p{fd, events, 0};
        const int r = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 60'000)));
        if (r > 0) return true;
        if (r < 0 && errno != EINTR) return false;
    }
}

void ipAndPort(const sockaddr_storage& a, std::string& ip, int& port) {
    char text[INET6_ADDRSTRLEN] = "";
    if (a.ss_family == AF_INET) {
        const auto& v4 = reinterpret_cast<const sockaddr_in&>(a);
        ::inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
        port = ntohs(v4.sin_port);
    } else if (a.ss_family == AF_INET6) {
        const auto& v6 = reinterpret_cast<const sockaddr_in6&>(a);
        ::inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
        port = ntohs(v6.sin6_port);
    }
    ip = text;
}

// One connection (a non-blocking socket, with TLS when `ssl` is set) as
// httplib's Stream, with the bounds of http_server.h. One thread uses it.
class BoundedStream final : public httplib::Stream {
public:
    BoundedStream(int fd, SSL* ssl, const ConnectionLimits& limits) : fd_(fd), ssl_(ssl), limits_(limits) {}

    // A new request starts now: its read allowance is counted from here.
    void startRequest() {
        start_ = Clock::now();
        received_ = 0;
    }

    // True when a request's first byte is there within idleMs; false when
    // the connection stays quiet, or `stopping()` says the server stops.
    bool waitForRequest(const std::function<bool()>& stopping) const {
        if (pos_ < len_ || (ssl_ != nullptr && SSL_pending(ssl_) > 0)) return true;
        const auto until = Clock::now() + milliseconds(limits_.idleMs);
        while (Clock::now() < until) {
            if (stopping()) return false;
            if (waitUntil(fd_, POLLIN, std::min(until, Clock::now() + milliseconds(100)))) return true;
        }
        return false;
    }

    // A read failed or ran out of the request's allowance: httplib may still
    // answer (400), but the connection must end there.
    bool readFailed() const { return readFailed_; }

    // The TLS handshake, within the first request's allowance.
    bool accept() {
        startRequest();
        for (;;) {
            const int r = SSL_accept(ssl_);
            if (r == 1) return true;
            const ssize_t want = wantOf(r);
            if (want == kFailed) return false;
            if (!waitUntil(fd_, want == kWantRead ? POLLIN : POLLOUT, readDeadline())) return false;
        }
    }

    bool is_readable() const override {
        return pos_ < len_ || (ssl_ != nullptr && SSL_pending(ssl_) > 0) || waitUntil(fd_, POLLIN, readDeadline());
    }
    bool is_writable() const override {
        return waitUntil(fd_, POLLOUT, Clock::now() + milliseconds(limits_.ioTimeoutMs));
    }

    ssize_t read(char* ptr, size_t size) override {
        if (pos_ == len_) {
            const ssize_t n = fill();
            if (n < 0) readFailed_ = true;
            if (n <= 0) return n;
        }
        const size_t n = std::min(size, len_ - pos_);
        std::memcpy(ptr, buffer_ + pos_, n);
        pos_ += n;
        return static_cast<ssize_t>(n);
    }

    ssize_t write(const char* ptr, size_t size) override {
        size_t done = 0;
        while (done < size) {
            const ssize_t n = send(ptr + done, size - done);
            if (n > 0) {
                done += static_cast<size_t>(n);
                continue;
            }
            if (n != kWantRead && n != kWantWrite) return -1;
            if (!waitUntil(fd_, n == kWantRead ? POLLIN : POLLOUT, Clock::now() + milliseconds(limits_.ioTimeoutMs)))
                return -1;
        }
        return static_cast<ssize_t>(size);
    }

    void get_remote_ip_and_port(std::string& ip, int& port) const override {
        sockaddr_storage a{};
        socklen_t len = sizeof a;
        if (::getpeername(fd_, reinterpret_cast<sockaddr*>(&a), &len) == 0) ipAndPort(a, ip, port);
    }
    void get_local_ip_and_port(std::string& ip, int& port) const override {
        sockaddr_storage a{};
        socklen_t len = sizeof a;
        if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len) == 0) ipAndPort(a, ip, port);
    }
    socket_t socket() const override { return fd_; }

private:
    // The request's allowance: requestStartMs, plus 1 s per minBytesPerSecond received.
    Clock::time_point readDeadline() const {
        return start_ + milliseconds(limits_.requestStartMs) +
               milliseconds(received_ * 1000 / std::max<size_t>(limits_.minBytesPerSecond, 1));
    }

    ssize_t wantOf(int r) const {
        switch (SSL_get_error(ssl_, r)) {
            case SSL_ERROR_WANT_READ: return kWantRead;
            case SSL_ERROR_WANT_WRITE: return kWantWrite;
            case SSL_ERROR_ZERO_RETURN: return kEnd;
            default: return kFailed;
        }
    }

    ssize_t receive(char* p, size_t n) {
        if (ssl_ != nullptr) {
            const int r = SSL_read(ssl_, p, static_cast<int>(std::min<size_t>(n, INT32_MAX)));
            return r > 0 ? r : wantOf(r);
        }
        const ssize_t r = ::recv(fd_, p, n, 0);
        if (r >= 0) return r;
        return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? kWantRead : kFailed;
    }

    ssize_t send(const char* p, size_t n) {
        if (ssl_ != nullptr) {
            const int r = SSL_write(ssl_, p, static_cast<int>(std::min<size_t>(n, INT32_MAX)));
            return r > 0 ? r : wantOf(r);
        }
        const ssize_t r = ::send(fd_, p, n, MSG_NOSIGNAL);
        if (r >= 0) return r;
        return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? kWantWrite : kFailed;
    }

    // Refills the buffer within the request's allowance: > 0 bytes, 0 at the
    // peer's end, -1 on failure or when the allowance is spent.
    ssize_t fill() {
        pos_ = len_ = 0;
        for (;;) {
            if (received_ >= limits_.maxRequestBytes) return -1;
            const ssize_t n = receive(buffer_, sizeof buffer_);
            if (n > 0) {
                len_ = static_cast<size_t>(n);
                received_ += len_;
                return n;
            }
            if (n == kEnd) return 0;
            if (n == kFailed) return -1;
            if (!waitUntil(fd_, n == kWantRead ? POLLIN : POLLOUT, readDeadline())) return -1;
        }
    }

    int fd_;
    SSL* ssl_;
    const ConnectionLimits& limits_;
    Clock::time_point start_ = Clock::now();
    size_t received_ = 0;
    char buffer_[4096];
    size_t pos_ = 0, len_ = 0;
    bool readFailed_ = false;
};

// httplib's server with our connection loop (process_and_close_socket is
// httplib's per-connection entry point, a private virtual: overriding it is
// how a subclass replaces the loop; process_request stays httplib's).
template <class Base>
class BoundedServer final : public Base {
public:
    template <class... Args>
    explicit BoundedServer(const ConnectionLimits& limits, Args&&... args)
        : Base(std::forward<Args>(args)...), limits_(limits) {
        const size_t threads = static_cast<size_t>(std::max(limits_.threads, 1));
        this->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    }

private:
    bool process_and_close_socket(socket_t sock) override {
        const int flags = ::fcntl(sock, F_GETFL);
        bool ok = flags >= 0 && ::fcntl(sock, F_SETFL, flags | O_NONBLOCK) == 0;
        // Answers go out as header and body writes: without TCP_NODELAY,
        // Nagle and the client's delayed ACK add ~40 ms to each on a kept-alive connection.
        const int one = 1;
        ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        SSL* ssl = nullptr;
        if constexpr (std::is_same_v<Base, httplib::SSLServer>) {
            ssl = ok ? SSL_new(this->ssl_context()) : nullptr;
            ok = ssl != nullptr && SSL_set_fd(ssl, sock) == 1;
        }
        BoundedStream stream(sock, ssl, limits_);
        if (ok && ssl != nullptr) ok = stream.accept();
        const auto stopping = [this] { return this->svr_sock_ == INVALID_SOCKET; };
        for (int left = std::max(limits_.requestsPerConnection, 1); ok && left > 0; --left) {
            if (stopping() || !stream.waitForRequest(stopping)) break;
            stream.startRequest();
            bool closed = false;
            ok = this->process_request(stream, left == 1, closed, nullptr);
            if (closed || stream.readFailed()) break;
        }
        if (ssl != nullptr) {
            if (ok) SSL_shutdown(ssl);  // one try: a close_notify if the socket takes it now
            SSL_free(ssl);
        }
        ::shutdown(sock, SHUT_RDWR);
        ::close(sock);
        return ok;
    }

    ConnectionLimits limits_;
};

}  // namespace

std::unique_ptr<httplib::Server> makeHttpServer(const ConnectionLimits& limits, const std::string& certFile,
                                                const std::string& keyFile) {
    if (!certFile.empty() && !keyFile.empty())
        return std::make_unique<BoundedServer<httplib::SSLServer>>(limits, certFile.c_str(), keyFile.c_str());
    return std::make_unique<BoundedServer<httplib::Server>>(limits);
}

}  // namespace kiosk::central
