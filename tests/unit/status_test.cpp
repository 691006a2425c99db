// Progress lookup, the domain part: the centre's answers parsed into items,
// an application's steps laid out as a timeline, refusal messages for codes,
// the code-signing keys and office names read from reference documents.
#include <gtest/gtest.h>

#include "kiosk/core/status.h"
#include "screens/flows/status_flow.h"

using namespace kiosk;

namespace {

constexpr const char* kApplication = R"({"kind":"assistance-application","reference":"SA-20261120-000042","type":"dibao",
  "status":"home-visit","final":false,"steps":[
  {"step":"submitted","at":"2026-11-20T09:12:00+08:00"},{"step":"accepted","at":"2026-11-21T10:03:00+08:00"},
  {"step":"under-review","at":"2026-11-23T14:30:00+08:00"},{"step":"home-visit","at":"2026-11-26T09:00:00+08:00"}]})";

constexpr const char* kBooking = R"({"kind":"marriage-booking","reference":"MB-000123","officeId":"xihu",
  "date":"2026-12-02","slot":"09:00-10:00","status":"confirmed","code":"KC1.B.abc"})";

}  // namespace

TEST(StatusParse, AnApplicationWithItsSteps) {
    auto item = parseStatusItem(kApplication);
    ASSERT_TRUE(item.ok()) << item.error();
    EXPECT_EQ(item.value().kind, StatusItem::Kind::Application);
    EXPECT_EQ(item.value().reference, "SA-20261120-000042");
    EXPECT_EQ(item.value().type, "dibao");
    EXPECT_EQ(item.value().status, "home-visit");
    EXPECT_FALSE(item.value().final);
    ASSERT_EQ(item.value().steps.size(), 4u);
    EXPECT_EQ(item.value().steps[2].step, "under-review");
    EXPECT_EQ(statusDate(item.value().steps[2].at), "2026-11-23");
}

TEST(StatusParse, ABooking) {
    auto item = parseStatusItem(kBooking);
    ASSERT_TRUE(item.ok()) << item.error();
    EXPECT_EQ(item.value().kind, StatusItem::Kind::Booking);
    EXPECT_EQ(item.value().officeId, "xihu");
    EXPECT_EQ(item.value().date, "2026-12-02");
    EXPECT_EQ(item.value().slot, "09:00-10:00");
    EXPECT_EQ(item.value().status, "confirmed");
    EXPECT_EQ(item.value().code, "KC1.B.abc");
}

TEST(StatusParse, AListKeepsTheCentresOrder) {
    auto items = parseStatusItems(std::string(R"({"items":[)") + kBooking + "," + kApplication + "]}");
    ASSERT_TRUE(items.ok()) << items.error();
    ASSERT_EQ(items.value().size(), 2u);
    EXPECT_EQ(items.value()[0].reference, "MB-000123");
    EXPECT_EQ(items.value()[1].reference, "SA-20261120-000042");
    auto empty = parseStatusItems(R"({"items":[]})");
    ASSERT_TRUE(empty.ok());
    EXPECT_TRUE(empty.value().empty());
}

TEST(StatusParse, BrokenAnswersAreErrorsNotItems) {
    EXPECT_FALSE(parseStatusItem("not json").ok());
    EXPECT_FALSE(parseStatusItem(R"({"kind":"assistance-application","status":"submitted"})").ok());  // no reference
    EXPECT_FALSE(parseStatusItem(R"({"kind":"parcel","reference":"X"})").ok());
    EXPECT_FALSE(parseStatusItem(R"({"kind":"marriage-booking","reference":"MB-1"})").ok());  // no status
    EXPECT_FALSE(parseStatusItems(R"({"items":{}})").ok());
    EXPECT_FALSE(parseStatusItems(R"({"items":[{"kind":"parcel","reference":"X"}]})").ok());
}

TEST(StatusTimeline, ReachedStepsHaveDatesAndTheLastIsCurrent) {
    auto rows = applicationTimeline(parseStatusItem(kApplication).value());
    ASSERT_EQ(rows.size(), 6u);  // five steps and the decision
    EXPECT_EQ(rows[0].step, "submitted");
    EXPECT_TRUE(rows[0].reached);
    EXPECT_EQ(rows[0].date, "2026-11-20");
    EXPECT_TRUE(rows[3].reached);
    EXPECT_TRUE(rows[3].current);
    EXPECT_FALSE(rows[2].current);
    EXPECT_FALSE(rows[4].reached);
    EXPECT_EQ(rows[5].step, "decision");
    EXPECT_FALSE(rows[5].reached);
    EXPECT_EQ(rows[4].date, "");
}

TEST(StatusTimeline, TheDecisionRowShowsRejection) {
    StatusItem item = parseStatusItem(kApplication).value();
    item.steps.push_back({"public-notice", "2026-11-28T08:00:00+08:00"});
    item.steps.push_back({"rejected", "2026-12-05T16:00:00+08:00"});
    auto rows = applicationTimeline(item);
    EXPECT_EQ(rows[5].step, "rejected");
    EXPECT_TRUE(rows[5].reached);
    EXPECT_TRUE(rows[5].current);
    EXPECT_EQ(rows[5].date, "2026-12-05");
    EXPECT_FALSE(rows[4].current);
}

TEST(StatusCodes, EveryRefusalHasItsOwnMessage) {
    EXPECT_STREQ(codeRefusalKey(SignedCodeError::BadSignature), "codes.error.tampered");
    EXPECT_STREQ(codeRefusalKey(SignedCodeError::Expired), "codes.error.expired");
    EXPECT_STREQ(codeRefusalKey(SignedCodeError::UnknownKey), "codes.error.unknown_key");
    EXPECT_STREQ(codeRefusalKey(SignedCodeError::Malformed), "codes.error.malformed");
    EXPECT_STREQ(codeRefusalKey(SignedCodeError::UnsupportedVersion), "codes.error.unsupported_version");
    EXPECT_STREQ(codeRefusalKeyForProblem(R"({"type":"urn:civil-kiosk:problem:code-bad-signature","status":422})"),
                 "codes.error.tampered");
    EXPECT_STREQ(codeRefusalKeyForProblem(R"({"type":"urn:civil-kiosk:problem:code-expired","status":422})"),
                 "codes.error.expired");
    EXPECT_EQ(codeRefusalKeyForProblem(R"({"type":"urn:civil-kiosk:problem:not-found","status":404})"), nullptr);
    EXPECT_EQ(codeRefusalKeyForProblem("garbage"), nullptr);
}

TEST(StatusCodes, SigningKeysAndOfficeNamesFromReferenceDocuments) {
    CodeSigningKey key = CodeSigningKey::generate();
    std::string doc = R"({"keys":[{"keyId":"x","alg":"Ed25519","publicKey":")" + encodeCodePublicKey(key.publicKey()) +
                      R"("},{"alg":"Ed25519","publicKey":"not-a-key"},{"alg":"RSA","publicKey":"x"}]})";
    auto keys = parseCodeSigningKeys(doc);
    ASSERT_EQ(keys.size(), 1u);
    EXPECT_EQ(keys[0].bytes, key.publicKey().bytes);
    EXPECT_TRUE(parseCodeSigningKeys("{}").empty());

    const char* offices = R"({"offices":[{"id":"xihu","name":"西湖区婚姻登记处"},{"id":"binjiang","name":"滨江区婚姻登记处"}]})";
    EXPECT_EQ(officeName(offices, "binjiang").value_or(""), "滨江区婚姻登记处");
    EXPECT_FALSE(officeName(offices, "nowhere"));
}

TEST(StatusCodes, EveryStepAndTypeTheCentreSendsHasAString) {
    for (const char* step : kApplicationSteps) EXPECT_NE(statusStepKey(step), nullptr) << step;
    for (const char* step : {"approved", "rejected", "decision"}) EXPECT_NE(statusStepKey(step), nullptr) << step;
    for (const char* type : {"dibao", "tekun", "linshi", "yiliao"}) EXPECT_NE(assistanceTypeKey(type), nullptr) << type;
    for (const char* s : {"confirmed", "declined", "cancelled"}) EXPECT_NE(bookingStatusKey(s), nullptr) << s;
    EXPECT_EQ(statusStepKey("teleported"), nullptr);
}
