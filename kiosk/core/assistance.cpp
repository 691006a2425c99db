#include "kiosk/core/assistance.h"

#include <nlohmann/json.hpp>
#include <sodium.h>
#include <stb/stb_image_write.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "kiosk/core/strings.h"

namespace kiosk {

const char* assistanceTypeName(AssistanceType type) {
    switch (type) {
        case AssistanceType::Dibao: return "dibao";
        case AssistanceType::Tekun: return "tekun";
        case AssistanceType::Linshi: return "linshi";
        case AssistanceType::Yiliao: return "yiliao";
    }
    return "dibao";
}

const char* assistanceTypeKey(AssistanceType type) {
    switch (type) {
        case AssistanceType::Dibao: return i18nKey("assist.type.dibao");
        case AssistanceType::Tekun: return i18nKey("assist.type.tekun");
        case AssistanceType::Linshi: return i18nKey("assist.type.linshi");
        case AssistanceType::Yiliao: return i18nKey("assist.type.yiliao");
    }
    return i18nKey("assist.type.dibao");
}

const char* assistanceTypeExplainKey(AssistanceType type) {
    switch (type) {
        case AssistanceType::Dibao: return i18nKey("assist.type.dibao.explain");
        case AssistanceType::Tekun: return i18nKey("assist.type.tekun.explain");
        case AssistanceType::Linshi: return i18nKey("assist.type.linshi.explain");
        case AssistanceType::Yiliao: return i18nKey("assist.type.yiliao.explain");
    }
    return i18nKey("assist.type.dibao.explain");
}

const char* relationName(Relation relation) {
    switch (relation) {
        case Relation::Spouse: return "spouse";
        case Relation::Child: return "child";
        case Relation::Parent: return "parent";
        case Relation::Other: return "other";
    }
    return "other";
}

const char* relationKey(Relation relation) {
    switch (relation) {
        case Relation::Spouse: return i18nKey("assist.relation.spouse");
        case Relation::Child: return i18nKey("assist.relation.child");
        case Relation::Parent: return i18nKey("assist.relation.parent");
        case Relation::Other: return i18nKey("assist.relation.other");
    }
    return i18nKey("assist.relation.other");
}

void HouseholdMember::wipe() {
    name.wipe();
    idNumber.wipe();
    relation = Relation::Other;
    fromCard = false;
}

const char* memberErrorKey(MemberError error) {
    switch (error) {
        case MemberError::None: return "";
        case MemberError::BadIdNumber: return i18nKey("assist.member.error.bad_number");
        case MemberError::IsApplicant: return i18nKey("assist.member.error.applicant");
        case MemberError::Duplicate: return i18nKey("assist.member.error.duplicate");
        case MemberError::TooMany: return i18nKey("assist.member.error.too_many");
        case MemberError::NoRelation: return i18nKey("assist.member.error.no_relation");
    }
    return "";
}

const char* amountErrorKey(AmountError error) {
    switch (error) {
        case AmountError::None: return "";
        case AmountError::Empty: return i18nKey("assist.amount.error.empty");
        case AmountError::Malformed: return i18nKey("assist.amount.error.malformed");
        case AmountError::TooManyDecimals: return i18nKey("assist.amount.error.decimals");
        case AmountError::TooLarge: return i18nKey("assist.amount.error.too_large");
    }
    return "";
}

AmountParse parseYuan(std::string_view text, std::int64_t maxFen) {
    if (text.empty()) return {AmountError::Empty, 0};
    const size_t point = text.find('.');
    if (point != std::string_view::npos && text.find('.', point + 1) != std::string_view::npos)
        return {AmountError::Malformed, 0};
    std::string_view whole = text.substr(0, point);
    std::string_view frac = point == std::string_view::npos ? std::string_view() : text.substr(point + 1);
    if (whole.empty()) return {AmountError::Malformed, 0};  // ".5": ask for "0.5", as written on paper
    if (frac.size() > 2) return {AmountError::TooManyDecimals, 0};
    auto digits = [](std::string_view s) { return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }); };
    if (!digits(whole) || !digits(frac)) return {AmountError::Malformed, 0};
    // Leading zeros are harmless; only the magnitude matters for the bound.
    while (whole.size() > 1 && whole.front() == '0') whole.remove_prefix(1);
    if (whole.size() > 12) return {AmountError::TooLarge, 0};
    std::int64_t fen = 0;
    for (char c : whole) fen = fen * 10 + (c - '0');
    fen *= 100;
    if (!frac.empty()) fen += (frac[0] - '0') * 10 + (frac.size() > 1 ? frac[1] - '0' : 0);
    if (fen > maxFen) return {AmountError::TooLarge, 0};
    return {AmountError::None, fen};
}

std::string formatYuan(std::int64_t fen) {
    const bool negative = fen < 0;
    const std::int64_t abs = negative ? -fen : fen;
    std::string whole = std::to_string(abs / 100);
    for (int i = static_cast<int>(whole.size()) - 3; i > 0; i -= 3) whole.insert(static_cast<size_t>(i), ",");
    char frac[8];
    std::snprintf(frac, sizeof frac, ".%02d", static_cast<int>(abs % 100));
    return (negative ? "-" : "") + whole + frac;
}

const char* phoneErrorKey(PhoneError error) {
    switch (error) {
        case PhoneError::None: return "";
        case PhoneError::Empty: return i18nKey("assist.phone.error.empty");
        case PhoneError::BadLength: return i18nKey("assist.phone.error.length");
        case PhoneError::BadPrefix: return i18nKey("assist.phone.error.prefix");
    }
    return "";
}

PhoneError validatePhone(std::string_view digits) {
    if (digits.empty()) return PhoneError::Empty;
    if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return PhoneError::BadPrefix;
    if (digits.front() == '1') return digits.size() == 11 ? PhoneError::None : PhoneError::BadLength;
    if (digits.front() == '0') return digits.size() >= 10 && digits.size() <= 12 ? PhoneError::None : PhoneError::BadLength;
    return PhoneError::BadPrefix;
}

const char* reasonName(AssistanceReason reason) {
    switch (reason) {
        case AssistanceReason::Illness: return "illness";
        case AssistanceReason::Accident: return "accident";
        case AssistanceReason::Disaster: return "disaster";
        case AssistanceReason::JobLoss: return "job-loss";
        case AssistanceReason::Disability: return "disability";
        case AssistanceReason::NoSupporter: return "no-supporter";
    }
    return "illness";
}

const char* reasonKey(AssistanceReason reason) {
    switch (reason) {
        case AssistanceReason::Illness: return i18nKey("assist.reason.illness");
        case AssistanceReason::Accident: return i18nKey("assist.reason.accident");
        case AssistanceReason::Disaster: return i18nKey("assist.reason.disaster");
        case AssistanceReason::JobLoss: return i18nKey("assist.reason.job_loss");
        case AssistanceReason::Disability: return i18nKey("assist.reason.disability");
        case AssistanceReason::NoSupporter: return i18nKey("assist.reason.no_supporter");
    }
    return i18nKey("assist.reason.illness");
}

bool Signature::looksSigned() const {
    // Length measured in pad widths: x spans 1, y spans 1 / aspect.
    double length = 0;
    for (const SignatureStroke& s : strokes)
        for (size_t i = 1; i < s.size(); ++i) {
            double dx = s[i].x - s[i - 1].x, dy = (s[i].y - s[i - 1].y) / kSignatureAspect;
            length += std::sqrt(dx * dx + dy * dy);
        }
    return length >= 1.0 / 3.0;
}

void Signature::wipe() {
    for (SignatureStroke& s : strokes) std::fill(s.begin(), s.end(), SignaturePoint{});
    strokes.clear();
}

std::vector<std::uint8_t> renderSignaturePng(const Signature& signature, int width, int height) {
    std::vector<std::uint8_t> grey(static_cast<size_t>(width) * static_cast<size_t>(height), 255);
    const float radius = std::max(1.5f, static_cast<float>(height) / 100.0f);
    // A round pen: a filled disc stamped along each segment, close enough
    // together that the line has no gaps.
    auto stamp = [&](float cx, float cy) {
        const int r = static_cast<int>(std::ceil(radius));
        for (int y = static_cast<int>(cy) - r; y <= static_cast<int>(cy) + r; ++y)
            for (int x = static_cast<int>(cx) - r; x <= static_cast<int>(cx) + r; ++x) {
                if (x < 0 || y < 0 || x >= width || y >= height) continue;
                const float dx = static_cast<float>(x) - cx, dy = static_cast<float>(y) - cy;
                if (dx * dx + dy * dy <= radius * radius) grey[static_cast<size_t>(y) * static_cast<size_t>(width) + static_cast<size_t>(x)] = 0;
            }
    };
    for (const SignatureStroke& s : signature.strokes) {
        for (size_t i = 0; i < s.size(); ++i) {
            const float x1 = s[i].x * static_cast<float>(width), y1 = s[i].y * static_cast<float>(height);
            if (i == 0) {
                stamp(x1, y1);
                continue;
            }
            const float x0 = s[i - 1].x * static_cast<float>(width), y0 = s[i - 1].y * static_cast<float>(height);
            const float len = std::hypot(x1 - x0, y1 - y0);
            const int steps = std::max(1, static_cast<int>(len / (radius * 0.5f)));
            for (int k = 1; k <= steps; ++k) {
                const float t = static_cast<float>(k) / static_cast<float>(steps);
                stamp(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t);
            }
        }
    }
    std::vector<std::uint8_t> png;
    stbi_write_png_to_func(
        [](void* context, void* data, int size) {
            auto* out = static_cast<std::vector<std::uint8_t>*>(context);
            const auto* bytes = static_cast<const std::uint8_t*>(data);
            out->insert(out->end(), bytes, bytes + size);
        },
        &png, width, height, 1, grey.data(), width);
    return png;
}

void AttachedPage::wipe() {
    std::fill(stored.bytes.begin(), stored.bytes.end(), std::uint8_t{0});
    stored = {};
    fields.clear();  // each value is a Personal: wiped as it goes
    kind = DocumentKind::Unknown;
}

namespace {

// A confirmed amount travels as a number; every other value as read.
nlohmann::json fieldValue(const ExtractedField& f) {
    if (f.id == FieldId::Total || f.id == FieldId::SelfPaid || f.id == FieldId::MonthlyIncome) {
        AmountParse a = parseYuan(f.value.reveal(), kMaxDepositsFen);
        if (a.error == AmountError::None) return static_cast<double>(a.fen) / 100.0;
    }
    return f.value.reveal();
}

}  // namespace

Personal applicationJson(const AssistanceApplication& a) {
    using nlohmann::json;
    json applicant{{"name", a.applicantName.reveal()}, {"idNumber", a.applicantIdNumber.reveal()}};
    if (!a.phone.empty()) applicant["phone"] = a.phone.reveal();
    json household = json::array();
    for (const HouseholdMember& m : a.household)
        household.push_back({{"name", m.name.reveal()}, {"idNumber", m.idNumber.reveal()}, {"relation", relationName(m.relation)}});
    json assets{{"housing", a.housingBeyondOneHome ? "more-than-one-home" : "at-most-one-home"}, {"vehicles", a.vehicles}};
    if (a.depositsFen) assets["deposits"] = static_cast<double>(*a.depositsFen) / 100.0;
    json reasons = json::array();
    for (AssistanceReason r : a.reasons) reasons.push_back(reasonName(r));
    json body{{"type", assistanceTypeName(a.type)},
              {"applicant", std::move(applicant)},
              {"household", std::move(household)},
              {"monthlyIncome", static_cast<double>(a.monthlyIncomeFen) / 100.0},
              {"assets", std::move(assets)},
              {"reasons", std::move(reasons)},
              {"documents", a.documentIds},
              {"consent", a.consent}};
    if (a.pages) {
        json details = json::array();
        for (size_t i = 0; i < a.pages->size() && i < a.documentIds.size(); ++i) {
            const AttachedPage& p = (*a.pages)[i];
            json fields = json::object();
            for (const ExtractedField& f : p.fields) {
                std::string name = fieldName(f.id);
                if (f.id == FieldId::MemberName || f.id == FieldId::Relation || f.id == FieldId::MemberIdNumber)
                    name += "." + std::to_string(f.member);
                fields[name] = fieldValue(f);
            }
            details.push_back({{"documentId", a.documentIds[i]}, {"kind", documentKindName(p.kind)}, {"fields", std::move(fields)}});
        }
        body["documentDetails"] = std::move(details);
    }
    if (!a.signaturePng.empty()) body["authorisationSignature"] = base64Encode(a.signaturePng);
    return Personal(body.dump());
}

std::string newDocumentId() {
    if (sodium_init() < 0) return {};
    unsigned char b[16];
    randombytes_buf(b, sizeof b);
    b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);  // version 4
    b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);  // RFC 4122 variant
    char out[37];
    std::snprintf(out, sizeof out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                  b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
    return out;
}

std::string base64Encode(const std::vector<std::uint8_t>& bytes) {
    if (sodium_init() < 0) return {};
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1);  // the terminating NUL
    return out;
}

}  // namespace kiosk
