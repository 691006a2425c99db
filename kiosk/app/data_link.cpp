#include "kiosk/app/data_link.h"

#include <filesystem>

#include "kiosk/core/log.h"
#include "kiosk/core/staff.h"
#include "kiosk/core/strings.h"
#include "offline-cache/central_gateway.h"
#include "offline-cache/staff_desk_store.h"
#include "offline-cache/sync_engine.h"

namespace kiosk {

DataLink::DataLink() = default;
DataLink::~DataLink() { stop(); }

void DataLink::start(const KioskConfig& config, const Clock& clock, RunQueue& queue) {
    openStore(config, clock, queue);
    const auto& c = config.central;
    offline::GatewayConfig gateway;
    gateway.baseUrl = c.url;
    gateway.kioskId = config.kioskId;
    gateway.token = c.token;
    gateway.http.caFile = c.caFile;
    // A query a resident waits for: a short connect timeout, so an outage
    // turns into the offline screen in seconds, not half a minute.
    gateway.http.connectTimeoutMs = 3000;
    gateway.http.timeoutMs = 10000;
    gateway_ = std::make_unique<offline::CentralGateway>(gateway, store_.get(), sync_.get(),
                                                         [&queue](std::function<void()> task) { queue.post(std::move(task)); });
    if (store_)
        staffDesk_ = std::make_unique<offline::StaffDeskStore>(
            *store_, sync_.get(), [&queue](std::function<void()> task) { queue.post(std::move(task)); }, gateway);
}

void DataLink::openStore(const KioskConfig& config, const Clock& clock, RunQueue& queue) {
    const auto& c = config.central;
    if (c.dataDir.empty()) return;
    std::error_code ec;
    std::filesystem::create_directories(c.dataDir, ec);
    offline::StoreOptions options;
    options.databasePath = c.dataDir + "/kiosk.db";
    options.keyFilePath = c.dataDir + "/data.key";
    auto store = offline::Store::open(options, clock);
    if (!store) {
        KLOG_ERROR("the local store in {} cannot open: {}", c.dataDir, store.error().message);
        storeFailed_ = true;
        return;
    }
    store_ = std::move(store.value());
    if (c.url.empty()) return;
    offline::SyncConfig sync;
    sync.baseUrl = c.url;
    sync.kioskId = config.kioskId;
    sync.token = c.token;
    sync.http.caFile = c.caFile;
    // The code-signing keys too: receipts and booking codes are then checked
    // on the kiosk, offline as well.
    sync.referencePaths.push_back("/api/v1/keys/code-signing");
    // The staff directory: staff sign in with their PIN offline too.
    sync.referencePaths.push_back(kStaffDirectoryPath);
    // Results (acknowledged, rejected) will feed the flows; for now they wake
    // the frame loop so the connectivity indicator stays current.
    sync_ = std::make_unique<offline::SyncEngine>(*store_, sync, clock,
                                                  [&queue](offline::SyncResult) { queue.post([] {}); });
    sync_->start();
    sync_->syncNow();
}

CentralApi* DataLink::api() { return gateway_.get(); }

StaffDesk* DataLink::staffDesk() { return staffDesk_.get(); }

void DataLink::stop() {
    if (gateway_) gateway_->stop();
    gateway_.reset();
    // Before the sync engine and the store: its queued audit entries are written, then it is gone.
    if (staffDesk_) staffDesk_->stop();
    staffDesk_.reset();
    if (sync_) sync_->stop();
    sync_.reset();
    store_.reset();
}

std::vector<const char*> DataLink::alerts() const {
    std::vector<const char*> keys;
    if (storeFailed_) keys.push_back(i18nKey("sync.store_failed"));
    if (sync_) {
        offline::SyncStatus s = sync_->status();
        if (s.authProblem) keys.push_back(i18nKey("sync.auth_problem"));
        // Offline only once a contact has failed: a kiosk that has not tried
        // yet is not known to be offline.
        else if (s.contacted && !s.online) keys.push_back(i18nKey("sync.offline"));
    }
    return keys;
}

}  // namespace kiosk
