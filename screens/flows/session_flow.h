#pragma once
// The session flow: which screen a resident is on and what the session has
// gathered so far. A plain state machine, no ImGui: views call its intents
// (start, chooseService, back, ...) and draw from its state; tests drive it
// directly.
//
//   Attract -> Identify -> (IdEntry) -> Menu -> <a service's screens> -> Done -> Attract
//
// UI thread only.
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "kiosk/core/central_api.h"
#include "kiosk/core/clock.h"
#include "kiosk/core/config.h"
#include "kiosk/core/id_number.h"
#include "kiosk/core/receipt.h"
#include "kiosk/core/session_data.h"
#include "kiosk/core/signed_code.h"
#include "kiosk/core/staff_desk.h"
#include "kiosk/core/time_floor.h"

namespace kiosk {

// Presentation choices a resident makes for their session; reset when it ends.
struct Accessibility {
    bool largeText = false;     // 1.5x text, bigger targets, longer timeouts
    bool highContrast = false;  // the 7:1 theme
    int volume = 70;            // voice guidance, 0..100
};

// Every screen. A service flow adds its screens in its own block.
enum class ScreenId {
    Attract,
    Identify,
    IdEntry,
    Menu,
    Done,
    // balances
    BalancesList,
    BalanceDetail,
    // assistance
    AssistType,
    AssistHousehold,
    AssistIncome,
    AssistAssets,
    AssistReason,
    AssistDocuments,
    AssistConsent,
    AssistSign,
    AssistReview,
    AssistReceipt,
    // marriage
    MarriageStart,
    MarriagePartner,
    MarriagePartnerNumber,
    MarriageOffice,
    MarriageDate,
    MarriageSlot,
    MarriagePhone,
    MarriageConfirm,
    MarriageResult,
    MarriageLookup,
    MarriageBooking,
    MarriageCancel,
    // status
    StatusStart,
    StatusScan,
    StatusList,
    StatusDetail,
    // staff
    StaffPin,
    StaffHome,
    StaffOutbox,
    StaffReceipts,
    // maintenance
    MaintOverview,
    MaintCardTest,
    MaintCodeTest,
    MaintScannerTest,
    MaintPrinterTest,
    MaintExport,
    MaintDisplay,
    MaintCalibrate,
    MaintServices,
    Count  // not a screen
};
inline constexpr int kScreenCount = static_cast<int>(ScreenId::Count);
const char* screenName(ScreenId id);  // "attract", ... for targets and tour files

// The step bar: labels (i18n keys) and the current one (-1: no bar).
struct StepBar {
    std::vector<const char*> labels;
    int current = -1;
    bool empty() const { return labels.empty(); }
};

class ServiceFlow;
struct ServiceFlows;
class StaffFlow;
class MaintenanceFlow;

// A question before something that cannot be undone (cancelling a booking,
// leaving a half-filled application): the screen host shows it over the
// current screen with two large answers. Keys are i18n keys.
struct Confirmation {
    const char* titleKey = nullptr;
    const char* detailKey = nullptr;
    const char* confirmKey = nullptr;  // the irreversible answer
    const char* cancelKey = nullptr;   // the safe answer (also what a timeout means)
    std::function<void()> onConfirm;
};

class SessionFlow {
public:
    static constexpr size_t kMaxKeypadDigits = 18;

    explicit SessionFlow(const KioskConfig& config);
    ~SessionFlow();
    SessionFlow(const SessionFlow&) = delete;
    SessionFlow& operator=(const SessionFlow&) = delete;

    // The resident services' flows (balances, ...), wiped with the session.
    ServiceFlows& services() { return *services_; }
    const ServiceFlows& services() const { return *services_; }
    // The central service, set by the app (null: every service is offline).
    void setCentral(CentralApi* api) { central_ = api; }
    CentralApi* central() const { return central_; }
    // Staff sign-in, audit log, outbox and receipt journal, set by the app
    // (null: no store, staff functions are unavailable).
    void setStaffDesk(StaffDesk* desk) { staffDesk_ = desk; }
    StaffDesk* staffDesk() const { return staffDesk_; }
    // The kiosk's one clock, set by the app (tests set a ManualClock and jump
    // it); the system clock until then. Every flow reads time through it.
    // `clock` must outlive this flow.
    void setClock(const Clock& clock);
    const Clock& clock() const { return *clock_; }
    // The trusted lower bound on now (kiosk/core/time_floor.h) that expiries
    // are judged by (ID cards, signed codes): the app's, which its fleet
    // agent feeds with the centre's time; until set, a floor of its own on
    // this flow's clock (setClock makes a new one). `floor` must outlive
    // this flow and run on the same clock.
    void setTimeFloor(const TimeFloor& floor) { sharedFloor_ = &floor; }
    const TimeFloor& timeFloor() const { return sharedFloor_ ? *sharedFloor_ : *ownFloor_; }
    // Bumped whenever the session ends: a reply that was asked for in an
    // earlier session compares its generation and drops itself.
    int generation() const { return generation_; }
    // Hall staff: sign-in, assisted mode, outbox, reprints (staff_flow.h).
    StaffFlow& staff() { return *staff_; }
    const StaffFlow& staff() const { return *staff_; }
    // Maintenance mode for a signed-in maintainer (maintenance_flow.h).
    MaintenanceFlow& maintenance() { return *maintenance_; }
    const MaintenanceFlow& maintenance() const { return *maintenance_; }
    // The staff member helping this resident ("" = the resident alone).
    const std::string& assistedBy() const { return data_.assistedBy; }
    // Keying in an ID number: with staff help, or where the bureau allows
    // residents to do it themselves ([identity] resident_key_in).
    bool keyInAllowed() const { return config_.identity.residentKeyIn || !data_.assistedBy.empty(); }
    // The central code-signing keys from the config (signed codes are also
    // checked with the keys the sync engine fetched).
    void setCodeKeys(std::vector<CodePublicKey> keys) { codeKeys_ = std::move(keys); }
    const std::vector<CodePublicKey>& codeKeys() const { return codeKeys_; }
    // Every code-signing key the kiosk holds: the configured ones plus the
    // centre's that the sync engine fetched (a cached reference). `done`
    // runs on the UI thread, at once when there is no central service.
    void knownCodeKeys(std::function<void(std::vector<CodePublicKey>)> done) const;
    // The service flow that owns the current screen, or null.
    ServiceFlow* currentServiceFlow() const;

    ScreenId current() const { return current_; }
    Language language() const { return language_; }
    const SessionData& data() const { return data_; }
    bool canGoBack() const { return !history_.empty(); }
    bool serviceEnabled(ServiceId id) const { return config_.service(id).enabled; }
    const ServiceConfig& serviceConfig(ServiceId id) const { return config_.service(id); }
    bool demo() const { return config_.demo; }
    // fleet: a maintainer's notice for the attract screen ("" = none).
    const std::string& notice() const { return config_.notice; }

    // Step indicator of the session (0-based); Attract has none.
    int step() const;
    static constexpr int kStepCount = 4;
    // What the step bar shows: the service flow's own steps inside a flow
    // that has them, else the session's four.
    StepBar stepBar() const;

    const Accessibility& accessibility() const { return accessibility_; }
    // How often Back was used this session.
    int backCount() const { return backCount_; }
    // Large text is offered once, at the start of a session: the identify
    // screen and the menu show the offer as part of the page (never as a
    // question over a task) until it is answered, the large-text switch is
    // used or a service is chosen.
    bool largeTextOfferPending() const { return offerPending_; }

    // --- intents -------------------------------------------------------
    void setLanguage(Language lang) { language_ = lang; }
    void setLargeText(bool on);
    void setHighContrast(bool on) { accessibility_.highContrast = on; }
    bool voiceEnabled() const { return config_.voice.enabled; }
    // Voice: replay the current screen's prompt; step the volume low/mid/high.
    void replayPrompt() { ++replayRequests_; }
    int replayRequests() const { return replayRequests_; }
    void cycleVolume();
    // Demo mode: ask the emulated reader to lay the demo card down; the card
    // then arrives through the real driver like any other.
    void requestDemoCard() { ++demoCardRequests_; }
    int demoCardRequests() const { return demoCardRequests_; }
    // A card that was read but cannot be used (expired): stays on Identify
    // with the message (an i18n key).
    void refuseCard(const char* messageKey) { cardMessageKey_ = messageKey; }
    const char* cardMessageKey() const { return cardMessageKey_; }
    void answerLargeTextOffer(bool accept);
    void start();                        // Attract -> Identify
    void chooseKeyIn();                  // Identify -> IdEntry
    void keypadPress(char c);            // '0'-'9' or 'X'; ignores extra digits
    void keypadBackspace();
    void keypadClear();
    // Validates the keyed number; on success identifies and goes to Menu.
    IdNumberError submitKeyedNumber();
    IdNumberError lastEntryError() const { return entryError_; }
    // A verified identity from a card, a code or the demo twin.
    void identify(Identity identity);
    // Opens a service; returns false (and stays) when it is switched off.
    bool chooseService(ServiceId id);
    // A service's last screen: "finished" -> the thank-you page (take your card).
    void finishService();
    // Printing: a flow (or its view) asks for a receipt; the app takes the
    // request, prints it on its printer thread and reports back. When the
    // printer fails, the receipt (with its QR code) stays available to show
    // on screen.
    void requestPrint(Receipt receipt);
    std::optional<Receipt> takePrintRequest();        // the app
    void setPrintState(PrintState state, const char* failureKey = nullptr);  // the app
    PrintState printState() const { return printState_; }
    const char* printFailureKey() const { return printFailureKey_; }  // i18n key when Failed
    const std::optional<Receipt>& lastReceipt() const { return lastReceipt_; }
    // Asks before an irreversible step; onConfirm runs only on "yes".
    void askToConfirm(Confirmation confirmation);
    const std::optional<Confirmation>& pendingConfirmation() const { return confirmation_; }
    void answerConfirmation(bool confirmed);
    // For service flows: show one of their screens (Back returns here) ...
    void show(ScreenId next);
    // ... or a screen that ends the flow (a receipt): Back from it goes to
    // the menu, not into the finished wizard.
    void showResult(ScreenId next);
    void back();
    // Home: the service menu when identified, else the attract screen. From
    // a service with unsaved entries it asks first.
    void home();
    // The thank-you page's "finish": the next resident (with staff signed
    // in, back to the staff home) or the attract screen.
    void finishVisit();
    // Ends the session: wipes its data (a staff sign-in too), back to Attract
    // in the default language.
    void endSession();
    // For the staff flow: a fresh resident state (the last one wiped) on a
    // staff screen with nothing to go back to; and the start of an assisted
    // session (Identify, Back returns to `from`).
    void showStaffScreen(ScreenId screen);
    void beginAssisted(std::string staffNumber);

private:
    void go(ScreenId next);
    void goHome();
    // Where a resident's visit returns to: the staff home while staff are
    // signed in, else the attract screen (the session ends).
    void leaveVisit();
    void resetResidentState();
    // A resident's session begins (Identify, or a card straight from Attract).
    void offerLargeTextOnce();

    const KioskConfig& config_;
    std::unique_ptr<ServiceFlows> services_;
    std::unique_ptr<StaffFlow> staff_;
    std::unique_ptr<MaintenanceFlow> maintenance_;
    std::vector<CodePublicKey> codeKeys_;
    CentralApi* central_ = nullptr;
    StaffDesk* staffDesk_ = nullptr;
    const Clock* clock_;
    std::unique_ptr<TimeFloor> ownFloor_;
    const TimeFloor* sharedFloor_ = nullptr;
    int generation_ = 0;
    std::optional<Confirmation> confirmation_;
    std::optional<Receipt> printRequest_;
    std::optional<Receipt> lastReceipt_;
    PrintState printState_ = PrintState::Idle;
    const char* printFailureKey_ = nullptr;
    StepBar doneBar_;  // the finished service's steps, for the thank-you page
    ScreenId current_ = ScreenId::Attract;
    Language language_;
    SessionData data_;
    IdNumberError entryError_ = IdNumberError::None;
    std::vector<ScreenId> history_;
    Accessibility accessibility_;
    int backCount_ = 0;
    int replayRequests_ = 0;
    int demoCardRequests_ = 0;
    const char* cardMessageKey_ = nullptr;
    bool offerPending_ = false;
    bool offered_ = false;
};

}  // namespace kiosk
