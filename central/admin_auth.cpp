#include "central/admin_auth.h"

#include <httplib.h>
#include <sodium.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>

#include "central/problem.h"
#include "kiosk/core/staff.h"  // randomHex

namespace kiosk::central {
namespace {

constexpr std::int64_t kSessionMs = 8 * 3600 * 1000LL;
constexpr size_t kMaxSessions = 1000;
constexpr size_t kMaxFailures = 20;          // wrong tokens per address ...
constexpr std::int64_t kFailureWindowMs = 60'000;  // ... within this window
constexpr size_t kMaxFailureAddresses = 10'000;

std::int64_t wallMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// "127.0.0.1:8443" -> "127.0.0.1", "[::1]:8443" -> "[::1]", "name" -> "name".
std::string hostName(const std::string& hostHeader) {
    if (!hostHeader.empty() && hostHeader.front() == '[') {
        auto close = hostHeader.find(']');
        return close == std::string::npos ? hostHeader : hostHeader.substr(0, close + 1);
    }
    auto colon = hostHeader.find(':');
    return lower(colon == std::string::npos ? hostHeader : hostHeader.substr(0, colon));
}

// The media type of a Content-Type header, without parameters, lower case.
std::string mediaType(const std::string& contentType) {
    std::string t = contentType.substr(0, contentType.find(';'));
    while (!t.empty() && t.back() == ' ') t.pop_back();
    return lower(t);
}

bool queryHasToken(const std::string& target) {
    auto q = target.find('?');
    if (q == std::string::npos) return false;
    const std::string query = target.substr(q + 1);
    for (size_t start = 0; start <= query.size();) {
        size_t end = std::min(query.find('&', start), query.size());
        std::string name = query.substr(start, std::min(query.find('=', start), end) - start);
        if (name == "token") return true;
        start = end + 1;
    }
    return false;
}

std::string urlDecode(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+') out += ' ';
        else if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
                 std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
            out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else out += s[i];
    }
    return out;
}

// One field of an application/x-www-form-urlencoded body.
std::string formField(const std::string& body, const std::string& name) {
    size_t start = 0;
    while (start <= body.size()) {
        size_t end = body.find('&', start);
        if (end == std::string::npos) end = body.size();
        std::string pair = body.substr(start, end - start);
        auto eq = pair.find('=');
        if (eq != std::string::npos && urlDecode(pair.substr(0, eq)) == name) return urlDecode(pair.substr(eq + 1));
        start = end + 1;
    }
    return {};
}

constexpr const char* kSignInPage = R"HTML(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Kiosk fleet: sign in</title>
<style>
body { font-family: sans-serif; margin: 3em auto; max-width: 28em; color: #1b1b1b; }
input, button { font-size: 16px; padding: 4px 8px; }
.error { color: #b00020; font-weight: bold; }
</style>
</head>
<body>
<h1>Kiosk fleet</h1>
<p>Sign in with the admin token (the file given to kiosk-central with --admin-token-file).</p>
{{MESSAGE}}
<form method="post" action="/admin/session">
<input type="password" id="token" name="token" autocomplete="off" size="40" autofocus>
<button type="submit" id="sign-in">Sign in</button>
</form>
</body>
</html>
)HTML";

void sendSignInPage(httplib::Response& res, int status, const std::string& message) {
    std::string nonce = AdminAuth::securityHeaders(res);
    std::string page = kSignInPage;
    page.replace(page.find("{{MESSAGE}}"), 11, message.empty() ? "" : "<p class=\"error\" id=\"error\">" + message + "</p>");
    res.status = status;
    res.set_content(AdminAuth::withNonce(page, nonce), "text/html; charset=utf-8");
}

}  // namespace

AdminAuth::AdminAuth(std::string token, const std::string& listenHost, std::vector<std::string> hosts, bool tls)
    : token_(std::move(token)), hosts_(std::move(hosts)), tls_(tls) {
    for (auto& h : hosts_) h = lower(h);
    hosts_.insert(hosts_.end(), {"localhost", "127.0.0.1", "[::1]"});
    if (listenHost != "0.0.0.0" && listenHost != "::" && !listenHost.empty())
        hosts_.push_back(listenHost.find(':') != std::string::npos ? "[" + lower(listenHost) + "]" : lower(listenHost));
}

bool AdminAuth::tokenMatches(const std::string& candidate) const {
    return !token_.empty() && candidate.size() == token_.size() &&
           sodium_memcmp(candidate.data(), token_.data(), token_.size()) == 0;
}

std::optional<AdminRefusal> AdminAuth::checkSite(const httplib::Request& req) const {
    const std::string host = req.get_header_value("Host");
    if (std::find(hosts_.begin(), hosts_.end(), hostName(host)) == hosts_.end())
        return AdminRefusal{403, "admin-wrong-host", "Admin answers only under this server's own names (--admin-host)"};
    const std::string origin = req.get_header_value("Origin");
    if (!origin.empty() && lower(origin) != lower(std::string(tls_ ? "https://" : "http://") + host))
        return AdminRefusal{403, "admin-wrong-origin", "Admin requests from other sites are refused"};
    const std::string site = req.get_header_value("Sec-Fetch-Site");
    if (!site.empty() && site != "same-origin" && site != "none")
        return AdminRefusal{403, "admin-wrong-origin", "Admin requests from other sites are refused"};
    return std::nullopt;
}

std::optional<std::string> AdminAuth::sessionCookie(const httplib::Request& req) const {
    const std::string cookies = req.get_header_value("Cookie");
    const std::string name = std::string(kCookie) + "=";
    size_t pos = 0;
    while (pos < cookies.size()) {
        while (pos < cookies.size() && (cookies[pos] == ' ' || cookies[pos] == ';')) ++pos;
        size_t end = cookies.find(';', pos);
        if (end == std::string::npos) end = cookies.size();
        if (cookies.compare(pos, name.size(), name) == 0) return cookies.substr(pos + name.size(), end - pos - name.size());
        pos = end;
    }
    return std::nullopt;
}

bool AdminAuth::signedIn(const httplib::Request& req) const {
    auto id = sessionCookie(req);
    if (!id || token_.empty()) return false;
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(*id);
    return it != sessions_.end() && it->second > wallMs();
}

std::optional<AdminRefusal> AdminAuth::check(const httplib::Request& req) const {
    if (auto site = checkSite(req)) return site;
    if (queryHasToken(req.target))
        return AdminRefusal{400, "token-in-url", "The admin token goes in the Authorization header, never in the URL"};
    if (token_.empty())
        return AdminRefusal{403, "admin-disabled", "No admin token is configured (kiosk-central --admin-token-file)"};
    if (throttled(req.remote_addr))
        return AdminRefusal{429, "too-many-attempts", "Too many wrong admin tokens; try again in a minute"};
    const std::string auth = req.get_header_value("Authorization");
    bool bearer = auth.rfind("Bearer ", 0) == 0 && tokenMatches(auth.substr(7));
    if (!bearer && !auth.empty()) noteFailure(req.remote_addr);
    if (!bearer) {
        if (!signedIn(req)) return AdminRefusal{401, "admin-unauthenticated", "The admin token is required"};
        // Riding on the cookie: a browser. It sends Origin on every POST, so a missing one is not a browser of ours.
        if (req.method != "GET" && req.method != "HEAD" && req.get_header_value("Origin").empty())
            return AdminRefusal{403, "admin-wrong-origin", "Admin requests from other sites are refused"};
    }
    if (req.method != "GET" && req.method != "HEAD" && mediaType(req.get_header_value("Content-Type")) != "application/json")
        return AdminRefusal{415, "unsupported-media-type", "Admin requests send application/json"};
    return std::nullopt;
}

std::string AdminAuth::newSession() {
    std::string id = randomHex(32);
    std::int64_t now = wallMs();
    std::lock_guard lock(mutex_);
    std::erase_if(sessions_, [now](const auto& s) { return s.second <= now; });
    if (sessions_.size() >= kMaxSessions) sessions_.erase(sessions_.begin());
    sessions_[id] = now + kSessionMs;
    return id;
}

bool AdminAuth::throttled(const std::string& address) const {
    std::lock_guard lock(mutex_);
    auto it = failures_.find(address);
    if (it == failures_.end()) return false;
    std::int64_t since = wallMs() - kFailureWindowMs;
    std::erase_if(it->second, [since](std::int64_t t) { return t < since; });
    if (it->second.empty()) {
        failures_.erase(it);
        return false;
    }
    return it->second.size() >= kMaxFailures;
}

void AdminAuth::noteFailure(const std::string& address) const {
    std::lock_guard lock(mutex_);
    if (failures_.size() >= kMaxFailureAddresses && !failures_.count(address)) failures_.erase(failures_.begin());
    auto& times = failures_[address];
    times.push_back(wallMs());
    if (times.size() > kMaxFailures) times.erase(times.begin());
}

void AdminAuth::endSession(const std::string& id) {
    std::lock_guard lock(mutex_);
    sessions_.erase(id);
}

void AdminAuth::registerSignIn(httplib::Server& server) {
    server.Get("/admin/login", [this](const httplib::Request& req, httplib::Response& res) {
        if (auto r = checkSite(req)) return refuse(res, *r);
        sendSignInPage(res, 200, "");
    });
    server.Post("/admin/session", [this](const httplib::Request& req, httplib::Response& res) {
        if (auto r = checkSite(req)) return refuse(res, *r);
        if (queryHasToken(req.target))
            return refuse(res, {400, "token-in-url", "The admin token goes in the form's body, never in the URL"});
        if (mediaType(req.get_header_value("Content-Type")) != "application/x-www-form-urlencoded")
            return refuse(res, {415, "unsupported-media-type", "The sign-in form posts application/x-www-form-urlencoded"});
        if (token_.empty()) return sendSignInPage(res, 403, "No admin token is configured on this server.");
        if (throttled(req.remote_addr)) return sendSignInPage(res, 429, "Too many wrong tokens: try again in a minute.");
        if (!tokenMatches(formField(req.body, "token"))) {
            noteFailure(req.remote_addr);
            return sendSignInPage(res, 401, "That is not the admin token.");
        }
        std::string cookie = std::string(kCookie) + "=" + newSession() + "; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=" +
                             std::to_string(kSessionMs / 1000) + (tls_ ? "; Secure" : "");
        securityHeaders(res);
        res.set_header("Set-Cookie", cookie);
        res.set_redirect("/admin/fleet", 303);
    });
    server.Post("/admin/session/end", [this](const httplib::Request& req, httplib::Response& res) {
        if (auto r = checkSite(req)) return refuse(res, *r);
        if (auto id = sessionCookie(req)) endSession(*id);
        securityHeaders(res);
        res.set_header("Set-Cookie", std::string(kCookie) + "=; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=0");
        res.set_redirect("/admin/login", 303);
    });
}

std::string AdminAuth::securityHeaders(httplib::Response& res) {
    std::string nonce = randomHex(16);
    res.set_header("Content-Security-Policy", "default-src 'none'; script-src 'nonce-" + nonce + "'; style-src 'nonce-" +
                                                  nonce +
                                                  "'; connect-src 'self'; img-src 'self'; form-action 'self';"
                                                  " frame-ancestors 'none'; base-uri 'none'");
    res.set_header("X-Frame-Options", "DENY");
    res.set_header("X-Content-Type-Options", "nosniff");
    // Not no-referrer: with it a browser's form POST says "Origin: null", which check() must refuse.
    res.set_header("Referrer-Policy", "same-origin");
    res.set_header("Cache-Control", "no-store");
    return nonce;
}

std::string AdminAuth::withNonce(const std::string& page, const std::string& nonce) {
    std::string out = page;
    for (const char* tag : {"<script>", "<style>"}) {
        std::string plain = tag;
        std::string tagged = plain.substr(0, plain.size() - 1) + " nonce=\"" + nonce + "\">";
        for (size_t at = out.find(plain); at != std::string::npos; at = out.find(plain, at + tagged.size()))
            out.replace(at, plain.size(), tagged);
    }
    return out;
}

void AdminAuth::refuse(httplib::Response& res, const AdminRefusal& r) {
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Cache-Control", "no-store");
    if (r.status == 401) res.set_header("WWW-Authenticate", "Bearer");
    sendProblem(res, r.status, r.slug, r.title);
}

}  // namespace kiosk::central
