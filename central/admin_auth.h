#pragma once
// Who may use kiosk-central's /admin (the fleet page and its JSON API,
// faults, clock, updates, commands). Never the source address: loopback is
// no credential (any local process or a browser tab can reach it).
//
// Every /admin request passes check():
// - Host must name this server (loopback names, --host, or --admin-host):
//   a DNS-rebound page reaches the server under a foreign name and is refused.
// - Origin, when sent, must be this server; state-changing requests that
//   ride on the session cookie must send it (browsers do).
// - The admin token: `Authorization: Bearer <token>`, or the session cookie
//   that the sign-in form (POST /admin/session) sets: HttpOnly,
//   SameSite=Strict, Path=/admin, Secure over TLS, 8 hours. A token in the
//   URL (?token=) is refused outright: URLs end up in logs and history.
//   After 20 wrong tokens from one address within a minute, that address
//   gets 429 for the rest of the minute (guessing a token by the thousand).
// - A request with a body must be application/json (a cross-site form can
//   only send text/plain, urlencoded or multipart without a preflight).
// With no admin token configured, /admin refuses everything.
//
// HTML answers carry securityHeaders(): a CSP that allows only this
// response's nonce for script and style, X-Frame-Options: DENY, nosniff,
// referrer only to this server, no caching.
//
// Threads: any httplib worker; the session table has its own mutex.
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace httplib {
struct Request;
struct Response;
class Server;
}  // namespace httplib

namespace kiosk::central {

struct AdminRefusal {
    int status;
    std::string slug;
    std::string title;
};

class AdminAuth {
public:
    // `hosts`: extra Host names besides localhost, 127.0.0.1, [::1] and `listenHost`.
    AdminAuth(std::string token, const std::string& listenHost, std::vector<std::string> hosts, bool tls);

    // nullopt: allowed. Sessions expire by the wall clock (not POST /admin/time's).
    std::optional<AdminRefusal> check(const httplib::Request& req) const;
    // Host and Origin only (the sign-in form, which has no credential yet).
    std::optional<AdminRefusal> checkSite(const httplib::Request& req) const;
    bool signedIn(const httplib::Request& req) const;

    // GET /admin/login (the form) and POST /admin/session (sign in), POST /admin/session/end.
    void registerSignIn(httplib::Server& server);

    // Sets the page's security headers; returns the nonce to put on <script> and <style>.
    static std::string securityHeaders(httplib::Response& res);
    // A page with `<script>`/`<style>` tags given the nonce.
    static std::string withNonce(const std::string& page, const std::string& nonce);
    // Sends a refusal as a problem document (with WWW-Authenticate on 401).
    static void refuse(httplib::Response& res, const AdminRefusal& r);

    static constexpr const char* kCookie = "kiosk_admin";

private:
    bool tokenMatches(const std::string& candidate) const;
    std::optional<std::string> sessionCookie(const httplib::Request& req) const;
    std::string newSession();
    void endSession(const std::string& id);
    // Wrong-token bookkeeping per client address (any thread).
    bool throttled(const std::string& address) const;
    void noteFailure(const std::string& address) const;

    std::string token_;
    std::vector<std::string> hosts_;
    bool tls_;
    mutable std::mutex mutex_;
    std::map<std::string, std::int64_t> sessions_;  // id -> expiry (ms)
    mutable std::map<std::string, std::vector<std::int64_t>> failures_;  // address -> wrong-token times (ms)
};

}  // namespace kiosk::central
