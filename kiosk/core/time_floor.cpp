#include "kiosk/core/time_floor.h"

#include <algorithm>

#include "kiosk/core/id_card.h"  // localDate

namespace kiosk {

TimeFloor::TimeFloor(const Clock& clock) : clock_(clock), floor_(std::chrono::seconds(kPlausibleWallFloorSeconds)) {}

void TimeFloor::raise(TimePoint atLeast) {
    std::lock_guard lock(mutex_);
    floor_ = std::max(floor_, atLeast);
}

void TimeFloor::noteServerTime(TimePoint now) {
    const auto steady = clock_.steadyNow();
    std::lock_guard lock(mutex_);
    server_ = std::make_pair(now, steady);
}

std::optional<TimeFloor::TimePoint> TimeFloor::serverNow() const {
    const auto steady = clock_.steadyNow();
    std::lock_guard lock(mutex_);
    if (!server_) return std::nullopt;
    return server_->first + std::chrono::duration_cast<std::chrono::system_clock::duration>(steady - server_->second);
}

TimeFloor::TimePoint TimeFloor::notBefore() const {
    auto server = serverNow();
    std::lock_guard lock(mutex_);
    return server ? std::max(floor_, *server) : floor_;
}

TimeFloor::Wall TimeFloor::wall() const {
    const TimePoint w = clock_.wallNow();
    if (w + kTolerance < notBefore()) return Wall::Behind;
    if (auto server = serverNow(); server && w > *server + kTolerance) return Wall::Ahead;
    return Wall::Trusted;
}

TimeFloor::TimePoint TimeFloor::now() const { return wall() == Wall::Trusted ? clock_.wallNow() : notBefore(); }

template <typename Past>
TimeFloor::Expiry TimeFloor::judgeWith(Past past) const {
    // A trusted time is already past it: no clock set back revives it.
    if (past(notBefore())) return Expiry::Expired;
    switch (wall()) {
        case Wall::Behind:
            // Set back: the floor is the true time only when the centre told it
            // in this run; otherwise the true time lies somewhere after it.
            return serverNow() ? Expiry::Valid : Expiry::Unknown;
        case Wall::Ahead:
            // Set forward, and the centre's time (notBefore() >= it) is not past it.
            return Expiry::Valid;
        case Wall::Trusted:
            break;
    }
    if (!past(clock_.wallNow())) return Expiry::Valid;
    return serverNow() ? Expiry::Expired : Expiry::ExpiredByWallOnly;
}

TimeFloor::Expiry TimeFloor::judge(TimePoint lastValid) const {
    return judgeWith([lastValid](TimePoint t) { return t > lastValid; });
}

TimeFloor::Expiry TimeFloor::judgeDay(std::chrono::year_month_day lastValidDay) const {
    return judgeWith([lastValidDay](TimePoint t) { return localDate(t) > lastValidDay; });
}

TimeFloor::Expiry TimeFloor::judgeCard(const IdCard& card) const {
    return card.validTo ? judgeDay(*card.validTo) : Expiry::Valid;
}

std::optional<TimeFloor::TimePoint> parseRfc3339(std::string_view text) {
    using namespace std::chrono;
    // Digits at [pos, pos+n) as a number, or -1.
    auto num = [&text](size_t pos, size_t n) -> int {
        if (pos + n > text.size()) return -1;
        int v = 0;
        for (size_t i = pos; i < pos + n; ++i) {
            if (text[i] < '0' || text[i] > '9') return -1;
            v = v * 10 + (text[i] - '0');
        }
        return v;
    };
    if (text.size() < 20 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't') ||
        text[13] != ':' || text[16] != ':')
        return std::nullopt;
    const int y = num(0, 4), mo = num(5, 2), d = num(8, 2), h = num(11, 2), mi = num(14, 2), s = num(17, 2);
    if (y < 0 || mo < 0 || d < 0 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60) return std::nullopt;
    const year_month_day day{year(y), month(static_cast<unsigned>(mo)), std::chrono::day(static_cast<unsigned>(d))};
    if (!day.ok()) return std::nullopt;
    size_t pos = 19;
    milliseconds fraction{0};
    if (pos < text.size() && text[pos] == '.') {
        int scale = 100;
        for (++pos; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos, scale /= 10)
            fraction += milliseconds((text[pos] - '0') * scale);
    }
    minutes offset{0};
    if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
        ++pos;
    } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
        const int oh = num(pos + 1, 2), om = num(pos + 4, 2);
        if (oh < 0 || om < 0 || pos + 3 >= text.size() || text[pos + 3] != ':') return std::nullopt;
        offset = minutes((text[pos] == '-' ? -1 : 1) * (oh * 60 + om));
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != text.size()) return std::nullopt;
    const auto local = sys_days(day) + hours(h) + minutes(mi) + seconds(s) + fraction;
    return TimeFloor::TimePoint(duration_cast<system_clock::duration>((local - offset).time_since_epoch()));
}

}  // namespace kiosk
