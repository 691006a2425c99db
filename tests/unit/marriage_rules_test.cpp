// The marriage booking's domain rules and JSON (kiosk/core/marriage.h).
#include "kiosk/core/marriage.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "kiosk/core/id_number.h"

using namespace kiosk;
using namespace std::chrono;

namespace {
// A valid number from its first 17 digits (area, birth date, sequence).
std::string withCheck(const std::string& first17) { return first17 + *idCheckCharacter(first17); }
year_month_day ymd(int y, unsigned m, unsigned d) { return year(y) / month(m) / day(d); }
}  // namespace

TEST(MarriageRules, BirthDateAndGenderComeFromTheNumber) {
    const std::string man = withCheck("33010620040615001");    // 17th digit 1: male
    const std::string woman = withCheck("33010620060615002");  // 17th digit 2: female
    EXPECT_EQ(birthDateFromIdNumber(man), ymd(2004, 6, 15));
    EXPECT_EQ(genderFromIdNumber(man), Gender::Male);
    EXPECT_EQ(genderFromIdNumber(woman), Gender::Female);
    EXPECT_FALSE(birthDateFromIdNumber("330106200413450011"));  // month 13
    EXPECT_EQ(genderFromIdNumber("GBR330080010118"), Gender::Unknown);
}

TEST(MarriageRules, LegalAgeIsReachedOnTheBirthdayNotTheDayBefore) {
    MarriageParty man = partyFromIdNumber(Personal(withCheck("33010620040615001")));
    EXPECT_FALSE(ofMarriageAge(man, ymd(2026, 6, 14)));  // 21 years and 364 days
    EXPECT_TRUE(ofMarriageAge(man, ymd(2026, 6, 15)));   // 22 that day
    MarriageParty woman = partyFromIdNumber(Personal(withCheck("33010620060615002")));
    EXPECT_FALSE(ofMarriageAge(woman, ymd(2026, 6, 14)));
    EXPECT_TRUE(ofMarriageAge(woman, ymd(2026, 6, 15)));  // women at 20
    EXPECT_EQ(legalMarriageAge(Gender::Unknown), 22) << "unknown gender: the stricter rule";
}

TEST(MarriageRules, BornOnTheTwentyNinthOfFebruaryComesOfAgeOnTheFirstOfMarch) {
    MarriageParty man = partyFromIdNumber(Personal(withCheck("33010620040229001")));
    EXPECT_EQ(legalAgeDate(*man.birthDate, man.gender), ymd(2026, 3, 1));
    EXPECT_FALSE(ofMarriageAge(man, ymd(2026, 2, 28)));
    EXPECT_TRUE(ofMarriageAge(man, ymd(2026, 3, 1)));
}

TEST(MarriageRules, TheCardsBirthDateAndGenderWinOverTheNumber) {
    IdCard card;
    card.idNumber = Personal(withCheck("33010619900101001"));  // says male, 1990-01-01
    card.name = Personal("测试");
    card.gender = Gender::Female;
    card.birthDate = Personal("1990-02-02");
    MarriageParty p = partyFromCard(card);
    EXPECT_EQ(p.gender, Gender::Female);
    EXPECT_EQ(p.birthDate, ymd(1990, 2, 2));
    EXPECT_TRUE(p.fromCard);
    card.gender = Gender::Unknown;  // not on the card: from the number
    EXPECT_EQ(partyFromCard(card).gender, Gender::Male);
}

TEST(MarriageRules, SamePersonAndAgeChecksOnTheParties) {
    MarriageParty a = partyFromIdNumber(Personal("11010519491231002X"));
    MarriageParty sameLowerX = partyFromIdNumber(Personal("11010519491231002x"));
    EXPECT_TRUE(samePerson(a, sameLowerX));
    EXPECT_EQ(checkParties(a, sameLowerX, ymd(2026, 12, 31)), PartyProblem::SamePerson);

    MarriageParty young = partyFromIdNumber(Personal(withCheck("33010620040615001")));  // 22 on 2026-06-15
    EXPECT_EQ(checkParties(a, young, ymd(2026, 6, 14)), PartyProblem::UnderAge);
    EXPECT_EQ(checkParties(a, young, ymd(2026, 6, 15)), PartyProblem::None) << "of age on the last bookable day";
    EXPECT_EQ(firstEligibleDate(a, young), ymd(2026, 6, 15));
    EXPECT_STREQ(partyProblemKey(PartyProblem::UnderAge), "marriage.partner_error.under_age");
}

TEST(MarriageRules, PhoneNumbersAndBookingNumbers) {
    EXPECT_TRUE(validMobileNumber("13912345678"));
    EXPECT_FALSE(validMobileNumber("1391234567"));   // 10 digits
    EXPECT_FALSE(validMobileNumber("12912345678"));  // 12x is not a mobile prefix
    EXPECT_FALSE(validMobileNumber("1391234567a"));
    EXPECT_EQ(maskPhone("13912345678"), "139****5678");
    EXPECT_EQ(bookingReferenceFromDigits("42"), "MB-000042");
    EXPECT_EQ(bookingReferenceFromDigits("1234567"), "MB-1234567");
    EXPECT_FALSE(bookingReferenceFromDigits(""));
    EXPECT_TRUE(looksLikeBookingCode("KC1.B.abc.MB-000001.1.sig"));
    EXPECT_FALSE(looksLikeBookingCode("KC1.A.abc.SA-1.1.sig"));
}

TEST(MarriageRules, TheRequestCarriesFallbacksAndLeavesOutAMissingName) {
    MarriageParty a = partyFromIdNumber(Personal("11010519491231002X"), Personal("张三"));
    MarriageParty b = partyFromIdNumber(Personal("330106199003070014"));
    Personal phone("13912345678");
    MarriageBookingRequest r{"xihu", {{"2026-12-01", "09:00-10:00"}, {"2026-12-02", "10:00-11:00"}}, &a, &b, &phone};
    auto body = nlohmann::json::parse(bookingRequestBody(r).reveal());
    EXPECT_EQ(body["officeId"], "xihu");
    EXPECT_EQ(body["date"], "2026-12-01");
    EXPECT_EQ(body["slot"], "09:00-10:00");
    ASSERT_EQ(body["fallbacks"].size(), 1u);
    EXPECT_EQ(body["fallbacks"][0]["date"], "2026-12-02");
    EXPECT_EQ(body["partyA"]["name"], "张三");
    EXPECT_FALSE(body["partyB"].contains("name"));
    EXPECT_EQ(body["partyB"]["idNumber"], "330106199003070014");
    EXPECT_EQ(body["phone"], "13912345678");
}

TEST(MarriageRules, ParsesTheCentresDocuments) {
    auto offices = parseOffices(R"({"offices":[{"id":"xihu","name":"西湖区婚姻登记处","address":"a"}]})");
    ASSERT_TRUE(offices);
    EXPECT_EQ(offices.value().at(0).name, "西湖区婚姻登记处");
    EXPECT_FALSE(parseOffices("<html>"));
    auto slots = parseSlots(R"({"slots":[{"date":"2026-12-01","slot":"09:00-10:00","capacity":4,"available":3}]})");
    ASSERT_TRUE(slots);
    EXPECT_EQ(slots.value().at(0).available, 3);
    EXPECT_FALSE(parseSlots(R"({"slots":[{"date":"2026-13-01","slot":"x"}]})"));
    auto confirmed = parseBooking(R"({"kind":"marriage-booking","reference":"MB-000007","officeId":"xihu",)"
                                  R"("date":"2026-12-01","slot":"09:00-10:00","status":"confirmed","code":"KC1.B.x"})");
    ASSERT_TRUE(confirmed);
    EXPECT_EQ(confirmed.value().status, BookingStatus::Confirmed);
    EXPECT_EQ(confirmed.value().code, "KC1.B.x");
    auto declined = parseBooking(R"({"kind":"marriage-booking","status":"declined","reason":"fully-booked"})");
    ASSERT_TRUE(declined);
    EXPECT_EQ(declined.value().status, BookingStatus::Declined);
    EXPECT_FALSE(parseBooking(R"({"kind":"assistance-application","status":"submitted"})"));
    EXPECT_EQ(monthSlotsPath("xihu", ymd(2026, 12, 5)), "/api/v1/offices/xihu/slots?from=2026-12-05&days=27");
}

TEST(MarriageRules, CalendarGridStartsOnMonday) {
    auto grid = monthGrid(year(2026) / December);  // 1 December 2026 is a Tuesday
    ASSERT_EQ(grid.size(), 42u);
    EXPECT_FALSE(grid[0]);
    EXPECT_EQ(grid[1], ymd(2026, 12, 1));
    EXPECT_EQ(grid[31], ymd(2026, 12, 31));
    EXPECT_FALSE(grid[32]);
}

TEST(MarriageRules, QueuedRequestsRoundTrip) {
    std::vector<QueuedRequest> in{{"key-1", "xihu", {{"2026-12-01", "09:00-10:00"}}, 123, false},
                                  {"key-2", "binjiang", {}, 456, true}};
    auto out = parseQueuedRequests(queuedRequestsJson(in));
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0].idempotencyKey, "key-1");
    EXPECT_EQ(out[0].choices, in[0].choices);
    EXPECT_TRUE(out[1].settled);
    EXPECT_TRUE(parseQueuedRequests("not json").empty());
}
