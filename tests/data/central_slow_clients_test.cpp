// kiosk-central against clients that hold connections (issue #15, the pool
// limit): the real binary with a small pool (--threads 4), more slow
// connections than threads (kept-alive and idle, or dribbling a request one
// byte at a time), and a normal client that must still be answered. The slow
// connections must be closed by the server (central/http_server.h), not
// waited out by it.
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "tests/data/test_support.h"

namespace {

using kiosk::testing::CentralProcess;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr int kThreads = 4;
constexpr size_t kIdle = kThreads;       // each answered once, then silent with the connection kept alive
constexpr int kDribblers = kThreads;  // each sends a request head a byte at a time, never finishing it
// Generous: the server closes an idle connection after 2 s and cuts a
// request that has not come within 5 s; a normal request waits for those.
constexpr auto kDeadline = 25s;

int connectTo(int port) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

bool sendAll(int fd, const std::string& s) {
    return ::send(fd, s.data(), s.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(s.size());
}

// Reads until `fd` has sent a whole /healthz answer ({"status":"ok"}) or
// `until` passes; the answer read, possibly partial.
std::string readAnswer(int fd, Clock::time_point until) {
    std::string got;
    while (got.find("\"ok\"}") == std::string::npos) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
        pollfd p{fd, POLLIN, 0};
        if (left <= 0 || ::poll(&p, 1, static_cast<int>(left)) <= 0) break;
        char buf[1024];
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) break;
        got.append(buf, static_cast<size_t>(n));
    }
    return got;
}

// True once the server has closed `fd` (end of stream or a reset); drains
// whatever it sent before (an error answer to a cut-off request).
bool closedByServer(int fd) {
    for (;;) {
        char buf[1024];
        const ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
        if (n == 0) return true;
        if (n < 0) return errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR;
    }
}

constexpr const char* kHealth = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

TEST(SlowClients, ANormalRequestIsAnsweredAndTheSlowConnectionsAreClosed) {
    CentralProcess central({"--threads", std::to_string(kThreads)});
    ASSERT_GT(central.port(), 0);
    const auto start = Clock::now();

    // Kept-alive clients that go quiet: each holds a pool thread while the server waits for its next request.
    std::vector<int> slow;
    for (size_t i = 0; i < kIdle; ++i) {
        int fd = connectTo(central.port());
        ASSERT_GE(fd, 0);
        ASSERT_TRUE(sendAll(fd, kHealth));
        ASSERT_NE(readAnswer(fd, start + kDeadline).find("\"ok\"}"), std::string::npos) << "idle client " << i;
        slow.push_back(fd);
    }
    // Slowloris: request heads that arrive a byte every 100 ms and never end.
    const std::string head = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + std::string(4096, 'a');
    for (int i = 0; i < kDribblers; ++i) {
        int fd = connectTo(central.port());
        ASSERT_GE(fd, 0);
        slow.push_back(fd);
    }
    std::vector<Clock::duration> closedAfter(slow.size(), Clock::duration::max());
    std::thread watcher([&] {
        size_t sent = 0, open = slow.size();
        while (open > 0 && Clock::now() < start + kDeadline) {
            for (size_t i = 0; i < slow.size(); ++i) {
                if (closedAfter[i] != Clock::duration::max()) continue;
                bool closed = closedByServer(slow[i]);
                if (!closed && i >= kIdle && sent < head.size())
                    closed = ::send(slow[i], &head[sent], 1, MSG_NOSIGNAL | MSG_DONTWAIT) < 0 && errno != EAGAIN;
                if (closed) {
                    closedAfter[i] = Clock::now() - start;
                    --open;
                }
            }
            ++sent;
            std::this_thread::sleep_for(100ms);
        }
    });

    // A normal client, after all of them: answered, though later than usual.
    int normal = connectTo(central.port());
    ASSERT_GE(normal, 0);
    ASSERT_TRUE(sendAll(normal, kHealth));
    const std::string answer = readAnswer(normal, start + kDeadline);
    const auto answeredAfter = Clock::now() - start;
    ::close(normal);
    watcher.join();
    for (int fd : slow) ::close(fd);

    EXPECT_EQ(answer.rfind("HTTP/1.1 200", 0), 0u) << "no answer within " << kDeadline.count() << " s: \"" << answer << "\"";
    EXPECT_NE(answer.find("\"ok\"}"), std::string::npos);
    std::printf("normal request answered after %.1f s\n", std::chrono::duration<double>(answeredAfter).count());
    for (size_t i = 0; i < slow.size(); ++i) {
        const char* kind = i < kIdle ? "idle kept-alive" : "dribbling";
        EXPECT_NE(closedAfter[i], Clock::duration::max())
            << "the server never closed " << kind << " connection " << i << " (within " << kDeadline.count() << " s)";
        if (closedAfter[i] != Clock::duration::max())
            std::printf("%s connection %zu closed by the server after %.1f s\n", kind, i,
                        std::chrono::duration<double>(closedAfter[i]).count());
    }
}

}  // namespace
