#pragma once
// Social assistance applications (services.md, "Social assistance
// applications"): the types, household members, amounts, reasons, the
// signature, and the application JSON sent to POST
// /api/v1/assistance-applications (central/api/openapi.yaml,
// AssistanceApplication). Everything here describes a person: values are
// kiosk::Personal or plain numbers that live in the session and are wiped
// with it.
//
// Pure functions, no I/O; safe from any thread.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/documents.h"
#include "kiosk/core/personal.h"

namespace kiosk {

// ---------------------------------------------------------------- types

enum class AssistanceType { Dibao, Tekun, Linshi, Yiliao };
inline constexpr std::array<AssistanceType, 4> kAllAssistanceTypes = {
    AssistanceType::Dibao, AssistanceType::Tekun, AssistanceType::Linshi, AssistanceType::Yiliao};
const char* assistanceTypeName(AssistanceType type);        // the contract's "dibao", "tekun", ...
const char* assistanceTypeKey(AssistanceType type);         // i18n: the type's name
const char* assistanceTypeExplainKey(AssistanceType type);  // i18n: one plain sentence about it

// ---------------------------------------------------------------- household

enum class Relation { Spouse, Child, Parent, Other };
inline constexpr std::array<Relation, 4> kAllRelations = {Relation::Spouse, Relation::Child, Relation::Parent,
                                                          Relation::Other};
const char* relationName(Relation relation);  // "spouse", "child", "parent", "other" (sent to the centre)
const char* relationKey(Relation relation);   // i18n: 配偶, 子女, 父母, 其他

struct HouseholdMember {
    Personal name;      // from a card; empty when the number was keyed in
    Personal idNumber;  // normalised, check digit valid
    Relation relation = Relation::Other;
    bool fromCard = false;
    void wipe();
};

// Why a member cannot be added (i18n keys via memberErrorKey).
enum class MemberError { None, BadIdNumber, IsApplicant, Duplicate, TooMany, NoRelation };
const char* memberErrorKey(MemberError error);  // "" for None
inline constexpr size_t kMaxHouseholdMembers = 12;

// ---------------------------------------------------------------- amounts

// Amounts are kept in fen (cents) so that what the resident keyed in is what
// is sent, without floating-point surprises.
enum class AmountError { None, Empty, Malformed, TooManyDecimals, TooLarge };
const char* amountErrorKey(AmountError error);  // "" for None
struct AmountParse {
    AmountError error = AmountError::None;
    std::int64_t fen = 0;
};
// "1234", "1234.5", "0.50": digits with at most one point and two decimals,
// at most `maxFen`.
AmountParse parseYuan(std::string_view text, std::int64_t maxFen);
// "1,234.50" (always two decimals).
std::string formatYuan(std::int64_t fen);

// Household monthly income and deposits: generous upper bounds that catch a
// slip of the finger (an extra zero or three), not a policy.
inline constexpr std::int64_t kMaxMonthlyIncomeFen = 1'000'000'00;  // 1,000,000 yuan
inline constexpr std::int64_t kMaxDepositsFen = 100'000'000'00;    // 100 million yuan
// Deposits at or below this need not be declared (the question says so).
inline constexpr std::int64_t kDepositThresholdFen = 20'000'00;  // 20,000 yuan
inline constexpr int kMaxVehicles = 9;

// ---------------------------------------------------------------- phone

enum class PhoneError { None, Empty, BadLength, BadPrefix };
const char* phoneErrorKey(PhoneError error);  // "" for None
// A mobile number (11 digits starting with 1) or a landline with its area
// code (10-12 digits starting with 0).
PhoneError validatePhone(std::string_view digits);

// ---------------------------------------------------------------- reasons

enum class AssistanceReason { Illness, Accident, Disaster, JobLoss, Disability, NoSupporter };
inline constexpr std::array<AssistanceReason, 6> kAllAssistanceReasons = {
    AssistanceReason::Illness,    AssistanceReason::Accident,   AssistanceReason::Disaster,
    AssistanceReason::JobLoss,    AssistanceReason::Disability, AssistanceReason::NoSupporter};
const char* reasonName(AssistanceReason reason);  // "illness", ... (sent to the centre)
const char* reasonKey(AssistanceReason reason);   // i18n

// ---------------------------------------------------------------- signature

// A signature as drawn on the pad: strokes of points in the pad's own
// coordinates, normalised to 0..1 on both axes (the pad keeps kSignatureAspect).
struct SignaturePoint {
    float x = 0, y = 0;
};
using SignatureStroke = std::vector<SignaturePoint>;
inline constexpr float kSignatureAspect = 3.0f;  // width / height

struct Signature {
    std::vector<SignatureStroke> strokes;
    bool empty() const { return strokes.empty(); }
    // Enough ink to be a signature rather than a stray touch: the strokes'
    // total length is at least a third of the pad's width.
    bool looksSigned() const;
    void wipe();
};

// Renders the strokes black on white, 8-bit grey, and encodes a PNG.
std::vector<std::uint8_t> renderSignaturePng(const Signature& signature, int width = 900, int height = 300);

// ---------------------------------------------------------------- documents

// A scanned supporting page, as it goes with the application.
struct AttachedPage {
    DocumentKind kind = DocumentKind::Unknown;
    StoredPage stored;                   // the JPEG sent to the centre
    std::vector<ExtractedField> fields;  // as confirmed (or corrected) by the resident
    void wipe();
};

// ---------------------------------------------------------------- application

struct AssistanceApplication {
    AssistanceType type = AssistanceType::Dibao;
    Personal applicantName;
    Personal applicantIdNumber;
    Personal phone;
    std::vector<HouseholdMember> household;
    std::int64_t monthlyIncomeFen = 0;
    bool housingBeyondOneHome = false;
    int vehicles = 0;
    std::optional<std::int64_t> depositsFen;  // declared only above the threshold
    std::vector<AssistanceReason> reasons;
    std::vector<std::string> documentIds;     // in the order of `pages`
    const std::vector<AttachedPage>* pages = nullptr;  // for the confirmed values
    std::vector<std::uint8_t> signaturePng;
    bool consent = false;
};

// The JSON body of POST /api/v1/assistance-applications.
Personal applicationJson(const AssistanceApplication& application);

// A fresh document id for PUT /api/v1/documents/{id} (a UUID v4).
std::string newDocumentId();

// Base64 (standard alphabet, padded) of bytes.
std::string base64Encode(const std::vector<std::uint8_t>& bytes);

}  // namespace kiosk
