#pragma once
// A second-generation ID card as read from a reader: the four card kinds of
// the SAM protocol (see specs/idcard-reader.md), decoded into one type the
// screens and flows use. Drivers fill it; nothing here knows about bytes.
//
// Every field that identifies a person is a kiosk::Personal: it formats as
// "[redacted]" in logs and is wiped from memory when the card goes away.
// Call wipe() when a session ends to clear a copy you keep.
//
// A plain value type: copyable, movable, no thread affinity.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "kiosk/core/personal.h"

namespace kiosk {

enum class CardKind {
    Resident,              // mainland resident identity card
    HkMacaoTaiwanPermit,   // 'J': residence permit for HK/Macau/Taiwan residents
    ForeignPermanent2017,  // 'I': foreign permanent resident card, 2017 layout
    ForeignPermanent2023,  // 'Y': foreign permanent resident card, 2023 layout
};

// GB/T 2261.1 codes 0, 1, 2, 9.
enum class Gender { Unknown, Male, Female, Unspecified };

// Stable names for JSON and logs: "resident", "hk_macao_taiwan_permit",
// "foreign_permanent_resident" (both foreign layouts share the name; see
// cardKindLetter for the distinction); "male", "female", "unknown"
// (Unspecified also maps to "unknown").
std::string_view cardKindName(CardKind kind);
char cardKindLetter(CardKind kind);  // ' ' for Resident, else 'J', 'I', 'Y'
std::string_view genderName(Gender gender);

// "YYYY-MM-DD"; an invalid date formats as "0000-00-00".
std::string formatDate(std::chrono::year_month_day date);
// Parses "YYYY-MM-DD" or "YYYYMMDD"; nullopt unless it is a valid calendar date.
std::optional<std::chrono::year_month_day> parseDate(std::string_view text);
// The calendar date of `t` in the kiosk's local time zone (TZ / localtime).
std::chrono::year_month_day localDate(std::chrono::system_clock::time_point t);
// "YYYY-MM-DD HH:MM" in local time, for "as of" stamps.
std::string formatLocalDateTime(std::chrono::system_clock::time_point t);

// A photo decoded by the vendor library: 8-bit RGB, rows top to bottom.
// Personal data too, so the pixels live in a Personal (wiped on destruction).
struct CardPhoto {
    int width = 0;
    int height = 0;
    Personal rgb;  // width * height * 3 bytes
};

struct IdCard {
    CardKind kind = CardKind::Resident;

    Personal name;         // Chinese name; may be empty on an 'I' card
    Personal englishName;  // 'I' and 'Y' cards
    Gender gender = Gender::Unknown;
    Personal nation;          // Resident only: the nation's Chinese name, e.g. "汉"
    Personal birthDate;       // "YYYY-MM-DD"
    Personal address;         // Resident and 'J'
    Personal idNumber;        // 18 characters (check digit valid), or the 15-character 'I' card number
    Personal passNumber;      // 'J': the HK/Macau/Taiwan travel pass number
    std::string authority;    // Resident and 'J': issuing authority; 'I': authority code
    std::string nationality;  // 'I' and 'Y': ISO 3166 three-letter code
    std::string issueCount;   // 'J': times issued; 'I': card version; 'Y': renewal count

    std::chrono::year_month_day validFrom{};
    std::optional<std::chrono::year_month_day> validTo;  // nullopt: long-term (长期)

    Personal photoWlt;               // the 1024 opaque WLT bytes as read
    std::optional<CardPhoto> photo;  // set only when a vendor decoder was available

    bool longTerm() const { return !validTo.has_value(); }
    // A card is valid through its "valid to" day; long-term cards never expire.
    // Reading an expired card is fine; using it for applications is not.
    bool isExpired(std::chrono::year_month_day today) const { return validTo && today > *validTo; }

    void wipe();
};

}  // namespace kiosk
