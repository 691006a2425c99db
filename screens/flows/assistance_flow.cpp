#include "screens/flows/assistance_flow.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "kiosk/core/id_number.h"
#include "kiosk/core/json_read.h"
#include "kiosk/core/log.h"
#include "kiosk/core/strings.h"

namespace kiosk {
namespace {

constexpr ScreenId kSteps[] = {ScreenId::AssistConsent,   ScreenId::AssistType,   ScreenId::AssistHousehold,
                               ScreenId::AssistIncome,    ScreenId::AssistAssets, ScreenId::AssistReason,
                               ScreenId::AssistDocuments, ScreenId::AssistSign,   ScreenId::AssistReview,
                               ScreenId::AssistReceipt};

bool isAmountField(FieldId id) { return id == FieldId::Total || id == FieldId::SelfPaid || id == FieldId::MonthlyIncome; }

}  // namespace

void AssistanceFlow::Page::wipe() {
    attached.wipe();
    std::fill(preview.pixels.begin(), preview.pixels.end(), std::uint8_t{0});
    preview = {};
}

bool AssistanceFlow::owns(ScreenId screen) const {
    return std::find(std::begin(kSteps), std::end(kSteps), screen) != std::end(kSteps);
}

StepBar AssistanceFlow::steps(ScreenId current) const {
    StepBar bar;
    bar.labels = {i18nKey("assist.step.consent"), i18nKey("assist.step.type"),   i18nKey("assist.step.household"),
                  i18nKey("assist.step.income"),  i18nKey("assist.step.reason"), i18nKey("assist.step.documents"),
                  i18nKey("assist.step.submit"),  i18nKey("step.done")};
    switch (current) {
        case ScreenId::AssistConsent: bar.current = 0; break;
        case ScreenId::AssistType: bar.current = 1; break;
        case ScreenId::AssistHousehold: bar.current = 2; break;
        case ScreenId::AssistIncome:
        case ScreenId::AssistAssets: bar.current = 3; break;
        case ScreenId::AssistReason: bar.current = 4; break;
        case ScreenId::AssistDocuments: bar.current = 5; break;
        case ScreenId::AssistSign:
        case ScreenId::AssistReview: bar.current = 6; break;
        default: bar.current = 7; break;  // the receipt, and the thank-you page after it
    }
    return bar;
}

void AssistanceFlow::begin() {
    wipe();
    // The OCR engines take a moment to load: start now, while the resident
    // reads the first screens.
    if (capture_) capture_->prepare();
    session_.show(ScreenId::AssistConsent);
}

bool AssistanceFlow::holdsNothing() const {
    return !type_ && household_.empty() && !memberPanelOpen_ && memberName_.empty() && memberId_.empty() &&
           income_.empty() && phone_.empty() && depositsText_.empty() && pageValue_.empty() && !housing_ &&
           !vehiclesAnswer_ && !deposits_ && reasons_.empty() && !pending_ && pages_.empty() && !consent_ &&
           signature_.empty() && submitState_ == SubmitState::Idle && localReference_.empty() && !ack_ &&
           !submittedType_ && submittedMaskedId_.empty() && scanState_ == ScanState::Idle;
}

bool AssistanceFlow::hasUnsavedWork() const {
    const bool handedOver = submitState_ == SubmitState::Queued || submitState_ == SubmitState::Sent ||
                            submitState_ == SubmitState::Rejected || submitState_ == SubmitState::Storing;
    // Consent or a type alone is a tap, not entries worth asking about.
    return !handedOver && hasEntries();
}

bool AssistanceFlow::applicantNamed() const {
    const auto& identity = session_.data().identity;
    return identity && !identity->name.empty();
}

void AssistanceFlow::next(ScreenId step) {
    focus_ = Field::None;
    if (fromReview_) {
        fromReview_ = false;
        session_.show(ScreenId::AssistReview);
        return;
    }
    session_.show(step);
}

// ---------------------------------------------------------------- type

void AssistanceFlow::chooseType(AssistanceType type) {
    if (!applicantNamed()) return;
    type_ = type;
    // A medical application needs its bills: a missing-bills message from an
    // earlier choice must not linger, nor stay hidden.
    documentsError_ = nullptr;
    next(ScreenId::AssistHousehold);
}

// ---------------------------------------------------------------- household

void AssistanceFlow::openMemberPanel() {
    memberPanelOpen_ = true;
    memberFromCard_ = false;
    memberName_.wipe();
    memberId_.wipe();
    memberRelation_.reset();
    memberError_ = MemberError::None;
    focus_ = Field::MemberId;
}

void AssistanceFlow::closeMemberPanel() {
    memberPanelOpen_ = false;
    memberFromCard_ = false;
    memberName_.wipe();
    memberId_.wipe();
    memberRelation_.reset();
    memberError_ = MemberError::None;
    if (focus_ == Field::MemberId) focus_ = Field::None;
}

bool AssistanceFlow::takeCard(IdCard& card) {
    if (session_.current() != ScreenId::AssistHousehold) return false;
    // The card fills the panel; the resident still says who the person is.
    openMemberPanel();
    memberFromCard_ = true;
    memberName_ = card.name;
    memberId_ = Personal(normalizeIdNumber(card.idNumber.reveal()));
    focus_ = Field::None;
    memberError_ = checkMember(memberId_.reveal());
    return true;
}

void AssistanceFlow::chooseRelation(Relation relation) {
    memberRelation_ = relation;
    if (memberError_ == MemberError::NoRelation) memberError_ = MemberError::None;
}

bool AssistanceFlow::alreadyListed(const std::string& idNumber) const {
    return std::any_of(household_.begin(), household_.end(),
                       [&](const HouseholdMember& m) { return m.idNumber.reveal() == idNumber; });
}

MemberError AssistanceFlow::checkMember(const std::string& number) const {
    if (validateIdNumber(number) != IdNumberError::None) return MemberError::BadIdNumber;
    const auto& identity = session_.data().identity;
    if (identity && identity->idNumber.reveal() == number) return MemberError::IsApplicant;
    if (alreadyListed(number)) return MemberError::Duplicate;
    if (household_.size() >= kMaxHouseholdMembers) return MemberError::TooMany;
    return MemberError::None;
}

bool AssistanceFlow::addMember() {
    if (!memberPanelOpen_) return false;
    Personal number(normalizeIdNumber(memberId_.reveal()));
    memberError_ = checkMember(number.reveal());
    if (memberError_ == MemberError::None && !memberRelation_) memberError_ = MemberError::NoRelation;
    if (memberError_ != MemberError::None) return false;
    HouseholdMember m;
    m.name = memberName_;
    m.idNumber = std::move(number);
    m.relation = *memberRelation_;
    m.fromCard = memberFromCard_;
    household_.push_back(std::move(m));
    closeMemberPanel();
    return true;
}

void AssistanceFlow::removeMember(size_t index) {
    if (index >= household_.size()) return;
    household_[index].wipe();
    household_.erase(household_.begin() + static_cast<std::ptrdiff_t>(index));
}

void AssistanceFlow::householdDone() {
    // A half-entered member is not silently dropped: the resident adds or
    // cancels it first.
    if (memberPanelOpen_) {
        if (!addMember()) return;
    }
    next(ScreenId::AssistIncome);
}

// ---------------------------------------------------------------- keypad fields

void AssistanceFlow::focusField(Field field) { focus_ = field; }

Personal* AssistanceFlow::editable(Field field) {
    switch (field) {
        case Field::MemberId: return memberPanelOpen_ && !memberFromCard_ ? &memberId_ : nullptr;
        case Field::Income: return &income_;
        case Field::Phone: return &phone_;
        case Field::Deposits: return &depositsText_;
        case Field::PageValue: return editingField_ >= 0 ? &pageValue_ : nullptr;
        case Field::None: break;
    }
    return nullptr;
}

const Personal& AssistanceFlow::text(Field field) const {
    static const Personal kEmpty;
    switch (field) {
        case Field::MemberId: return memberId_;
        case Field::Income: return income_;
        case Field::Phone: return phone_;
        case Field::Deposits: return depositsText_;
        case Field::PageValue: return pageValue_;
        case Field::None: break;
    }
    return kEmpty;
}

const char* AssistanceFlow::fieldError(Field field) const {
    switch (field) {
        case Field::MemberId: return memberError_ != MemberError::None ? memberErrorKey(memberError_) : nullptr;
        case Field::Income: return incomeError_;
        case Field::Phone: return phoneError_;
        case Field::Deposits: return depositsError_;
        case Field::PageValue: return pageValueError_;
        case Field::None: break;
    }
    return nullptr;
}

size_t AssistanceFlow::maxLength(Field field) const {
    switch (field) {
        case Field::MemberId: return 18;
        case Field::Income: return 10;
        case Field::Phone: return 12;
        case Field::Deposits: return 12;
        case Field::PageValue: return 18;
        case Field::None: break;
    }
    return 0;
}

bool AssistanceFlow::fieldTakes(Field field, char c) const {
    const bool digit = c >= '0' && c <= '9';
    switch (field) {
        case Field::MemberId: return digit || c == 'X';
        case Field::Phone: return digit;
        case Field::Income:
        case Field::Deposits: return digit || c == '.';
        case Field::PageValue: {
            if (!pending_ || editingField_ < 0) return false;
            const ExtractedField& f = pending_->attached.fields[static_cast<size_t>(editingField_)];
            if (isIdNumberField(f.id)) return digit || c == 'X';
            return digit || c == '.';
        }
        case Field::None: break;
    }
    return false;
}

void AssistanceFlow::keypadPress(char c) {
    Personal* p = editable(focus_);
    if (!p || !fieldTakes(focus_, c) || p->size() >= maxLength(focus_)) return;
    p->append(c);
    switch (focus_) {
        case Field::MemberId: memberError_ = MemberError::None; break;
        case Field::Income: incomeError_ = nullptr; break;
        case Field::Phone: phoneError_ = nullptr; break;
        case Field::Deposits: depositsError_ = nullptr; break;
        case Field::PageValue: pageValueError_ = nullptr; break;
        case Field::None: break;
    }
}

void AssistanceFlow::keypadBackspace() {
    if (Personal* p = editable(focus_)) p->popBack();
}

void AssistanceFlow::keypadClear() {
    if (Personal* p = editable(focus_)) p->wipe();
}

// ---------------------------------------------------------------- income and assets

void AssistanceFlow::incomeDone() {
    AmountParse income = parseYuan(income_.reveal(), kMaxMonthlyIncomeFen);
    incomeError_ = income.error == AmountError::None ? nullptr : amountErrorKey(income.error);
    PhoneError phone = validatePhone(phone_.reveal());
    phoneError_ = phone == PhoneError::None ? nullptr : phoneErrorKey(phone);
    if (incomeError_) focus_ = Field::Income;
    else if (phoneError_) focus_ = Field::Phone;
    if (incomeError_ || phoneError_) return;
    next(ScreenId::AssistAssets);
}

void AssistanceFlow::answerHousing(bool beyondOneHome) {
    housing_ = beyondOneHome;
    assetsError_ = nullptr;
}

void AssistanceFlow::answerVehicles(bool has) {
    vehiclesAnswer_ = has;
    assetsError_ = nullptr;
}

void AssistanceFlow::changeVehicles(int delta) { vehicles_ = std::clamp(vehicles_ + delta, 1, kMaxVehicles); }

void AssistanceFlow::answerDeposits(bool above) {
    deposits_ = above;
    assetsError_ = nullptr;
    depositsError_ = nullptr;
    focus_ = above ? Field::Deposits : Field::None;
}

void AssistanceFlow::assetsDone() {
    if (!housing_ || !vehiclesAnswer_ || !deposits_) {
        assetsError_ = i18nKey("assist.assets.error.unanswered");
        return;
    }
    if (*deposits_) {
        AmountParse d = parseYuan(depositsText_.reveal(), kMaxDepositsFen);
        depositsError_ = d.error == AmountError::None ? nullptr : amountErrorKey(d.error);
        if (!depositsError_ && d.fen <= kDepositThresholdFen) depositsError_ = i18nKey("assist.assets.error.below_threshold");
        if (depositsError_) {
            focus_ = Field::Deposits;
            return;
        }
    }
    next(ScreenId::AssistReason);
}

// ---------------------------------------------------------------- reasons

bool AssistanceFlow::reasonChosen(AssistanceReason reason) const {
    return std::find(reasons_.begin(), reasons_.end(), reason) != reasons_.end();
}

void AssistanceFlow::toggleReason(AssistanceReason reason) {
    auto it = std::find(reasons_.begin(), reasons_.end(), reason);
    if (it != reasons_.end()) reasons_.erase(it);
    else reasons_.push_back(reason);
    reasonError_ = nullptr;
}

void AssistanceFlow::reasonDone() {
    if (reasons_.empty()) {
        reasonError_ = i18nKey("assist.reason.error.none");
        return;
    }
    next(ScreenId::AssistDocuments);
}

// ---------------------------------------------------------------- documents

void AssistanceFlow::scan() {
    if (!capture_ || scanState_ == ScanState::Capturing || scanState_ == ScanState::Reviewing) return;
    documentsError_ = nullptr;
    scanErrorKey_.clear();
    scanProgress_ = {};
    const int request = ++scanRequest_;
    const int generation = session_.generation();
    DocumentCapture::Callbacks callbacks;
    callbacks.onProgress = [this, request, generation](CaptureProgress p) {
        if (request != scanRequest_ || generation != session_.generation()) return;
        scanProgress_ = p;
    };
    callbacks.onDone = [this, request, generation](Result<CapturedPage, std::string> r) {
        if (request != scanRequest_ || generation != session_.generation()) {
            if (r) r.value().reading.stored.bytes.assign(r.value().reading.stored.bytes.size(), 0);
            return;
        }
        captured(std::move(r));
    };
    // The page says what it is (its title and labels): a resident applying
    // for medical assistance may still scan the household register.
    if (!capture_->capture(DocumentKind::Unknown, std::move(callbacks))) {
        scanState_ = ScanState::Failed;
        scanErrorKey_ = kiosk::scanErrorKey(ScanError::DeviceBusy);
        return;
    }
    scanState_ = ScanState::Capturing;
}

void AssistanceFlow::captured(Result<CapturedPage, std::string> r) {
    if (!r) {
        // Cancelled is the resident's own choice: nothing to explain.
        if (r.error() == kiosk::scanErrorKey(ScanError::Cancelled) || r.error() == ocrErrorKey(OcrError::Cancelled)) {
            scanState_ = ScanState::Idle;
            return;
        }
        scanState_ = ScanState::Failed;
        scanErrorKey_ = r.error().empty() ? kiosk::scanErrorKey(ScanError::Internal) : r.error();
        return;
    }
    CapturedPage& page = r.value();
    if (page.reading.stored.bytes.empty()) {
        scanState_ = ScanState::Failed;
        scanErrorKey_ = kiosk::scanErrorKey(ScanError::Unreadable);
        return;
    }
    Page p;
    p.attached.kind = page.reading.document.kind;
    p.attached.stored = std::move(page.reading.stored);
    p.attached.fields = std::move(page.reading.document.fields);
    p.preview = std::move(page.preview);
    pending_ = std::move(p);
    editingField_ = -1;
    scanState_ = ScanState::Reviewing;
}

void AssistanceFlow::cancelScan() {
    if (scanState_ != ScanState::Capturing) return;
    if (capture_) capture_->cancel();
    ++scanRequest_;  // whatever still arrives belongs to no one
    scanState_ = ScanState::Idle;
}

void AssistanceFlow::dismissScanError() {
    if (scanState_ == ScanState::Failed) scanState_ = ScanState::Idle;
    scanErrorKey_.clear();
}

void AssistanceFlow::confirmPage() {
    if (!pending_) return;
    if (editingField_ >= 0 && !applyFieldEdit()) return;
    pages_.push_back(std::move(*pending_));
    pending_.reset();
    scanState_ = ScanState::Idle;
    documentsError_ = nullptr;
}

void AssistanceFlow::discardPage() {
    if (!pending_) return;
    pending_->wipe();
    pending_.reset();
    cancelFieldEdit();
    scanState_ = ScanState::Idle;
}

void AssistanceFlow::removePage(size_t index) {
    if (index >= pages_.size()) return;
    pages_[index].wipe();
    pages_.erase(pages_.begin() + static_cast<std::ptrdiff_t>(index));
}

void AssistanceFlow::editField(size_t index) {
    if (!pending_ || index >= pending_->attached.fields.size()) return;
    const ExtractedField& f = pending_->attached.fields[index];
    // Names cannot be keyed in on a keypad: staff check them at the hall.
    if (!isAmountField(f.id) && !isIdNumberField(f.id)) return;
    editingField_ = static_cast<int>(index);
    pageValue_ = f.value;
    pageValueError_ = nullptr;
    focus_ = Field::PageValue;
}

bool AssistanceFlow::applyFieldEdit() {
    if (!pending_ || editingField_ < 0) return true;
    ExtractedField& f = pending_->attached.fields[static_cast<size_t>(editingField_)];
    if (isIdNumberField(f.id)) {
        std::string number = normalizeIdNumber(pageValue_.reveal());
        IdNumberError e = validateIdNumber(number);
        if (e != IdNumberError::None) {
            pageValueError_ = idNumberErrorKey(e);
            return false;
        }
        f.value = Personal(std::move(number));
        f.suggestion.reset();
    } else {
        AmountParse a = parseYuan(pageValue_.reveal(), kMaxDepositsFen);
        if (a.error != AmountError::None) {
            pageValueError_ = amountErrorKey(a.error);
            return false;
        }
        f.value = pageValue_;
    }
    // Keyed in by the resident: as certain as it gets.
    f.valid = true;
    f.confidence = 100;
    cancelFieldEdit();
    return true;
}

void AssistanceFlow::cancelFieldEdit() {
    editingField_ = -1;
    pageValue_.wipe();
    pageValueError_ = nullptr;
    if (focus_ == Field::PageValue) focus_ = Field::None;
}

void AssistanceFlow::acceptSuggestion(size_t index) {
    if (!pending_ || index >= pending_->attached.fields.size()) return;
    ExtractedField& f = pending_->attached.fields[index];
    if (!f.suggestion) return;
    f.value = *f.suggestion;
    f.suggestion.reset();
    f.valid = true;
    f.confidence = 100;
}

bool AssistanceFlow::hasBill() const {
    // A bill the OCR could not classify (a crumpled or unusual one) still
    // counts: staff see its image; refusing it would strand the resident.
    return std::any_of(pages_.begin(), pages_.end(), [](const Page& p) {
        return p.attached.kind == DocumentKind::MedicalBill || p.attached.kind == DocumentKind::Unknown;
    });
}

void AssistanceFlow::documentsDone() {
    if (pending_ || scanState_ == ScanState::Capturing) {
        documentsError_ = i18nKey("assist.documents.error.pending");
        return;
    }
    if (type_ == AssistanceType::Yiliao && !hasBill()) {
        documentsError_ = i18nKey("assist.documents.error.bills_needed");
        return;
    }
    documentsError_ = nullptr;
    next(ScreenId::AssistSign);
}

// ---------------------------------------------------------------- consent and signature

void AssistanceFlow::giveConsent() {
    if (!applicantNamed()) return;
    consent_ = true;
    next(ScreenId::AssistType);
}

bool AssistanceFlow::hasEntries() const {
    return !household_.empty() || memberPanelOpen_ || !income_.empty() || !phone_.empty() || !depositsText_.empty() ||
           housing_ || vehiclesAnswer_ || deposits_ || !reasons_.empty() || pending_ || !pages_.empty() ||
           !signature_.empty() || scanState_ == ScanState::Capturing;
}

void AssistanceFlow::declineConsent() {
    if (!hasEntries()) {
        consent_ = false;
        return;
    }
    // Without consent nothing may be kept; but what was typed goes only
    // once the resident has said so, knowing it.
    session_.askToConfirm({i18nKey("assist.consent.decline_confirm.title"), i18nKey("assist.consent.decline_confirm.detail"),
                           i18nKey("assist.consent.decline_confirm.yes"), i18nKey("assist.consent.decline_confirm.no"),
                           [this] {
                               wipeDraft();
                               consent_ = false;
                               // A fresh start at the consent: Back leads to the menu, not
                               // into the emptied steps.
                               session_.showResult(ScreenId::AssistConsent);
                           }});
}

void AssistanceFlow::strokeBegin(float x, float y) {
    signature_.strokes.push_back({{std::clamp(x, 0.0f, 1.0f), std::clamp(y, 0.0f, 1.0f)}});
    signatureError_ = nullptr;
}

void AssistanceFlow::strokeTo(float x, float y) {
    if (signature_.strokes.empty()) return;
    SignaturePoint p{std::clamp(x, 0.0f, 1.0f), std::clamp(y, 0.0f, 1.0f)};
    const SignaturePoint& last = signature_.strokes.back().back();
    // Points closer than a fraction of a pixel add nothing but memory.
    if (std::abs(p.x - last.x) < 0.001f && std::abs(p.y - last.y) < 0.003f) return;
    signature_.strokes.back().push_back(p);
}

void AssistanceFlow::clearSignature() {
    signature_.wipe();
    signatureError_ = nullptr;
}

void AssistanceFlow::signDone() {
    if (!signature_.looksSigned()) {
        signatureError_ = i18nKey("assist.sign.error.unsigned");
        return;
    }
    next(ScreenId::AssistReview);
}

// ---------------------------------------------------------------- review and submit

void AssistanceFlow::change(ScreenId step) {
    if (session_.current() != ScreenId::AssistReview || !owns(step)) return;
    fromReview_ = true;
    session_.show(step);
}

std::optional<ScreenId> AssistanceFlow::firstIncompleteStep() const {
    if (consent_ != true) return ScreenId::AssistConsent;
    if (!type_) return ScreenId::AssistType;
    if (memberPanelOpen_) return ScreenId::AssistHousehold;
    if (parseYuan(income_.reveal(), kMaxMonthlyIncomeFen).error != AmountError::None ||
        validatePhone(phone_.reveal()) != PhoneError::None)
        return ScreenId::AssistIncome;
    if (!housing_ || !vehiclesAnswer_ || !deposits_) return ScreenId::AssistAssets;
    if (*deposits_) {
        AmountParse d = parseYuan(depositsText_.reveal(), kMaxDepositsFen);
        if (d.error != AmountError::None || d.fen <= kDepositThresholdFen) return ScreenId::AssistAssets;
    }
    if (reasons_.empty()) return ScreenId::AssistReason;
    if (pending_ || (type_ == AssistanceType::Yiliao && !hasBill()))
        return ScreenId::AssistDocuments;
    if (!signature_.looksSigned()) return ScreenId::AssistSign;
    return std::nullopt;
}

void AssistanceFlow::ReviewLine::wipe() { secureWipe(value); }

void AssistanceFlow::ReviewSection::wipe() {
    for (ReviewLine& l : lines) l.wipe();
    lines.clear();
}

std::vector<AssistanceFlow::ReviewSection> AssistanceFlow::review() const {
    using Line = ReviewLine;
    const char* unanswered = i18nKey("assist.review.unanswered");
    auto yesNo = [&](std::optional<bool> v) { return v ? (*v ? i18nKey("assist.yes") : i18nKey("assist.no")) : unanswered; };
    auto masked = [](const Personal& number) { return maskIdentifier(number.reveal()); };
    const std::optional<ScreenId> missing = firstIncompleteStep();
    std::vector<ReviewSection> out;
    out.reserve(8);  // the references section() hands out stay valid
    auto section = [&](const char* titleKey, ScreenId step) -> ReviewSection& {
        out.push_back({titleKey, step, missing == step, {}});
        return out.back();
    };

    section(i18nKey("assist.step.consent"), ScreenId::AssistConsent)
        .lines.push_back({i18nKey("assist.review.label.consent"),
                          {consent_ == true ? i18nKey("assist.review.consented") : i18nKey("assist.review.not_consented")}, "", nullptr});
    section(i18nKey("assist.step.type"), ScreenId::AssistType)
        .lines.push_back({i18nKey("assist.review.label.type"), {type_ ? assistanceTypeKey(*type_) : unanswered}, "", nullptr});

    ReviewSection& people = section(i18nKey("assist.step.household"), ScreenId::AssistHousehold);
    if (const auto& id = session_.data().identity)
        people.lines.push_back({i18nKey("assist.review.label.applicant"), {}, id->name.reveal() + "  " + masked(id->idNumber), nullptr});
    for (const HouseholdMember& m : household_) {
        Line line{relationKey(m.relation), {}, masked(m.idNumber), nullptr};
        if (m.name.empty()) line.valueKeys.push_back(i18nKey("assist.member.unnamed"));
        else line.value = m.name.reveal() + "  " + line.value;
        people.lines.push_back(std::move(line));
    }
    if (household_.empty()) people.lines.push_back({i18nKey("assist.review.label.members"), {i18nKey("assist.review.no_members")}, "", nullptr});

    ReviewSection& income = section(i18nKey("assist.step.income"), ScreenId::AssistIncome);
    if (income_.empty()) income.lines.push_back({i18nKey("assist.review.label.income"), {unanswered}, "", nullptr});
    else income.lines.push_back({i18nKey("assist.review.label.income"), {}, income_.reveal(), i18nKey("assist.yuan")});
    std::string phone = phone_.reveal();
    if (phone.empty()) income.lines.push_back({i18nKey("assist.review.label.phone"), {unanswered}, "", nullptr});
    else
        income.lines.push_back({i18nKey("assist.review.label.phone"), {},
                                phone.size() <= 7 ? std::string(phone.size(), '*')
                                                  : phone.substr(0, 3) + std::string(phone.size() - 7, '*') + phone.substr(phone.size() - 4),
                                nullptr});
    secureWipe(phone);

    ReviewSection& assets = section(i18nKey("assist.review.assets"), ScreenId::AssistAssets);
    assets.lines.push_back({i18nKey("assist.review.label.housing"), {yesNo(housing_)}, "", nullptr});
    if (vehiclesAnswer_ == true)
        assets.lines.push_back({i18nKey("assist.review.label.vehicles"), {}, std::to_string(vehicles_), i18nKey("assist.review.vehicle_unit")});
    else assets.lines.push_back({i18nKey("assist.review.label.vehicles"), {yesNo(vehiclesAnswer_)}, "", nullptr});
    if (deposits_ == true)
        assets.lines.push_back({i18nKey("assist.review.label.deposits"), {}, depositsText_.reveal(), i18nKey("assist.yuan")});
    else assets.lines.push_back({i18nKey("assist.review.label.deposits"), {yesNo(deposits_)}, "", nullptr});

    Line reasons{i18nKey("assist.review.label.reasons"), {}, "", nullptr};
    for (AssistanceReason r : kAllAssistanceReasons)
        if (reasonChosen(r)) reasons.valueKeys.push_back(reasonKey(r));
    if (reasons.valueKeys.empty()) reasons.valueKeys.push_back(unanswered);
    section(i18nKey("assist.step.reason"), ScreenId::AssistReason).lines.push_back(std::move(reasons));

    ReviewSection& documents = section(i18nKey("assist.step.documents"), ScreenId::AssistDocuments);
    for (const Page& p : pages_) {
        documents.lines.push_back({i18nKey("assist.review.label.page"), {documentKindKey(p.attached.kind)}, "", nullptr});
        for (const ExtractedField& f : p.attached.fields)
            documents.lines.push_back({fieldLabelKey(f.id), {}, isIdNumberField(f.id) ? masked(f.value) : f.value.reveal(), nullptr});
    }
    if (pages_.empty()) documents.lines.push_back({i18nKey("assist.review.label.pages"), {i18nKey("assist.review.no_pages")}, "", nullptr});

    section(i18nKey("assist.step.sign"), ScreenId::AssistSign)
        .lines.push_back({i18nKey("assist.review.label.signature"),
                          {signature_.looksSigned() ? i18nKey("assist.review.signed") : i18nKey("assist.review.not_signed")}, "", nullptr});
    return out;
}

void AssistanceFlow::submit() {
    if (submitState_ == SubmitState::Storing || session_.current() != ScreenId::AssistReview) return;
    if (auto missing = firstIncompleteStep()) {
        // Consent is the one gate that must never be passed by accident.
        submitErrorKey_ = *missing == ScreenId::AssistConsent ? i18nKey("assist.review.error.consent")
                                                               : i18nKey("assist.review.error.incomplete");
        return;
    }
    CentralApi* api = session_.central();
    const auto& identity = session_.data().identity;
    if (!api || !identity) {
        submitState_ = SubmitState::StoreFailed;
        submitErrorKey_ = i18nKey("submit.store_failed");
        return;
    }
    AssistanceApplication app;
    app.type = *type_;
    app.applicantName = identity->name;
    app.applicantIdNumber = identity->idNumber;
    app.phone = phone_;
    app.household = household_;
    app.monthlyIncomeFen = parseYuan(income_.reveal(), kMaxMonthlyIncomeFen).fen;
    app.housingBeyondOneHome = *housing_;
    app.vehicles = *vehiclesAnswer_ ? vehicles_ : 0;
    if (*deposits_) app.depositsFen = parseYuan(depositsText_.reveal(), kMaxDepositsFen).fen;
    app.reasons = reasons_;
    std::vector<AttachedPage> attached;
    for (const Page& p : pages_) attached.push_back(p.attached);
    app.pages = &attached;
    app.signaturePng = renderSignaturePng(signature_);
    app.consent = true;

    std::vector<Submission> chain;
    for (const AttachedPage& p : attached) {
        Submission doc;
        doc.kind = "document";
        doc.method = "PUT";
        app.documentIds.push_back(newDocumentId());
        doc.path = "/api/v1/documents/" + app.documentIds.back();
        doc.contentType = p.stored.mimeType.empty() ? "image/jpeg" : p.stored.mimeType;
        doc.body = Personal(std::string(p.stored.bytes.begin(), p.stored.bytes.end()));
        chain.push_back(std::move(doc));
    }
    Submission application;
    application.kind = "assistance-application";
    application.path = "/api/v1/assistance-applications";
    application.body = applicationJson(app);
    chain.push_back(std::move(application));
    for (AttachedPage& p : attached) p.wipe();
    for (HouseholdMember& m : app.household) m.wipe();

    submitState_ = SubmitState::Storing;
    submitErrorKey_ = nullptr;
    const int request = ++submitRequest_;
    const int generation = session_.generation();
    api->submit(std::move(chain), [this, request, generation](Result<std::vector<SubmittedItem>, std::string> r) {
        if (request != submitRequest_ || generation != session_.generation()) return;
        if (!r || r.value().empty()) {
            submitState_ = SubmitState::StoreFailed;
            submitErrorKey_ = r ? i18nKey("submit.store_failed")
                                : (r.error() == "submit.disk_full" ? i18nKey("submit.disk_full")
                                                                   : i18nKey("submit.store_failed"));
            return;
        }
        // Stored: from here on it is the outbox's to deliver. The receipt
        // keeps only what it shows; the draft leaves memory.
        applicationKey_ = r.value().back().idempotencyKey;
        localReference_ = applicationKey_.substr(0, 8);
        submittedType_ = type_;
        if (const auto& id = session_.data().identity) submittedMaskedId_ = maskIdentifier(id->idNumber.reveal());
        wipeDraft();
        submitState_ = SubmitState::Queued;
        lastCheck_ = -1e9;
        session_.showResult(ScreenId::AssistReceipt);
    });
}

void AssistanceFlow::refreshSubmission(double now) {
    if (submitState_ != SubmitState::Queued || checking_ || now - lastCheck_ < 1.0) return;
    CentralApi* api = session_.central();
    if (!api || applicationKey_.empty()) return;
    checking_ = true;
    lastCheck_ = now;
    const int request = submitRequest_;
    const int generation = session_.generation();
    api->submission(applicationKey_, [this, request, generation](SubmissionStatus s) {
        if (request != submitRequest_ || generation != session_.generation()) return;
        checking_ = false;
        if (s.state == SubmissionState::Rejected) {
            KLOG_WARN("an assistance application was refused by the centre (HTTP {})", s.httpStatus);
            submitState_ = SubmitState::Rejected;
            return;
        }
        if (s.state != SubmissionState::Acknowledged) return;
        // The centre's answer: read type-checked, a wrong type is an empty field, not a throw (#13).
        Acknowledgement ack;
        if (auto doc = jsonr::parseObject(s.response.reveal())) {
            ack.reference = jsonr::strOr(*doc, "reference", "");
            ack.receiptCode = jsonr::strOr(*doc, "receiptCode", "");
            ack.submittedAt = jsonr::strOr(*doc, "submittedAt", "");
        }
        ack_ = std::move(ack);
        submitState_ = SubmitState::Sent;
    });
}

void AssistanceFlow::wipeDraft() {
    type_.reset();
    for (HouseholdMember& m : household_) m.wipe();
    household_.clear();
    closeMemberPanel();
    focus_ = Field::None;
    income_.wipe();
    phone_.wipe();
    depositsText_.wipe();
    pageValue_.wipe();
    incomeError_ = phoneError_ = depositsError_ = pageValueError_ = nullptr;
    housing_.reset();
    vehiclesAnswer_.reset();
    deposits_.reset();
    vehicles_ = 1;
    assetsError_ = nullptr;
    reasons_.clear();
    reasonError_ = nullptr;
    if (scanState_ == ScanState::Capturing && capture_) capture_->cancel();
    ++scanRequest_;
    scanState_ = ScanState::Idle;
    scanProgress_ = {};
    scanErrorKey_.clear();
    if (pending_) pending_->wipe();
    pending_.reset();
    for (Page& p : pages_) p.wipe();
    pages_.clear();
    editingField_ = -1;
    documentsError_ = nullptr;
    consent_.reset();
    signature_.wipe();
    signatureError_ = nullptr;
    fromReview_ = false;
}

void AssistanceFlow::wipe() {
    wipeDraft();
    submitState_ = SubmitState::Idle;
    submitErrorKey_ = nullptr;
    applicationKey_.clear();
    localReference_.clear();
    ack_.reset();
    submittedType_.reset();
    submittedMaskedId_.clear();
    lastCheck_ = -1e9;
    checking_ = false;
    ++submitRequest_;
}

}  // namespace kiosk
