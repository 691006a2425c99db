#pragma once
// kiosk-central's HTTP(S) server: cpp-httplib's request parsing and routing,
// with our own connection loop so that no client holds a pool thread for long
// unless it is sending (issue #15, the pool limit and slowloris).
//
// cpp-httplib (Debian's 0.11) serves one connection on one pool thread until
// the connection ends; its read timeout is per recv(), so a client that
// dribbles a request one byte at a time held a thread for ever, and a
// kept-alive client held one for 5 s per pause (1000 requests a connection).
// Here each connection is served by BoundedServer::process_and_close_socket
// (it overrides httplib's), which reads through a Stream that enforces:
// - an idle kept-alive connection (and a new one that sends nothing) is
//   closed after idleMs;
// - a request (head and body) must arrive within requestStartMs from its
//   first byte plus 1 s per minBytesPerSecond received, and within
//   maxRequestBytes: a slow client is cut off, a slow upload of a big body
//   at a modest rate is not;
// - a write that the client does not take within ioTimeoutMs fails;
// - a connection serves at most requestsPerConnection requests (the last
//   answer says Connection: close), so busy kept-alive clients take turns.
// Handlers run after the request is read and are not timed.
// TLS (certFile and keyFile): the handshake counts as part of the first
// request; the socket is non-blocking under OpenSSL so that the bounds hold.
//
// Threads: `threads` pool threads serve connections; the rest queue (in
// httplib's unbounded queue) until a thread is free. stop() ends idle waits
// within ~100 ms.
#include <cstddef>
#include <memory>
#include <string>

namespace httplib {
class Server;
}

namespace kiosk::central {

struct ConnectionLimits {
    int threads = 64;
    int idleMs = 2000;
    int requestStartMs = 5000;
    std::size_t minBytesPerSecond = 8 * 1024;
    std::size_t maxRequestBytes = 13 * 1024 * 1024;
    int ioTimeoutMs = 5000;
    int requestsPerConnection = 100;
};

// Plain HTTP, or HTTPS when both files are given; the caller checks
// is_valid() (false: unreadable certificate or key, or not a pair).
std::unique_ptr<httplib::Server> makeHttpServer(const ConnectionLimits& limits, const std::string& certFile,
                                                const std::string& keyFile);

}  // namespace kiosk::central
