// Social assistance: the domain rules (amounts, phone numbers, the
// application JSON, the signature PNG) and the wizard model driven step by
// step with a CentralApi and a DocumentCapture that answer later, as the
// real ones do on the UI thread.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <deque>
#include <functional>

#include "kiosk/core/assistance.h"
#include "kiosk/core/id_number.h"
#include "screens/flows/service_flows.h"

using namespace kiosk;
using Field = AssistanceFlow::Field;

namespace {

std::string validId(const std::string& first17) { return first17 + *idCheckCharacter(first17); }

const std::string kApplicant = validId("33010619500101101");
const std::string kSpouse = validId("33010619520202202");
const std::string kChild = validId("33010619800303303");

// Replies are held until deliver(), as the real gateway replies later.
class RecordingCentral : public CentralApi {
public:
    std::vector<std::vector<Submission>> chains;
    std::string failWith;  // a submit error key, or "" to store
    SubmissionStatus status;

    void deliver() {
        while (!pending_.empty()) {
            auto f = std::move(pending_.front());
            pending_.pop_front();
            f();
        }
    }
    void query(std::string, std::string, Personal, Reply<CentralReply> done) override {
        pending_.push_back([done] { done(CentralReply{}); });
    }
    void submit(std::vector<Submission> chain, Reply<Result<std::vector<SubmittedItem>, std::string>> done) override {
        if (!failWith.empty()) {
            pending_.push_back([done, e = failWith] { done(e); });
            return;
        }
        std::vector<SubmittedItem> items;
        for (size_t i = 0; i < chain.size(); ++i)
            items.push_back({static_cast<std::int64_t>(i + 1), "abcdef12-0000-4000-8000-00000000000" + std::to_string(i)});
        chains.push_back(std::move(chain));
        pending_.push_back([done, items] { done(items); });
    }
    void submission(std::string key, Reply<SubmissionStatus> done) override {
        asked.push_back(key);
        pending_.push_back([done, s = status] { done(s); });
    }
    void saveSnapshot(std::string, Personal, Personal) override {}
    void snapshot(std::string, Personal, Reply<std::optional<Snapshot>> done) override {
        pending_.push_back([done] { done(std::nullopt); });
    }
    void reference(std::string, Reply<std::optional<Snapshot>> done) override {
        pending_.push_back([done] { done(std::nullopt); });
    }
    std::vector<std::string> asked;

private:
    std::deque<std::function<void()>> pending_;
};

// A scanner + OCR that hands back a medical bill when told to.
class CannedCapture : public DocumentCapture {
public:
    int prepared = 0, started = 0, cancelled = 0;
    Callbacks pending;
    void prepare() override { ++prepared; }
    bool capture(DocumentKind, Callbacks callbacks) override {
        if (busy()) return false;
        ++started;
        pending = std::move(callbacks);
        return true;
    }
    void cancel() override { ++cancelled; }
    bool busy() const override { return static_cast<bool>(pending.onDone); }
    void finishWith(Result<CapturedPage, std::string> r) {
        auto done = std::move(pending.onDone);
        pending = {};
        done(std::move(r));
    }
    static CapturedPage bill(const std::string& total, const std::string& selfPaid, const std::string& idRead) {
        CapturedPage p;
        p.reading.document.kind = DocumentKind::MedicalBill;
        p.reading.stored.mimeType = "image/jpeg";
        p.reading.stored.bytes = {0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 0xFF, 0xD9};
        ExtractedField f;
        f.id = FieldId::Total;
        f.value = Personal(total);
        f.confidence = 91;
        p.reading.document.fields.push_back(f);
        f.id = FieldId::SelfPaid;
        f.value = Personal(selfPaid);
        p.reading.document.fields.push_back(f);
        f.id = FieldId::IdNumber;
        f.value = Personal(idRead);
        f.valid = isValidIdNumber(idRead);
        p.reading.document.fields.push_back(f);
        p.preview.width = 2, p.preview.height = 3, p.preview.pixels = {0, 255, 0, 255, 0, 255};
        return p;
    }
};

class AssistanceFlowTest : public ::testing::Test {
protected:
    void SetUp() override {
        session.setCentral(&central);
        flow().setDocumentCapture(&capture);
        Identity id;
        id.source = IdentitySource::IdCard;
        id.name = Personal("王秀英");
        id.idNumber = Personal(kApplicant);
        session.identify(std::move(id));
        ASSERT_TRUE(session.chooseService(ServiceId::Assistance));
    }
    AssistanceFlow& flow() { return session.services().assistance; }
    void key(const std::string& text) {
        for (char c : text) flow().keypadPress(c);
    }
    // Fills every step correctly up to the review.
    void fillToReview() {
        flow().giveConsent();
        flow().chooseType(AssistanceType::Yiliao);
        flow().householdDone();
        flow().focusField(Field::Income);
        key("1800");
        flow().focusField(Field::Phone);
        key("13800138000");
        flow().incomeDone();
        flow().answerHousing(false);
        flow().answerVehicles(false);
        flow().answerDeposits(false);
        flow().assetsDone();
        flow().toggleReason(AssistanceReason::Illness);
        flow().reasonDone();
        flow().scan();
        capture.finishWith(CannedCapture::bill("4926.00", "1971.00", kApplicant));
        flow().confirmPage();
        flow().documentsDone();
        sign();
        flow().signDone();
    }
    void sign() {
        flow().strokeBegin(0.1f, 0.5f);
        for (int i = 1; i <= 20; ++i) flow().strokeTo(0.1f + 0.04f * static_cast<float>(i), 0.5f + (i % 2 ? 0.1f : -0.1f));
    }

    KioskConfig config;
    SessionFlow session{config};
    RecordingCentral central;
    CannedCapture capture;
};

}  // namespace

// ---------------------------------------------------------------- domain

TEST(AssistanceDomain, AmountsAreParsedExactlyAndBadOnesNamed) {
    EXPECT_EQ(parseYuan("1800", kMaxMonthlyIncomeFen).fen, 180000);
    EXPECT_EQ(parseYuan("4926.5", kMaxMonthlyIncomeFen).fen, 492650);
    EXPECT_EQ(parseYuan("0.05", kMaxMonthlyIncomeFen).fen, 5);
    EXPECT_EQ(parseYuan("0", kMaxMonthlyIncomeFen).error, AmountError::None);
    EXPECT_EQ(parseYuan("", kMaxMonthlyIncomeFen).error, AmountError::Empty);
    EXPECT_EQ(parseYuan("1.2.3", kMaxMonthlyIncomeFen).error, AmountError::Malformed);
    EXPECT_EQ(parseYuan(".5", kMaxMonthlyIncomeFen).error, AmountError::Malformed);
    EXPECT_EQ(parseYuan("12.345", kMaxMonthlyIncomeFen).error, AmountError::TooManyDecimals);
    EXPECT_EQ(parseYuan("10000001", kMaxMonthlyIncomeFen).error, AmountError::TooLarge);
    EXPECT_EQ(parseYuan("99999999999999999999", kMaxDepositsFen).error, AmountError::TooLarge);
    EXPECT_EQ(formatYuan(123456789), "1,234,567.89");
    EXPECT_EQ(formatYuan(5), "0.05");
}

TEST(AssistanceDomain, PhoneNumbersAreMobilesOrLandlinesWithAreaCode) {
    EXPECT_EQ(validatePhone("13800138000"), PhoneError::None);
    EXPECT_EQ(validatePhone("057187654321"), PhoneError::None);
    EXPECT_EQ(validatePhone(""), PhoneError::Empty);
    EXPECT_EQ(validatePhone("1380013800"), PhoneError::BadLength);
    EXPECT_EQ(validatePhone("87654321"), PhoneError::BadPrefix);
}

TEST(AssistanceDomain, TheSignatureBecomesAPngWithInkWhereItWasDrawn) {
    Signature sig;
    EXPECT_FALSE(sig.looksSigned());
    sig.strokes.push_back({{0.1f, 0.5f}, {0.2f, 0.5f}});
    EXPECT_FALSE(sig.looksSigned()) << "a short tick is not a signature";
    sig.strokes.push_back({{0.2f, 0.4f}, {0.6f, 0.6f}});
    EXPECT_TRUE(sig.looksSigned());
    auto png = renderSignaturePng(sig, 300, 100);
    ASSERT_GT(png.size(), 8u);
    const std::uint8_t magic[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    EXPECT_TRUE(std::equal(magic, magic + 8, png.begin()));
    Signature blank;
    EXPECT_LT(renderSignaturePng(blank, 300, 100).size(), png.size()) << "ink compresses worse than white";
    sig.wipe();
    EXPECT_TRUE(sig.empty());
}

TEST(AssistanceDomain, TheApplicationJsonFollowsTheContract) {
    AssistanceApplication a;
    a.type = AssistanceType::Yiliao;
    a.applicantName = Personal("王秀英");
    a.applicantIdNumber = Personal(kApplicant);
    a.phone = Personal("13800138000");
    HouseholdMember m;
    m.idNumber = Personal(kSpouse);
    m.relation = Relation::Spouse;
    a.household.push_back(m);
    a.monthlyIncomeFen = 180050;
    a.vehicles = 1;
    a.depositsFen = 2500000;
    a.reasons = {AssistanceReason::Illness, AssistanceReason::JobLoss};
    std::vector<AttachedPage> pages(1);
    pages[0].kind = DocumentKind::MedicalBill;
    ExtractedField total;
    total.id = FieldId::Total;
    total.value = Personal("4926.00");
    pages[0].fields.push_back(total);
    a.pages = &pages;
    a.documentIds = {"0b7c2c1e-8f52-4a51-9a57-3f1d2b4c5d6e"};
    a.signaturePng = {0x89, 'P', 'N', 'G'};
    a.consent = true;
    auto j = nlohmann::json::parse(applicationJson(a).reveal());
    EXPECT_EQ(j["type"], "yiliao");
    EXPECT_EQ(j["applicant"]["name"], "王秀英");
    EXPECT_EQ(j["applicant"]["idNumber"], kApplicant);
    EXPECT_EQ(j["applicant"]["phone"], "13800138000");
    ASSERT_EQ(j["household"].size(), 1u);
    EXPECT_EQ(j["household"][0]["relation"], "spouse");
    EXPECT_DOUBLE_EQ(j["monthlyIncome"].get<double>(), 1800.50);
    EXPECT_EQ(j["assets"]["vehicles"], 1);
    EXPECT_DOUBLE_EQ(j["assets"]["deposits"].get<double>(), 25000.0);
    EXPECT_EQ(j["reasons"], nlohmann::json::array({"illness", "job-loss"}));
    EXPECT_EQ(j["documents"][0], "0b7c2c1e-8f52-4a51-9a57-3f1d2b4c5d6e");
    EXPECT_DOUBLE_EQ(j["documentDetails"][0]["fields"]["total"].get<double>(), 4926.0);
    EXPECT_EQ(j["authorisationSignature"], "iVBORw==");
    EXPECT_EQ(j["consent"], true);
    std::string id = newDocumentId();
    EXPECT_EQ(id.size(), 36u);
    EXPECT_EQ(id[14], '4');
    EXPECT_NE(id, newDocumentId());
}

// ---------------------------------------------------------------- the wizard

TEST_F(AssistanceFlowTest, BeginsWithConsentAndWarmsUpTheOcr) {
    // Consent (with what to bring) before anything is entered.
    EXPECT_EQ(session.current(), ScreenId::AssistConsent);
    EXPECT_EQ(capture.prepared, 1);
    EXPECT_EQ(session.stepBar().labels.size(), 8u);
    EXPECT_EQ(session.stepBar().current, 0);
    EXPECT_STREQ(session.stepBar().labels.back(), "step.done");
    flow().giveConsent();
    EXPECT_EQ(session.current(), ScreenId::AssistType);
    EXPECT_EQ(session.stepBar().current, 1);
}

TEST_F(AssistanceFlowTest, AnApplicantWithoutANameCannotConsent) {
    Identity keyed;
    keyed.idNumber = Personal(kApplicant);
    session.identify(std::move(keyed));
    ASSERT_TRUE(session.chooseService(ServiceId::Assistance));
    flow().giveConsent();
    EXPECT_EQ(session.current(), ScreenId::AssistConsent);
    EXPECT_FALSE(flow().consent().has_value());
}

TEST_F(AssistanceFlowTest, MembersByCardOrKeyedInWithCheckedNumbers) {
    flow().chooseType(AssistanceType::Dibao);
    ASSERT_EQ(session.current(), ScreenId::AssistHousehold);

    // Keyed in: a wrong check digit is refused next to the field, nothing lost.
    flow().openMemberPanel();
    std::string wrong = kSpouse;
    wrong.back() = wrong.back() == '1' ? '2' : '1';
    key(wrong);
    flow().chooseRelation(Relation::Spouse);
    EXPECT_FALSE(flow().addMember());
    EXPECT_EQ(flow().memberError(), MemberError::BadIdNumber);
    EXPECT_STREQ(flow().fieldError(Field::MemberId), "assist.member.error.bad_number");
    EXPECT_EQ(flow().text(Field::MemberId).reveal(), wrong) << "the entry stays to be corrected";
    flow().keypadBackspace();
    key(std::string(1, kSpouse.back()));
    EXPECT_TRUE(flow().addMember());
    EXPECT_FALSE(flow().memberPanelOpen());

    // The applicant's own number, and a duplicate, are refused.
    flow().openMemberPanel();
    key(kApplicant);
    flow().chooseRelation(Relation::Other);
    EXPECT_FALSE(flow().addMember());
    EXPECT_EQ(flow().memberError(), MemberError::IsApplicant);
    flow().closeMemberPanel();

    // A card laid down on this screen fills the panel; the relation is asked.
    IdCard card;
    card.name = Personal("王小明");
    card.idNumber = Personal(kChild);
    EXPECT_TRUE(flow().takeCard(card));
    EXPECT_TRUE(flow().memberFromCard());
    EXPECT_FALSE(flow().addMember());
    EXPECT_EQ(flow().memberError(), MemberError::NoRelation);
    flow().chooseRelation(Relation::Child);
    EXPECT_TRUE(flow().addMember());
    ASSERT_EQ(flow().household().size(), 2u);
    EXPECT_EQ(flow().household()[1].name.reveal(), "王小明");
    EXPECT_TRUE(flow().household()[1].fromCard);

    // Not on other screens.
    flow().householdDone();
    EXPECT_EQ(session.current(), ScreenId::AssistIncome);
    EXPECT_FALSE(flow().takeCard(card));
}

TEST_F(AssistanceFlowTest, EachStepValidatesAndBackLosesNothing) {
    flow().chooseType(AssistanceType::Linshi);
    flow().householdDone();
    ASSERT_EQ(session.current(), ScreenId::AssistIncome);
    flow().incomeDone();
    EXPECT_STREQ(flow().fieldError(Field::Income), "assist.amount.error.empty");
    EXPECT_STREQ(flow().fieldError(Field::Phone), "assist.phone.error.empty");
    EXPECT_EQ(session.current(), ScreenId::AssistIncome);
    flow().focusField(Field::Income);
    key("12.345");
    flow().focusField(Field::Phone);
    key("1380013800");
    flow().incomeDone();
    EXPECT_STREQ(flow().fieldError(Field::Income), "assist.amount.error.decimals");
    EXPECT_STREQ(flow().fieldError(Field::Phone), "assist.phone.error.length");
    flow().focusField(Field::Income);
    flow().keypadBackspace();
    flow().focusField(Field::Phone);
    key("0");
    flow().incomeDone();
    EXPECT_EQ(session.current(), ScreenId::AssistAssets);

    flow().answerHousing(false);
    flow().assetsDone();
    EXPECT_STREQ(flow().assetsError(), "assist.assets.error.unanswered");
    flow().answerVehicles(true);
    flow().changeVehicles(+1);
    flow().answerDeposits(true);
    key("15000");
    flow().assetsDone();
    EXPECT_STREQ(flow().fieldError(Field::Deposits), "assist.assets.error.below_threshold");
    flow().keypadClear();
    key("35000");
    flow().assetsDone();
    EXPECT_EQ(session.current(), ScreenId::AssistReason);

    // Back twice and forward again: everything is still there.
    session.back();
    session.back();
    EXPECT_EQ(session.current(), ScreenId::AssistIncome);
    EXPECT_EQ(flow().text(Field::Income).reveal(), "12.34");
    EXPECT_EQ(flow().text(Field::Phone).reveal(), "13800138000");
    flow().incomeDone();
    EXPECT_EQ(flow().vehicles(), 2);
    EXPECT_EQ(flow().text(Field::Deposits).reveal(), "35000");
    flow().assetsDone();
    flow().reasonDone();
    EXPECT_STREQ(flow().reasonError(), "assist.reason.error.none");
    flow().toggleReason(AssistanceReason::Accident);
    flow().reasonDone();
    EXPECT_EQ(session.current(), ScreenId::AssistDocuments);
}

TEST_F(AssistanceFlowTest, AScannedPageIsConfirmedWithCorrectionsAndMedicalNeedsABill) {
    flow().chooseType(AssistanceType::Yiliao);
    session.show(ScreenId::AssistDocuments);
    flow().documentsDone();
    EXPECT_STREQ(flow().documentsError(), "assist.documents.error.bills_needed");

    // A scanner failure is a message, and the step stays usable.
    flow().scan();
    EXPECT_EQ(flow().scanState(), AssistanceFlow::ScanState::Capturing);
    capture.finishWith(std::string("scan.error.jammed"));
    EXPECT_EQ(flow().scanState(), AssistanceFlow::ScanState::Failed);
    EXPECT_STREQ(flow().scanErrorKey(), "scan.error.jammed");

    std::string misread = kApplicant;
    misread[3] = 'O';  // a zero read as the letter O
    flow().scan();
    auto page = CannedCapture::bill("4926.00", "1971.00", misread);
    page.reading.document.fields[2].suggestion = Personal(kApplicant);
    capture.finishWith(std::move(page));
    ASSERT_EQ(flow().scanState(), AssistanceFlow::ScanState::Reviewing);
    ASSERT_NE(flow().pendingPage(), nullptr);
    // The resident corrects the total on the keypad; a bad amount is refused.
    flow().editField(0);
    flow().keypadClear();
    key("4926.005");
    EXPECT_FALSE(flow().applyFieldEdit());
    EXPECT_STREQ(flow().fieldError(Field::PageValue), "assist.amount.error.decimals");
    flow().keypadBackspace();
    EXPECT_TRUE(flow().applyFieldEdit());
    flow().acceptSuggestion(2);
    flow().confirmPage();
    ASSERT_EQ(flow().pages().size(), 1u);
    const auto& fields = flow().pages()[0].attached.fields;
    EXPECT_EQ(fields[0].value.reveal(), "4926.00");
    EXPECT_EQ(fields[2].value.reveal(), kApplicant);
    EXPECT_TRUE(fields[2].valid);
    flow().documentsDone();
    EXPECT_EQ(session.current(), ScreenId::AssistSign);
}

TEST_F(AssistanceFlowTest, WithoutConsentNothingIsStored) {
    // Declined at the start: nothing entered, nothing to lose, no question.
    flow().declineConsent();
    EXPECT_EQ(flow().consent(), false);
    EXPECT_FALSE(session.pendingConfirmation());
    EXPECT_EQ(session.current(), ScreenId::AssistConsent);
    // However the review is reached, it will not store without consent.
    session.show(ScreenId::AssistReview);
    flow().submit();
    central.deliver();
    EXPECT_TRUE(central.chains.empty()) << "nothing may be stored before consent";
    EXPECT_STREQ(flow().submitErrorKey(), "assist.review.error.consent");
    EXPECT_EQ(flow().firstIncompleteStep(), ScreenId::AssistConsent);
}

TEST_F(AssistanceFlowTest, DecliningConsentAfterEntriesAsksBeforeDeletingThem) {
    fillToReview();
    ASSERT_EQ(session.current(), ScreenId::AssistReview);
    flow().change(ScreenId::AssistConsent);
    flow().declineConsent();
    // Asked first; "no" keeps everything as it was.
    ASSERT_TRUE(session.pendingConfirmation());
    EXPECT_STREQ(session.pendingConfirmation()->titleKey, "assist.consent.decline_confirm.title");
    session.answerConfirmation(false);
    EXPECT_EQ(flow().consent(), true);
    EXPECT_EQ(flow().text(Field::Income).reveal(), "1800");
    EXPECT_EQ(flow().pages().size(), 1u);
    EXPECT_TRUE(flow().signature().looksSigned());

    // "Yes": the entries go, the consent screen starts afresh, and nothing is stored.
    flow().declineConsent();
    session.answerConfirmation(true);
    EXPECT_EQ(flow().consent(), false);
    EXPECT_TRUE(flow().text(Field::Income).empty());
    EXPECT_TRUE(flow().text(Field::Phone).empty());
    EXPECT_TRUE(flow().pages().empty());
    EXPECT_FALSE(flow().signature().looksSigned());
    EXPECT_FALSE(flow().type().has_value());
    EXPECT_EQ(session.current(), ScreenId::AssistConsent);
    session.back();
    EXPECT_EQ(session.current(), ScreenId::Menu) << "Back does not lead into the emptied steps";
    EXPECT_TRUE(central.chains.empty());
}

TEST_F(AssistanceFlowTest, TheReviewShowsEveryAnswerAndEveryMember) {
    flow().giveConsent();
    flow().chooseType(AssistanceType::Yiliao);
    IdCard card;
    card.name = Personal("王小明");
    card.idNumber = Personal(kChild);
    flow().takeCard(card);
    flow().chooseRelation(Relation::Child);
    ASSERT_TRUE(flow().addMember());
    flow().openMemberPanel();
    key(kSpouse);
    flow().chooseRelation(Relation::Spouse);
    ASSERT_TRUE(flow().addMember());
    flow().householdDone();
    flow().focusField(Field::Income);
    key("1800.5");
    flow().focusField(Field::Phone);
    key("13800138000");
    flow().incomeDone();
    flow().answerHousing(false);
    flow().answerVehicles(true);
    flow().answerDeposits(true);
    key("35000");
    flow().assetsDone();
    flow().toggleReason(AssistanceReason::Illness);
    flow().toggleReason(AssistanceReason::JobLoss);
    flow().reasonDone();
    flow().scan();
    capture.finishWith(CannedCapture::bill("4926.00", "1971.00", kApplicant));
    flow().confirmPage();
    flow().documentsDone();
    sign();
    flow().signDone();
    ASSERT_EQ(session.current(), ScreenId::AssistReview);

    auto sections = flow().review();
    std::vector<std::string> lines;
    for (const auto& sec : sections)
        for (const auto& line : sec.lines) {
            std::string text = std::string(line.labelKey) + ":";
            for (const char* k : line.valueKeys) text += std::string(" ") + k;
            text += " " + line.value;
            if (line.unitKey) text += std::string(" ") + line.unitKey;
            lines.push_back(text);
        }
    auto has = [&](const std::string& want) {
        return std::find(lines.begin(), lines.end(), want) != lines.end();
    };
    EXPECT_TRUE(has("assist.review.label.type: assist.type.yiliao "));
    EXPECT_TRUE(has("assist.review.label.applicant: 王秀英  " + maskIdentifier(kApplicant)));
    EXPECT_TRUE(has("assist.relation.child: 王小明  " + maskIdentifier(kChild)));
    EXPECT_TRUE(has("assist.relation.spouse: assist.member.unnamed " + maskIdentifier(kSpouse)));
    EXPECT_TRUE(has("assist.review.label.income: 1800.5 assist.yuan"));
    EXPECT_TRUE(has("assist.review.label.phone: 138****8000"));
    EXPECT_TRUE(has("assist.review.label.housing: assist.no "));
    EXPECT_TRUE(has("assist.review.label.vehicles: 1 assist.review.vehicle_unit"));
    EXPECT_TRUE(has("assist.review.label.deposits: 35000 assist.yuan"));
    EXPECT_TRUE(has("assist.review.label.reasons: assist.reason.illness assist.reason.job_loss "));
    EXPECT_TRUE(has("assist.review.label.page: document.kind.medical "));
    EXPECT_TRUE(has("document.field.total: 4926.00"));
    EXPECT_TRUE(has("document.field.self_paid: 1971.00"));
    EXPECT_TRUE(has("document.field.id_number: " + maskIdentifier(kApplicant)));
    EXPECT_TRUE(has("assist.review.label.consent: assist.review.consented "));
    EXPECT_TRUE(has("assist.review.label.signature: assist.review.signed "));
    // Numbers only masked: no full ID number or phone number on the screen.
    for (const auto& l : lines) {
        EXPECT_EQ(l.find(kApplicant), std::string::npos) << l;
        EXPECT_EQ(l.find(kSpouse), std::string::npos) << l;
        EXPECT_EQ(l.find("13800138000"), std::string::npos) << l;
    }
    // Complete: no section asks for attention; every step has its section.
    for (const auto& sec : sections) EXPECT_FALSE(sec.incomplete) << sec.titleKey;
    ASSERT_EQ(sections.size(), 8u);
    EXPECT_EQ(sections.front().step, ScreenId::AssistConsent) << "in the order the steps asked";
    EXPECT_EQ(sections.back().step, ScreenId::AssistSign);
}

TEST_F(AssistanceFlowTest, SubmitStoresTheDocumentsThenTheApplicationAndLearnsItsNumber) {
    fillToReview();
    ASSERT_EQ(session.current(), ScreenId::AssistReview);
    ASSERT_FALSE(flow().firstIncompleteStep());
    flow().submit();
    EXPECT_EQ(flow().submitState(), AssistanceFlow::SubmitState::Storing);
    central.deliver();
    ASSERT_EQ(central.chains.size(), 1u);
    const auto& chain = central.chains[0];
    ASSERT_EQ(chain.size(), 2u);
    EXPECT_EQ(chain[0].method, "PUT");
    EXPECT_EQ(chain[0].contentType, "image/jpeg");
    EXPECT_EQ(chain[0].body.size(), 9u);
    EXPECT_EQ(chain[1].path, "/api/v1/assistance-applications");
    auto app = nlohmann::json::parse(chain[1].body.reveal());
    EXPECT_EQ(chain[0].path, "/api/v1/documents/" + app["documents"][0].get<std::string>());
    EXPECT_EQ(app["type"], "yiliao");
    EXPECT_DOUBLE_EQ(app["documentDetails"][0]["fields"]["self_paid"].get<double>(), 1971.0);
    EXPECT_FALSE(app["authorisationSignature"].get<std::string>().empty());

    // Stored: the receipt, with the local reference, and the draft is gone.
    EXPECT_EQ(session.current(), ScreenId::AssistReceipt);
    EXPECT_EQ(flow().submitState(), AssistanceFlow::SubmitState::Queued);
    EXPECT_EQ(flow().localReference(), "abcdef12");
    EXPECT_EQ(flow().slipCode(), queuedSlipCode("abcdef12-0000-4000-8000-000000000001"))
        << "until the centre answers, the receipt's QR finds it in this kiosk's outbox";
    EXPECT_EQ(session.stepBar().current, static_cast<int>(session.stepBar().labels.size()) - 1) << "the receipt is \"done\"";
    EXPECT_TRUE(flow().pages().empty());
    EXPECT_TRUE(flow().signature().empty());
    session.back();
    EXPECT_EQ(session.current(), ScreenId::Menu) << "Back from a receipt goes to the menu";
    session.show(ScreenId::AssistReceipt);

    // The outbox is asked at most once a second until the centre acknowledged.
    flow().refreshSubmission(100.0);
    flow().refreshSubmission(100.5);
    central.deliver();
    EXPECT_EQ(central.asked.size(), 1u);
    EXPECT_EQ(central.asked[0], "abcdef12-0000-4000-8000-000000000001");
    EXPECT_EQ(flow().submitState(), AssistanceFlow::SubmitState::Queued);
    central.status.state = SubmissionState::Acknowledged;
    central.status.response = Personal(R"({"reference":"SA-20261128-000007","status":"submitted","receiptCode":"KC1.A.x.SA-20261128-000007.1.sig"})");
    flow().refreshSubmission(101.2);
    central.deliver();
    EXPECT_EQ(flow().submitState(), AssistanceFlow::SubmitState::Sent);
    ASSERT_TRUE(flow().acknowledgement());
    EXPECT_EQ(flow().acknowledgement()->reference, "SA-20261128-000007");
    EXPECT_EQ(flow().acknowledgement()->receiptCode, "KC1.A.x.SA-20261128-000007.1.sig");
}

TEST_F(AssistanceFlowTest, AStoreFailureKeepsEverythingForAnotherTry) {
    fillToReview();
    central.failWith = "submit.disk_full";
    flow().submit();
    central.deliver();
    EXPECT_EQ(flow().submitState(), AssistanceFlow::SubmitState::StoreFailed);
    EXPECT_STREQ(flow().submitErrorKey(), "submit.disk_full");
    EXPECT_EQ(session.current(), ScreenId::AssistReview);
    EXPECT_EQ(flow().pages().size(), 1u);
    central.failWith.clear();
    flow().submit();
    central.deliver();
    EXPECT_EQ(session.current(), ScreenId::AssistReceipt);
}

TEST_F(AssistanceFlowTest, TheSessionEndingMidWizardLeavesNothingAndDropsLateReplies) {
    flow().chooseType(AssistanceType::Yiliao);
    flow().openMemberPanel();
    key(kSpouse);
    session.show(ScreenId::AssistDocuments);
    flow().scan();
    ASSERT_TRUE(capture.busy());
    sign();
    session.endSession();
    EXPECT_TRUE(flow().holdsNothing());
    EXPECT_GE(capture.cancelled, 1);
    // The capture that was running reports late: it must not bring anything back.
    capture.finishWith(CannedCapture::bill("1.00", "1.00", kApplicant));
    EXPECT_TRUE(flow().holdsNothing());
    EXPECT_EQ(session.current(), ScreenId::Attract);
}
