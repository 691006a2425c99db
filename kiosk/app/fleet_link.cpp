#include "kiosk/app/fleet_link.h"

#include <chrono>
#include <cstdlib>
#include <future>
#include <thread>

#include "kiosk/app/app.h"
#include "kiosk/app/assets.h"
#include "kiosk/core/log.h"
#include "offline-cache/sync_engine.h"

#ifndef KIOSK_VERSION
#define KIOSK_VERSION "dev"
#endif

namespace kiosk {
namespace {

// What prepareRemoteConfig() found, for the agent the App starts later in
// the same process (the running version decides what is new and what is
// on trial).
struct Startup {
    std::string baseToml;
    std::int64_t version = 0;
};
Startup& startup() {
    static Startup s;
    return s;
}

std::filesystem::path stateDir(const KioskConfig& c) {
    if (!c.fleet.stateDir.empty()) return c.fleet.stateDir;
    if (!c.central.dataDir.empty()) return std::filesystem::path(c.central.dataDir) / "fleet";
    return {};
}

std::vector<CodePublicKey> configKeys(const KioskConfig& c) {
    std::vector<CodePublicKey> keys;
    for (const auto& k : c.fleet.configKeys)
        if (auto d = decodeCodePublicKey(k)) keys.push_back(d.value());  // checked by parseConfig
    return keys;
}

const char* readerState(ReaderHealthState s) {
    switch (s) {
        case ReaderHealthState::Ok:
            return "ok";
        case ReaderHealthState::NoDevice:
            return "no-device";
        case ReaderHealthState::Error:
            return "error";
    }
    return "unknown";
}

}  // namespace

KioskConfig prepareRemoteConfig(const KioskConfig& base, const std::string& configPath) {
    std::string text;
    if (!configPath.empty() && readTextFile(configPath, text)) return base;  // main() read it already
    startup().baseToml = text;
    std::filesystem::path dir = stateDir(base);
    if (dir.empty() || base.fleet.configKeys.empty()) return base;
    remote::RemoteConfigStore store(dir, base.kioskId, text, configKeys(base), base.fleet.maxStarts);
    auto s = store.prepareStart(base);
    if (!s.note.empty()) KLOG_WARN("fleet: {}", s.note);
    startup().version = s.version;
    KioskConfig out = s.config;
    // Command-line choices (demo, fullscreen, ...) are applied by main() after this.
    return out;
}

FleetLink::FleetLink() = default;
FleetLink::~FleetLink() { stop(); }

void FleetLink::start(App& app) {
    const KioskConfig& c = app.config();
    app_ = &app;
    if (c.central.url.empty()) return;
    std::filesystem::path dir = stateDir(c);
    if (!c.fleet.configKeys.empty() && !dir.empty()) {
        store_ = std::make_unique<remote::RemoteConfigStore>(dir, c.kioskId, startup().baseToml, configKeys(c),
                                                             c.fleet.maxStarts);
        store_->adoptRunning(startup().version);
    }
    remote::FleetOptions o;
    o.centralUrl = c.central.url;
    o.kioskId = c.kioskId;
    o.token = c.central.token;
    o.caFile = c.central.caFile;
    o.interval = std::chrono::seconds(c.fleet.heartbeatSeconds);
    o.trialTime = std::chrono::seconds(c.fleet.trialSeconds);
    o.stateDir = dir;
    o.version = KIOSK_VERSION;
    const char* deployment = std::getenv("KIOSK_DEPLOYMENT");
    o.deployment = deployment ? deployment : "factory";
    o.diskPath = c.central.dataDir;
    o.commandKeys = configKeys(c);  // commands are signed by the maintainers' config keys (#13)
    // The centre's time from each heartbeat raises the floor the flows judge
    // ID cards and signed codes by; commands are judged by it too (#15).
    o.timeFloor = &app.timeFloor();
    // The OSTree update state for the heartbeat (kiosk/remote/updater.h).
    if (const char* root = std::getenv("KIOSK_DEPLOY_ROOT"))
        o.updateRoot = root;
    else if (std::error_code ec; std::filesystem::is_directory("/var/lib/kiosk/deploy", ec))
        o.updateRoot = "/var/lib/kiosk/deploy";
    remote::FleetAgent::captureLogs();
    agent_ = std::make_unique<remote::FleetAgent>(o, *this, store_.get());
    agent_->start();
    KLOG_INFO("fleet: agent started, heartbeat every {} s", c.fleet.heartbeatSeconds);
}

void FleetLink::stop() {
    stopping_ = true;
    if (agent_) agent_->stop();
    agent_.reset();
}

bool FleetLink::onUiThread(std::function<void()> task, int timeoutMs) {
    if (!app_) return false;
    auto done = std::make_shared<std::promise<void>>();
    auto future = done->get_future();
    app_->runQueue().post([task = std::move(task), done] {
        task();
        done->set_value();
    });
    // In slices, so that stop() (the app going away) is not kept waiting.
    for (int waited = 0; waited < timeoutMs && !stopping_; waited += 50)
        if (future.wait_for(std::chrono::milliseconds(50)) == std::future_status::ready) return true;
    return future.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

remote::HostHealth FleetLink::health() {
    auto h = std::make_shared<remote::HostHealth>();
    bool answered = onUiThread([this, h] {
        App& a = *app_;
        const KioskConfig& c = a.config();
        h->frames = a.framesRendered();
        h->devices["idcard"] = c.demo || !c.idcard.device.empty() ? readerState(a.readerHealth().state) : "none";
        h->devices["scanner"] = a.documentDevices().available() ? "ok" : "none";
        h->devices["printer"] = c.printer.device.empty() && c.printer.outputDir.empty() && !c.demo ? "none" : "ok";
        if (c.codes.source == KioskConfig::CodeSourceKind::Serial)
            h->devices["codes"] = a.codeDevices().scannerConnected() ? "ok" : "disconnected";
        else if (c.codes.source == KioskConfig::CodeSourceKind::Camera)  // V4L2: failed to open or unplugged
            h->devices["codes"] = a.codeDevices().alerts().empty() ? "ok" : "failed";
        h->maintenance = c.maintenance;
        for (ServiceId id : kAllServices)
            if (!c.service(id).enabled) h->servicesOff.emplace_back(serviceName(id));
        h->noticeShown = !c.notice.empty();
        for (const char* key : a.dataLink().alerts()) h->errors.emplace_back(key);
    });
    h->uiResponsive = answered;
    // The sync engine's status is thread-safe: read it here, not on the UI thread.
    if (answered) {
        if (offline::SyncEngine* sync = app_->dataLink().sync()) {
            offline::SyncStatus s = sync->status();
            h->queueDepth = s.queueDepth;
            h->rejected = s.rejected;
            h->online = s.online;
            if (!s.lastError.empty()) h->errors.push_back("sync: " + s.lastError);
        }
    }
    return *h;
}

remote::CommandResult FleetLink::syncNow() {
    offline::SyncEngine* sync = app_ ? app_->dataLink().sync() : nullptr;
    if (!sync) return {false, "no sync engine (no store or no central URL)"};
    sync->syncNow();
    return {true, "sync started"};
}

remote::CommandResult FleetLink::setMaintenance(bool on) {
    bool answered = onUiThread([this, on] {
        KioskConfig& c = app_->config();
        if (on == c.maintenance) return;
        if (on) {
            beforeMaintenance_ = c.services;
            for (auto& s : c.services) s = ServiceConfig{false, UnavailableReason::Maintenance};
        } else {
            c.services = beforeMaintenance_;
        }
        c.maintenance = on;
    });
    if (!answered) return {false, "the UI did not answer"};
    return {true, on ? "maintenance on" : "maintenance off"};
}

remote::CommandResult FleetLink::setService(const std::string& service, bool enabled, const std::string& reason) {
    auto id = serviceFromName(service);
    if (!id) return {false, "unknown service " + service + " (balances, assistance, marriage, status)"};
    auto why = reasonFromName(reason);
    if (!why) return {false, "unknown reason " + reason + " (maintenance, not_offered, outside_hours, offline)"};
    bool answered = onUiThread([this, id, enabled, why] { applyService(*id, enabled, *why); });
    if (!answered) return {false, "the UI did not answer"};
    return {true, service + (enabled ? " on" : " off")};
}

void FleetLink::applyService(ServiceId id, bool enabled, UnavailableReason reason) {
    if (!app_) return;
    KioskConfig& c = app_->config();
    // In maintenance the change waits for its end.
    ServiceConfig& target = c.maintenance ? beforeMaintenance_[static_cast<size_t>(id)] : c.service(id);
    target = ServiceConfig{enabled, reason};
}

remote::CommandResult FleetLink::setNotice(const std::string& text) {
    if (text.size() > 500) return {false, "a notice is at most 500 bytes"};
    bool answered = onUiThread([this, text] {
        app_->config().notice = text;
        app_->requireGlyphs(text);  // maintainers write Chinese the atlas may not hold yet
    });
    if (!answered) return {false, "the UI did not answer"};
    return {true, text.empty() ? "notice cleared" : "notice shown"};
}

void FleetLink::restart() {
    // Not in front of a resident: wait for the attract screen.
    while (!stopping_) {
        auto idle = std::make_shared<std::atomic<bool>>(false);
        bool answered = onUiThread([this, idle] {
            if (app_->flow().current() == ScreenId::Attract) {
                *idle = true;
                app_->requestRestart();
            }
        });
        if (answered && *idle) return;
        if (!answered) {
            // A UI that does not answer cannot be asked to stop: end the process.
            KLOG_ERROR("fleet: the UI does not answer; exiting for a restart");
            std::_Exit(kRestartExitCode);
        }
        std::this_thread::sleep_for(std::chrono::seconds(1));
    }
}

}  // namespace kiosk
