#include "kiosk/core/id_card.h"

#include <fmt/format.h>

#include <ctime>

namespace kiosk {

std::string_view cardKindName(CardKind kind) {
    switch (kind) {
        case CardKind::Resident:
            return "resident";
        case CardKind::HkMacaoTaiwanPermit:
            return "hk_macao_taiwan_permit";
        case CardKind::ForeignPermanent2017:
        case CardKind::ForeignPermanent2023:
            return "foreign_permanent_resident";
    }
    return "resident";
}

char cardKindLetter(CardKind kind) {
    switch (kind) {
        case CardKind::Resident:
            return ' ';
        case CardKind::HkMacaoTaiwanPermit:
            return 'J';
        case CardKind::ForeignPermanent2017:
            return 'I';
        case CardKind::ForeignPermanent2023:
            return 'Y';
    }
    return ' ';
}

std::string_view genderName(Gender gender) {
    switch (gender) {
        case Gender::Male:
            return "male";
        case Gender::Female:
            return "female";
        case Gender::Unknown:
        case Gender::Unspecified:
            return "unknown";
    }
    return "unknown";
}

std::string formatDate(std::chrono::year_month_day date) {
    if (!date.ok()) return "0000-00-00";
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                       static_cast<unsigned>(date.day()));
}

std::optional<std::chrono::year_month_day> parseDate(std::string_view text) {
    std::string digits;
    if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
        digits = std::string(text.substr(0, 4)) + std::string(text.substr(5, 2)) + std::string(text.substr(8, 2));
    } else if (text.size() == 8) {
        digits = std::string(text);
    } else {
        return std::nullopt;
    }
    int v[3] = {0, 0, 0};
    const int widths[3] = {4, 2, 2};
    size_t pos = 0;
    for (int f = 0; f < 3; ++f) {
        for (int i = 0; i < widths[f]; ++i, ++pos) {
            char c = digits[pos];
            if (c < '0' || c > '9') return std::nullopt;
            v[f] = v[f] * 10 + (c - '0');
        }
    }
    std::chrono::year_month_day date{std::chrono::year{v[0]}, std::chrono::month{static_cast<unsigned>(v[1])},
                                     std::chrono::day{static_cast<unsigned>(v[2])}};
    if (!date.ok()) return std::nullopt;
    return date;
}

std::chrono::year_month_day localDate(std::chrono::system_clock::time_point t) {
    std::time_t tt = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    localtime_r(&tt, &tm);
    return std::chrono::year_month_day{std::chrono::year{tm.tm_year + 1900},
                                       std::chrono::month{static_cast<unsigned>(tm.tm_mon + 1)},
                                       std::chrono::day{static_cast<unsigned>(tm.tm_mday)}};
}

std::string formatLocalDateTime(std::chrono::system_clock::time_point t) {
    std::time_t tt = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    localtime_r(&tt, &tm);
    char out[32];
    std::strftime(out, sizeof out, "%Y-%m-%d %H:%M", &tm);
    return out;
}

void IdCard::wipe() {
    for (Personal* p : {&name, &englishName, &nation, &birthDate, &address, &idNumber, &passNumber, &photoWlt})
        p->wipe();
    if (photo) photo->rgb.wipe();
    photo.reset();
}

}  // namespace kiosk
