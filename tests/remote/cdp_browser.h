#pragma once
// A headless Chromium driven over the DevTools protocol (CDP), for tests
// that use a page the way a person does: fill inputs, click buttons, read
// what the page says. No websocket: Chromium is started with
// --remote-debugging-pipe and reads commands on its fd 3 and writes replies
// and events on its fd 4, each message a JSON text ended by a NUL byte.
//
//   CdpBrowser browser;                          // throws CdpError if it cannot start
//   browser.navigate(url);                       // returns after the load event
//   browser.setValue("#args", R"({"text": "x"})");
//   browser.click("#send-command");
//   ASSERT_TRUE(browser.waitFor("document.getElementById('status').textContent !== ''", 5s));
//   json text = browser.evaluate("document.getElementById('status').textContent");
//
// Every read waits with poll() against a deadline, so a hung or dead browser
// fails the test instead of hanging it. The destructor always kills the
// browser's whole process group, reaps it and removes its temporary profile,
// also when a test fails or an exception unwinds.
//
// Threads: one thread at a time (the test's).
#include <sys/types.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <deque>
#include <stdexcept>
#include <string>

namespace kiosk::testing {

// The browser could not be started, did not answer in time, or went away.
struct CdpError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
// A script run in the page threw (or its promise was rejected).
struct CdpScriptError : CdpError {
    using CdpError::CdpError;
};

class CdpBrowser {
public:
    // The chromium executable found on PATH, or "" when it is not installed
    // (tests GTEST_SKIP then).
    static std::string findChromium();

    // Starts chromium on a blank page and attaches to it. `replyTimeout`
    // bounds each protocol round trip and the page loads.
    explicit CdpBrowser(std::chrono::milliseconds replyTimeout = std::chrono::seconds(15));
    ~CdpBrowser();
    CdpBrowser(const CdpBrowser&) = delete;
    CdpBrowser& operator=(const CdpBrowser&) = delete;

    // Loads `url` in the page and returns once its load event fired; throws
    // CdpError when the navigation fails (no connection, bad URL).
    void navigate(const std::string& url);

    // Runs `expression` in the page (a promise is awaited) and returns its
    // value as JSON (null for undefined). Throws CdpScriptError if it threw.
    nlohmann::json evaluate(const std::string& expression);

    // Polls the JS `predicate` every 50 ms until it is truthy or `timeout`
    // passed. A predicate that throws counts as not yet true (an element
    // that is not rendered yet); lastScriptError() keeps the last message.
    bool waitFor(const std::string& predicate, std::chrono::milliseconds timeout);
    const std::string& lastScriptError() const { return lastScriptError_; }

    // What a person does, by CSS selector; throws CdpScriptError when no
    // element matches. click() is element.click() (a checkbox toggles and
    // fires "change"); setValue() sets an input's, textarea's or select's
    // value and fires "input" and "change" as typing or choosing would.
    void click(const std::string& selector);
    void setValue(const std::string& selector, const std::string& value);
    // The element's textContent ("" when no element matches).
    std::string text(const std::string& selector);

    // A raw CDP command on the page's session (or the browser's when
    // `onPage` is false); returns its "result", throws CdpError on an error reply.
    nlohmann::json command(const std::string& method, const nlohmann::json& params = nlohmann::json::object(),
                           bool onPage = true);

    // The end of the browser's own log (stdout and stderr), for failure messages.
    std::string logTail(size_t bytes = 2000) const;

private:
    using Clock = std::chrono::steady_clock;

    void start();
    void attachToPage();
    void shutdown() noexcept;
    void send(const nlohmann::json& message, Clock::time_point deadline);
    nlohmann::json readMessage(Clock::time_point deadline, const std::string& waitingFor);
    nlohmann::json awaitEvent(const std::string& method, Clock::time_point deadline);
    [[noreturn]] void fail(const std::string& what) const;

    std::chrono::milliseconds replyTimeout_;
    std::string profileDir_;  // --user-data-dir, and the browser's log
    pid_t pid_ = -1;          // also its process group
    int commandFd_ = -1;      // our end of the browser's fd 3
    int replyFd_ = -1;        // our end of the browser's fd 4
    std::string sessionId_;   // the attached page (flatten: sessionId on each message)
    int nextId_ = 1;
    std::string pending_;                // bytes read after the last NUL
    std::deque<nlohmann::json> events_;  // events read while waiting for a reply
    std::string lastScriptError_;
};

// Signs in on kiosk-central's sign-in form (/admin/login) as a maintainer
// does: types the admin token, presses "Sign in" and waits for the fleet page
// (the session cookie is then in the browser). False if it did not show.
bool signInToFleetPage(CdpBrowser& browser, const std::string& centralUrl, const std::string& adminToken);

}  // namespace kiosk::testing
