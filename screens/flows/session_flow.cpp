#include "screens/flows/session_flow.h"

#include "kiosk/core/status.h"
#include "kiosk/core/strings.h"
#include "screens/flows/service_flows.h"
#include "screens/flows/staff_flow.h"
#include "screens/flows/maintenance_flow.h"

namespace kiosk {

const char* screenName(ScreenId id) {
    switch (id) {
        case ScreenId::Attract: return "attract";
        case ScreenId::Identify: return "identify";
        case ScreenId::IdEntry: return "id_entry";
        case ScreenId::Menu: return "menu";
        case ScreenId::Done: return "done";
        case ScreenId::BalancesList: return "balances";
        case ScreenId::BalanceDetail: return "balance_detail";
        case ScreenId::AssistType: return "assist_type";
        case ScreenId::AssistHousehold: return "assist_household";
        case ScreenId::AssistIncome: return "assist_income";
        case ScreenId::AssistAssets: return "assist_assets";
        case ScreenId::AssistReason: return "assist_reason";
        case ScreenId::AssistDocuments: return "assist_documents";
        case ScreenId::AssistConsent: return "assist_consent";
        case ScreenId::AssistSign: return "assist_sign";
        case ScreenId::AssistReview: return "assist_review";
        case ScreenId::AssistReceipt: return "assist_receipt";
        // marriage
        case ScreenId::MarriageStart: return "marriage";
        case ScreenId::MarriagePartner: return "marriage_partner";
        case ScreenId::MarriagePartnerNumber: return "marriage_partner_number";
        case ScreenId::MarriageOffice: return "marriage_office";
        case ScreenId::MarriageDate: return "marriage_date";
        case ScreenId::MarriageSlot: return "marriage_slot";
        case ScreenId::MarriagePhone: return "marriage_phone";
        case ScreenId::MarriageConfirm: return "marriage_confirm";
        case ScreenId::MarriageResult: return "marriage_result";
        case ScreenId::MarriageLookup: return "marriage_lookup";
        case ScreenId::MarriageBooking: return "marriage_booking";
        case ScreenId::MarriageCancel: return "marriage_cancel";
        // status
        case ScreenId::StatusStart: return "status";
        case ScreenId::StatusScan: return "status_scan";
        case ScreenId::StatusList: return "status_list";
        case ScreenId::StatusDetail: return "status_detail";
        // staff
        case ScreenId::StaffPin: return "staff_pin";
        case ScreenId::StaffHome: return "staff_home";
        case ScreenId::StaffOutbox: return "staff_outbox";
        case ScreenId::StaffReceipts: return "staff_receipts";
        // maintenance
        case ScreenId::MaintOverview: return "maint_overview";
        case ScreenId::MaintCardTest: return "maint_card";
        case ScreenId::MaintCodeTest: return "maint_code";
        case ScreenId::MaintScannerTest: return "maint_scanner";
        case ScreenId::MaintPrinterTest: return "maint_printer";
        case ScreenId::MaintExport: return "maint_export";
        case ScreenId::MaintDisplay: return "maint_display";
        case ScreenId::MaintCalibrate: return "maint_calibrate";
        case ScreenId::MaintServices: return "maint_services";
        case ScreenId::Count: break;
    }
    return "unknown";
}

SessionFlow::SessionFlow(const KioskConfig& config)
    : config_(config),
      services_(std::make_unique<ServiceFlows>(*this)),
      staff_(std::make_unique<StaffFlow>(*this)),
      maintenance_(std::make_unique<MaintenanceFlow>(*this)),
      clock_(&systemClock()),
      ownFloor_(std::make_unique<TimeFloor>(systemClock())),
      language_(config.defaultLanguage) {
    accessibility_.volume = config.voice.volume;
    // maintenance: the staff home's "maintenance" button (maintainers only).
    staff_->setMaintenanceEntry([this](const StaffMember& m) { maintenance_->begin(m); });
}

SessionFlow::~SessionFlow() = default;

void SessionFlow::setClock(const Clock& clock) {
    clock_ = &clock;
    ownFloor_ = std::make_unique<TimeFloor>(clock);
}

ServiceFlow* SessionFlow::currentServiceFlow() const { return services_->owning(current_); }

StepBar SessionFlow::stepBar() const {
    if (staff_->owns(current_)) return {};  // staff screens are not steps of a visit
    if (maintenance_->owns(current_)) return {};  // nor are maintenance screens
    // Inside a service, its own labelled steps (ending in "done"); the
    // thank-you page after it keeps them, at "done".
    if (const ServiceFlow* f = currentServiceFlow()) {
        StepBar own = f->steps(current_);
        if (!own.empty()) return own;
    }
    if (current_ == ScreenId::Done && !doneBar_.empty()) return doneBar_;
    StepBar bar;
    bar.labels = {i18nKey("step.identify"), i18nKey("step.choose"), i18nKey("step.handle"), i18nKey("step.done")};
    bar.current = step();
    return bar;
}

void SessionFlow::cycleVolume() {
    // Three steps a resident can tell apart; from any level, up, then wrap.
    int& v = accessibility_.volume;
    v = v < 40 ? 60 : v < 75 ? 90 : 30;
}

int SessionFlow::step() const {
    switch (current_) {
        case ScreenId::Attract: return -1;
        case ScreenId::Identify:
        case ScreenId::IdEntry: return 0;
        case ScreenId::Menu: return 1;
        case ScreenId::Done: return 3;
        default: break;
    }
    return currentServiceFlow() ? 2 : -1;
}

void SessionFlow::go(ScreenId next) {
    if (next == current_) return;
    history_.push_back(current_);
    current_ = next;
}

void SessionFlow::start() {
    if (current_ != ScreenId::Attract) return;
    go(ScreenId::Identify);
    offerLargeTextOnce();
}

void SessionFlow::chooseKeyIn() {
    if (current_ != ScreenId::Identify || !keyInAllowed()) return;
    entryError_ = IdNumberError::None;
    go(ScreenId::IdEntry);
}

void SessionFlow::keypadPress(char c) {
    if (current_ != ScreenId::IdEntry) return;
    if (data_.keypadEntry.size() >= kMaxKeypadDigits) return;
    if ((c >= '0' && c <= '9') || c == 'X') data_.keypadEntry.append(c);
    entryError_ = IdNumberError::None;
}

void SessionFlow::keypadBackspace() {
    data_.keypadEntry.popBack();
    entryError_ = IdNumberError::None;
}

void SessionFlow::keypadClear() {
    data_.keypadEntry.wipe();
    entryError_ = IdNumberError::None;
}

IdNumberError SessionFlow::submitKeyedNumber() {
    std::string number = normalizeIdNumber(data_.keypadEntry.reveal());
    entryError_ = validateIdNumber(number);
    if (entryError_ == IdNumberError::None) {
        Identity id;
        id.source = IdentitySource::KeyedIn;
        id.idNumber = Personal(std::move(number));
        data_.keypadEntry.wipe();
        // Who vouched for a keyed number (never the number itself).
        if (!data_.assistedBy.empty()) staff_->audit("keyed-id-number", "original checked");
        identify(std::move(id));
    }
    return entryError_;
}

void SessionFlow::identify(Identity identity) {
    data_.identity = std::move(identity);
    cardMessageKey_ = nullptr;
    // Identification is a fresh start: Back from the menu must not return to
    // the keypad with a number on it.
    history_.clear();
    history_.push_back(ScreenId::Attract);
    current_ = ScreenId::Menu;
    // A card laid on the reader at the attract screen starts the session here.
    offerLargeTextOnce();
}

void SessionFlow::knownCodeKeys(std::function<void(std::vector<CodePublicKey>)> done) const {
    auto combine = [keys = codeKeys_, done = std::move(done)](std::optional<Snapshot> cached) mutable {
        if (cached)
            for (const CodePublicKey& k : parseCodeSigningKeys(cached->body.reveal())) keys.push_back(k);
        done(std::move(keys));
    };
    if (central_) central_->reference("/api/v1/keys/code-signing", std::move(combine));
    else combine(std::nullopt);
}

void SessionFlow::finishVisit() { leaveVisit(); }

void SessionFlow::leaveVisit() {
    if (staff_->signedIn()) staff_->showHome();
    else endSession();
}

bool SessionFlow::chooseService(ServiceId id) {
    if (current_ != ScreenId::Menu || !serviceEnabled(id)) return false;
    data_.service = id;
    printState_ = PrintState::Idle;
    lastReceipt_.reset();
    ServiceFlow* f = services_->forService(id);
    if (!f) return false;
    // The task begins: the offer is not carried into it.
    offerPending_ = false;
    if (!data_.assistedBy.empty()) staff_->audit("assisted-service", std::string(serviceName(id)));
    f->begin();
    return true;
}

void SessionFlow::show(ScreenId next) { go(next); }

void SessionFlow::requestPrint(Receipt receipt) {
    lastReceipt_ = receipt;
    printRequest_ = std::move(receipt);
    printState_ = PrintState::Printing;
    printFailureKey_ = nullptr;
}

std::optional<Receipt> SessionFlow::takePrintRequest() {
    std::optional<Receipt> r = std::move(printRequest_);
    printRequest_.reset();
    return r;
}

void SessionFlow::setPrintState(PrintState state, const char* failureKey) {
    printState_ = state;
    printFailureKey_ = state == PrintState::Failed ? failureKey : nullptr;
}

void SessionFlow::showResult(ScreenId next) {
    history_.clear();
    history_.push_back(ScreenId::Attract);
    history_.push_back(ScreenId::Menu);
    current_ = next;
}

void SessionFlow::finishService() {
    // The service's data is finished with: drop it before the thank-you page.
    if (ServiceFlow* f = currentServiceFlow()) {
        doneBar_ = f->steps(current_);
        doneBar_.current = static_cast<int>(doneBar_.labels.size()) - 1;
        f->wipe();
    }
    showResult(ScreenId::Done);
}

void SessionFlow::offerLargeTextOnce() {
    if (offered_ || accessibility_.largeText) return;
    offered_ = true;
    offerPending_ = true;
}

void SessionFlow::setLargeText(bool on) {
    // Using the switch answers the offer.
    if (on != accessibility_.largeText) offerPending_ = false;
    accessibility_.largeText = on;
}

void SessionFlow::answerLargeTextOffer(bool accept) {
    offerPending_ = false;
    if (accept) accessibility_.largeText = true;
}

void SessionFlow::back() {
    if (history_.empty()) return;
    ++backCount_;
    // maintenance: a test screen left stops its test and drops its result.
    if (maintenance_->owns(current_)) maintenance_->leaving(current_);
    ScreenId previous = history_.back();
    history_.pop_back();
    if (previous == ScreenId::Attract) {
        leaveVisit();
        return;
    }
    current_ = previous;
}

void SessionFlow::askToConfirm(Confirmation confirmation) { confirmation_ = std::move(confirmation); }

void SessionFlow::answerConfirmation(bool confirmed) {
    if (!confirmation_) return;
    std::function<void()> action = std::move(confirmation_->onConfirm);
    confirmation_.reset();
    if (confirmed && action) action();
}

void SessionFlow::home() {
    // maintenance: Home leaves maintenance mode, which ends the session.
    if (maintenance_->owns(current_)) {
        maintenance_->done();
        return;
    }
    if (const ServiceFlow* f = currentServiceFlow(); f && f->hasUnsavedWork()) {
        askToConfirm({i18nKey("confirm.leave.title"), i18nKey("confirm.leave.detail"), i18nKey("confirm.leave.yes"),
                      i18nKey("confirm.leave.no"), [this] { goHome(); }});
        return;
    }
    goHome();
}

void SessionFlow::goHome() {
    // Leaving a service drops what it held (begin() starts afresh anyway).
    if (ServiceFlow* f = currentServiceFlow()) f->wipe();
    if (data_.identity) {
        data_.service.reset();
        history_.clear();
        history_.push_back(ScreenId::Attract);
        current_ = ScreenId::Menu;
    } else if (staff_->owns(current_) && current_ != ScreenId::StaffPin) {
        staff_->showHome();
    } else {
        leaveVisit();
    }
}

void SessionFlow::endSession() {
    staff_->wipe();
    maintenance_->wipe();
    resetResidentState();
    current_ = ScreenId::Attract;
}

void SessionFlow::showStaffScreen(ScreenId screen) {
    resetResidentState();
    current_ = screen;
}

void SessionFlow::beginAssisted(std::string staffNumber) {
    resetResidentState();
    data_.assistedBy = std::move(staffNumber);
    // Back from Identify returns to the staff home (leaveVisit).
    history_.push_back(ScreenId::Attract);
    current_ = ScreenId::Identify;
    offerLargeTextOnce();
}

void SessionFlow::resetResidentState() {
    data_.wipe();
    services_->wipeAll();
    ++generation_;
    confirmation_.reset();
    printRequest_.reset();
    lastReceipt_.reset();
    printState_ = PrintState::Idle;
    printFailureKey_ = nullptr;
    doneBar_ = {};
    history_.clear();
    entryError_ = IdNumberError::None;
    language_ = config_.defaultLanguage;
    accessibility_ = Accessibility{};
    accessibility_.volume = config_.voice.volume;
    cardMessageKey_ = nullptr;
    backCount_ = 0;
    offerPending_ = false;
    offered_ = false;
}

}  // namespace kiosk
