#include "screens/flows/balances_flow.h"

#include <chrono>

#include "kiosk/core/log.h"
#include "kiosk/core/strings.h"

namespace kiosk {
namespace {
constexpr const char* kSnapshotKind = "balances";
}

bool BalancesFlow::owns(ScreenId screen) const {
    return screen == ScreenId::BalancesList || screen == ScreenId::BalanceDetail;
}

StepBar BalancesFlow::steps(ScreenId current) const {
    StepBar bar;
    bar.labels = {i18nKey("balances.step.list"), i18nKey("balances.step.detail"), i18nKey("step.done")};
    bar.current = current == ScreenId::BalanceDetail ? 1 : 0;
    return bar;
}

void BalancesFlow::begin() {
    wipe();
    session_.show(ScreenId::BalancesList);
    load();
}

void BalancesFlow::retry() {
    if (state_ == State::Loading) return;
    load();
}

void BalancesFlow::load() {
    const auto& identity = session_.data().identity;
    CentralApi* api = session_.central();
    state_ = State::Loading;
    const int request = ++request_;
    if (!identity || !api) {
        state_ = State::Unavailable;
        return;
    }
    const int generation = session_.generation();
    Personal idNumber = identity->idNumber;
    api->query("POST", "/api/v1/balances/query", Personal(balancesQueryBody(idNumber.reveal())),
               [this, request, generation, idNumber](CentralReply reply) mutable {
                   if (request != request_ || generation != session_.generation()) return;
                   if (reply.status == 404) {
                       state_ = State::NoRecords;
                       return;
                   }
                   if (reply.ok()) {
                       auto parsed = parseBalances(reply.body.reveal());
                       if (parsed) {
                           balances_ = std::move(parsed.value());
                           snapshotAsOfMs_.reset();
                           state_ = State::Online;
                           session_.central()->saveSnapshot(kSnapshotKind, std::move(idNumber), std::move(reply.body));
                           return;
                       }
                       KLOG_WARN("{}", parsed.error());
                   }
                   fallBackToSnapshot();
               });
}

void BalancesFlow::fallBackToSnapshot() {
    const auto& identity = session_.data().identity;
    CentralApi* api = session_.central();
    if (!identity || !api) {
        state_ = State::Unavailable;
        return;
    }
    const int request = request_;
    const int generation = session_.generation();
    api->snapshot(kSnapshotKind, identity->idNumber, [this, request, generation](std::optional<Snapshot> snap) {
        if (request != request_ || generation != session_.generation()) return;
        if (snap) {
            if (auto parsed = parseBalances(snap->body.reveal()); parsed) {
                balances_ = std::move(parsed.value());
                snapshotAsOfMs_ = snap->asOfMs;
                state_ = State::Snapshot;
                return;
            }
        }
        state_ = State::Unavailable;
    });
}

bool BalancesFlow::snapshotAgeUnknown() const {
    if (!snapshotAsOfMs_) return false;
    const auto asOf = std::chrono::system_clock::time_point(std::chrono::milliseconds(*snapshotAsOfMs_));
    const auto now = session_.clock().wallNow();
    return asOf > now || !wallClockPlausible(asOf) || !wallClockPlausible(now);
}

const char* BalancesFlow::snapshotNoticeKey() const {
    if (state_ != State::Snapshot) return nullptr;
    return snapshotAgeUnknown() ? i18nKey("balances.snapshot_notice_clock") : i18nKey("balances.snapshot_notice");
}

const SubsidyBalance* BalancesFlow::selected() const {
    return selected_ < balances_.balances.size() ? &balances_.balances[selected_] : nullptr;
}

void BalancesFlow::select(size_t index) {
    if (index >= balances_.balances.size()) return;
    selected_ = index;
    session_.show(ScreenId::BalanceDetail);
}

void BalancesFlow::wipe() {
    balances_.wipe();
    snapshotAsOfMs_.reset();
    selected_ = 0;
    state_ = State::Idle;
    ++request_;
}

}  // namespace kiosk
