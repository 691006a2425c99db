#pragma once
// Which central URLs the kiosk may talk to (issue #13): https:// anywhere;
// plain http:// only to this machine (127.0.0.0/8, ::1, localhost), where
// nothing travels over a network. The bearer token, ID numbers and code keys
// must never cross the hall's network in clear. config.cpp refuses such a
// central.url at start-up, and the HTTP clients refuse the request too
// (defence in depth: a URL may come from elsewhere than the config file).
// Header-only, pure, any thread.
#include <string>
#include <string_view>

namespace kiosk {

// The host of an http(s) URL (brackets of an IPv6 literal removed, lower
// case), "" when there is none.
inline std::string urlHost(std::string_view url) {
    auto scheme = url.find("://");
    if (scheme == std::string_view::npos) return {};
    std::string_view rest = url.substr(scheme + 3);
    rest = rest.substr(0, rest.find_first_of("/?#"));
    if (auto at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);  // user:pass@
    std::string_view host;
    if (!rest.empty() && rest.front() == '[') {
        auto close = rest.find(']');
        if (close == std::string_view::npos) return {};
        host = rest.substr(1, close - 1);
    } else {
        host = rest.substr(0, rest.find(':'));
    }
    std::string out(host);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

inline bool isLoopbackHost(std::string_view host) {
    if (host == "localhost" || host == "::1" || host == "0:0:0:0:0:0:0:1") return true;
    // 127.0.0.0/8 as a dotted quad of decimal numbers.
    if (host.substr(0, 4) != "127.") return false;
    int parts = 0;
    size_t i = 0;
    while (i <= host.size()) {
        size_t j = host.find('.', i);
        if (j == std::string_view::npos) j = host.size();
        std::string_view part = host.substr(i, j - i);
        if (part.empty() || part.size() > 3) return false;
        int v = 0;
        for (char c : part) {
            if (c < '0' || c > '9') return false;
            v = v * 10 + (c - '0');
        }
        if (v > 255) return false;
        ++parts;
        i = j + 1;
    }
    return parts == 4;
}

// True for https:// URLs and http:// URLs to a loopback host; false for
// anything else (other schemes, plain http to another machine).
inline bool centralUrlAllowed(std::string_view url) {
    auto lower = [](std::string_view s, size_t n) {
        std::string out(s.substr(0, n));
        for (char& c : out)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        return out;
    };
    if (lower(url, 8) == "https://") return !urlHost(url).empty();
    if (lower(url, 7) == "http://") return isLoopbackHost(urlHost(url));
    return false;
}

}  // namespace kiosk
