#include "offline-cache/http_client.h"

#include "kiosk/core/url_policy.h"

#include <curl/curl.h>

#include <algorithm>
#include <mutex>

namespace kiosk::offline {
namespace {

struct BodySink {
    std::string body;
    std::size_t limit = 0;
    bool overflow = false;
};

size_t onBody(char* data, size_t size, size_t n, void* user) {
    auto* sink = static_cast<BodySink*>(user);
    if (sink->body.size() + size * n > sink->limit) {
        sink->overflow = true;
        return 0;  // curl stops the transfer with CURLE_WRITE_ERROR
    }
    sink->body.append(data, size * n);
    return size * n;
}

size_t onHeader(char* data, size_t size, size_t n, void* user) {
    auto* headers = static_cast<std::map<std::string, std::string>*>(user);
    std::string line(data, size * n);
    auto colon = line.find(':');
    if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
        std::string value = line.substr(colon + 1);
        auto b = value.find_first_not_of(" \t");
        auto e = value.find_last_not_of(" \t\r\n");
        (*headers)[name] = b == std::string::npos ? std::string() : value.substr(b, e - b + 1);
    } else if (line.rfind("HTTP/", 0) == 0) {
        headers->clear();  // a new response (after 100-continue or a redirect)
    }
    return size * n;
}

}  // namespace

void ensureCurl() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string HttpResponse::header(const std::string& lowerName) const {
    auto it = headers.find(lowerName);
    return it == headers.end() ? std::string() : it->second;
}

HttpClient::HttpClient(HttpOptions options) : options_(std::move(options)) {
    ensureCurl();
    curl_ = curl_easy_init();
}

HttpClient::~HttpClient() {
    if (curl_ != nullptr) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

HttpResponse HttpClient::perform(const HttpRequest& request) {
    HttpResponse response;
    auto* curl = static_cast<CURL*>(curl_);
    if (curl == nullptr) {
        response.transportError = true;
        response.transportMessage = "curl unavailable";
        return response;
    }
    if (!centralUrlAllowed(request.url)) {
        response.transportError = true;
        response.refused = true;
        response.transportMessage = "refused: plain http:// to a host that is not this machine (use https://)";
        return response;
    }
    curl_easy_reset(curl);  // keeps the connection cache
    BodySink sink;
    sink.limit = options_.maxBodyBytes;
    std::string& body = sink.body;
    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, options_.connectTimeoutMs);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, options_.timeoutMs);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!options_.caFile.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, options_.caFile.c_str());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, onBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, onHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response.headers);
    char detail[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, detail);  // e.g. which certificate check failed
    curl_slist* headers = nullptr;
    for (const auto& [name, value] : request.headers) headers = curl_slist_append(headers, (name + ": " + value).c_str());
    headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    if (request.method == "GET") {
        curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    } else {
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
        static const std::string kEmpty;
        const std::string& b = request.body != nullptr ? *request.body : kEmpty;
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, b.data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(b.size()));
    }
    CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(headers);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
    if (rc != CURLE_OK) {
        response.transportError = true;
        if (sink.overflow) {
            long status = 0;
            curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
            response.status = static_cast<int>(status);
            response.tooLarge = true;
            response.transportMessage = "the answer is larger than " + std::to_string(options_.maxBodyBytes) + " bytes";
            secureWipe(body);
            return response;
        }
        response.transportMessage = curl_easy_strerror(rc);
        if (detail[0] != '\0') response.transportMessage += std::string(" (") + detail + ")";
        secureWipe(body);
        return response;
    }
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    response.status = static_cast<int>(status);
    response.body = Personal(std::move(body));
    return response;
}

}  // namespace kiosk::offline
