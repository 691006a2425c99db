#include "kiosk/app/tour_staff.h"

#include <chrono>

namespace kiosk {
namespace {

std::int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

void TourStaffDesk::signIn(std::string staffNumber, std::string, Personal pin, Reply<SignInOutcome> done) {
    SignInOutcome outcome;
    if (pin.reveal() == "246810") {
        outcome.member = StaffMember{staffNumber, staffNumber == "00000042" ? "陈工（运维）" : "王芳（3号窗口）",
                                     staffNumber == "00000042" ? StaffRole::Maintainer : StaffRole::Staff};
    } else if (pin.reveal() == "000000") {
        outcome.error = SignInError::LockedOut;
        outcome.attemptsLeft = 0;
        outcome.lockedUntilMs = nowMs() + std::chrono::duration_cast<std::chrono::milliseconds>(kLockout).count();
    } else {
        outcome.error = SignInError::WrongPin;
        outcome.attemptsLeft = kMaxPinFailures - 1;
    }
    later(std::move(done), std::move(outcome));
}

void TourStaffDesk::recentAudit(int, Reply<std::vector<AuditEntry>> done) {
    later(std::move(done), std::vector<AuditEntry>{});
}

void TourStaffDesk::openItems(Reply<std::optional<std::vector<StaffOutboxItem>>> done) {
    using State = StaffOutboxItem::State;
    const std::int64_t now = nowMs();
    std::vector<StaffOutboxItem> items = {
        {41, "marriage-booking", State::Rejected, 1, "422 the slot is no longer offered", 422, now - 3'600'000, true},
        {40, "assistance-application", State::Pending, 6, "connection refused", 0, now - 7'200'000, false},
        {39, "document", State::Sending, 2, "", 0, now - 7'300'000, false},
    };
    later(std::move(done), std::optional<std::vector<StaffOutboxItem>>(std::move(items)));
}

void TourStaffDesk::retry(std::string, std::int64_t, Reply<bool> done) { later(std::move(done), true); }
void TourStaffDesk::setFollowUp(std::string, std::int64_t, bool, Reply<bool> done) { later(std::move(done), true); }

void TourStaffDesk::recentReceipts(int, Reply<std::vector<JournalledReceipt>> done) {
    const std::int64_t now = nowMs();
    Receipt application{"救助申请回执", {{"申请编号", "SA-20261128-000042"}, {"事项", "最低生活保障"}}, "", "", ""};
    Receipt booking{"婚姻登记预约回执", {{"预约编号", "MB-20261128-0007"}, {"时间", "2026-12-03 09:30"}}, "", "", ""};
    later(std::move(done),
          std::vector<JournalledReceipt>{{12, now - 600'000, application}, {11, now - 5'400'000, booking}});
}

}  // namespace kiosk
