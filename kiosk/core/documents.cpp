#include "kiosk/core/documents.h"

#include <algorithm>

#include "kiosk/core/id_number.h"
#include "kiosk/core/strings.h"

namespace kiosk {

const char* scanErrorKey(ScanError error) {
    switch (error) {
        case ScanError::Cancelled:
            return i18nKey("scan.error.cancelled");
        case ScanError::NoDevice:
            return i18nKey("scan.error.no_device");
        case ScanError::DeviceBusy:
            return i18nKey("scan.error.busy");
        case ScanError::Jammed:
            return i18nKey("scan.error.jammed");
        case ScanError::NoDocuments:
            return i18nKey("scan.error.no_documents");
        case ScanError::CoverOpen:
            return i18nKey("scan.error.cover_open");
        case ScanError::IoError:
            return i18nKey("scan.error.io");
        case ScanError::NoMemory:
            return i18nKey("scan.error.no_memory");
        case ScanError::AccessDenied:
            return i18nKey("scan.error.access_denied");
        case ScanError::Unsupported:
            return i18nKey("scan.error.unsupported");
        case ScanError::Unreadable:
            return i18nKey("scan.error.unreadable");
        case ScanError::TooLarge:
            return i18nKey("scan.error.too_large");
        case ScanError::Internal:
            break;
    }
    return i18nKey("scan.error.internal");
}

const char* scanErrorName(ScanError error) {
    switch (error) {
        case ScanError::Cancelled:
            return "cancelled";
        case ScanError::NoDevice:
            return "no_device";
        case ScanError::DeviceBusy:
            return "busy";
        case ScanError::Jammed:
            return "jammed";
        case ScanError::NoDocuments:
            return "no_documents";
        case ScanError::CoverOpen:
            return "cover_open";
        case ScanError::IoError:
            return "io_error";
        case ScanError::NoMemory:
            return "no_memory";
        case ScanError::AccessDenied:
            return "access_denied";
        case ScanError::Unsupported:
            return "unsupported";
        case ScanError::Unreadable:
            return "unreadable";
        case ScanError::TooLarge:
            return "too_large";
        case ScanError::Internal:
            break;
    }
    return "internal";
}

const char* ocrErrorKey(OcrError error) {
    switch (error) {
        case OcrError::Cancelled:
            return i18nKey("ocr.error.cancelled");
        case OcrError::Unreadable:
            return i18nKey("ocr.error.unreadable");
        case OcrError::TooLarge:
            return i18nKey("ocr.error.too_large");
        case OcrError::EngineUnavailable:
            break;
    }
    return i18nKey("ocr.error.engine");
}

const char* ocrErrorName(OcrError error) {
    switch (error) {
        case OcrError::Cancelled:
            return "cancelled";
        case OcrError::Unreadable:
            return "unreadable";
        case OcrError::TooLarge:
            return "too_large";
        case OcrError::EngineUnavailable:
            break;
    }
    return "engine_unavailable";
}

const char* documentKindKey(DocumentKind kind) {
    switch (kind) {
        case DocumentKind::IncomeProof:
            return i18nKey("document.kind.income");
        case DocumentKind::MedicalBill:
            return i18nKey("document.kind.medical");
        case DocumentKind::HouseholdRegister:
            return i18nKey("document.kind.household");
        case DocumentKind::Unknown:
            break;
    }
    return i18nKey("document.kind.unknown");
}

const char* documentKindName(DocumentKind kind) {
    switch (kind) {
        case DocumentKind::IncomeProof:
            return "income";
        case DocumentKind::MedicalBill:
            return "medical";
        case DocumentKind::HouseholdRegister:
            return "household";
        case DocumentKind::Unknown:
            break;
    }
    return "unknown";
}

std::optional<DocumentKind> parseDocumentKind(std::string_view name) {
    for (DocumentKind k :
         {DocumentKind::Unknown, DocumentKind::IncomeProof, DocumentKind::MedicalBill, DocumentKind::HouseholdRegister})
        if (name == documentKindName(k)) return k;
    return std::nullopt;
}

const char* fieldLabelKey(FieldId id) {
    switch (id) {
        case FieldId::Name:
            return i18nKey("document.field.name");
        case FieldId::IdNumber:
            return i18nKey("document.field.id_number");
        case FieldId::MonthlyIncome:
            return i18nKey("document.field.monthly_income");
        case FieldId::Hospital:
            return i18nKey("document.field.hospital");
        case FieldId::PatientName:
            return i18nKey("document.field.patient_name");
        case FieldId::Total:
            return i18nKey("document.field.total");
        case FieldId::SelfPaid:
            return i18nKey("document.field.self_paid");
        case FieldId::MemberName:
            return i18nKey("document.field.member_name");
        case FieldId::Relation:
            return i18nKey("document.field.relation");
        case FieldId::MemberIdNumber:
            break;
    }
    return i18nKey("document.field.member_id_number");
}

const char* fieldName(FieldId id) {
    switch (id) {
        case FieldId::Name:
            return "name";
        case FieldId::IdNumber:
            return "id_number";
        case FieldId::MonthlyIncome:
            return "monthly_income";
        case FieldId::Hospital:
            return "hospital";
        case FieldId::PatientName:
            return "patient_name";
        case FieldId::Total:
            return "total";
        case FieldId::SelfPaid:
            return "self_paid";
        case FieldId::MemberName:
            return "member_name";
        case FieldId::Relation:
            return "relation";
        case FieldId::MemberIdNumber:
            break;
    }
    return "member_id_number";
}

bool isIdNumberField(FieldId id) { return id == FieldId::IdNumber || id == FieldId::MemberIdNumber; }

const ExtractedField* ExtractedDocument::find(FieldId id, int member) const {
    for (const auto& f : fields)
        if (f.id == id && f.member == member) return &f;
    return nullptr;
}

int ExtractedDocument::memberCount() const {
    int n = 0;
    for (const auto& f : fields)
        if (f.id == FieldId::MemberName || f.id == FieldId::MemberIdNumber) n = std::max(n, f.member + 1);
    return n;
}

namespace {
// The digit a character is commonly misread for, or 0 when it has none.
char confusionDigit(char c) {
    switch (c) {
        case 'O':
        case 'o':
            return '0';
        case 'I':
        case 'l':
        case '|':
            return '1';
        case 'S':
        case 's':
            return '5';
        case 'B':
            return '8';
        case 'Z':
        case 'z':
            return '2';
        default:
            return 0;
    }
}
}  // namespace

std::optional<std::string> suggestIdNumberCorrection(std::string_view raw) {
    if (raw.size() != 18 || isValidIdNumber(raw)) return std::nullopt;
    std::optional<std::string> found;
    for (size_t i = 0; i < raw.size(); ++i) {
        char digit = confusionDigit(raw[i]);
        if (!digit) continue;
        std::string candidate(raw);
        candidate[i] = digit;
        if (!isValidIdNumber(candidate)) continue;
        if (found) return std::nullopt;  // two different single fixes: ambiguous
        found = normalizeIdNumber(candidate);
    }
    return found;
}

}  // namespace kiosk
