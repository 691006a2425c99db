#include "drivers/documents/fields.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "kiosk/core/id_number.h"

namespace kiosk::documents {
namespace {

// ---------------------------------------------------------------- UTF-8

std::u32string decodeUtf8(std::string_view s) {
    std::u32string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (len == 0 || i + len > s.size()) {  // invalid byte: replacement character
            out.push_back(0xFFFD);
            ++i;
            continue;
        }
        char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
        for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        out.push_back(cp);
        i += len;
    }
    return out;
}

std::string encodeUtf8(std::u32string_view s) {
    std::string out;
    out.reserve(s.size() * 3);
    for (char32_t cp : s) {
        if (cp < 0x80) {
            out.push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
            out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
    }
    return out;
}

bool isSpace(char32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x3000 || c == 0xA0; }

char32_t fold(char32_t c) {
    if (c >= 0xFF01 && c <= 0xFF5E) return c - 0xFEE0;
    return c;
}

bool isCjk(char32_t c) { return (c >= 0x3400 && c <= 0x9FFF) || (c >= 0x20000 && c <= 0x2FFFF) || c == 0xB7; }
bool isAsciiAlnum(char32_t c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool isDigit(char32_t c) { return c >= '0' && c <= '9'; }

// ---------------------------------------------------------------- lines

// A recognised line, whitespace removed and folded, with the confidence of
// the word each character came from.
struct Line {
    std::u32string text;
    std::vector<float> conf;
};

std::vector<Line> linesOf(const OcrText& ocr) {
    std::vector<Line> lines;
    for (const auto& word : ocr.words) {
        if (word.line < 0) continue;
        if (static_cast<size_t>(word.line) >= lines.size()) lines.resize(word.line + 1);
        Line& line = lines[word.line];
        for (char32_t c : decodeUtf8(word.text.reveal())) {
            if (isSpace(c)) continue;
            line.text.push_back(fold(c));
            line.conf.push_back(word.confidence);
        }
    }
    return lines;
}

bool contains(const std::vector<Line>& lines, std::u32string_view needle) {
    return std::any_of(lines.begin(), lines.end(),
                       [&](const Line& l) { return l.text.find(needle) != std::u32string::npos; });
}

// A label printed on the form and the value that follows it on the line.
struct Labeled {
    std::u32string label;
    size_t begin = 0, end = 0;  // the value, in the line
};

// Splits a line at every known label (longest match first), e.g.
// "姓名:于思子与户主关系:母亲" -> {姓名: 于思子}, {与户主关系: 母亲}.
std::vector<Labeled> splitByLabels(const Line& line, const std::vector<std::u32string>& labels) {
    std::vector<Labeled> found;
    const auto& t = line.text;
    for (size_t i = 0; i < t.size();) {
        const std::u32string* best = nullptr;
        for (const auto& label : labels)
            if (t.compare(i, label.size(), label) == 0 && (!best || label.size() > best->size())) best = &label;
        if (!best) {
            ++i;
            continue;
        }
        if (!found.empty()) found.back().end = i;
        size_t v = i + best->size();
        while (v < t.size() && (t[v] == ':' || t[v] == ';' || t[v] == '.' || t[v] == ',')) ++v;
        found.push_back({*best, v, t.size()});
        i = v;
    }
    return found;
}

float minConf(const Line& line, size_t begin, size_t end) {
    if (begin >= end) return 0;
    return *std::min_element(line.conf.begin() + begin, line.conf.begin() + end);
}

// A value cut from a line: a run of characters accepted by `keep`, starting
// at the first such character within `skip` characters of `begin`.
template <typename Keep>
std::optional<std::pair<size_t, size_t>> runOf(const Line& line, size_t begin, size_t end, Keep keep, size_t skip = 0,
                                               size_t maxLen = 64) {
    size_t b = begin;
    while (b < end && b < begin + skip + 1 && !keep(line.text[b])) ++b;
    if (b >= end || !keep(line.text[b])) return std::nullopt;
    size_t e = b;
    while (e < end && e - b < maxLen && keep(line.text[e])) ++e;
    return std::make_pair(b, e);
}

ExtractedField makeField(FieldId id, int member, const Line& line, size_t b, size_t e) {
    ExtractedField f;
    f.id = id;
    f.member = member;
    f.value = Personal(encodeUtf8(std::u32string_view(line.text).substr(b, e - b)));
    f.confidence = minConf(line, b, e);
    return f;
}

bool isIdChar(char32_t c) { return isAsciiAlnum(c) || c == '|'; }

std::optional<ExtractedField> idField(FieldId id, int member, const Line& line, size_t begin, size_t end, size_t skip) {
    auto run = runOf(line, begin, end, isIdChar, skip, 24);
    if (!run) return std::nullopt;
    ExtractedField f = makeField(id, member, line, run->first, run->second);
    std::string raw = f.value.reveal();
    if (isValidIdNumber(raw)) {
        f.value = Personal(normalizeIdNumber(raw));
        return f;
    }
    f.valid = false;
    f.confidence = std::min(f.confidence, 30.0f);
    if (auto fix = suggestIdNumberCorrection(raw)) f.suggestion = Personal(std::move(*fix));
    return f;
}

bool isAmountChar(char32_t c) { return isDigit(c) || c == '.' || c == ','; }

std::optional<ExtractedField> amountField(FieldId id, const Line& line, size_t begin, size_t end, size_t skip) {
    auto run = runOf(line, begin, end, isAmountChar, skip, 16);
    if (!run) return std::nullopt;
    ExtractedField f = makeField(id, 0, line, run->first, run->second);
    std::string v;
    for (char c : f.value.reveal())
        if (c != ',') v.push_back(c);
    while (!v.empty() && v.back() == '.') v.pop_back();
    const auto dot = v.find('.');
    f.valid = !v.empty() && isDigit(static_cast<unsigned char>(v[0])) &&
              (dot == std::string::npos ||
               (v.find('.', dot + 1) == std::string::npos && v.size() - dot - 1 >= 1 && v.size() - dot - 1 <= 2));
    if (!f.valid) f.confidence = std::min(f.confidence, 30.0f);
    f.value = Personal(std::move(v));
    return f;
}

std::optional<ExtractedField> nameField(FieldId id, int member, const Line& line, size_t begin, size_t end,
                                        size_t maxLen = 5) {
    auto run = runOf(line, begin, end, isCjk, 0, maxLen);
    if (!run) return std::nullopt;
    return makeField(id, member, line, run->first, run->second);
}

std::vector<std::u32string> u32All(std::initializer_list<std::string_view> labels) {
    std::vector<std::u32string> out;
    for (auto l : labels) out.push_back(decodeUtf8(l));
    return out;
}

void addIf(ExtractedDocument& doc, std::optional<ExtractedField> f) {
    if (f && !doc.find(f->id, f->member)) doc.fields.push_back(std::move(*f));
}

// ---------------------------------------------------------------- kinds

const std::vector<std::u32string>& idLabels() {
    // With the endings OCR keeps when it misreads the first character ("吴份证号码").
    static const auto labels = u32All({"公民身份号码", "身份证号码", "身份证号", "身份号码", "份证号码", "份证号"});
    return labels;
}

bool isIdLabel(const std::u32string& label) {
    const auto& ids = idLabels();
    return std::find(ids.begin(), ids.end(), label) != ids.end();
}

void extractIncome(const std::vector<Line>& lines, ExtractedDocument& doc) {
    static const auto labels =
        u32All({"公民身份号码", "身份证号码", "身份证号", "身份号码", "份证号码", "份证号", "姓名", "月平均收入",
                "月均收入", "平均月收入", "月收入", "单位名称", "联系电话", "日期"});
    static const auto certify = decodeUtf8("兹证明");
    static const auto comrade = u32All({"同志", "先生", "女士"});
    for (const auto& line : lines) {
        // "兹证明钟明同志，身份证号码..." names the employee before the first label.
        if (auto p = line.text.find(certify); p != std::u32string::npos && !doc.find(FieldId::Name)) {
            size_t b = p + certify.size();
            size_t e = b;
            while (e < line.text.size() && isCjk(line.text[e]) && e - b < 6) ++e;
            for (const auto& c : comrade)
                if (auto q = line.text.find(c, b); q != std::u32string::npos && q <= e) e = std::min(e, q);
            if (e > b) addIf(doc, makeField(FieldId::Name, 0, line, b, e));
        }
        for (const auto& part : splitByLabels(line, labels)) {
            if (isIdLabel(part.label))
                addIf(doc, idField(FieldId::IdNumber, 0, line, part.begin, part.end, 1));
            else if (part.label == U"姓名")
                addIf(doc, nameField(FieldId::Name, 0, line, part.begin, part.end));
            else if (part.label.find(U"收入") != std::u32string::npos)
                addIf(doc, amountField(FieldId::MonthlyIncome, line, part.begin, part.end, 8));
        }
    }
}

void extractMedical(const std::vector<Line>& lines, ExtractedDocument& doc) {
    static const auto labels = u32All({"医院名称",   "医疗机构", "姓名",     "患者姓名",     "性别",     "公民身份号码",
                                       "身份证号码", "身份证号", "份证号",   "住院号",       "门诊号",   "出院日期",
                                       "合计金额",   "合计",     "金额合计", "医保统筹支付", "统筹支付", "个人自付",
                                       "自付金额",   "个人支付", "西药费",   "检查费",       "治疗费",   "床位费"});
    for (const auto& line : lines) {
        for (const auto& part : splitByLabels(line, labels)) {
            const auto& l = part.label;
            if (isIdLabel(l)) {
                addIf(doc, idField(FieldId::IdNumber, 0, line, part.begin, part.end, 1));
            } else if (l == U"姓名" || l == U"患者姓名") {
                addIf(doc, nameField(FieldId::PatientName, 0, line, part.begin, part.end));
            } else if (l == U"医院名称" || l == U"医疗机构") {
                // Hospital names may hold digits and brackets: everything to the next label.
                auto run = runOf(
                    line, part.begin, part.end, [](char32_t c) { return c != ':' && c != ','; }, 0, 40);
                if (run) addIf(doc, makeField(FieldId::Hospital, 0, line, run->first, run->second));
            } else if (l == U"合计金额" || l == U"合计" || l == U"金额合计") {
                addIf(doc, amountField(FieldId::Total, line, part.begin, part.end, 4));
            } else if (l == U"个人自付" || l == U"自付金额" || l == U"个人支付") {
                addIf(doc, amountField(FieldId::SelfPaid, line, part.begin, part.end, 4));
            }
        }
    }
}

void extractHousehold(const std::vector<Line>& lines, ExtractedDocument& doc) {
    static const auto labels =
        u32All({"户主姓名", "姓名", "与户主关系", "公民身份号码", "身份证号码", "身份证号", "住址", "性别", "民族",
                "出生日期", "文化程度", "婚姻状况", "登记日期", "籍贯", "服务处所", "职业"});
    int current = -1, members = 0;
    for (const auto& line : lines) {
        for (const auto& part : splitByLabels(line, labels)) {
            const auto& l = part.label;
            if (l == U"户主姓名" || l == U"姓名") {
                current = (l == U"户主姓名" && !doc.find(FieldId::MemberName, 0)) ? 0 : members;
                members = std::max(members, current + 1);
                addIf(doc, nameField(FieldId::MemberName, current, line, part.begin, part.end));
            } else if (l == U"与户主关系") {
                addIf(doc, nameField(FieldId::Relation, std::max(current, 0), line, part.begin, part.end, 6));
            } else if (isIdLabel(l)) {
                addIf(doc, idField(FieldId::MemberIdNumber, std::max(current, 0), line, part.begin, part.end, 1));
            }
        }
    }
}

// When the label itself was misread beyond recognition: the first run of 18
// ID characters with at least 15 digits anywhere on the page.
void idFallback(const std::vector<Line>& lines, ExtractedDocument& doc) {
    if (doc.find(FieldId::IdNumber)) return;
    for (const auto& line : lines) {
        for (size_t i = 0; i < line.text.size();) {
            if (!isIdChar(line.text[i])) {
                ++i;
                continue;
            }
            size_t e = i;
            int digits = 0;
            while (e < line.text.size() && isIdChar(line.text[e])) digits += isDigit(line.text[e++]);
            if (e - i == 18 && digits >= 15) {
                auto f = idField(FieldId::IdNumber, 0, line, i, e, 0);
                if (f) f->confidence = std::min(f->confidence, 60.0f);  // not anchored on its label
                addIf(doc, std::move(f));
                return;
            }
            i = e;
        }
    }
}

}  // namespace

DocumentKind detectDocumentKind(const OcrText& ocr) {
    auto lines = linesOf(ocr);
    auto any = [&](std::initializer_list<std::u32string_view> words) {
        return std::any_of(words.begin(), words.end(), [&](auto w) { return contains(lines, w); });
    };
    if (any({U"常住人口登记卡", U"户口", U"与户主关系", U"户主姓名"})) return DocumentKind::HouseholdRegister;
    if (any({U"医疗收费", U"医院名称", U"住院号", U"个人自付", U"医保统筹"})) return DocumentKind::MedicalBill;
    if (any({U"收入证明", U"月平均收入", U"月收入"})) return DocumentKind::IncomeProof;
    return DocumentKind::Unknown;
}

ExtractedDocument extractFields(const OcrText& ocr, DocumentKind kind) {
    ExtractedDocument doc;
    doc.kind = kind == DocumentKind::Unknown ? detectDocumentKind(ocr) : kind;
    auto lines = linesOf(ocr);
    switch (doc.kind) {
        case DocumentKind::IncomeProof:
            extractIncome(lines, doc), idFallback(lines, doc);
            break;
        case DocumentKind::MedicalBill:
            extractMedical(lines, doc), idFallback(lines, doc);
            break;
        case DocumentKind::HouseholdRegister:
            extractHousehold(lines, doc);
            break;
        case DocumentKind::Unknown:
            break;
    }
    for (auto& line : lines) std::fill(line.text.begin(), line.text.end(), U'\0');  // personal data
    return doc;
}

std::string textFromWords(const std::vector<OcrWord>& words) {
    std::string out;
    int line = words.empty() ? 0 : words.front().line;
    char32_t prev = 0;
    for (const auto& w : words) {
        auto text = decodeUtf8(w.text.reveal());
        if (text.empty()) continue;
        if (w.line != line) {
            out.push_back('\n');
            line = w.line;
            prev = 0;
        } else if (prev && isAsciiAlnum(prev) && isAsciiAlnum(text.front())) {
            out.push_back(' ');
        }
        out += encodeUtf8(text);
        prev = text.back();
    }
    if (!out.empty()) out.push_back('\n');
    return out;
}

OcrText ocrTextFromPlain(std::string_view text, float confidence) {
    OcrText ocr;
    int line = 0;
    size_t start = 0;
    while (start <= text.size()) {
        size_t nl = text.find('\n', start);
        std::string_view l = text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
        size_t p = 0;
        while (p < l.size()) {
            while (p < l.size() && l[p] == ' ') ++p;
            size_t q = p;
            while (q < l.size() && l[q] != ' ') ++q;
            if (q > p) {
                OcrWord w;
                w.text = Personal(std::string(l.substr(p, q - p)));
                w.confidence = confidence;
                w.line = line;
                ocr.words.push_back(std::move(w));
            }
            p = q;
        }
        ++line;
        if (nl == std::string_view::npos) break;
        start = nl + 1;
    }
    ocr.text = Personal(textFromWords(ocr.words));
    ocr.meanConfidence = ocr.words.empty() ? 0 : confidence;
    return ocr;
}

std::string foldForComparison(std::string_view text) {
    std::u32string out;
    for (char32_t c : decodeUtf8(text))
        if (!isSpace(c)) out.push_back(fold(c));
    return encodeUtf8(out);
}

double characterErrorRate(std::string_view truth, std::string_view hypothesis) {
    std::u32string a = decodeUtf8(foldForComparison(truth));
    std::u32string b = decodeUtf8(foldForComparison(hypothesis));
    if (a.empty()) return b.empty() ? 0.0 : 1.0;
    std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (size_t j = 1; j <= b.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1] ? 1 : 0)});
        std::swap(prev, cur);
    }
    return static_cast<double>(prev[b.size()]) / static_cast<double>(a.size());
}

}  // namespace kiosk::documents
