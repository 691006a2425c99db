#pragma once
// Applying for social assistance (services.md, "Social assistance
// applications"): a wizard that gathers the application step by step and
// submits it durably.
//
//   AssistConsent -> AssistType -> AssistHousehold -> AssistIncome
//     -> AssistAssets -> AssistReason -> AssistDocuments -> AssistSign
//     -> AssistReview -(submit: outbox)-> AssistReceipt
//
// - Consent comes first, with the list of documents to bring: nothing is
//   entered before the resident knows what is used and what is needed.
//   Declining when entries exist (consent changed from the review) asks
//   first, then deletes them: nothing is thrown away without a warning.
// - Every "Next" validates its own step and leaves a translated message for
//   the field at fault (an i18n key); the step stays, nothing is lost.
// - Back (the session's) returns a step; what was entered stays in this
//   model until the session ends, so going forward again finds it.
// - The review's "Change" jumps to a step; that step's Next then returns to
//   the review.
// - Submitting writes one outbox chain: each scanned page as a document
//   upload (PUT /api/v1/documents/{id}, JPEG), then the application naming
//   them (POST /api/v1/assistance-applications). The receipt shows once the
//   chain is stored ("received, will be sent", with a local reference: the
//   first 8 characters of the application's idempotency key) and turns into
//   the centre's application number and signed code once it acknowledged.
// - Nothing is stored before the resident's consent: declining blocks the
//   submission with an explanation.
// - The review lists every answer and every household member (review()),
//   so what is submitted is what the resident saw.
//
// UI thread only; replies from CentralApi and DocumentCapture arrive on the
// UI thread and are dropped when they belong to an ended session.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/assistance.h"
#include "kiosk/core/document_capture.h"
#include "screens/flows/service_flow.h"

namespace kiosk {

class AssistanceFlow : public ServiceFlow {
public:
    // The fields keyed in on the on-screen keypad (one has the focus).
    enum class Field { None, MemberId, Income, Phone, Deposits, PageValue };
    enum class ScanState { Idle, Capturing, Reviewing, Failed };
    enum class SubmitState { Idle, Storing, StoreFailed, Queued, Sent, Rejected };

    // A page being captured or confirmed, and the pages kept.
    struct Page {
        AttachedPage attached;  // the JPEG and the fields as confirmed
        PageImage preview;      // small grey thumbnail
        void wipe();
    };

    // One line of the review: a label, then the value as translated keys
    // (joined with the list separator) and/or literal text, then a unit.
    struct ReviewLine {
        const char* labelKey = nullptr;
        std::vector<const char*> valueKeys;
        std::string value;               // personal: masked where it is a number
        const char* unitKey = nullptr;
        void wipe();
    };
    // A part of the application on the review; tapping it changes `step`.
    struct ReviewSection {
        const char* titleKey = nullptr;
        ScreenId step = ScreenId::AssistType;
        bool incomplete = false;  // the review sends the resident here first
        std::vector<ReviewLine> lines;
        void wipe();
    };

    // What the centre answered (or, until then, the local reference).
    struct Acknowledgement {
        std::string reference;    // "SA-20251201-000042"
        std::string receiptCode;  // signed code for the QR
        std::string submittedAt;
    };

    using ServiceFlow::ServiceFlow;

    ServiceId service() const override { return ServiceId::Assistance; }
    void begin() override;
    bool owns(ScreenId screen) const override;
    StepBar steps(ScreenId current) const override;
    bool takeCard(IdCard& card) override;
    // Entries made (household, income, answers, pages, signature) and not
    // yet handed to the outbox: Home asks first.
    bool hasUnsavedWork() const override;
    void wipe() override;

    // Set by the app (null: no scanner; the documents step says so).
    void setDocumentCapture(DocumentCapture* capture) { capture_ = capture; }
    bool canScan() const { return capture_ != nullptr; }

    // True while nothing of an application is held (after wipe()).
    bool holdsNothing() const;

    // ---- type -----------------------------------------------------------
    std::optional<AssistanceType> type() const { return type_; }
    // The application needs the applicant's name, which only a card (or a
    // verified code) gives; a number keyed in is not enough.
    bool applicantNamed() const;
    void chooseType(AssistanceType type);

    // ---- household ------------------------------------------------------
    const std::vector<HouseholdMember>& household() const { return household_; }
    // The panel where one member is being added (by card or keyed in).
    bool memberPanelOpen() const { return memberPanelOpen_; }
    bool memberFromCard() const { return memberFromCard_; }
    const Personal& memberName() const { return memberName_; }
    const Personal& memberId() const { return memberId_; }  // from the card (keyed in: text(MemberId))
    std::optional<Relation> memberRelation() const { return memberRelation_; }
    MemberError memberError() const { return memberError_; }
    void openMemberPanel();  // key in a number
    void closeMemberPanel();
    void chooseRelation(Relation relation);
    bool addMember();  // validates; on success the panel closes
    void removeMember(size_t index);
    void householdDone();

    // ---- keypad fields (income, phone, deposits, a member's or a page's number)
    Field focus() const { return focus_; }
    void focusField(Field field);
    const Personal& text(Field field) const;
    // The message for a field (i18n key) or nullptr.
    const char* fieldError(Field field) const;
    void keypadPress(char c);  // '0'-'9', '.', 'X' where the field takes them
    void keypadBackspace();
    void keypadClear();
    bool fieldTakes(Field field, char c) const;

    // ---- income and assets ----------------------------------------------
    void incomeDone();
    std::optional<bool> housingBeyondOneHome() const { return housing_; }
    std::optional<bool> hasVehicles() const { return vehiclesAnswer_; }
    int vehicles() const { return vehicles_; }
    std::optional<bool> depositsAboveThreshold() const { return deposits_; }
    const char* assetsError() const { return assetsError_; }
    void answerHousing(bool beyondOneHome);
    void answerVehicles(bool has);
    void changeVehicles(int delta);
    void answerDeposits(bool above);
    void assetsDone();

    // ---- reasons --------------------------------------------------------
    bool reasonChosen(AssistanceReason reason) const;
    void toggleReason(AssistanceReason reason);
    const char* reasonError() const { return reasonError_; }
    void reasonDone();

    // ---- documents -------------------------------------------------------
    ScanState scanState() const { return scanState_; }
    const CaptureProgress& scanProgress() const { return scanProgress_; }
    // i18n key of the last capture's failure, or nullptr.
    const char* scanErrorKey() const { return scanErrorKey_.empty() ? nullptr : scanErrorKey_.c_str(); }
    const std::vector<Page>& pages() const { return pages_; }
    const Page* pendingPage() const { return pending_ ? &*pending_ : nullptr; }
    // The pending page's field being corrected on the keypad, or -1.
    int editingField() const { return editingField_; }
    const char* documentsError() const { return documentsError_; }
    void scan();
    void cancelScan();
    void dismissScanError();
    void confirmPage();   // keeps the pending page with its (corrected) fields
    void discardPage();   // drops the pending page (scan it again, or not)
    void removePage(size_t index);
    void editField(size_t index);  // opens the keypad on a pending page's field
    bool applyFieldEdit();         // validates; closes the keypad on success
    void cancelFieldEdit();
    void acceptSuggestion(size_t index);  // an ID number's single-confusion fix
    void documentsDone();

    // ---- consent (the first step) and signature ----------------------------
    std::optional<bool> consent() const { return consent_; }
    // Agreeing needs a named applicant (see applicantNamed()).
    void giveConsent();
    // With entries made (back from the review), asks before deleting them;
    // without, just records the answer (the screen explains).
    void declineConsent();
    const Signature& signature() const { return signature_; }
    const char* signatureError() const { return signatureError_; }
    // Strokes in the pad's normalised coordinates (0..1 on both axes).
    void strokeBegin(float x, float y);
    void strokeTo(float x, float y);
    void clearSignature();
    void signDone();

    // ---- review and submit -----------------------------------------------
    // Jumps to a step from the review; its Next comes back to the review.
    void change(ScreenId step);
    bool changingFromReview() const { return fromReview_; }
    // The first step that is not complete (the review sends the resident
    // there), or nullopt when the application is ready.
    std::optional<ScreenId> firstIncompleteStep() const;
    // Every answer, grouped as the steps ask them: the applicant and each
    // household member by name (or "to be checked") and masked number,
    // income, phone (masked), each asset answer, the reasons, each page with
    // what was read from it, consent and signature. Personal: wipe after use.
    std::vector<ReviewSection> review() const;
    void submit();
    SubmitState submitState() const { return submitState_; }
    const char* submitErrorKey() const { return submitErrorKey_; }
    // The first 8 characters of the application's idempotency key.
    const std::string& localReference() const { return localReference_; }
    // The QR of the slip until the centre answers (queuedSlipCode); "" before storing.
    std::string slipCode() const { return applicationKey_.empty() ? std::string() : queuedSlipCode(applicationKey_); }
    const std::optional<Acknowledgement>& acknowledgement() const { return ack_; }
    // What the receipt shows of the application (kept after the draft is
    // wiped on storing): type and the masked applicant number.
    std::optional<AssistanceType> submittedType() const { return submittedType_; }
    const std::string& submittedMaskedId() const { return submittedMaskedId_; }
    // Asks the outbox whether the centre acknowledged, at most once a second
    // (the receipt screen calls it every frame with a monotonic time).
    void refreshSubmission(double nowSeconds);
    bool awaitingAcknowledgement() const { return submitState_ == SubmitState::Queued; }

private:
    void next(ScreenId step);
    void captured(Result<CapturedPage, std::string> result);
    Personal* editable(Field field);
    size_t maxLength(Field field) const;
    void wipeDraft();
    bool hasBill() const;
    // Anything the resident entered after consenting (a type choice aside).
    bool hasEntries() const;
    bool alreadyListed(const std::string& idNumber) const;
    MemberError checkMember(const std::string& idNumber) const;

    DocumentCapture* capture_ = nullptr;
    std::optional<AssistanceType> type_;

    std::vector<HouseholdMember> household_;
    bool memberPanelOpen_ = false;
    bool memberFromCard_ = false;
    Personal memberName_;
    Personal memberId_;
    std::optional<Relation> memberRelation_;
    MemberError memberError_ = MemberError::None;

    Field focus_ = Field::None;
    Personal income_, phone_, depositsText_, pageValue_;
    const char* incomeError_ = nullptr;
    const char* phoneError_ = nullptr;
    const char* depositsError_ = nullptr;
    const char* pageValueError_ = nullptr;

    std::optional<bool> housing_, vehiclesAnswer_, deposits_;
    int vehicles_ = 1;
    const char* assetsError_ = nullptr;

    std::vector<AssistanceReason> reasons_;
    const char* reasonError_ = nullptr;

    ScanState scanState_ = ScanState::Idle;
    CaptureProgress scanProgress_;
    std::string scanErrorKey_;
    std::optional<Page> pending_;
    std::vector<Page> pages_;
    int editingField_ = -1;
    const char* documentsError_ = nullptr;
    int scanRequest_ = 0;  // a capture reply for an older request (or session) is dropped

    std::optional<bool> consent_;
    Signature signature_;
    const char* signatureError_ = nullptr;

    bool fromReview_ = false;
    SubmitState submitState_ = SubmitState::Idle;
    const char* submitErrorKey_ = nullptr;
    std::string applicationKey_;
    std::string localReference_;
    std::optional<Acknowledgement> ack_;
    std::optional<AssistanceType> submittedType_;
    std::string submittedMaskedId_;
    double lastCheck_ = -1e9;
    bool checking_ = false;
    int submitRequest_ = 0;
};

}  // namespace kiosk
