#pragma once
// Subsidy balances (services.md): asks the central service for the
// resident's balances; online, shows them and keeps an encrypted snapshot;
// offline (or the centre failing), shows the last snapshot with its "as of"
// time, clearly marked, or says that nothing can be shown right now.
//
//   begin -> Loading -> Online | Snapshot | NoRecords | Unavailable
//   BalancesList -> (tap a kind) -> BalanceDetail
//
// UI thread only; replies from CentralApi arrive on the UI thread.
#include <cstdint>
#include <optional>

#include "kiosk/core/balances.h"
#include "screens/flows/service_flow.h"

namespace kiosk {

class BalancesFlow : public ServiceFlow {
public:
    enum class State { Idle, Loading, Online, Snapshot, NoRecords, Unavailable };

    using ServiceFlow::ServiceFlow;

    ServiceId service() const override { return ServiceId::Balances; }
    void begin() override;
    bool owns(ScreenId screen) const override;
    StepBar steps(ScreenId current) const override;
    void wipe() override;

    State state() const { return state_; }
    const SubsidyBalances& balances() const { return balances_; }
    // When the snapshot shown was taken (Unix ms); set in State::Snapshot.
    // Shown as the time it was recorded, never as "now".
    std::optional<std::int64_t> snapshotAsOfMs() const { return snapshotAsOfMs_; }
    // The snapshot's age cannot be told (#15): it is stamped after the wall
    // clock's now (the clock went back since), or either time is before
    // kPlausibleWallFloorSeconds (an RTC at 1970). Never shown as fresh.
    bool snapshotAgeUnknown() const;
    // The notice over a snapshot: "balances.snapshot_notice" (a record from
    // {time}, may be out of date) or, when its age is unknown,
    // "balances.snapshot_notice_clock" (the kiosk's clock is wrong). Null
    // outside State::Snapshot.
    const char* snapshotNoticeKey() const;
    // The kind shown on BalanceDetail.
    const SubsidyBalance* selected() const;

    // --- intents ---
    void retry();
    void select(size_t index);  // BalancesList -> BalanceDetail

private:
    void load();
    void fallBackToSnapshot();

    State state_ = State::Idle;
    SubsidyBalances balances_;
    std::optional<std::int64_t> snapshotAsOfMs_;
    size_t selected_ = 0;
    int request_ = 0;  // the reply for an older request (or session) is dropped
};

}  // namespace kiosk
