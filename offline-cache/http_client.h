#pragma once
// A small blocking HTTP client over one libcurl easy handle, so consecutive
// requests reuse the connection (and the TLS session). TLS verification is
// always on; the CA file is configurable for a private central CA.
//
// Threads: one HttpClient per thread (the sync engine's, or a worker's).
// Failures are values: transport errors (refused, timeout, dropped
// connection, TLS) set `transportError`; any HTTP status is a response.
// issue #13: an answer body larger than maxBodyBytes is not buffered: the
// transfer stops, `tooLarge` and `transportError` are set (status is the
// HTTP status if it arrived) and the body is empty. A URL that is plain
// http:// to another machine is refused before any byte is sent
// (`refused`, kiosk/core/url_policy.h): the token would travel in clear.
#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "kiosk/core/personal.h"

namespace kiosk::offline {

struct HttpOptions {
    std::string caFile;             // empty: the system CA store
    long connectTimeoutMs = 5000;
    long timeoutMs = 30000;         // the whole request
    std::size_t maxBodyBytes = 4 * 1024 * 1024;  // larger answers are refused (tooLarge)
};

struct HttpRequest {
    std::string method = "GET";
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
    const std::string* body = nullptr;  // borrowed: sent without a copy (may be personal)
};

struct HttpResponse {
    int status = 0;                // 0 when no HTTP answer arrived
    bool transportError = false;
    std::string transportMessage;  // curl's message; no personal data
    bool tooLarge = false;         // the answer was over maxBodyBytes (and dropped)
    bool refused = false;          // not sent: plain http:// to a non-loopback host
    std::map<std::string, std::string> headers;  // lower-case names
    Personal body;                 // may carry personal data: wiped when dropped
    std::string header(const std::string& lowerName) const;
};

class HttpClient {
public:
    explicit HttpClient(HttpOptions options);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    HttpResponse perform(const HttpRequest& request);

private:
    HttpOptions options_;
    void* curl_;
};

// curl_global_init once (not thread-safe in itself; called from constructors).
void ensureCurl();

}  // namespace kiosk::offline
