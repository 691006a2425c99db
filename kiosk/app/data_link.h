#pragma once
// The kiosk's link to its data: the local store (outbox, reference cache)
// and the sync engine that talks to the central service. Submissions are
// stored first and sent when the network allows (DESIGN.md, "Data and sync").
//
// UI thread: start(), stop(), alerts(). The sync engine runs on its own
// thread; its results arrive through the run queue.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/central_api.h"
#include "kiosk/core/clock.h"
#include "kiosk/core/config.h"
#include "kiosk/core/run_queue.h"
#include "kiosk/core/staff_desk.h"

namespace kiosk {
namespace offline {
class CentralGateway;
class StaffDeskStore;
class Store;
class SyncEngine;
}  // namespace offline

class DataLink {
public:
    DataLink();
    ~DataLink();
    // Opens the store in config.central.dataDir and, with a central URL,
    // starts the sync engine. A store that cannot open is reported through
    // alerts() (and the log); the kiosk still serves what needs no storage.
    void start(const KioskConfig& config, const Clock& clock, RunQueue& queue);
    void stop();
    bool storeOpen() const { return store_ != nullptr; }
    offline::Store* store() { return store_.get(); }
    // fleet: the sync engine (null without a store or a URL), for heartbeats and sync-now.
    offline::SyncEngine* sync() { return sync_.get(); }
    // The flows' door to the central service (always set after start(); with
    // no store or no URL it answers "offline").
    CentralApi* api();
    // The staff screens' door to sign-in, audit log, outbox and receipt
    // journal (offline-cache/staff_desk_store.h). Null without a store:
    // staff cannot sign in on a kiosk that cannot keep its lockout count.
    StaffDesk* staffDesk();
    // i18n keys of problems a person should see (offline, store failure).
    std::vector<const char*> alerts() const;

private:
    void openStore(const KioskConfig& config, const Clock& clock, RunQueue& queue);

    std::unique_ptr<offline::Store> store_;
    std::unique_ptr<offline::SyncEngine> sync_;
    std::unique_ptr<offline::CentralGateway> gateway_;
    std::unique_ptr<offline::StaffDeskStore> staffDesk_;
    bool storeFailed_ = false;
};

}  // namespace kiosk
