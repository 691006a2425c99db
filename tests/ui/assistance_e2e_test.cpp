// Social assistance end to end: the real app offscreen, the demo card on the
// emulated reader, the demo document pages through the image-folder scanner
// and the real OCR pool, the outbox and sync engine, and the reference
// central service on loopback with its database in a temp dir. A resident
// applies for 医疗救助 with two scanned medical bills, confirms the OCR
// amounts, signs and submits; the central service then holds exactly that
// application with its page images. And a session that times out in the
// middle of the wizard leaves nothing of it in memory or on screen.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <set>
#include <thread>
#include <vector>

#include "../data/test_support.h"
#include "screens/flows/service_flows.h"
#include "ui_test_support.h"

using namespace kiosk;
using namespace kiosk::test;
using Field = AssistanceFlow::Field;

namespace {

// The two demo bills, in scan order (assets/demo/documents, truths in
// tests/data/documents/*.txt): total and self-paid amounts, in fen.
struct Bill {
    std::int64_t total, selfPaid;
};
constexpr Bill kBills[] = {{1184600, 473900}, {492600, 197100}};

std::string validId(const std::string& first17) { return first17 + *idCheckCharacter(first17); }

std::int64_t fenOf(const ExtractedField* f) {
    return f ? parseYuan(f->value.reveal(), kMaxDepositsFen).fen : -1;
}

const ExtractedField* findField(const std::vector<ExtractedField>& fields, FieldId id) {
    for (const auto& f : fields)
        if (f.id == id) return &f;
    return nullptr;
}

// Rows of a query on the central service's database (read-only; the server
// keeps running and writing in WAL mode).
std::vector<std::vector<std::string>> query(const std::string& dbPath, const std::string& sql) {
    std::vector<std::vector<std::string>> rows;
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(dbPath.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        ADD_FAILURE() << "cannot open " << dbPath;
        return rows;
    }
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK) {
        while (sqlite3_step(st) == SQLITE_ROW) {
            std::vector<std::string> row;
            for (int i = 0; i < sqlite3_column_count(st); ++i) {
                const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st, i));
                row.emplace_back(text ? text : "");
            }
            rows.push_back(std::move(row));
        }
    } else {
        ADD_FAILURE() << sqlite3_errmsg(db);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return rows;
}

class AssistanceE2eTest : public UiTest {
protected:
    void SetUp() override {
        UiTest::SetUp();
        central = std::make_unique<kiosk::testing::CentralProcess>(std::vector<std::string>{"--db", dir.file("central.db")});
    }
    void TearDown() override {
        UiTest::TearDown();
        central.reset();
    }
    KioskConfig config() {
        KioskConfig cfg;
        cfg.demo = true;
        cfg.kioskId = "kiosk-demo-01";
        cfg.central.url = central->url();
        cfg.central.token = "demo-token";
        cfg.central.dataDir = dir.file("kiosk");
        return cfg;
    }
    AssistanceFlow& assistance() { return app->flow().services().assistance; }
    void keys(const std::string& text) {
        for (char c : text) tap(std::string("assist.key.") + (c == '.' ? std::string("dot") : c == 'X' ? std::string("x") : std::string(1, c)));
    }
    // OCR on a busy two-core machine can take a while: a longer guard than waitUntil's.
    bool waitLong(const std::function<bool()>& done, std::chrono::seconds guard = std::chrono::seconds(120)) {
        auto deadline = std::chrono::steady_clock::now() + guard;
        while (!done() && std::chrono::steady_clock::now() < deadline) {
            app->runQueue().drain();
            app->frame();
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        frames(1);
        return done();
    }
    // Every step: each target on screen and at least 15 mm on both sides
    // (the session test's rule, for the wizard's screens), and a screenshot.
    void step(const std::string& name) {
        const double pxPerMm = std::hypot(app->platform().width(), app->platform().height()) /
                               (app->config().display.diagonalInches * 25.4);
        for (const auto& [id, r] : app->targets()) {
            EXPECT_GE(r.min.x, 0) << name << " " << id;
            EXPECT_GE(r.min.y, 0) << name << " " << id;
            EXPECT_LE(r.max.x, app->platform().width()) << name << " " << id;
            EXPECT_LE(r.max.y, app->platform().height()) << name << " " << id;
            // One partly scrolled out of a scroll region (the review's cards)
            // is whole once scrolled in: the layout check's rule too.
            if (r.scrolled) continue;
            EXPECT_GE((r.max.x - r.min.x) / pxPerMm, 15.0) << name << " " << id << " too narrow";
            EXPECT_GE((r.max.y - r.min.y) / pxPerMm, 15.0) << name << " " << id << " too low";
        }
        saveStep(name);
    }
    // A finger drawing across the signature pad.
    void signOnPad() {
        const TargetRect pad = app->targets().at("assist.sign.pad");
        const float w = pad.max.x - pad.min.x, h = pad.max.y - pad.min.y;
        ScriptedPointer p{ImVec2(pad.min.x + w * 0.1f, pad.min.y + h * 0.6f), true};
        app->frame(&p);
        for (int i = 1; i <= 24; ++i) {
            p.pos = ImVec2(pad.min.x + w * (0.1f + 0.03f * static_cast<float>(i)), pad.min.y + h * (i % 2 ? 0.35f : 0.65f));
            app->frame(&p);
        }
        p.down = false;
        app->frame(&p);
        app->frame();
    }
    void scanAndConfirm(const Bill& expected, const std::string& stepName) {
        tap("assist.documents.scan");
        EXPECT_EQ(assistance().scanState(), AssistanceFlow::ScanState::Capturing);
        step(stepName + "-scanning");
        ASSERT_TRUE(waitLong([&] { return assistance().scanState() != AssistanceFlow::ScanState::Capturing; }));
        ASSERT_EQ(assistance().scanState(), AssistanceFlow::ScanState::Reviewing)
            << (assistance().scanErrorKey() ? assistance().scanErrorKey() : "");
        const AssistanceFlow::Page* page = assistance().pendingPage();
        ASSERT_NE(page, nullptr);
        EXPECT_EQ(page->attached.kind, DocumentKind::MedicalBill);
        EXPECT_FALSE(page->preview.empty()) << "a thumbnail to show";
        EXPECT_EQ(page->attached.stored.mimeType, "image/jpeg");
        // The OCR pre-fill the resident confirms: the amounts on the bill.
        EXPECT_EQ(fenOf(findField(page->attached.fields, FieldId::Total)), expected.total);
        EXPECT_EQ(fenOf(findField(page->attached.fields, FieldId::SelfPaid)), expected.selfPaid);
        EXPECT_TRUE(hasTarget("assist.page.confirm"));
        step(stepName + "-confirm");
        tap("assist.page.confirm");
        EXPECT_EQ(assistance().scanState(), AssistanceFlow::ScanState::Idle);
    }

    kiosk::testing::TempDir dir;
    std::unique_ptr<kiosk::testing::CentralProcess> central;
};

}  // namespace

TEST_F(AssistanceE2eTest, MedicalAssistanceWithTwoScannedBillsReachesTheCentre) {
    ASSERT_GT(central->port(), 0);
    startApp(config());
    tap("attract.start");
    tap("identify.demo_card");
    waitForScreen(ScreenId::Menu);
    ASSERT_TRUE(app->flow().data().identity);
    const std::string applicantId = app->flow().data().identity->idNumber.reveal();
    saveStep("menu");

    tap("menu.assistance");
    // Consent and what to bring come first, before anything is entered.
    ASSERT_EQ(app->flow().current(), ScreenId::AssistConsent);
    EXPECT_TRUE(assistance().applicantNamed()) << "the card gave the name the application needs";
    step("consent");
    tap("assist.consent.agree");
    ASSERT_EQ(app->flow().current(), ScreenId::AssistType);
    step("type");
    tap("assist.type.yiliao");
    ASSERT_EQ(app->flow().current(), ScreenId::AssistHousehold);
    step("household");

    // A member keyed in: first with a slip of the finger, then right.
    const std::string spouse = validId("33010619520202202");
    std::string slip = spouse;
    slip.back() = slip.back() == '1' ? '2' : '1';
    tap("assist.household.key_in");
    keys(slip);
    tap("assist.member.relation.spouse");
    tap("assist.member.add");
    EXPECT_EQ(assistance().memberError(), MemberError::BadIdNumber);
    EXPECT_TRUE(assistance().memberPanelOpen());
    step("member-bad-number");
    tap("assist.key.delete");
    keys(std::string(1, spouse.back()));
    tap("assist.member.add");
    ASSERT_EQ(assistance().household().size(), 1u);
    step("household-member");
    tap("assist.household.next");

    ASSERT_EQ(app->flow().current(), ScreenId::AssistIncome);
    tap("assist.income.next");
    EXPECT_TRUE(assistance().fieldError(Field::Income)) << "an empty income is asked for";
    step("income-errors");
    tap("assist.income.income");
    keys("1800");
    tap("assist.income.phone");
    keys("13800138000");
    step("income");
    tap("assist.income.next");

    ASSERT_EQ(app->flow().current(), ScreenId::AssistAssets);
    tap("assist.assets.housing.no");
    tap("assist.assets.vehicles.no");
    tap("assist.assets.deposits.no");
    step("assets");
    tap("assist.assets.next");

    ASSERT_EQ(app->flow().current(), ScreenId::AssistReason);
    tap("assist.reason.illness");
    step("reason");
    tap("assist.reason.next");

    ASSERT_EQ(app->flow().current(), ScreenId::AssistDocuments);
    step("documents");
    scanAndConfirm(kBills[0], "bill-1");
    scanAndConfirm(kBills[1], "bill-2");
    ASSERT_EQ(assistance().pages().size(), 2u);
    step("documents-two-pages");
    tap("assist.documents.next");

    ASSERT_EQ(app->flow().current(), ScreenId::AssistSign);
    tap("assist.sign.next");
    EXPECT_TRUE(assistance().signatureError()) << "unsigned is refused";
    signOnPad();
    EXPECT_TRUE(assistance().signature().looksSigned());
    step("signed");
    tap("assist.sign.next");

    // Back from the review and forward again: nothing is lost.
    ASSERT_EQ(app->flow().current(), ScreenId::AssistReview);
    tap("header.back");
    EXPECT_EQ(app->flow().current(), ScreenId::AssistSign);
    EXPECT_TRUE(assistance().signature().looksSigned());
    tap("assist.sign.next");
    ASSERT_EQ(app->flow().current(), ScreenId::AssistReview);
    EXPECT_FALSE(assistance().firstIncompleteStep());
    // A finger that lands on a card's Change button to scroll the list scrolls
    // it: lifted over the same button (the card moved with the finger), it
    // must not open that step.
    drag("assist.review.change.income", -40);
    EXPECT_EQ(app->flow().current(), ScreenId::AssistReview) << "a drag in the list is not a tap";
    step("review");
    tap("assist.review.submit");

    // Stored in the outbox, then delivered by the sync engine; the receipt
    // turns into the centre's application number.
    ASSERT_TRUE(waitLong([&] { return app->flow().current() == ScreenId::AssistReceipt; }, std::chrono::seconds(30)));
    EXPECT_EQ(assistance().localReference().size(), 8u);
    ASSERT_TRUE(waitLong([&] { return assistance().submitState() == AssistanceFlow::SubmitState::Sent; },
                         std::chrono::seconds(60)));
    const auto& ack = assistance().acknowledgement();
    ASSERT_TRUE(ack);
    EXPECT_EQ(ack->reference.rfind("SA-", 0), 0u) << ack->reference;
    EXPECT_EQ(ack->receiptCode.rfind("KC1.A.", 0), 0u) << ack->receiptCode;
    step("receipt");
    tap("assist.receipt.print");
    ASSERT_TRUE(app->flow().lastReceipt());
    EXPECT_EQ(app->flow().lastReceipt()->qrPayload, ack->receiptCode);

    // The centre holds exactly that application, with its two page images.
    const std::string db = dir.file("central.db");
    auto apps = query(db, "SELECT reference, type, body FROM applications");
    ASSERT_EQ(apps.size(), 1u);
    EXPECT_EQ(apps[0][0], ack->reference);
    EXPECT_EQ(apps[0][1], "yiliao");
    auto body = nlohmann::json::parse(apps[0][2], nullptr, false);
    ASSERT_TRUE(body.is_object());
    EXPECT_EQ(body["applicant"]["idNumber"], applicantId);
    EXPECT_EQ(body["applicant"]["phone"], "13800138000");
    ASSERT_EQ(body["household"].size(), 1u);
    EXPECT_EQ(body["household"][0]["idNumber"], spouse);
    EXPECT_EQ(body["household"][0]["relation"], "spouse");
    EXPECT_DOUBLE_EQ(body["monthlyIncome"].get<double>(), 1800.0);
    EXPECT_EQ(body["reasons"], nlohmann::json::array({"illness"}));
    EXPECT_EQ(body["consent"], true);
    EXPECT_EQ(body["authorisationSignature"].get<std::string>().rfind("iVBORw0KGgo", 0), 0u) << "a PNG";
    ASSERT_EQ(body["documents"].size(), 2u);
    for (size_t i = 0; i < 2; ++i) {
        const std::string id = body["documents"][i];
        auto docs = query(db, "SELECT content_type, size FROM documents WHERE id = '" + id + "'");
        ASSERT_EQ(docs.size(), 1u) << id;
        EXPECT_EQ(docs[0][0], "image/jpeg");
        EXPECT_GT(std::stoll(docs[0][1]), 20000) << "a readable page image";
        const auto& fields = body["documentDetails"][i]["fields"];
        EXPECT_EQ(body["documentDetails"][i]["documentId"], id);
        EXPECT_DOUBLE_EQ(fields["total"].get<double>(), static_cast<double>(kBills[i].total) / 100.0);
        EXPECT_DOUBLE_EQ(fields["self_paid"].get<double>(), static_cast<double>(kBills[i].selfPaid) / 100.0);
    }
    EXPECT_EQ(query(db, "SELECT COUNT(*) FROM documents")[0][0], "2") << "no stray uploads";

    tap("assist.receipt.finish");
    EXPECT_EQ(app->flow().current(), ScreenId::Done) << "the thank-you page, with the reminder to take the card";
    saveStep("done");
    EXPECT_FALSE(app->flow().services().assistance.hasUnsavedWork());
}

TEST_F(AssistanceE2eTest, ATimeoutMidWizardLeavesNothingInMemoryOrOnScreen) {
    ASSERT_GT(central->port(), 0);
    KioskConfig cfg = config();
    startApp(cfg, 1080, 1920);
    tap("attract.start");
    tap("identify.demo_card");
    waitForScreen(ScreenId::Menu);
    tap("menu.assistance");
    tap("assist.consent.agree");
    tap("assist.type.dibao");
    tap("assist.household.key_in");
    keys(validId("33010619520202202"));
    tap("assist.member.relation.spouse");
    tap("assist.member.add");
    tap("assist.household.next");
    tap("assist.income.income");
    keys("2300");
    step("mid-wizard");
    ASSERT_FALSE(assistance().holdsNothing());

    // No touch for the inactivity time and the warning's countdown.
    clock.advance(std::chrono::seconds(cfg.session.inactivitySeconds + 1));
    frames(2);
    saveStep("warning");
    clock.advance(std::chrono::seconds(cfg.session.warningSeconds + 1));
    frames(3);
    saveStep("after-timeout");

    EXPECT_EQ(app->flow().current(), ScreenId::Attract);
    EXPECT_TRUE(app->flow().data().empty());
    EXPECT_TRUE(assistance().holdsNothing());
    for (const auto& [id, rect] : app->targets()) EXPECT_NE(id.rfind("assist.", 0), 0u) << id << " still on screen";
    // Starting again finds a blank wizard.
    tap("attract.start");
    tap("identify.demo_card");
    waitForScreen(ScreenId::Menu);
    tap("menu.assistance");
    EXPECT_FALSE(assistance().type());
    EXPECT_TRUE(assistance().household().empty());
}

// The review shows every answer and every household member: with many
// members on a portrait screen in large text the cards do not fit, and
// dragging the review brings each member into view, down to the last
// section's Change button.
TEST_F(AssistanceE2eTest, TheReviewScrollsThroughEveryHouseholdMember) {
    ASSERT_GT(central->port(), 0);
    startApp(config(), 1080, 1920);
    tap("attract.start");
    tap("identify.demo_card");
    waitForScreen(ScreenId::Menu);
    tap("a11y.large_text");
    ASSERT_TRUE(app->flow().accessibility().largeText);
    tap("menu.assistance");
    tap("assist.consent.agree");
    tap("assist.type.dibao");
    ASSERT_EQ(app->flow().current(), ScreenId::AssistHousehold);
    // Eight members keyed in, each number ending differently.
    std::vector<std::string> tails;
    for (int i = 0; i < 8; ++i) {
        const std::string id = validId("3301062010010" + std::to_string(1000 + i * 7));
        tails.push_back("*" + id.substr(14));
        assistance().openMemberPanel();
        for (char c : id) assistance().keypadPress(c);
        assistance().chooseRelation(Relation::Child);
        assistance().addMember();
    }
    ASSERT_EQ(assistance().household().size(), 8u);
    assistance().householdDone();
    assistance().focusField(Field::Income);
    for (char c : std::string("2300")) assistance().keypadPress(c);
    assistance().focusField(Field::Phone);
    for (char c : std::string("13800138000")) assistance().keypadPress(c);
    assistance().incomeDone();
    assistance().answerHousing(false);
    assistance().answerVehicles(false);
    assistance().answerDeposits(false);
    assistance().assetsDone();
    assistance().toggleReason(AssistanceReason::Illness);
    assistance().reasonDone();
    assistance().documentsDone();
    assistance().strokeBegin(0.15f, 0.6f);
    for (int i = 1; i <= 40; ++i)
        assistance().strokeTo(0.15f + 0.017f * static_cast<float>(i), i % 2 ? 0.4f : 0.7f);
    assistance().signDone();
    ASSERT_EQ(app->flow().current(), ScreenId::AssistReview);
    app->keepLayoutTexts(true);
    frames(2);
    step("review-top");
    EXPECT_FALSE(hasTarget("assist.review.change.sign")) << "this much does not fit: the review must scroll";

    // Drag the cards up a screenful at a time, on their labels (not on a
    // Change button), until the last section shows whole.
    const float x = 120, from = 1200, to = 500;
    std::set<std::string> seen;
    auto look = [&] {
        for (const DrawnText& t : app->layoutRecord().texts)
            for (const std::string& tail : tails)
                if (t.text.find(tail) != std::string::npos) seen.insert(tail);
    };
    look();
    for (int page = 0; page < 20 && !(hasTarget("assist.review.change.sign") && !app->targets().at("assist.review.change.sign").scrolled);
         ++page) {
        ScriptedPointer p{ImVec2(x, from), true};
        app->frame(&p);
        for (int i = 1; i <= 10; ++i) {
            p.pos.y = from + (to - from) * static_cast<float>(i) / 10;
            app->frame(&p);
            look();
        }
        p.down = false;
        app->frame(&p);
        frames(1);
        look();
        ASSERT_EQ(app->flow().current(), ScreenId::AssistReview) << "dragging changes nothing";
    }
    ASSERT_TRUE(hasTarget("assist.review.change.sign"));
    EXPECT_FALSE(app->targets().at("assist.review.change.sign").scrolled) << "the last section scrolls fully into view";
    step("review-bottom");
    EXPECT_EQ(seen.size(), tails.size()) << "every household member is shown";
}
