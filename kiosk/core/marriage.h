#pragma once
// Marriage registration appointments (services.md, "Marriage registration
// appointments"): the registration offices, slot availability, a booking,
// and the rules the kiosk checks before anything is sent:
//   - legal marriage age (Civil Code art. 1047): men at least 22, women at
//     least 20, on the day of the appointment;
//   - the two parties are two different people.
// Birth date and gender come from the card when the party laid one down,
// else from the ID number (digits 7-14, and the 17th digit: odd = male).
//
// Pure functions and plain values; JSON as the central service speaks it
// (central/api/openapi.yaml). Parties are personal data (kiosk::Personal):
// wipe() them when the session ends. No I/O; any thread.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/id_card.h"
#include "kiosk/core/personal.h"
#include "kiosk/core/result.h"

namespace kiosk {

// ---- reference data -------------------------------------------------------
struct MarriageOffice {
    std::string id;        // "xihu"
    std::string name;      // "西湖区婚姻登记处" (the centre's Chinese name)
    std::string district;  // "西湖区"
    std::string address;
    std::string phone;
};
// GET /api/v1/offices. Error: a message for the log (never personal).
Result<std::vector<MarriageOffice>, std::string> parseOffices(std::string_view json);

struct MarriageSlot {
    std::string date;  // YYYY-MM-DD
    std::string slot;  // "09:00-10:00"
    int capacity = 0;
    int available = 0;
};
// GET /api/v1/offices/{id}/slots.
Result<std::vector<MarriageSlot>, std::string> parseSlots(std::string_view json);
// The slots of one calendar month from `from` (a day of that month) to its end.
std::string monthSlotsPath(std::string_view officeId, std::chrono::year_month_day from);

// The offices' published time slots: what an offline request can choose
// from when the live calendar cannot be read.
const std::vector<std::string>& standardSlotTimes();

// A date and time slot the resident picked: the wanted one, or a fallback.
struct SlotChoice {
    std::string date;
    std::string slot;
    friend bool operator==(const SlotChoice&, const SlotChoice&) = default;
};

// The month grid of a calendar, Monday first: 6 weeks x 7 days; days of the
// neighbouring months are nullopt.
std::vector<std::optional<std::chrono::year_month_day>> monthGrid(std::chrono::year_month month);
// 0 = Monday ... 6 = Sunday.
unsigned weekdayIndex(std::chrono::year_month_day day);

// ---- the parties and the rules ---------------------------------------------
struct MarriageParty {
    Personal name;      // may be empty: the second party's number keyed in without a card
    Personal idNumber;  // normalised
    std::optional<std::chrono::year_month_day> birthDate;
    Gender gender = Gender::Unknown;
    bool fromCard = false;
    void wipe();
};

// Digits 7-14 of an 18-character number; nullopt if they are not a date.
std::optional<std::chrono::year_month_day> birthDateFromIdNumber(std::string_view idNumber);
// The 17th digit: odd = male, even = female; Unknown for a number without one.
Gender genderFromIdNumber(std::string_view idNumber);
// Birth date and gender from the number (a keyed-in party, or the identified resident).
MarriageParty partyFromIdNumber(Personal idNumber, Personal name = {});
// Birth date and gender as printed on the card, each falling back to the
// number when the card lacks it.
MarriageParty partyFromCard(const IdCard& card);

// 22 for men, 20 for women; 22 when the gender is not known (the stricter rule).
int legalMarriageAge(Gender gender);
// Whole years of age on `day` (a birthday on 29 February is reached on 1 March
// in other years, as the central service counts it).
int ageOn(std::chrono::year_month_day birth, std::chrono::year_month_day day);
// The first day on which the party is of legal marriage age.
std::chrono::year_month_day legalAgeDate(std::chrono::year_month_day birth, Gender gender);
bool ofMarriageAge(const MarriageParty& party, std::chrono::year_month_day day);
// The two parties are the same person (the same ID number).
bool samePerson(const MarriageParty& a, const MarriageParty& b);
// The first day on which both are of legal age (nullopt: a birth date is unknown).
std::optional<std::chrono::year_month_day> firstEligibleDate(const MarriageParty& a, const MarriageParty& b);

// Why a second party cannot be taken (each has a message "marriage.partner_error.<name>").
enum class PartyProblem {
    None,
    SamePerson,     // the resident's own number or card
    UnderAge,       // not of legal age within the booking horizon
    CardExpired,    // an expired card is read but refused
    NoBirthDate,    // neither the card nor the number tells the birth date
};
const char* partyProblemKey(PartyProblem problem);  // i18n key ("" for None)
// Checks the second party against the first: same person, then age (either
// party under age for every day up to `lastBookableDay`).
PartyProblem checkParties(const MarriageParty& a, const MarriageParty& b, std::chrono::year_month_day lastBookableDay);

// ---- phone numbers --------------------------------------------------------------
// A mainland mobile number: 11 digits starting 13-19.
bool validMobileNumber(std::string_view phone);
// 139****1234: shown on the confirmation screen.
std::string maskPhone(std::string_view phone);

// ---- bookings -------------------------------------------------------------------
struct MarriageBookingRequest {
    std::string officeId;
    std::vector<SlotChoice> choices;  // the first is wanted, the others are fallbacks in order
    const MarriageParty* partyA = nullptr;
    const MarriageParty* partyB = nullptr;
    const Personal* phone = nullptr;
};
// POST /api/v1/marriage-bookings (personal: names, ID numbers, phone).
Personal bookingRequestBody(const MarriageBookingRequest& request);
// POST .../change, .../cancel and .../lookup: by one of the parties (the
// centre reads a booking only for a party's ID number).
Personal changeBookingBody(const Personal& idNumber, const SlotChoice& to);
Personal partyIdBody(const Personal& idNumber);
// POST /api/v1/status/lookup: a scanned booking code.
std::string codeLookupBody(std::string_view code);

enum class BookingStatus { Confirmed, Declined, Cancelled, Unknown };
struct MarriageBooking {
    std::string reference;  // MB-000001 (empty when declined)
    std::string officeId;
    std::string date;
    std::string slot;
    BookingStatus status = BookingStatus::Unknown;
    std::string reason;  // declined: "fully-booked"
    std::string code;    // the signed code (KC1.B....) for the QR, confirmed only
};
// A Booking document (no personal data in it).
Result<MarriageBooking, std::string> parseBooking(std::string_view json);

// "MB-000042" from the digits keyed in ("42" or "000042"); nullopt when no
// digits or too many.
std::optional<std::string> bookingReferenceFromDigits(std::string_view digits);
// A scanned text that looks like a booking code (KC1.B.): the central service verifies it.
bool looksLikeBookingCode(std::string_view text);

// ---- booking requests queued offline ---------------------------------------------
// What the kiosk remembers (encrypted, per person: a snapshot) about a
// request it queued, to tell the resident its fate next time.
struct QueuedRequest {
    std::string idempotencyKey;
    std::string officeId;
    std::vector<SlotChoice> choices;
    std::int64_t queuedMs = 0;
    bool settled = false;  // its answer was shown: no need to look it up again
};
std::string queuedRequestsJson(const std::vector<QueuedRequest>& requests);
std::vector<QueuedRequest> parseQueuedRequests(std::string_view json);  // bad text: none

}  // namespace kiosk
