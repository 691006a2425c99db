#include "kiosk/remote/update_check.h"

#include <curl/curl.h>

#include <nlohmann/json.hpp>

#include "kiosk/core/json_read.h"
#include "kiosk/core/url_policy.h"

namespace kiosk::remote {
namespace {

constexpr size_t kMaxAnswerBytes = 64 * 1024;  // an update offer is a few lines (#13)

size_t collect(char* data, size_t size, size_t n, void* out) {
    auto* body = static_cast<std::string*>(out);
    if (body->size() + size * n > kMaxAnswerBytes) return 0;  // curl stops: CURLE_WRITE_ERROR
    body->append(data, size * n);
    return size * n;
}

std::string withoutTrailingSlash(std::string s) {
    while (!s.empty() && s.back() == '/') s.pop_back();
    return s;
}

}  // namespace

std::optional<OfferedUpdate> parseOfferedUpdate(const std::string& body, const std::string& centralUrl,
                                                std::string& error) {
    auto j = jsonr::parseObject(body);
    if (!j) {
        error = "the updates answer is not a JSON object";
        return std::nullopt;
    }
    OfferedUpdate offer;
    offer.channel = jsonr::strOr(*j, "channel", "");
    if (const auto* a = jsonr::object(*j, "available")) {
        offer.ref = jsonr::strOr(*a, "ref", "");
        offer.commit = jsonr::strOr(*a, "commit", "");
        offer.url = jsonr::strOr(*a, "url", "");
        if (const auto* r = jsonr::object(*a, "rollback")) offer.rollback = r->dump();
    }
    if (!offer.url.empty() && offer.url.front() == '/') offer.url = withoutTrailingSlash(centralUrl) + offer.url;
    return offer;
}

std::optional<OfferedUpdate> fetchOfferedUpdate(const std::string& centralUrl, const std::string& kioskId,
                                                const std::string& token, std::string& error,
                                                const std::string& caFile) {
    CURL* curl = curl_easy_init();
    if (!curl) {
        error = "cannot start libcurl";
        return std::nullopt;
    }
    std::string url = withoutTrailingSlash(centralUrl) + "/api/v1/kiosks/" + kioskId + "/updates";
    if (!centralUrlAllowed(url)) {
        curl_easy_cleanup(curl);
        error = url + ": refused: plain http:// to a host that is not this machine";
        return std::nullopt;
    }
    std::string body;
    std::string auth = "Authorization: Bearer " + token;
    curl_slist* headers = curl_slist_append(nullptr, auth.c_str());
    headers = curl_slist_append(headers, "Accept: application/json");
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    if (!caFile.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, caFile.c_str());
    CURLcode rc = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    if (rc != CURLE_OK) {
        error = url + ": " + (rc == CURLE_WRITE_ERROR ? std::string("the answer is too large") : curl_easy_strerror(rc));
        return std::nullopt;
    }
    if (status != 200) {
        error = url + ": HTTP " + std::to_string(status);
        return std::nullopt;
    }
    return parseOfferedUpdate(body, centralUrl, error);
}

}  // namespace kiosk::remote
