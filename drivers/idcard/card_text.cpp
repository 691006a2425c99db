#include "drivers/idcard/card_text.h"

#include <array>

#include "kiosk/core/id_number.h"

namespace kiosk::idcard {

namespace {

constexpr std::array<std::string_view, 56> kNations = {
    "汉",   "蒙古",   "回",   "藏",     "维吾尔",   "苗",   "彝",       "壮",     "布依",   "朝鲜", "满",   "侗",
    "瑶",   "白",     "土家", "哈尼",   "哈萨克",   "傣",   "黎",       "傈僳",   "佤",     "畲",   "高山", "拉祜",
    "水",   "东乡",   "纳西", "景颇",   "柯尔克孜", "土",   "达斡尔",   "仫佬",   "羌",     "布朗", "撒拉", "毛南",
    "仡佬", "锡伯",   "阿昌", "普米",   "塔吉克",   "怒",   "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固",
    "京",   "塔塔尔", "独龙", "鄂伦春", "赫哲",     "门巴", "珞巴",     "基诺"};
constexpr std::string_view kNation97 = "其他";
constexpr std::string_view kNation98 = "外国血统中国籍人士";
constexpr std::string_view kLongTerm = "长期";

// Field positions (byte offset, byte length) per layout.
struct Field {
    size_t offset;
    size_t size;
};
namespace resident {
constexpr Field name{0, 30}, gender{30, 2}, nation{32, 4}, birth{36, 16}, address{52, 70}, id{122, 36},
    authority{158, 30}, from{188, 16}, to{204, 16};
}
namespace permitJ {  // as resident for 0..219, then:
constexpr Field pass{220, 18}, issueCount{238, 4};
}
namespace foreignI {
constexpr Field englishName{0, 120}, gender{120, 2}, number{122, 30}, nationality{152, 6}, name{158, 30}, from{188, 16},
    to{204, 16}, birth{220, 16}, version{236, 4}, authority{240, 8};
}
namespace foreignY {
constexpr Field name{0, 30}, gender{30, 2}, renewal{32, 4}, birth{36, 16}, english1{52, 70}, id{122, 36}, from{188, 16},
    to{204, 16}, english2{220, 22}, nationality{242, 6};
}

void appendUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::string_view trimSpaces(std::string_view s) {
    while (!s.empty() && (s.front() == ' ')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ')) s.remove_suffix(1);
    return s;
}

std::string field(std::span<const uint8_t> text, Field f) { return ucs2ToUtf8(text.subspan(f.offset, f.size)); }

// Raw (untrimmed) decoding, for the 'Y' English name split over two fields.
std::string rawField(std::span<const uint8_t> text, Field f) {
    std::string out;
    for (size_t i = 0; i + 1 < f.size; i += 2) {
        uint16_t u = static_cast<uint16_t>(text[f.offset + i] | (text[f.offset + i + 1] << 8));
        if (u == 0) break;
        appendUtf8(out, (u >= 0xD800 && u <= 0xDFFF) ? 0xFFFD : u);
    }
    return out;
}

void put(std::vector<uint8_t>& text, Field f, std::string_view value) {
    auto units = utf8ToUcs2(value);
    for (size_t i = 0; i < f.size && i < units.size(); ++i) text[f.offset + i] = units[i];
}

std::string compactDate(std::string_view iso) {
    std::string out;
    for (char c : iso)
        if (c != '-') out += c;
    return out;
}

std::optional<TextError> parseValidity(std::span<const uint8_t> text, Field from, Field to, IdCard& card) {
    auto f = parseDate(field(text, from));
    if (!f) return TextError::BadDate;
    card.validFrom = *f;
    std::string t = field(text, to);
    if (t == kLongTerm) {
        card.validTo.reset();
        return std::nullopt;
    }
    auto d = parseDate(t);
    if (!d) return TextError::BadDate;
    card.validTo = *d;
    return std::nullopt;
}

// Birth dates are shown, never computed with: keep what the card says,
// formatted as YYYY-MM-DD when it is a date.
Personal birthField(std::span<const uint8_t> text, Field f) {
    std::string raw = field(text, f);
    auto d = parseDate(raw);
    Personal out(d ? formatDate(*d) : raw);
    secureWipe(raw);
    return out;
}

}  // namespace

std::string ucs2ToUtf8(std::span<const uint8_t> bytes) {
    std::string out;
    for (size_t i = 0; i + 1 < bytes.size(); i += 2) {
        uint32_t u = static_cast<uint32_t>(bytes[i] | (bytes[i + 1] << 8));
        if (u == 0) break;
        if (u >= 0xD800 && u <= 0xDBFF && i + 3 < bytes.size()) {
            uint32_t lo = static_cast<uint32_t>(bytes[i + 2] | (bytes[i + 3] << 8));
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                appendUtf8(out, 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00));
                i += 2;
                continue;
            }
        }
        appendUtf8(out, (u >= 0xD800 && u <= 0xDFFF) ? 0xFFFD : u);
    }
    std::string trimmed(trimSpaces(out));
    secureWipe(out);  // text blocks hold personal data
    return trimmed;
}

std::vector<uint8_t> utf8ToUcs2(std::string_view text) {
    std::vector<uint8_t> out;
    auto unit = [&](uint32_t u) {
        out.push_back(static_cast<uint8_t>(u & 0xFF));
        out.push_back(static_cast<uint8_t>(u >> 8));
    };
    for (size_t i = 0; i < text.size();) {
        auto c = static_cast<unsigned char>(text[i]);
        int extra = c < 0x80 ? 0 : (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xE ? 2 : (c >> 3) == 0x1E ? 3 : -1;
        uint32_t cp = extra == 0 ? c : extra == 1 ? (c & 0x1F) : extra == 2 ? (c & 0x0F) : (c & 0x07);
        bool ok = extra >= 0 && i + static_cast<size_t>(extra) < text.size() + (extra == 0 ? 1 : 0);
        for (int k = 1; ok && k <= extra; ++k) {
            auto cc = static_cast<unsigned char>(text[i + static_cast<size_t>(k)]);
            if ((cc & 0xC0) != 0x80) ok = false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (!ok) {
            unit(0xFFFD);
            ++i;
            continue;
        }
        i += static_cast<size_t>(extra) + 1;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            unit(0xD800 + (cp >> 10));
            unit(0xDC00 + (cp & 0x3FF));
        } else {
            unit(cp);
        }
    }
    return out;
}

std::optional<std::string_view> nationName(std::string_view code) {
    if (code.size() != 2 || code[0] < '0' || code[0] > '9' || code[1] < '0' || code[1] > '9') return std::nullopt;
    int n = (code[0] - '0') * 10 + (code[1] - '0');
    if (n >= 1 && n <= 56) return kNations[static_cast<size_t>(n - 1)];
    if (n == 97) return kNation97;
    if (n == 98) return kNation98;
    return std::nullopt;
}

std::optional<std::string_view> nationCode(std::string_view name) {
    static const std::array<std::string, 58> codes = [] {
        std::array<std::string, 58> c;
        for (int i = 0; i < 56; ++i) c[static_cast<size_t>(i)] = (i < 9 ? "0" : "") + std::to_string(i + 1);
        c[56] = "97";
        c[57] = "98";
        return c;
    }();
    for (size_t i = 0; i < 56; ++i)
        if (kNations[i] == name) return codes[i];
    if (name == kNation97) return codes[56];
    if (name == kNation98) return codes[57];
    return std::nullopt;
}

Gender genderFromCode(std::string_view code) {
    if (code == "1") return Gender::Male;
    if (code == "2") return Gender::Female;
    if (code == "9") return Gender::Unspecified;
    return Gender::Unknown;
}

char genderCode(Gender gender) {
    switch (gender) {
        case Gender::Male:
            return '1';
        case Gender::Female:
            return '2';
        case Gender::Unspecified:
            return '9';
        case Gender::Unknown:
            return '0';
    }
    return '0';
}

CardKind cardKindOf(std::span<const uint8_t, kTextSize> text) {
    if (text[kTypeFlagOffset + 1] != 0) return CardKind::Resident;
    switch (text[kTypeFlagOffset]) {
        case 'J':
            return CardKind::HkMacaoTaiwanPermit;
        case 'I':
            return CardKind::ForeignPermanent2017;
        case 'Y':
            return CardKind::ForeignPermanent2023;
        default:
            return CardKind::Resident;
    }
}

std::string_view textErrorText(TextError error) {
    switch (error) {
        case TextError::BadSize:
            return "text block has the wrong size";
        case TextError::MissingName:
            return "no name on the card";
        case TextError::BadIdNumber:
            return "ID number fails its check";
        case TextError::BadDate:
            return "validity date is not a date";
    }
    return "bad text block";
}

Result<IdCard, TextError> decodeText(std::span<const uint8_t> text) {
    if (text.size() != kTextSize) return TextError::BadSize;
    IdCard card;
    card.kind = cardKindOf(text.first<kTextSize>());
    std::optional<TextError> err;
    switch (card.kind) {
        case CardKind::Resident:
        case CardKind::HkMacaoTaiwanPermit: {
            using namespace resident;
            card.name = Personal(field(text, name));
            card.gender = genderFromCode(field(text, gender));
            if (card.kind == CardKind::Resident) {
                auto nat = nationName(field(text, nation));
                card.nation = Personal(nat ? std::string(*nat) : std::string());
            }
            card.birthDate = birthField(text, birth);
            card.address = Personal(field(text, address));
            card.idNumber = Personal(normalizeIdNumber(field(text, id)));
            card.authority = field(text, authority);
            err = parseValidity(text, from, to, card);
            if (card.kind == CardKind::HkMacaoTaiwanPermit) {
                card.passNumber = Personal(field(text, permitJ::pass));
                card.issueCount = field(text, permitJ::issueCount);
            }
            break;
        }
        case CardKind::ForeignPermanent2017: {
            using namespace foreignI;
            card.englishName = Personal(field(text, englishName));
            card.gender = genderFromCode(field(text, gender));
            card.idNumber = Personal(field(text, number));
            card.nationality = field(text, nationality);
            card.name = Personal(field(text, name));
            err = parseValidity(text, from, to, card);
            card.birthDate = birthField(text, birth);
            card.issueCount = field(text, version);
            card.authority = field(text, authority);
            break;
        }
        case CardKind::ForeignPermanent2023: {
            using namespace foreignY;
            card.name = Personal(field(text, name));
            card.gender = genderFromCode(field(text, gender));
            card.issueCount = field(text, renewal);
            card.birthDate = birthField(text, birth);
            std::string english = rawField(text, english1) + rawField(text, english2);
            card.englishName = Personal(std::string(trimSpaces(english)));
            secureWipe(english);
            card.idNumber = Personal(normalizeIdNumber(field(text, id)));
            err = parseValidity(text, from, to, card);
            card.nationality = field(text, nationality);
            break;
        }
    }
    if (err) return *err;
    if (card.name.empty() && card.englishName.empty()) return TextError::MissingName;
    // The 'I' card number is 15 characters with its own scheme; the others
    // are GB 11643 numbers whose check digit catches a corrupt read.
    if (card.kind != CardKind::ForeignPermanent2017 && !isValidIdNumber(card.idNumber.reveal()))
        return TextError::BadIdNumber;
    return card;
}

Result<IdCard, TextError> decodeReadData(std::span<const uint8_t> data, bool withFingerprint) {
    size_t header = withFingerprint ? 6 : 4;
    if (data.size() < header) return TextError::BadSize;
    size_t textLen = (size_t{data[0]} << 8) | data[1];
    size_t photoLen = (size_t{data[2]} << 8) | data[3];
    size_t fingerLen = withFingerprint ? ((size_t{data[4]} << 8) | data[5]) : 0;
    if (textLen != kTextSize || data.size() < header + textLen + photoLen + fingerLen) return TextError::BadSize;
    auto decoded = decodeText(data.subspan(header, textLen));
    if (!decoded) return decoded;
    auto photo = data.subspan(header + textLen, photoLen);
    decoded.value().photoWlt = Personal(std::string(photo.begin(), photo.end()));
    return decoded;
}

std::vector<uint8_t> encodeText(const IdCard& card) {
    std::vector<uint8_t> text(kTextSize, 0);
    for (size_t i = 0; i < kTextSize; i += 2) text[i] = 0x20;  // space padding
    std::string genderText(1, genderCode(card.gender));
    std::string fromText = compactDate(formatDate(card.validFrom));
    std::string toText = card.validTo ? compactDate(formatDate(*card.validTo)) : std::string(kLongTerm);
    std::string birthText = compactDate(card.birthDate.reveal());
    switch (card.kind) {
        case CardKind::Resident:
        case CardKind::HkMacaoTaiwanPermit: {
            using namespace resident;
            put(text, name, card.name.reveal());
            put(text, gender, genderText);
            if (card.kind == CardKind::Resident) put(text, nation, nationCode(card.nation.reveal()).value_or("00"));
            put(text, birth, birthText);
            put(text, address, card.address.reveal());
            put(text, id, card.idNumber.reveal());
            put(text, authority, card.authority);
            put(text, from, fromText);
            put(text, to, toText);
            if (card.kind == CardKind::HkMacaoTaiwanPermit) {
                put(text, permitJ::pass, card.passNumber.reveal());
                put(text, permitJ::issueCount, card.issueCount);
            }
            break;
        }
        case CardKind::ForeignPermanent2017: {
            using namespace foreignI;
            put(text, englishName, card.englishName.reveal());
            put(text, gender, genderText);
            put(text, number, card.idNumber.reveal());
            put(text, nationality, card.nationality);
            put(text, name, card.name.reveal());
            put(text, from, fromText);
            put(text, to, toText);
            put(text, birth, birthText);
            put(text, version, card.issueCount);
            put(text, authority, card.authority);
            break;
        }
        case CardKind::ForeignPermanent2023: {
            using namespace foreignY;
            put(text, name, card.name.reveal());
            put(text, gender, genderText);
            put(text, renewal, card.issueCount);
            put(text, birth, birthText);
            // The English name fills 35 characters here and continues at 220.
            auto units = utf8ToUcs2(card.englishName.reveal());
            for (size_t i = 0; i < units.size(); ++i) {
                if (i < english1.size)
                    text[english1.offset + i] = units[i];
                else if (i - english1.size < english2.size)
                    text[english2.offset + i - english1.size] = units[i];
            }
            put(text, id, card.idNumber.reveal());
            put(text, from, fromText);
            put(text, to, toText);
            put(text, nationality, card.nationality);
            break;
        }
    }
    char letter = cardKindLetter(card.kind);
    text[kTypeFlagOffset] = static_cast<uint8_t>(letter == ' ' ? ' ' : letter);
    text[kTypeFlagOffset + 1] = 0;
    secureWipe(birthText);
    return text;
}

std::vector<uint8_t> encodeReadData(const IdCard& card) {
    std::vector<uint8_t> data{0x01, 0x00, 0x04, 0x00};
    auto text = encodeText(card);
    data.insert(data.end(), text.begin(), text.end());
    const std::string& photo = card.photoWlt.reveal();
    for (size_t i = 0; i < kPhotoSize; ++i) data.push_back(i < photo.size() ? static_cast<uint8_t>(photo[i]) : 0);
    return data;
}

}  // namespace kiosk::idcard
