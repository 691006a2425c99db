#include "tests/remote/cdp_browser.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

extern char** environ;

namespace kiosk::testing {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;

// Events nobody waits for (frame and lifecycle notices) are dropped beyond this.
constexpr size_t kMaxQueuedEvents = 1000;

int remainingMs(std::chrono::steady_clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    return left.count() < 0 ? 0 : static_cast<int>(left.count());
}

// A JS string literal for `text` (a JSON string is one).
std::string jsString(const std::string& text) { return json(text).dump(); }

// document.querySelector(selector), or a thrown Error naming the selector.
std::string element(const std::string& selector) {
    return "(() => { const e = document.querySelector(" + jsString(selector) +
           "); if (!e) throw new Error('no element matches ' + " + jsString(selector) + "); return e; })()";
}

}  // namespace

std::string CdpBrowser::findChromium() {
    const char* path = std::getenv("PATH");
    std::stringstream dirs(path ? path : "/usr/bin:/bin");
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
        if (dir.empty()) continue;
        std::string candidate = dir + "/chromium";
        if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    return {};
}

CdpBrowser::CdpBrowser(std::chrono::milliseconds replyTimeout) : replyTimeout_(replyTimeout) {
    try {
        start();
        attachToPage();
    } catch (...) {
        shutdown();  // the destructor does not run for a constructor that throws
        throw;
    }
}

CdpBrowser::~CdpBrowser() { shutdown(); }

void CdpBrowser::start() {
    std::string chromium = findChromium();
    if (chromium.empty()) throw CdpError("chromium is not installed");
    // A write to the pipe of a browser that died would otherwise kill the
    // whole test binary with SIGPIPE; ignored, it is an EPIPE we report.
    ::signal(SIGPIPE, SIG_IGN);

    std::string tmpl = (std::filesystem::temp_directory_path() / "cdp-chromium-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw CdpError(std::string("mkdtemp: ") + std::strerror(errno));
    profileDir_ = tmpl;

    // Everything the child needs is prepared before fork(): between fork and
    // exec only async-signal-safe calls (the test binary has threads).
    std::vector<std::string> args{chromium,
                                  "--headless",
                                  "--disable-gpu",
                                  "--no-sandbox",
                                  "--no-first-run",
                                  "--disable-dev-shm-usage",
                                  "--user-data-dir=" + profileDir_,
                                  "--remote-debugging-pipe",
                                  "about:blank"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::string logPath = profileDir_ + "/chromium.log";
    int log = ::open(logPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    int commands[2], replies[2];  // [0] read end, [1] write end
    if (log < 0 || ::pipe2(commands, O_CLOEXEC) != 0) {
        if (log >= 0) ::close(log);
        throw CdpError(std::string("pipe: ") + std::strerror(errno));
    }
    if (::pipe2(replies, O_CLOEXEC) != 0) {
        ::close(log);
        ::close(commands[0]);
        ::close(commands[1]);
        throw CdpError(std::string("pipe: ") + std::strerror(errno));
    }

    pid_ = ::fork();
    if (pid_ == 0) {
        // Its own process group: the browser's renderer and utility
        // processes are killed with it. The log and the pipe ends are first
        // copied above fd 10 (the copies lose O_CLOEXEC) so that no dup2
        // below clobbers one that already sits on 1 to 4.
        ::setpgid(0, 0);
        int logCopy = ::fcntl(log, F_DUPFD, 10);
        int in = ::fcntl(commands[0], F_DUPFD, 10);
        int out = ::fcntl(replies[1], F_DUPFD, 10);
        if (logCopy < 0 || in < 0 || out < 0 || ::dup2(logCopy, STDOUT_FILENO) < 0 ||
            ::dup2(logCopy, STDERR_FILENO) < 0 || ::dup2(in, 3) < 0 || ::dup2(out, 4) < 0)
            ::_exit(127);
        // Nothing else of the test binary leaks into the browser (sockets, other pipes).
        ::close_range(5, ~0U, 0);
        ::execve(argv[0], argv.data(), environ);
        ::_exit(127);
    }
    int forkErrno = errno;
    ::close(log);
    ::close(commands[0]);
    ::close(replies[1]);
    commandFd_ = commands[1];
    replyFd_ = replies[0];
    if (pid_ < 0) throw CdpError(std::string("fork: ") + std::strerror(forkErrno));
    ::setpgid(pid_, pid_);  // also here: no race with a kill before the child ran setpgid
}

void CdpBrowser::attachToPage() {
    // The browser opens its about:blank page shortly after it starts
    // listening; until then Target.getTargets lists no page.
    auto deadline = Clock::now() + replyTimeout_;
    std::string targetId;
    while (targetId.empty()) {
        json targets = command("Target.getTargets", json::object(), false);
        for (const auto& t : targets.value("targetInfos", json::array()))
            if (t.value("type", "") == "page") {
                targetId = t.value("targetId", "");
                break;
            }
        if (!targetId.empty()) break;
        if (Clock::now() > deadline) {
            targetId = command("Target.createTarget", {{"url", "about:blank"}}, false).value("targetId", "");
            if (targetId.empty()) fail("no page to attach to");
            break;
        }
        std::this_thread::sleep_for(50ms);
    }
    sessionId_ = command("Target.attachToTarget", {{"targetId", targetId}, {"flatten", true}}, false)
                     .value("sessionId", "");
    if (sessionId_.empty()) fail("Target.attachToTarget gave no sessionId");
    command("Page.enable");  // for Page.loadEventFired
}

void CdpBrowser::shutdown() noexcept {
    if (commandFd_ >= 0) ::close(commandFd_);
    if (replyFd_ >= 0) ::close(replyFd_);
    commandFd_ = replyFd_ = -1;
    if (pid_ > 0) {
        ::kill(-pid_, SIGKILL);  // the group: the browser and the processes it started
        ::kill(pid_, SIGKILL);   // in case it had not reached setpgid yet
        int status = 0;
        while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
        }
        pid_ = -1;
    }
    if (!profileDir_.empty()) {
        std::error_code ec;
        std::filesystem::remove_all(profileDir_, ec);
        profileDir_.clear();
    }
}

void CdpBrowser::fail(const std::string& what) const {
    throw CdpError("chromium: " + what + "\n--- browser log ---\n" + logTail());
}

std::string CdpBrowser::logTail(size_t bytes) const {
    if (profileDir_.empty()) return {};
    std::ifstream in(profileDir_ + "/chromium.log", std::ios::binary);
    std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return all.size() > bytes ? all.substr(all.size() - bytes) : all;
}

void CdpBrowser::send(const json& message, Clock::time_point deadline) {
    std::string bytes = message.dump();
    bytes.push_back('\0');
    size_t done = 0;
    while (done < bytes.size()) {
        pollfd p{commandFd_, POLLOUT, 0};
        int ready = ::poll(&p, 1, remainingMs(deadline));
        if (ready < 0 && errno == EINTR) continue;
        if (ready == 0) fail("timed out writing " + message.value("method", std::string("a command")));
        if (ready < 0) fail(std::string("poll: ") + std::strerror(errno));
        ssize_t n = ::write(commandFd_, bytes.data() + done, bytes.size() - done);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (n < 0) fail(std::string("the browser is gone (write: ") + std::strerror(errno) + ")");
        done += static_cast<size_t>(n);
    }
}

json CdpBrowser::readMessage(Clock::time_point deadline, const std::string& waitingFor) {
    for (;;) {
        auto end = pending_.find('\0');
        if (end != std::string::npos) {
            std::string text = pending_.substr(0, end);
            pending_.erase(0, end + 1);
            json message = json::parse(text, nullptr, false);
            if (message.is_discarded()) fail("not JSON from the browser: " + text.substr(0, 200));
            return message;
        }
        pollfd p{replyFd_, POLLIN, 0};
        int ready = ::poll(&p, 1, remainingMs(deadline));
        if (ready < 0 && errno == EINTR) continue;
        if (ready == 0) fail("timed out waiting for " + waitingFor);
        if (ready < 0) fail(std::string("poll: ") + std::strerror(errno));
        char buffer[65536];
        ssize_t n = ::read(replyFd_, buffer, sizeof buffer);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (n < 0) fail(std::string("read: ") + std::strerror(errno));
        if (n == 0) fail("the browser closed its pipe (it exited)");
        pending_.append(buffer, static_cast<size_t>(n));
    }
}

json CdpBrowser::command(const std::string& method, const json& params, bool onPage) {
    auto deadline = Clock::now() + replyTimeout_;
    int id = nextId_++;
    json message{{"id", id}, {"method", method}, {"params", params}};
    if (onPage) message["sessionId"] = sessionId_;
    send(message, deadline);
    for (;;) {
        json reply = readMessage(deadline, "the reply to " + method);
        if (!reply.contains("id")) {  // an event: kept for awaitEvent
            if (events_.size() >= kMaxQueuedEvents) events_.pop_front();
            events_.push_back(std::move(reply));
            continue;
        }
        if (reply["id"] != id) continue;  // a reply to a command that timed out earlier
        if (reply.contains("error")) fail(method + ": " + reply["error"].dump());
        return reply.value("result", json::object());
    }
}

json CdpBrowser::awaitEvent(const std::string& method, Clock::time_point deadline) {
    for (;;) {
        while (!events_.empty()) {
            json event = std::move(events_.front());
            events_.pop_front();
            if (event.value("method", "") == method && event.value("sessionId", "") == sessionId_) return event;
        }
        json message = readMessage(deadline, "the event " + method);
        if (!message.contains("id")) events_.push_back(std::move(message));
    }
}

void CdpBrowser::navigate(const std::string& url) {
    events_.clear();  // a load event from an earlier page must not end this wait
    auto deadline = Clock::now() + replyTimeout_;
    json result = command("Page.navigate", {{"url", url}});
    if (!result.value("errorText", "").empty()) fail("cannot load " + url + ": " + result["errorText"].dump());
    awaitEvent("Page.loadEventFired", deadline);
}

json CdpBrowser::evaluate(const std::string& expression) {
    json result =
        command("Runtime.evaluate", {{"expression", expression}, {"awaitPromise", true}, {"returnByValue", true}});
    if (result.contains("exceptionDetails")) {
        const json& details = result["exceptionDetails"];
        std::string what = details.contains("exception") ? details["exception"].value("description", "")
                                                         : std::string();
        throw CdpScriptError(what.empty() ? details.value("text", std::string("the script threw")) : what);
    }
    const json& value = result.value("result", json::object());
    return value.contains("value") ? value["value"] : json(nullptr);
}

bool CdpBrowser::waitFor(const std::string& predicate, std::chrono::milliseconds timeout) {
    auto deadline = Clock::now() + timeout;
    for (;;) {
        try {
            if (evaluate("Boolean(" + predicate + "\n)") == true) return true;
        } catch (const CdpScriptError& e) {
            lastScriptError_ = e.what();
        }
        if (Clock::now() >= deadline) return false;
        std::this_thread::sleep_for(50ms);
    }
}

void CdpBrowser::click(const std::string& selector) { evaluate(element(selector) + ".click()"); }

void CdpBrowser::setValue(const std::string& selector, const std::string& value) {
    evaluate("(() => { const e = " + element(selector) + "; e.value = " + jsString(value) +
             "; e.dispatchEvent(new Event('input', {bubbles: true}));"
             " e.dispatchEvent(new Event('change', {bubbles: true})); })()");
}

std::string CdpBrowser::text(const std::string& selector) {
    json value = evaluate("(document.querySelector(" + jsString(selector) + ") || {textContent: ''}).textContent");
    return value.is_string() ? value.get<std::string>() : std::string();
}

bool signInToFleetPage(CdpBrowser& browser, const std::string& centralUrl, const std::string& adminToken) {
    browser.navigate(centralUrl + "/admin/login");
    browser.setValue("#token", adminToken);
    browser.click("#sign-in");
    return browser.waitFor("location.pathname === '/admin/fleet' && document.getElementById('kiosks') !== null",
                           std::chrono::seconds(30));
}

}  // namespace kiosk::testing
