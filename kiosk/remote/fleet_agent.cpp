#include "kiosk/remote/fleet_agent.h"

#include <curl/curl.h>
#include <sys/statvfs.h>

#include <spdlog/sinks/ringbuffer_sink.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>

#include "kiosk/core/json_read.h"
#include "kiosk/core/log.h"
#include "kiosk/core/url_policy.h"
#include "kiosk/remote/signed_command.h"
#include "kiosk/remote/updater.h"

namespace kiosk::remote {
namespace {

using json = nlohmann::json;
using namespace std::chrono;

// <stateDir>/time-floor: the centre's newest time heard, Unix ms (TimeFloor).
constexpr const char* kTimeFloorFile = "time-floor";

constexpr size_t kMaxErrors = 10;
constexpr size_t kMaxLedger = 200;
// issue #13: the largest answer the agent buffers (a config envelope, a page
// of commands); a larger one stops the transfer and is reported.
constexpr size_t kMaxAnswerBytes = 1024 * 1024;

struct Sink {
    std::string body;
    bool overflow = false;
};

size_t collect(char* data, size_t size, size_t n, void* out) {
    auto* sink = static_cast<Sink*>(out);
    if (sink->body.size() + size * n > kMaxAnswerBytes) {
        sink->overflow = true;
        return 0;  // curl ends the transfer (CURLE_WRITE_ERROR)
    }
    sink->body.append(data, size * n);
    return size * n;
}

size_t collectHeader(char* data, size_t size, size_t n, void* out) {
    std::string line(data, size * n);
    auto colon = line.find(':');
    if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
        if (name == "etag") {
            std::string v = line.substr(colon + 1);
            while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.erase(0, 1);
            while (!v.empty() && (v.back() == '\r' || v.back() == '\n' || v.back() == ' ')) v.pop_back();
            *static_cast<std::string*>(out) = v;
        }
    }
    return size * n;
}

std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt>& logRing() {
    static std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> ring;
    return ring;
}

std::mutex& logRingMutex() {
    static std::mutex m;
    return m;
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::string scrubPersonal(std::string text) {
    // Any run of 7 or more digits (an ID number with its X, a phone number,
    // with or without separators inside a run of digits) becomes "[number]".
    std::string out;
    out.reserve(text.size());
    size_t i = 0;
    while (i < text.size()) {
        if (!isDigit(text[i])) {
            out += text[i++];
            continue;
        }
        size_t j = i;
        while (j < text.size() && (isDigit(text[j]) || ((text[j] == ' ' || text[j] == '-') && j + 1 < text.size() &&
                                                        isDigit(text[j + 1]) && j > i)))
            ++j;
        if (j < text.size() && (text[j] == 'X' || text[j] == 'x')) ++j;
        size_t digits = static_cast<size_t>(
            std::count_if(text.begin() + static_cast<long>(i), text.begin() + static_cast<long>(j), isDigit));
        if (digits >= 7)
            out += "[number]";
        else
            out.append(text, i, j - i);
        i = j;
    }
    return out;
}

struct FleetAgent::Http {
    struct Answer {
        long status = 0;
        std::string body;
        std::string etag;
        std::string error;  // transport error; no personal data
    };

    explicit Http(const FleetOptions& o) : options(o) {}
    ~Http() {
        if (curl) curl_easy_cleanup(curl);
    }

    Answer perform(const std::string& method, const std::string& path, const std::string& body,
                   std::vector<std::string> headers) {
        Answer a;
        if (!curl) curl = curl_easy_init();
        if (!curl) {
            a.error = "cannot start libcurl";
            return a;
        }
        curl_easy_reset(curl);
        std::string base = options.centralUrl;
        while (!base.empty() && base.back() == '/') base.pop_back();
        std::string url = base + path;
        if (!centralUrlAllowed(url)) {  // the token must not travel in clear (#13)
            a.error = method + " " + path + ": refused: plain http:// to a host that is not this machine";
            return a;
        }
        Sink sink;
        headers.push_back("Authorization: Bearer " + options.token);
        headers.push_back("Accept: application/json");
        if (method == "POST") headers.push_back("Content-Type: application/json");
        curl_slist* list = nullptr;
        for (const auto& h : headers) list = curl_slist_append(list, h.c_str());
        curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
        curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, collectHeader);
        curl_easy_setopt(curl, CURLOPT_HEADERDATA, &a.etag);
        curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 3000L);
        curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 15000L);
        curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
        if (!options.caFile.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, options.caFile.c_str());
        if (method == "POST") {
            curl_easy_setopt(curl, CURLOPT_POST, 1L);
            curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
            curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
        }
        CURLcode rc = curl_easy_perform(curl);
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &a.status);
        curl_slist_free_all(list);
        a.body = std::move(sink.body);
        if (sink.overflow) {
            a.status = 0;
            a.body.clear();
            a.error = method + " " + path + ": the answer is larger than " + std::to_string(kMaxAnswerBytes) + " bytes";
        } else if (rc != CURLE_OK) {
            a.status = 0;
            a.error = method + " " + path + ": " + curl_easy_strerror(rc);
        } else if (a.status >= 400 || a.status < 200) {
            a.error = method + " " + path + ": HTTP " + std::to_string(a.status);
        }
        return a;
    }

    const FleetOptions& options;
    CURL* curl = nullptr;
};

FleetAgent::FleetAgent(FleetOptions options, FleetHost& host, RemoteConfigStore* config)
    : options_(std::move(options)),
      host_(host),
      config_(config),
      http_(std::make_unique<Http>(options_)),
      nonces_(std::make_unique<CommandNonces>(options_.stateDir / "command-nonces.json")),
      ownFloor_(options_.timeFloor ? nullptr : std::make_unique<TimeFloor>(clock())),
      floor_(options_.timeFloor ? options_.timeFloor : ownFloor_.get()),
      started_(clock().steadyNow()) {
    std::error_code ec;
    if (!options_.stateDir.empty()) std::filesystem::create_directories(options_.stateDir, ec);
    // The centre's newest time from an earlier run: a floor a clock set back
    // (an RTC reset at power-up) cannot go under, before the centre answers.
    if (auto kept = readWholeFile(options_.stateDir / kTimeFloorFile)) {
        std::int64_t ms = 0;
        auto [end, err] = std::from_chars(kept->data(), kept->data() + kept->size(), ms);
        if (err == std::errc() && ms > 0) {
            floorSaved_ = system_clock::time_point(milliseconds(ms));
            floor_->raise(*floorSaved_);
        }
        (void)end;
    }
}

FleetAgent::~FleetAgent() { stop(); }

void FleetAgent::start() {
    std::lock_guard lock(mutex_);
    if (thread_.joinable()) return;
    stopping_ = false;
    thread_ = std::thread([this] { threadMain(); });
}

void FleetAgent::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void FleetAgent::wake() {
    {
        std::lock_guard lock(mutex_);
        triggered_ = true;
    }
    wake_.notify_all();
}

void FleetAgent::threadMain() {
    for (;;) {
        try {
            runOnce();
        } catch (const std::exception& e) {
            // Answers are read with jsonr and never throw; should anything else,
            // the agent reports it and keeps its period instead of ending the kiosk.
            KLOG_ERROR("fleet: a round failed: {}", e.what());
            noteError(std::string("internal: ") + e.what());
        }
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, options_.interval, [this] { return stopping_ || triggered_; });
        if (stopping_) return;
        triggered_ = false;
    }
}

std::string FleetAgent::lastHeartbeat() const {
    std::lock_guard lock(mutex_);
    return lastHeartbeat_;
}

void FleetAgent::noteError(const std::string& text) {
    std::string clean = scrubPersonal(text);
    std::lock_guard lock(mutex_);
    if (!errors_.empty() && errors_.back() == clean) return;
    errors_.push_back(std::move(clean));
    if (errors_.size() > kMaxErrors) errors_.erase(errors_.begin());
}

void FleetAgent::runOnce() {
    auto stopping = [this] {
        std::lock_guard lock(mutex_);
        return stopping_;
    };
    if (restartPending_ || stopping()) return;
    HostHealth health = host_.health();
    if (stopping()) return;
    settleTrial(health);
    if (restartPending_) return;
    heartbeat(health);
    pollConfig();
    if (restartPending_) return;
    pollCommands();
}

std::string FleetAgent::heartbeatBody(const HostHealth& h) {
    json devices = json::object();
    bool deviceProblem = false;
    for (const auto& [name, state] : h.devices) {
        devices[name] = state;
        deviceProblem |= state != "ok" && state != "none";
    }
    std::vector<std::string> errors;
    {
        std::lock_guard lock(mutex_);
        errors = errors_;
    }
    for (const auto& e : h.errors) errors.push_back(scrubPersonal(e));
    if (errors.size() > kMaxErrors) errors.erase(errors.begin(), errors.end() - static_cast<long>(kMaxErrors));

    const char* health = !h.uiResponsive                                  ? "unhealthy"
                         : (deviceProblem || !h.online || h.rejected > 0) ? "degraded"
                                                                          : "ok";
    json body{{"kioskId", options_.kioskId},
              {"version", options_.version},
              {"deployment", options_.deployment},
              {"uptimeSeconds", duration_cast<seconds>(clock().steadyNow() - started_).count()},
              {"heartbeatMs", options_.interval.count()},
              {"health", health},
              {"uiResponsive", h.uiResponsive},
              {"framesRendered", h.frames},
              {"queueDepth", h.queueDepth},
              {"rejected", h.rejected},
              {"online", h.online},
              {"devices", devices},
              {"maintenance", h.maintenance},
              {"servicesOff", h.servicesOff},
              {"notice", h.noticeShown},
              {"lastErrors", errors}};
    struct statvfs vfs {};
    std::filesystem::path disk = options_.diskPath.empty() ? options_.stateDir : options_.diskPath;
    if (!disk.empty() && ::statvfs(disk.c_str(), &vfs) == 0) {
        // In MB: byte counts are long digit runs that look like ID or phone numbers to a scanner.
        body["diskFreeMB"] = static_cast<std::uint64_t>(vfs.f_bavail) * vfs.f_frsize / (1024 * 1024);
        body["diskTotalMB"] = static_cast<std::uint64_t>(vfs.f_blocks) * vfs.f_frsize / (1024 * 1024);
    }
    if (config_) {
        RemoteConfigStatus s = config_->status();
        json c{{"version", s.runningVersion}, {"good", s.goodVersion}, {"trial", s.trialVersion}, {"starts", s.starts}};
        if (s.failedVersion > 0)
            c["rolledBack"] = {{"version", s.failedVersion}, {"reason", scrubPersonal(s.failedReason)}};
        if (!lastRefusal_.empty())
            c["refused"] = {{"version", lastRefusedVersion_}, {"reason", scrubPersonal(lastRefusal_)}};
        body["config"] = c;
    } else {
        body["config"] = {{"version", 0}, {"remote", false}};
    }
    if (!options_.updateRoot.empty()) {
        // Read without the update lock (a pull may hold it for minutes): state.json
        // and the links are replaced atomically, so what is read is consistent.
        auto text = readWholeFile(options_.updateRoot / "state.json");
        UpdateState st = text ? stateFromJson(*text).value_or(UpdateState{}) : UpdateState{};
        std::error_code ec;
        auto current = std::filesystem::read_symlink(options_.updateRoot / "current", ec);
        json u{{"phase", phaseName(st.phase)}, {"current", ec ? std::string("factory") : current.filename().string()}};
        if (!st.failed.empty()) u["failed"] = st.failed;
        if (!st.lastError.empty()) u["lastError"] = scrubPersonal(st.lastError);
        body["update"] = u;
    }
    return body.dump();
}

void FleetAgent::heartbeat(const HostHealth& health) {
    std::string body = heartbeatBody(health);
    {
        std::lock_guard lock(mutex_);
        lastHeartbeat_ = body;
    }
    auto a = http_->perform("POST", "/api/v1/kiosks/" + options_.kioskId + "/heartbeat", body, {});
    if (!a.error.empty()) {
        noteError("heartbeat: " + a.error);
        return;
    }
    noteServerTime(a.body);
    ++heartbeats_;
}

void FleetAgent::noteServerTime(const std::string& answer) {
    auto j = jsonr::parseObject(answer);
    auto text = j ? jsonr::str(*j, "serverTime") : std::nullopt;
    auto t = text ? parseRfc3339(*text) : std::nullopt;
    if (!t) return;  // an older centre, or a malformed answer: the floor stays as it was
    floor_->noteServerTime(*t);
    // Kept for the next start, at most hourly (the file is fsynced), and
    // never lowered: a centre whose clock went back does not lower the floor.
    if (options_.stateDir.empty() || (floorSaved_ && *t < *floorSaved_ + hours(1))) return;
    const auto ms = duration_cast<milliseconds>(t->time_since_epoch()).count();
    if (writeFileAtomic(options_.stateDir / kTimeFloorFile, std::to_string(ms)))
        floorSaved_ = *t;
    else
        noteError("time floor: cannot write " + (options_.stateDir / kTimeFloorFile).string());
}

void FleetAgent::settleTrial(const HostHealth& health) {
    if (!config_) return;
    RemoteConfigStatus s = config_->status();
    if (s.trialVersion == 0 || s.trialVersion != s.runningVersion) return;
    auto up = clock().steadyNow() - started_;
    bool healthy = health.uiResponsive && health.frames >= 3;
    if (healthy && up >= options_.trialTime) {
        config_->confirm();
    } else if (up >= 3 * options_.trialTime) {
        config_->rollback(healthy ? "not confirmed in time" : "the kiosk did not become healthy (UI not rendering)");
        KLOG_WARN("fleet: restarting with the last good config");
        restartPending_ = true;
        host_.restart();
    }
}

void FleetAgent::pollConfig() {
    std::vector<std::string> headers;
    if (!configEtag_.empty()) headers.push_back("If-None-Match: " + configEtag_);
    auto a = http_->perform("GET", "/api/v1/kiosks/" + options_.kioskId + "/config", {}, headers);
    if (a.status == 304) return;
    if (!a.error.empty()) {
        noteError("config: " + a.error);
        return;
    }
    auto j = jsonr::parseObject(a.body);
    if (!j) {
        noteError("config: the answer is not a JSON object");
        return;
    }
    const json* envelope = jsonr::object(*j, "signed");
    if (!envelope) {  // nothing pushed
        configEtag_ = a.etag;
        return;
    }
    std::int64_t version = jsonr::integer(*envelope, "version").value_or(0);
    if (!config_) {
        lastRefusal_ = "unknown-key: this kiosk has no fleet.config_keys";
        lastRefusedVersion_ = version;
        noteError("remote config refused: " + lastRefusal_);
        return;
    }
    configEtag_ = a.etag;
    auto offered = config_->offer(envelope->dump());
    if (!offered) {
        lastRefusal_ = offered.error().describe();
        lastRefusedVersion_ = version;
        KLOG_WARN("fleet: remote config version {} refused: {}", version, lastRefusal_);
        noteError("remote config " + std::to_string(version) + " refused: " + lastRefusal_);
        return;
    }
    if (offered.value() == 0) return;  // the one running or on trial
    lastRefusal_.clear();
    KLOG_INFO("fleet: restarting to run remote config version {}", offered.value());
    restartPending_ = true;
    host_.restart();
}

CommandResult FleetAgent::execute(const std::string& name, const std::string& argsJson, std::string& extra,
                                  bool& restart) {
    auto args = jsonr::parseObject(argsJson).value_or(json::object());
    try {
        if (name == "sync-now") return host_.syncNow();
        if (name == "restart") {
            restart = true;
            return {true, "restarting"};
        }
        if (name == "upload-logs") {
            auto lines = static_cast<size_t>(std::clamp<std::int64_t>(jsonr::integer(args, "lines").value_or(200), 1, 2000));
            json logs = json::array();
            for (const auto& l : recentLogs(lines)) logs.push_back(scrubPersonal(l));
            extra = logs.dump();
            return {true, std::to_string(logs.size()) + " log lines (redacted)"};
        }
        if (name == "maintenance" || name == "enter-maintenance" || name == "leave-maintenance") {
            bool on = name == "maintenance" ? jsonr::boolean(args, "on").value_or(true) : name == "enter-maintenance";
            return host_.setMaintenance(on);
        }
        if (name == "service") {
            auto service = jsonr::str(args, "service");
            auto enabled = jsonr::boolean(args, "enabled");
            if (!service || service->empty() || !enabled) return {false, "service wants {service, enabled}"};
            return host_.setService(*service, *enabled, jsonr::strOr(args, "reason", "maintenance"));
        }
        if (name == "notice") {
            auto text = jsonr::str(args, "text");
            if (!text && jsonr::member(args, "text")) return {false, "notice wants {text}"};
            return host_.setNotice(text.value_or(""));
        }
    } catch (const json::exception& e) {
        return {false, std::string("bad arguments: ") + e.what()};
    }
    return {false, "unknown command " + name};
}

namespace {

// The ledger as written by this agent; entries of another shape (a damaged
// or edited file) are dropped rather than trusted.
json loadLedger(const std::filesystem::path& path) {
    json ledger = json::object();
    auto j = jsonr::parseObject(readWholeFile(path).value_or("{}"));
    if (!j) return ledger;
    for (auto& [k, v] : j->items()) {
        bool numeric = !k.empty() && k.size() < 19 && std::all_of(k.begin(), k.end(), isDigit);
        if (numeric && jsonr::object(v, "result")) ledger[k] = v;
    }
    return ledger;
}

}  // namespace

void FleetAgent::pollCommands() {
    auto a = http_->perform("GET", "/api/v1/kiosks/" + options_.kioskId + "/commands", {}, {});
    if (!a.error.empty()) {
        noteError("commands: " + a.error);
        return;
    }
    auto j = jsonr::parseObject(a.body);
    const json* commands = j ? jsonr::array(*j, "commands") : nullptr;
    if (!commands) {
        noteError("commands: the answer is not a command list");
        return;
    }
    std::filesystem::path ledgerPath = options_.stateDir / "commands.json";
    json ledger = loadLedger(ledgerPath);
    for (const auto& c : *commands) {
        auto number = jsonr::integer(c, "id");
        if (!number || *number <= 0) continue;  // no id: nothing to answer to
        std::string id = std::to_string(*number);
        bool restart = false;
        json result;
        if (ledger.contains(id)) {
            result = ledger[id]["result"];  // done before: send the same answer again
        } else {
            CommandResult r = runSigned(jsonr::member(c, "args"), restart, result);
            ledger[id] = {{"result", result}, {"acked", false}};
            writeFileAtomic(ledgerPath, ledger.dump());
            KLOG_INFO("fleet: command {} ({}) {}: {}", id, jsonr::strOr(result, "command", jsonr::strOr(c, "command", "?")),
                      r.ok ? "done" : "failed", r.message);
        }
        auto posted = http_->perform("POST", "/api/v1/kiosks/" + options_.kioskId + "/commands/" + id + "/result",
                                     result.dump(), {"Idempotency-Key: command-" + options_.kioskId + "-" + id});
        if (posted.error.empty() || posted.status == 404) {
            ledger[id]["acked"] = true;
            ++acknowledged_;
        } else {
            noteError("command result: " + posted.error);
        }
        // Keep the ledger short: acknowledged entries beyond the newest ones go.
        if (ledger.size() > kMaxLedger) {
            std::vector<std::int64_t> ids;
            for (auto& [k, v] : ledger.items())
                if (jsonr::boolean(v, "acked").value_or(false)) ids.push_back(std::stoll(k));  // digits (loadLedger)
            std::sort(ids.begin(), ids.end());
            for (size_t i = 0; i + kMaxLedger / 2 < ids.size(); ++i) ledger.erase(std::to_string(ids[i]));
        }
        writeFileAtomic(ledgerPath, ledger.dump());
        if (restart) {
            KLOG_INFO("fleet: restarting on command {}", id);
            restartPending_ = true;
            host_.restart();
            return;
        }
    }
}

CommandResult FleetAgent::runSigned(const json* envelope, bool& restart, json& result) {
    // Expiry against the trusted floor (a clock set back revives nothing);
    // nonces are forgotten only once a trusted time passed their expiry.
    const std::int64_t trustedNow = duration_cast<seconds>(floor_->notBefore().time_since_epoch()).count();
    auto verified =
        verifyCommand(envelope ? envelope->dump() : "{}", options_.kioskId, options_.commandKeys, *floor_);
    CommandResult r;
    std::string extra;
    std::string name;
    if (!verified) {
        r = {false, "refused: " + verified.error().describe()};
        result = {{"refused", commandRefusalName(verified.error().reason)}};
    } else {
        const CommandEnvelope& e = verified.value();
        name = e.command;
        if (nonces_->seen(e.nonce)) {
            r = {false, "refused: replayed: this signed command ran before"};
            result = {{"refused", commandRefusalName(CommandRefusal::Replayed)}};
        } else if (!nonces_->record(e.nonce, e.expires, trustedNow)) {
            r = {false, "cannot record the command's nonce; not run"};  // it could otherwise be replayed
        } else {
            r = execute(e.command, e.args, extra, restart);
        }
    }
    result["ok"] = r.ok;
    result["message"] = scrubPersonal(r.message);
    if (!name.empty()) result["command"] = name;
    if (!extra.empty())
        if (auto logs = jsonr::parse(extra)) result["logs"] = *logs;
    return r;
}

void FleetAgent::captureLogs(size_t lines) {
    std::lock_guard lock(logRingMutex());
    auto& ring = logRing();
    if (ring) return;
    ring = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(lines);
    ring->set_pattern("%Y-%m-%dT%H:%M:%S %l: %v");
    addLogSink(ring);
}

std::vector<std::string> FleetAgent::recentLogs(size_t lines) {
    std::lock_guard lock(logRingMutex());
    if (!logRing()) return {};
    return logRing()->last_formatted(lines);
}

}  // namespace kiosk::remote
