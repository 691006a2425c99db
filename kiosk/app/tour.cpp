#include "kiosk/app/tour.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <vector>

#include "kiosk/app/tour_central.h"
#include "kiosk/app/tour_staff.h"
#include "kiosk/app/tour_maintenance.h"  // maintenance
#include "kiosk/core/log.h"
#include "screens/flows/service_flows.h"
#include "screens/flows/staff_flow.h"
#include "screens/flows/maintenance_flow.h"  // maintenance
#include "screens/views/status_detail_screen.h"
#include "kiosk/core/document_capture.h"

#include <nlohmann/json.hpp>

namespace kiosk {
namespace {

struct TourStep {
    const char* name;
    std::function<void(App&)> enter;  // brings the app to the screen
};

// The tour's central service (runTour sets it on the session).
TourCentral& tourCentral(App& app) { return *static_cast<TourCentral*>(app.flow().central()); }

// Identified as someone else: a keyed-in number with no records and no snapshot.
void identifyStranger(App& app) {
    Identity id;
    id.source = IdentitySource::KeyedIn;
    id.idNumber = Personal("330106199003070014");
    app.flow().identify(std::move(id));
}

// The assistance flow's scanner in the tour: pages come from the step that
// asks for them (no OCR, no files), so every state of the documents step
// can be shown at once.
class TourCapture : public DocumentCapture {
public:
    void prepare() override {}
    bool capture(DocumentKind, Callbacks callbacks) override {
        callbacks_ = std::move(callbacks);
        return true;
    }
    void cancel() override {}
    bool busy() const override { return static_cast<bool>(callbacks_.onDone); }
    void progress(CaptureProgress p) {
        if (callbacks_.onProgress) callbacks_.onProgress(p);
    }
    void deliver(Result<CapturedPage, std::string> r) {
        auto done = std::move(callbacks_.onDone);
        callbacks_ = {};
        if (done) done(std::move(r));
    }
    // A medical bill as the OCR would read it; `doubtful`: the ID number
    // misread by one character, with the correction to confirm.
    static CapturedPage bill(bool doubtful) {
        CapturedPage page;
        page.reading.document.kind = DocumentKind::MedicalBill;
        page.reading.stored.mimeType = "image/jpeg";
        page.reading.stored.bytes = {0xFF, 0xD8, 0xFF, 0xD9};
        auto add = [&](FieldId id, const char* value, float confidence) {
            ExtractedField f;
            f.id = id;
            f.value = Personal(value);
            f.confidence = confidence;
            page.reading.document.fields.push_back(std::move(f));
        };
        add(FieldId::Hospital, doubtful ? "浙江大学医学院附属第一医院" : "杭州市第一人民医院", 88);
        add(FieldId::PatientName, "张三", 64);
        add(FieldId::IdNumber, doubtful ? "11O10519491231002X" : "11010519491231002X", doubtful ? 40 : 90);
        if (doubtful) {
            page.reading.document.fields.back().valid = false;
            page.reading.document.fields.back().suggestion = Personal("11010519491231002X");
        }
        add(FieldId::Total, doubtful ? "11846.00" : "4926.00", 93);
        add(FieldId::SelfPaid, doubtful ? "4739.00" : "1971.00", 91);
        // A page preview: white paper with a title and lines of text.
        PageImage& p = page.preview;
        p.width = 170, p.height = 240, p.channels = 1;
        p.pixels.assign(static_cast<size_t>(p.width * p.height), 250);
        for (int y = 20; y < 228; y += (y < 40 ? 24 : 14))
            for (int x = (y < 40 ? 40 : 16); x < (y < 40 ? 130 : 150 - (y * 7) % 40); ++x)
                for (int dy = 0; dy < (y < 40 ? 8 : 5); ++dy) p.pixels[static_cast<size_t>((y + dy) * p.width + x)] = 60;
        return page;
    }

private:
    Callbacks callbacks_;
};

// One for the whole tour: the assistance flow keeps a pointer to it across
// the tour's sessions (runTour hands it over instead of the real scanner).
TourCapture& tourCapture() {
    static TourCapture capture;
    return capture;
}

std::vector<TourStep> tourSteps() {
    auto demoIdentity = [](App& app) {
        Identity id;
        id.source = IdentitySource::Demo;
        id.name = Personal("张三");
        id.idNumber = Personal("11010519491231002X");
        app.flow().identify(std::move(id));
    };
    std::vector<TourStep> steps = {
        {"attract", [](App&) {}},
        // Demo mode adds a badge and the demo card buttons; the layout check sees them here.
        {"attract-demo", [](App& app) { app.config().demo = true; }},
        {"identify-demo", [](App& app) { app.flow().start(); }},
        {"identify", [](App& app) {
             app.config().demo = false;
             app.flow().endSession();
             app.flow().start();
         }},
        {"identify-card-expired", [](App& app) { app.flow().refuseCard(i18nKey("identify.card_expired")); }},
        {"id-entry", [](App& app) {
             // Keying a number in is staff's job (assisted mode), unless the bureau allows residents.
             app.flow().beginAssisted("00000017");
             app.flow().chooseKeyIn();
             for (char c : std::string("33010619900101121")) app.flow().keypadPress(c);
         }},
        {"id-entry-error", [](App& app) {
             app.flow().keypadPress('9');
             app.flow().submitKeyedNumber();
         }},
        {"menu", [demoIdentity](App& app) {
             app.flow().endSession();  // the assisted key-in above was staff's; the menu is the resident's
             demoIdentity(app);
         }},
        {"menu-unavailable", [](App& app) { app.config().service(ServiceId::Marriage).enabled = false; }},
    };
    for (ServiceId id : kAllServices) {
        steps.push_back({nullptr, [id](App& app) {
                             app.config().service(ServiceId::Marriage).enabled = true;
                             app.flow().home();
                             app.flow().chooseService(id);
                         }});
    }
    // balances
    steps.push_back({"balances", [demoIdentity](App& app) {
                         tourCentral(app).setOnline(true);
                         demoIdentity(app);
                         app.flow().chooseService(ServiceId::Balances);
                     }});
    steps.push_back({"balance-detail", [](App& app) { app.flow().services().balances.select(0); }});
    steps.push_back({"balances-offline-snapshot", [](App& app) {
                         tourCentral(app).setOnline(false);
                         app.flow().home();
                         app.flow().chooseService(ServiceId::Balances);
                     }});
    steps.push_back({"balances-offline-none", [](App& app) {
                         identifyStranger(app);
                         app.flow().chooseService(ServiceId::Balances);
                     }});
    steps.push_back({"balances-no-records", [](App& app) {
                         tourCentral(app).setOnline(true);
                         tourCentral(app).failNextQuery(404);
                         app.flow().services().balances.retry();
                     }});
    // assistance
    {
        TourCapture* capture = &tourCapture();
        auto a = [](App& app) -> AssistanceFlow& { return app.flow().services().assistance; };
        auto key = [a](App& app, const std::string& text) {
            for (char c : text) a(app).keypadPress(c);
        };
        steps.push_back({"assist-needs-card", [](App& app) {
                             tourCentral(app).setOnline(true);
                             identifyStranger(app);
                             app.flow().chooseService(ServiceId::Assistance);
                         }});
        // Consent and what to bring come first; declining with nothing entered just explains.
        steps.push_back({"assist-consent", [demoIdentity](App& app) {
                             demoIdentity(app);
                             app.flow().chooseService(ServiceId::Assistance);
                         }});
        steps.push_back({"assist-consent-declined", [a](App& app) { a(app).declineConsent(); }});
        steps.push_back({"assist-type", [a](App& app) { a(app).giveConsent(); }});
        steps.push_back({"assist-member-error", [a, key](App& app) {
                             a(app).chooseType(AssistanceType::Yiliao);
                             a(app).openMemberPanel();
                             key(app, "330106195202022021");  // a wrong check digit
                             a(app).chooseRelation(Relation::Spouse);
                             a(app).addMember();
                         }});
        steps.push_back({"assist-household", [a, key](App& app) {
                             a(app).closeMemberPanel();
                             IdCard card;
                             card.name = Personal("李桂兰");
                             card.idNumber = Personal("330106195202022025");
                             a(app).takeCard(card);
                             a(app).chooseRelation(Relation::Spouse);
                             a(app).addMember();
                             a(app).openMemberPanel();
                             key(app, "330106198003033032");
                             a(app).chooseRelation(Relation::Child);
                             a(app).addMember();
                         }});
        steps.push_back({"assist-income-error", [a, key](App& app) {
                             a(app).householdDone();
                             a(app).focusField(AssistanceFlow::Field::Income);
                             key(app, "1800.555");
                             a(app).focusField(AssistanceFlow::Field::Phone);
                             key(app, "1381234");
                             a(app).incomeDone();
                         }});
        steps.push_back({"assist-assets", [a, key](App& app) {
                             a(app).focusField(AssistanceFlow::Field::Income);
                             a(app).keypadBackspace();
                             a(app).focusField(AssistanceFlow::Field::Phone);
                             key(app, "5678");
                             a(app).incomeDone();
                             a(app).answerHousing(false);
                             a(app).answerVehicles(true);
                             a(app).answerDeposits(true);
                             key(app, "35000");
                         }});
        steps.push_back({"assist-reason", [a](App& app) {
                             a(app).assetsDone();
                             a(app).toggleReason(AssistanceReason::Illness);
                             a(app).toggleReason(AssistanceReason::JobLoss);
                         }});
        steps.push_back({"assist-documents-scan-error", [a, capture](App& app) {
                             a(app).reasonDone();
                             a(app).scan();
                             capture->deliver(std::string(scanErrorKey(ScanError::Jammed)));
                         }});
        steps.push_back({"assist-documents-reading", [a, capture](App& app) {
                             a(app).dismissScanError();
                             a(app).scan();
                             capture->progress({CaptureStage::Reading, 0.6});
                         }});
        steps.push_back({"assist-page-confirm", [capture](App&) { capture->deliver(TourCapture::bill(true)); }});
        steps.push_back({"assist-page-edit", [a, key](App& app) {
                             a(app).acceptSuggestion(2);
                             a(app).editField(3);
                             a(app).keypadClear();
                             key(app, "11846");
                         }});
        steps.push_back({"assist-documents", [a, capture](App& app) {
                             a(app).applyFieldEdit();
                             a(app).confirmPage();
                             a(app).scan();
                             capture->deliver(TourCapture::bill(false));
                             a(app).confirmPage();
                         }});
        steps.push_back({"assist-sign", [a](App& app) {
                             a(app).documentsDone();
                             // A signature: a few loops across the line.
                             a(app).strokeBegin(0.15f, 0.6f);
                             for (int i = 1; i <= 40; ++i)
                                 a(app).strokeTo(0.15f + 0.017f * static_cast<float>(i),
                                                 0.6f - 0.25f * static_cast<float>((i % 8) < 4 ? (i % 4) : 4 - (i % 4)) / 4.0f);
                         }});
        steps.push_back({"assist-review", [a](App& app) { a(app).signDone(); }});
        // Declining from the review, with everything entered: asked first.
        steps.push_back({"assist-decline-asks", [a](App& app) {
                             a(app).change(ScreenId::AssistConsent);
                             a(app).declineConsent();
                         }});
        steps.push_back({"assist-receipt-queued", [a](App& app) {
                             app.flow().answerConfirmation(false);  // keep it
                             a(app).giveConsent();                  // back to the review
                             tourCentral(app).setOnline(false);
                             a(app).submit();
                             app.runQueue().drain();
                         }});
        steps.push_back({"assist-receipt-sent", [a](App& app) {
                             tourCentral(app).setOnline(true);
                             a(app).refreshSubmission(1e12);  // now, not in a second
                             app.runQueue().drain();
                         }});
    }
    // marriage
    {
        // A fixed "today" so the calendar matches the canned December slots.
        auto marriageFor = [demoIdentity](App& app, bool online) {
            tourCentral(app).setOnline(online);
            demoIdentity(app);
            app.flow().services().marriage.setToday(std::chrono::year(2026) / std::chrono::November / std::chrono::day(30));
            app.flow().chooseService(ServiceId::Marriage);
        };
        auto keyPartner = [](App& app, const char* number) {
            MarriageFlow& m = app.flow().services().marriage;
            m.chooseKeyInPartner();
            m.partnerClear();
            for (const char* c = number; *c; ++c) m.partnerKey(*c);
            m.submitPartnerNumber();
        };
        auto keyPhone = [](App& app, const char* digits) {
            MarriageFlow& m = app.flow().services().marriage;
            m.phoneClear();
            for (const char* c = digits; *c; ++c) m.phoneKey(*c);
            m.submitPhone();
        };
        auto m = [](App& app) -> MarriageFlow& { return app.flow().services().marriage; };
        const auto dec2 = std::chrono::year(2026) / std::chrono::December / std::chrono::day(2);
        steps.push_back({"marriage", [marriageFor](App& app) { marriageFor(app, true); }});
        steps.push_back({"marriage-partner-number-error", [m, keyPartner](App& app) {
                             m(app).startBooking();
                             keyPartner(app, "11010519491231002X");  // the resident's own number
                         }});
        steps.push_back({"marriage-partner", [keyPartner](App& app) { keyPartner(app, "330106199003070014"); }});
        steps.push_back({"marriage-office", [m](App& app) { m(app).continueToOffices(); }});
        steps.push_back({"marriage-date", [m](App& app) { m(app).chooseOffice(2); }});
        steps.push_back({"marriage-slot", [m, dec2](App& app) { m(app).chooseDate(dec2); }});
        steps.push_back({"marriage-phone-error", [m, keyPhone](App& app) {
                             m(app).chooseSlot("09:00-10:00");
                             keyPhone(app, "139123");
                         }});
        steps.push_back({"marriage-confirm", [keyPhone](App& app) { keyPhone(app, "13912345678"); }});
        steps.push_back({"marriage-confirmed", [m](App& app) { m(app).confirm(); }});
        steps.push_back({"marriage-offices-offline", [m, marriageFor, keyPartner](App& app) {
                             app.flow().home();
                             marriageFor(app, false);
                             m(app).startBooking();
                             keyPartner(app, "330106199003070014");
                             m(app).continueToOffices();
                         }});
        steps.push_back({"marriage-date-offline", [m](App& app) { m(app).chooseOffice(2); }});
        steps.push_back({"marriage-slot-offline", [m, dec2](App& app) {
                             m(app).chooseDate(dec2);
                             m(app).chooseSlot("09:00-10:00");
                             m(app).chooseSlot("10:00-11:00");
                         }});
        steps.push_back({"marriage-confirm-offline", [m, keyPhone](App& app) {
                             m(app).continueFromSlots();
                             keyPhone(app, "13912345678");
                         }});
        steps.push_back({"marriage-queued", [m](App& app) { m(app).confirm(); }});
        steps.push_back({"marriage-earlier-answer", [marriageFor](App& app) {
                             app.flow().home();
                             marriageFor(app, true);  // the centre answered the queued request
                         }});
        steps.push_back({"marriage-lookup-not-found", [m](App& app) {
                             m(app).openLookup();
                             m(app).lookupClear();
                             for (char c : std::string("999")) m(app).lookupKey(c);
                             m(app).submitLookup();
                         }});
        steps.push_back({"marriage-booking", [m](App& app) {
                             m(app).lookupClear();
                             for (char c : std::string("123")) m(app).lookupKey(c);
                             m(app).submitLookup();
                         }});
        steps.push_back({"marriage-cancel", [m](App& app) { m(app).askCancel(); }});
        steps.push_back({"marriage-cancelled", [m](App& app) { m(app).confirmCancel(); }});
    }
    // status (its first screen is the "service-status" step above)
    {
        // A signing key of the tour's own stands in for the centre's: the
        // kiosk checks codes with the keys it holds, so this one is configured.
        auto key = std::make_shared<CodeSigningKey>(CodeSigningKey::generate());
        auto receiptCode = [key] { return key->sign({CodeKind::ApplicationReceipt, "SA-20261120-000042", 4102444800, {}}); };
        auto status = [](App& app) -> StatusFlow& { return app.flow().services().status; };
        auto scan = [](App& app, std::string text) {
            app.flow().services().status.takeCode(ScannedCode{Personal(std::move(text)), CodeSource::Camera, {}});
            // The key lookup and then the centre's answer come through the run queue.
            for (int i = 0; i < 3; ++i) app.runQueue().drain();
        };
        steps.push_back({"status-scan", [demoIdentity, status, key](App& app) {
                             tourCentral(app).setOnline(true);
                             demoIdentity(app);
                             app.flow().setCodeKeys({key->publicKey()});
                             app.flow().chooseService(ServiceId::Status);
                             status(app).chooseScan();
                         }});
        steps.push_back({"status-scan-tampered", [scan, receiptCode](App& app) {
                             std::string code = receiptCode();
                             code.replace(code.find("000042"), 6, "000043");  // another number, the same signature
                             scan(app, code);
                         }});
        steps.push_back({"status-detail-print-failed", [scan, receiptCode, status](App& app) {
                             status(app).scanAgain();
                             scan(app, receiptCode());
                             // Out of paper: the slip's QR code goes on the screen instead.
                             const StatusItem* item = status(app).shown();
                             if (!item) return;
                             app.flow().requestPrint(statusReceipt(app.strings(), *item, status(app).shownCode(), ""));
                             app.flow().takePrintRequest();
                             app.flow().setPrintState(PrintState::Failed, i18nKey("printer.error.paper_out"));
                         }});
        steps.push_back({"status-list", [status](App& app) {
                             app.flow().home();
                             app.flow().chooseService(ServiceId::Status);
                             status(app).chooseList();
                             app.runQueue().drain();
                         }});
        steps.push_back({"status-list-offline", [status](App& app) {
                             tourCentral(app).setOnline(false);
                             app.flow().home();
                             app.flow().chooseService(ServiceId::Status);
                             status(app).chooseList();
                             app.runQueue().drain();
                         }});
    }
    // staff (sign-in, home, outbox, reprints, assisted mode)
    {
        auto key = std::make_shared<CodeSigningKey>(CodeSigningKey::generate());
        auto staff = [](App& app) -> StaffFlow& { return app.flow().staff(); };
        auto showCard = [key, staff](App& app, bool tampered) {
            app.flow().setCodeKeys({key->publicKey()});
            std::string card = key->sign({CodeKind::StaffCard, "00000017", 4102444800, {}});
            if (tampered) card.replace(card.find("00000017"), 8, "00000018");
            staff(app).takeCode(card);
            app.runQueue().drain();  // the key lookup
        };
        auto keyPin = [staff](App& app, const std::string& pin) {
            for (char c : pin) staff(app).pinPress(c);
        };
        steps.push_back({"staff-card-refused", [showCard](App& app) { showCard(app, true); }});
        steps.push_back({"staff-pin", [showCard, keyPin](App& app) {
                             showCard(app, false);
                             keyPin(app, "246800");
                         }});
        steps.push_back({"staff-pin-wrong", [staff](App& app) {
                             staff(app).submitPin();
                             app.runQueue().drain();
                         }});
        steps.push_back({"staff-pin-locked", [staff, keyPin](App& app) {
                             keyPin(app, "000000");
                             staff(app).submitPin();
                             app.runQueue().drain();
                         }});
        steps.push_back({"staff-home", [staff, keyPin](App& app) {
                             keyPin(app, "246810");
                             staff(app).submitPin();
                             app.runQueue().drain();
                         }});
        steps.push_back({"staff-outbox", [staff](App& app) {
                             staff(app).openOutbox();
                             app.runQueue().drain();
                         }});
        steps.push_back({"staff-receipts", [staff](App& app) {
                             staff(app).showHome();
                             staff(app).openReceipts();
                             app.runQueue().drain();
                         }});
        steps.push_back({"staff-assisted", [staff](App& app) {
                             staff(app).showHome();
                             staff(app).assistResident();
                         }});
        steps.push_back({"staff-assisted-id-entry", [](App& app) {
                             app.flow().chooseKeyIn();
                             for (char c : std::string("11010519491231002")) app.flow().keypadPress(c);
                         }});
    }
    // maintenance (a maintainer; the kiosk's parts canned by TourMaintenanceProbe)
    {
        auto m = [](App& app) -> MaintenanceFlow& { return app.flow().maintenance(); };
        auto probe = [](App& app) -> TourMaintenanceProbe& {
            return *static_cast<TourMaintenanceProbe*>(app.flow().maintenance().probe());
        };
        // A fresh overview for the next test (not Back: backs in quick
        // succession would look like a struggling resident to the next pass).
        auto toOverview = [m](App& app) {
            m(app).begin(StaffMember{"00000042", "陈工（运维）", StaffRole::Maintainer});
            app.runQueue().drain();
        };
        steps.push_back({"maint-overview", [m, probe](App& app) {
                             app.flow().endSession();
                             probe(app).setTrouble(false);
                             m(app).begin(StaffMember{"00000042", "陈工（运维）", StaffRole::Maintainer});
                             app.runQueue().drain();
                         }});
        steps.push_back({"maint-overview-trouble", [m, probe](App& app) {
                             probe(app).setTrouble(true);  // offline, items refused, reader unplugged, disk low
                             m(app).refresh();
                             app.runQueue().drain();
                         }});
        steps.push_back({"maint-card", [m, probe](App& app) {
                             probe(app).setTrouble(false);
                             m(app).openCardTest();
                             IdCard card;
                             card.idNumber = Personal("11010519491231002X");
                             m(app).takeCard(card);
                         }});
        steps.push_back({"maint-code", [m, toOverview](App& app) {
                             toOverview(app);
                             m(app).openCodeTest();
                             app.runQueue().drain();  // the camera's picture and decode time
                             m(app).takeCode(ScannedCode{Personal("KC1.B.tour.MB-000123.4102444800.sig"), CodeSource::Camera, {}});
                         }});
        steps.push_back({"maint-scanner-jammed", [m, probe, toOverview](App& app) {
                             toOverview(app);
                             m(app).openScannerTest();
                             probe(app).failNext(true);
                             m(app).scanPage();
                             app.runQueue().drain();
                         }});
        steps.push_back({"maint-scanner", [m](App& app) {
                             m(app).scanPage();
                             app.runQueue().drain();
                         }});
        steps.push_back({"maint-printer-failed", [m, probe, toOverview](App& app) {
                             toOverview(app);
                             m(app).openPrinterTest();
                             probe(app).failNext(true);
                             m(app).printTestReceipt(m(app).testReceipt(app.strings()));
                             app.runQueue().drain();
                         }});
        steps.push_back({"maint-printer", [m](App& app) {
                             m(app).printTestReceipt(m(app).testReceipt(app.strings()));
                             app.runQueue().drain();
                         }});
        steps.push_back({"maint-export", [m, toOverview](App& app) {
                             toOverview(app);
                             m(app).openExport();
                             app.runQueue().drain();
                             m(app).exportTo(0);
                             app.runQueue().drain();
                         }});
        steps.push_back({"maint-export-read-only", [m](App& app) {
                             m(app).exportTo(1);
                             app.runQueue().drain();
                         }});
        steps.push_back({"maint-display", [m, toOverview](App& app) {
                             toOverview(app);
                             m(app).openDisplay();
                             m(app).setOrientation(Orientation::Portrait);
                             app.runQueue().drain();
                         }});
        // A panel that reports touches 18 px right of and 12 px below the finger.
        auto tapTargets = [m](App& app, int count) {
            const float w = static_cast<float>(app.platform().width()), h = static_cast<float>(app.platform().height());
            for (int i = 0; i < count && m(app).capturingTouch(); ++i) {
                const auto f = MaintenanceFlow::calibrationTarget(m(app).calibrationIndex());
                m(app).calibrationTap(f.x * w + 18, f.y * h + 12, f.x * w, f.y * h, w, h);
            }
        };
        steps.push_back({"maint-calibrate", [m, tapTargets](App& app) {
                             m(app).startCalibration();
                             tapTargets(app, 2);
                         }});
        steps.push_back({"maint-calibrate-result", [tapTargets](App& app) {
                             tapTargets(app, MaintenanceFlow::kCalibrationTargets);
                         }});
        steps.push_back({"maint-services", [m, toOverview](App& app) {
                             toOverview(app);
                             m(app).openServices();
                             m(app).toggleService(ServiceId::Marriage);  // the next pass restores the config's
                         }});
    }
    steps.push_back({"done", [demoIdentity](App& app) {
                         app.flow().endSession();  // the staff sign-in above ends
                         tourCentral(app).setOnline(true);
                         demoIdentity(app);
                         app.flow().showResult(ScreenId::Done);
                     }});
    steps.push_back({"timeout-warning", [](App& app) {
                         // Move the inactivity timer into its warning phase by
                         // shortening the limits rather than waiting.
                         app.inactivity().setLimits(std::chrono::seconds(0), std::chrono::seconds(30));  // a countdown as a resident sees it
                     }});
    return steps;
}

// What the frame drew, for the layout check (tests/layout): every text
// (string, ink box, font size, cut or not) and every touch target, the
// header and footer bands, and the panel's pixels per millimetre.
bool writeLayout(App& app, const std::string& path, const std::string& screen, int w, int h) {
    using nlohmann::json;
    auto rect = [](ImVec2 a, ImVec2 b) { return json::array({a.x, a.y, b.x, b.y}); };
    const LayoutRecord& r = app.layoutRecord();
    json texts = json::array(), targets = json::array();
    for (const DrawnText& t : r.texts)
        texts.push_back({{"text", t.text}, {"rect", rect(t.min, t.max)}, {"fontSize", t.fontSize}, {"clipped", t.clipped},
                         {"ellipsis", t.ellipsis}, {"scrolled", t.scrolled}, {"owner", t.owner},
                         {"band", bandName(t.band)}, {"missingGlyphs", t.missing}});
    for (const auto& [id, t] : app.targets())
        targets.push_back({{"id", id}, {"rect", rect(t.min, t.max)}, {"enabled", t.enabled}, {"band", bandName(t.band)},
                           {"background", t.background}, {"scrolled", t.scrolled}});
    // The configured panel size gives the physical scale (a 21.5" 1920x1080 panel: ~4 px/mm).
    const double pxPerMm = std::hypot(w, h) / (app.config().display.diagonalInches * 25.4);
    json doc = {{"screen", screen},
                {"display", {w, h}},
                {"pxPerMm", pxPerMm},
                {"header", {0, r.headerBottom}},
                {"footer", {r.footerTop, h}},
                {"texts", std::move(texts)},
                {"targets", std::move(targets)}};
    std::ofstream out(path);
    out << doc.dump(1) << "\n";
    return static_cast<bool>(out);
}

// A picture of one colour: nothing was drawn.
bool blank(const Image& image) {
    for (size_t i = 4; i + 3 < image.rgba.size(); i += 4)
        if (image.rgba[i] != image.rgba[0] || image.rgba[i + 1] != image.rgba[1] || image.rgba[i + 2] != image.rgba[2]) return false;
    return true;
}

}  // namespace

int runTour(const KioskConfig& config, const std::string& assetsDir, const std::string& dir, const std::string& only) {
    std::filesystem::create_directories(dir);
    // Pictures of an earlier tour would mix with this one's (steps renumber
    // as flows grow): remove them, and only them.
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        const bool ours = name.rfind("landscape-", 0) == 0 || name.rfind("portrait-", 0) == 0;
        const bool picture = entry.path().extension() == ".png" || name.ends_with(".layout.json");
        if (ours && picture && (only.empty() || name.find(only) != std::string::npos))
            std::filesystem::remove(entry.path(), ec);
    }
    // The tour shows the voice controls but never speaks: SDL's dummy audio
    // driver takes the prompts and discards them.
    setenv("SDL_AUDIODRIVER", "dummy", 1);
    struct Orientation { const char* name; int w, h; };
    const Orientation orientations[] = {{"landscape", 1920, 1080}, {"portrait", 1080, 1920}};
    SystemClock clock;
    int written = 0;
    struct Mode { const char* suffix; Accessibility a; };
    const Mode modes[] = {{"", {false, false}}, {"-large", {true, false}}, {"-contrast", {false, true}}};
    // Whether a pass names any picture `only` asks for (the service steps are
    // named after the services, in their order).
    const size_t stepCount = tourSteps().size();
    std::vector<std::string> stepNames;
    {
        size_t service = 0;
        for (auto& step : tourSteps())
            stepNames.push_back(step.name ? step.name : "service-" + std::string(serviceName(kAllServices[service++])));
    }
    auto passMatches = [&](const std::string& prefix) {
        if (only.empty()) return true;
        for (size_t i = 0; i < stepCount; ++i) {
            char number[32];
            snprintf(number, sizeof number, "%02zu-", i + 1);
            if ((prefix + number + stepNames[i]).find(only) != std::string::npos) return true;
        }
        return false;
    };
    auto prefixOf = [](const Orientation& o, Language lang, const Mode& mode) {
        return std::string(o.name) + "-" + std::string(languageTag(lang)) + mode.suffix + "-";
    };
    for (auto& o : orientations) {
        bool wanted = false;
        for (const Mode& mode : modes)
            for (Language lang : kAllLanguages) wanted |= passMatches(prefixOf(o, lang, mode));
        if (!wanted) continue;
        App app(config, clock);
        app.keepLayoutTexts(true);
        PlatformOptions options;
        options.width = o.w;
        options.height = o.h;
        options.offscreen = true;
        if (auto err = app.start(assetsDir, options)) {
            KLOG_ERROR("tour: cannot start the app: {}", *err);
            return -1;
        }
        TourCentral central(app.runQueue(), assetsDir + "/demo/tour");
        app.flow().setCentral(&central);
        TourStaffDesk staffDesk(app.runQueue());
        app.flow().setStaffDesk(&staffDesk);
        TourMaintenanceProbe maintenanceProbe(app.runQueue(), app.config());  // maintenance
        app.flow().maintenance().setProbe(&maintenanceProbe);
        // Scanned pages in the tour come from its steps, not from the OCR.
        app.flow().services().assistance.setDocumentCapture(&tourCapture());
        for (const Mode& mode : modes)
        for (Language lang : kAllLanguages) {
            if (!passMatches(prefixOf(o, lang, mode))) continue;
            app.flow().endSession();
            app.config().services = config.services;  // maintenance: a service switched off in a pass comes back
            app.inactivity().setLimits(std::chrono::seconds(app.config().session.inactivitySeconds),
                                       std::chrono::seconds(app.config().session.warningSeconds));
            app.inactivity().touch();
            int index = 0;
            for (auto& step : tourSteps()) {
                step.enter(app);
                app.flow().setLanguage(lang);
                app.flow().setLargeText(mode.a.largeText);
                app.flow().setHighContrast(mode.a.highContrast);
                std::string name = step.name ? step.name
                                             : "service-" + std::string(serviceName(*app.flow().data().service));
                char prefix[96];
                snprintf(prefix, sizeof prefix, "%s-%s%s-%02d-", o.name, std::string(languageTag(lang)).c_str(), mode.suffix,
                         ++index);
                const std::string base = dir + "/" + prefix + name;
                // Two frames: the first lays out (and asks for missing glyphs), the second is what a person sees.
                app.frame();
                if (!only.empty() && (std::string(prefix) + name).find(only) == std::string::npos) continue;
                Image image;
                app.frame(nullptr, &image);
                std::string path = base + ".png";
                if (image.width != o.w || image.height != o.h) {
                    KLOG_ERROR("tour: {} rendered at {}x{}, expected {}x{}", path, image.width, image.height, o.w, o.h);
                    return -1;
                }
                if (blank(image)) {
                    KLOG_ERROR("tour: {} is blank (one colour)", path);
                    return -1;
                }
                if (!image.writePng(path)) {
                    KLOG_ERROR("tour: cannot write {}", path);
                    return -1;
                }
                if (!writeLayout(app, base + ".layout.json", prefix + name, o.w, o.h)) {
                    KLOG_ERROR("tour: cannot write {}.layout.json", base);
                    return -1;
                }
                ++written;
            }
        }
        app.flow().endSession();
    }
    return written;
}

}  // namespace kiosk
