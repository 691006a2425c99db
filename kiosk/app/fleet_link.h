#pragma once
// fleet: the app's side of the fleet agent (kiosk/remote/fleet_agent.h).
//
// prepareRemoteConfig(), in main() before the App is built: lays the remote
// config (on trial, or the last good one) over the local file, counting a
// start of a config on trial and rolling it back after fleet.max_starts
// starts that never became healthy (RemoteConfigStore::prepareStart).
//
// FleetLink, owned by the App: the FleetHost the agent calls on its thread.
// What touches the UI (notice, services, maintenance, the health snapshot)
// is posted to the App's RunQueue and waited for with a timeout: a UI thread
// that does not answer is reported as unresponsive, not waited on forever.
// restart() waits until no resident is in a session (the attract screen),
// then ends the frame loop; main() exits with kRestartExitCode, which
// systemd (Restart=on-failure) and kiosk-launcher turn into a new start.
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "kiosk/core/config.h"
#include "kiosk/remote/fleet_agent.h"

namespace kiosk {

class App;

constexpr int kRestartExitCode = 75;  // EX_TEMPFAIL: "start me again"

// `configPath` "" = no local file. Returns the config to run.
KioskConfig prepareRemoteConfig(const KioskConfig& base, const std::string& configPath);

class FleetLink : public remote::FleetHost {
public:
    FleetLink();
    ~FleetLink() override;
    // Starts the agent when the config has a central URL (UI thread, from App::start).
    void start(App& app);
    void stop();
    remote::FleetAgent* agent() { return agent_.get(); }

    remote::HostHealth health() override;
    remote::CommandResult syncNow() override;
    remote::CommandResult setMaintenance(bool on) override;
    remote::CommandResult setService(const std::string& service, bool enabled, const std::string& reason) override;
    remote::CommandResult setNotice(const std::string& text) override;
    void restart() override;
    // Switches a service on the UI thread: setService's work, also for the
    // maintainer at the kiosk. During maintenance the change waits for its end.
    void applyService(ServiceId id, bool enabled, UnavailableReason reason);

private:
    // Runs `task` on the UI thread and waits for it (false: no answer in time).
    bool onUiThread(std::function<void()> task, int timeoutMs = 3000);

    App* app_ = nullptr;
    std::unique_ptr<remote::RemoteConfigStore> store_;
    std::unique_ptr<remote::FleetAgent> agent_;
    std::atomic<bool> stopping_{false};
    // Service states from before maintenance, restored when it ends (UI thread).
    std::array<ServiceConfig, kAllServices.size()> beforeMaintenance_{};
};

}  // namespace kiosk
