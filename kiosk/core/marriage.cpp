#include "kiosk/core/marriage.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

#include "kiosk/core/id_number.h"
#include "kiosk/core/json_read.h"
#include "kiosk/core/strings.h"

namespace kiosk {

using namespace std::chrono;
using nlohmann::json;

namespace {

std::string stringField(const json& j, const char* name) {
    return j.contains(name) && j[name].is_string() ? j[name].get<std::string>() : std::string();
}

bool allDigits(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

Result<std::vector<MarriageOffice>, std::string> parseOffices(std::string_view text) {
    json doc = json::parse(text, nullptr, false);
    if (!doc.is_object() || !doc.contains("offices") || !doc["offices"].is_array())
        return std::string("offices: the answer is not an offices document");
    std::vector<MarriageOffice> out;
    for (const json& o : doc["offices"]) {
        if (!o.is_object() || stringField(o, "id").empty()) return std::string("offices: an office lacks its id");
        MarriageOffice office{stringField(o, "id"), stringField(o, "name"), stringField(o, "district"),
                              stringField(o, "address"), stringField(o, "phone")};
        if (office.name.empty()) office.name = office.id;
        out.push_back(std::move(office));
    }
    return out;
}

Result<std::vector<MarriageSlot>, std::string> parseSlots(std::string_view text) {
    json doc = json::parse(text, nullptr, false);
    if (!doc.is_object() || !doc.contains("slots") || !doc["slots"].is_array())
        return std::string("slots: the answer is not a slots document");
    std::vector<MarriageSlot> out;
    for (const json& s : doc["slots"]) {
        if (!s.is_object() || !parseDate(stringField(s, "date")) || stringField(s, "slot").empty())
            return std::string("slots: a slot lacks its date or time");
        MarriageSlot slot{stringField(s, "date"), stringField(s, "slot"), 0, 0};
        if (s.contains("capacity") && s["capacity"].is_number_integer()) slot.capacity = s["capacity"].get<int>();
        if (s.contains("available") && s["available"].is_number_integer())
            slot.available = std::max(0, s["available"].get<int>());
        out.push_back(std::move(slot));
    }
    return out;
}

std::string monthSlotsPath(std::string_view officeId, year_month_day from) {
    const year_month_day last = from.year() / from.month() / std::chrono::last;
    const int days = static_cast<int>((sys_days(last) - sys_days(from)).count()) + 1;
    return "/api/v1/offices/" + std::string(officeId) + "/slots?from=" + formatDate(from) +
           "&days=" + std::to_string(days);
}

const std::vector<std::string>& standardSlotTimes() {
    static const std::vector<std::string> times{"09:00-10:00", "10:00-11:00", "11:00-12:00",
                                                "13:30-14:30", "14:30-15:30", "15:30-16:30"};
    return times;
}

std::vector<std::optional<year_month_day>> monthGrid(year_month month) {
    std::vector<std::optional<year_month_day>> cells(42);
    const year_month_day first = month / day(1);
    const unsigned lead = weekdayIndex(first);
    const unsigned count = static_cast<unsigned>((month / std::chrono::last).day());
    for (unsigned d = 1; d <= count; ++d) cells[lead + d - 1] = month / day(d);
    return cells;
}

unsigned weekdayIndex(year_month_day d) { return (weekday(sys_days(d)).c_encoding() + 6) % 7; }

// ---- parties --------------------------------------------------------------------
void MarriageParty::wipe() {
    name.wipe();
    idNumber.wipe();
    birthDate.reset();
    gender = Gender::Unknown;
    fromCard = false;
}

std::optional<year_month_day> birthDateFromIdNumber(std::string_view idNumber) {
    if (idNumber.size() != 18 || !allDigits(idNumber.substr(6, 8))) return std::nullopt;
    return parseDate(idNumber.substr(6, 8));
}

Gender genderFromIdNumber(std::string_view idNumber) {
    if (idNumber.size() != 18 || idNumber[16] < '0' || idNumber[16] > '9') return Gender::Unknown;
    return (idNumber[16] - '0') % 2 == 1 ? Gender::Male : Gender::Female;
}

MarriageParty partyFromIdNumber(Personal idNumber, Personal name) {
    MarriageParty p;
    p.idNumber = Personal(normalizeIdNumber(idNumber.reveal()));
    p.name = std::move(name);
    p.birthDate = birthDateFromIdNumber(p.idNumber.reveal());
    p.gender = genderFromIdNumber(p.idNumber.reveal());
    return p;
}

MarriageParty partyFromCard(const IdCard& card) {
    MarriageParty p = partyFromIdNumber(card.idNumber, card.name);
    p.fromCard = true;
    if (auto birth = parseDate(card.birthDate.reveal())) p.birthDate = birth;
    if (card.gender == Gender::Male || card.gender == Gender::Female) p.gender = card.gender;
    return p;
}

int legalMarriageAge(Gender gender) { return gender == Gender::Female ? 20 : 22; }

int ageOn(year_month_day birth, year_month_day d) {
    int age = static_cast<int>(d.year()) - static_cast<int>(birth.year());
    if (d.month() < birth.month() || (d.month() == birth.month() && d.day() < birth.day())) --age;
    return age;
}

year_month_day legalAgeDate(year_month_day birth, Gender gender) {
    year_month_day at = birth + years(legalMarriageAge(gender));
    // Born on 29 February: in a common year the birthday is reached on 1 March.
    if (!at.ok()) at = at.year() / March / day(1);
    return at;
}

bool ofMarriageAge(const MarriageParty& party, year_month_day d) {
    return party.birthDate && ageOn(*party.birthDate, d) >= legalMarriageAge(party.gender);
}

bool samePerson(const MarriageParty& a, const MarriageParty& b) {
    return !a.idNumber.empty() && normalizeIdNumber(a.idNumber.reveal()) == normalizeIdNumber(b.idNumber.reveal());
}

std::optional<year_month_day> firstEligibleDate(const MarriageParty& a, const MarriageParty& b) {
    if (!a.birthDate || !b.birthDate) return std::nullopt;
    return std::max(sys_days(legalAgeDate(*a.birthDate, a.gender)), sys_days(legalAgeDate(*b.birthDate, b.gender)));
}

const char* partyProblemKey(PartyProblem problem) {
    switch (problem) {
        case PartyProblem::None: return "";
        case PartyProblem::SamePerson: return i18nKey("marriage.partner_error.same_person");
        case PartyProblem::UnderAge: return i18nKey("marriage.partner_error.under_age");
        case PartyProblem::CardExpired: return i18nKey("marriage.partner_error.card_expired");
        case PartyProblem::NoBirthDate: return i18nKey("marriage.partner_error.no_birth_date");
    }
    return "";
}

PartyProblem checkParties(const MarriageParty& a, const MarriageParty& b, year_month_day lastBookableDay) {
    if (samePerson(a, b)) return PartyProblem::SamePerson;
    auto eligible = firstEligibleDate(a, b);
    if (!eligible) return PartyProblem::NoBirthDate;
    if (sys_days(*eligible) > sys_days(lastBookableDay)) return PartyProblem::UnderAge;
    return PartyProblem::None;
}

// ---- phone ------------------------------------------------------------------------
bool validMobileNumber(std::string_view phone) {
    return phone.size() == 11 && allDigits(phone) && phone[0] == '1' && phone[1] >= '3';
}

std::string maskPhone(std::string_view phone) {
    if (phone.size() < 8) return std::string(phone.size(), '*');
    return std::string(phone.substr(0, 3)) + std::string(phone.size() - 7, '*') + std::string(phone.substr(phone.size() - 4));
}

// ---- bookings ---------------------------------------------------------------------
namespace {
json partyJson(const MarriageParty& p) {
    json j{{"idNumber", p.idNumber.reveal()}};
    // The name is optional: a number keyed in without the card has none (the
    // office checks both originals at the appointment).
    if (!p.name.empty()) j["name"] = p.name.reveal();
    return j;
}
}  // namespace

Personal bookingRequestBody(const MarriageBookingRequest& r) {
    json body{{"officeId", r.officeId}};
    if (!r.choices.empty()) {
        body["date"] = r.choices.front().date;
        body["slot"] = r.choices.front().slot;
    }
    json fallbacks = json::array();
    for (size_t i = 1; i < r.choices.size(); ++i) fallbacks.push_back({{"date", r.choices[i].date}, {"slot", r.choices[i].slot}});
    if (!fallbacks.empty()) body["fallbacks"] = fallbacks;
    if (r.partyA) body["partyA"] = partyJson(*r.partyA);
    if (r.partyB) body["partyB"] = partyJson(*r.partyB);
    if (r.phone) body["phone"] = r.phone->reveal();
    std::string text = body.dump();
    // The json object held copies of the personal values: clear them before it goes.
    for (const char* party : {"partyA", "partyB"})
        if (body.contains(party))
            for (auto& [k, v] : body[party].items())
                if (v.is_string()) secureWipe(v.get_ref<std::string&>());
    if (body.contains("phone")) secureWipe(body["phone"].get_ref<std::string&>());
    return Personal(std::move(text));
}

Personal changeBookingBody(const Personal& idNumber, const SlotChoice& to) {
    json body{{"idNumber", idNumber.reveal()}, {"date", to.date}, {"slot", to.slot}};
    std::string text = body.dump();
    secureWipe(body["idNumber"].get_ref<std::string&>());
    return Personal(std::move(text));
}

Personal partyIdBody(const Personal& idNumber) {
    json body{{"idNumber", idNumber.reveal()}};
    std::string text = body.dump();
    secureWipe(body["idNumber"].get_ref<std::string&>());
    return Personal(std::move(text));
}

std::string codeLookupBody(std::string_view code) { return json{{"code", std::string(code)}}.dump(); }

Result<MarriageBooking, std::string> parseBooking(std::string_view text) {
    json doc = json::parse(text, nullptr, false);
    if (!doc.is_object() || !doc.contains("status") || !doc["status"].is_string())
        return std::string("booking: the answer is not a booking document");
    if (doc.contains("kind") && doc["kind"] != "marriage-booking") return std::string("booking: not a marriage booking");
    MarriageBooking b;
    b.reference = stringField(doc, "reference");
    b.officeId = stringField(doc, "officeId");
    b.date = stringField(doc, "date");
    b.slot = stringField(doc, "slot");
    b.reason = stringField(doc, "reason");
    b.code = stringField(doc, "code");
    const std::string status = doc["status"].get<std::string>();
    b.status = status == "confirmed"   ? BookingStatus::Confirmed
               : status == "declined"  ? BookingStatus::Declined
               : status == "cancelled" ? BookingStatus::Cancelled
                                       : BookingStatus::Unknown;
    if (b.status != BookingStatus::Declined && b.reference.empty()) return std::string("booking: no reference");
    return b;
}

std::optional<std::string> bookingReferenceFromDigits(std::string_view digits) {
    if (digits.empty() || digits.size() > 10 || !allDigits(digits)) return std::nullopt;
    std::string padded(digits.size() < 6 ? 6 - digits.size() : 0, '0');
    return "MB-" + padded + std::string(digits);
}

bool looksLikeBookingCode(std::string_view text) { return text.rfind("KC1.B.", 0) == 0; }

// ---- queued requests ---------------------------------------------------------------
std::string queuedRequestsJson(const std::vector<QueuedRequest>& requests) {
    json list = json::array();
    for (const QueuedRequest& r : requests) {
        json choices = json::array();
        for (const SlotChoice& c : r.choices) choices.push_back({{"date", c.date}, {"slot", c.slot}});
        list.push_back({{"key", r.idempotencyKey},
                        {"officeId", r.officeId},
                        {"choices", choices},
                        {"queuedMs", r.queuedMs},
                        {"settled", r.settled}});
    }
    return json{{"requests", list}}.dump();
}

std::vector<QueuedRequest> parseQueuedRequests(std::string_view text) {
    std::vector<QueuedRequest> out;
    json doc = json::parse(text, nullptr, false);
    if (!doc.is_object() || !doc.contains("requests") || !doc["requests"].is_array()) return out;
    for (const json& r : doc["requests"]) {
        if (!r.is_object() || stringField(r, "key").empty()) continue;
        QueuedRequest q;
        q.idempotencyKey = stringField(r, "key");
        q.officeId = stringField(r, "officeId");
        if (r.contains("choices") && r["choices"].is_array())
            for (const json& c : r["choices"])
                if (c.is_object()) q.choices.push_back({stringField(c, "date"), stringField(c, "slot")});
        q.queuedMs = r.contains("queuedMs") && r["queuedMs"].is_number_integer() ? r["queuedMs"].get<std::int64_t>() : 0;
        q.settled = jsonr::boolean(r, "settled").value_or(false);
        out.push_back(std::move(q));
    }
    return out;
}

}  // namespace kiosk
