#include "drivers/documents/fields.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "kiosk/core/id_number.h"

namespace kiosk::documents {

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

namespace {

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

// ---------------------------------------------------------------- vocabulary

// The non-space characters of a page's words in reading order, each with the
// word and position it came from, so that substitutions can be written back.
struct PageChars {
    std::vector<std::u32string> words;  // decoded words
    std::u32string text;
    std::vector<std::pair<size_t, size_t>> at;  // word, index in the word
    std::vector<size_t> lineStart;              // index in `text` where each line begins, then text.size()
    std::vector<bool> changed;                  // per word

    explicit PageChars(const std::vector<OcrWord>& ws) : changed(ws.size(), false) {
        int line = -1;
        for (size_t w = 0; w < ws.size(); ++w) {
            words.push_back(decodeUtf8(ws[w].text.reveal()));
            if (ws[w].line != line) line = ws[w].line, lineStart.push_back(text.size());
            for (size_t k = 0; k < words[w].size(); ++k) {
                if (isSpace(words[w][k])) continue;
                text.push_back(words[w][k]);
                at.emplace_back(w, k);
            }
        }
        lineStart.push_back(text.size());
    }
    void set(size_t i, char32_t c) {
        if (text[i] == c) return;
        text[i] = c;
        words[at[i].first][at[i].second] = c;
        changed[at[i].first] = true;
    }
    void writeBack(std::vector<OcrWord>& ws) {
        for (size_t w = 0; w < ws.size(); ++w)
            if (changed[w]) ws[w].text = Personal(encodeUtf8(words[w]));
        for (auto& w : words) std::fill(w.begin(), w.end(), U'\0');  // personal data
        std::fill(text.begin(), text.end(), U'\0');
    }
};

// A pair of brackets of mixed types, one of them round: the other one was
// misread (angle brackets and book-title marks look alike at low resolution).
void pairBrackets(PageChars& page) {
    auto roundOpen = [](char32_t c) { return c == '(' || c == U'（'; };
    auto roundClose = [](char32_t c) { return c == ')' || c == U'）'; };
    auto angleOpen = [](char32_t c) { return c == '<' || c == U'〈' || c == U'《'; };
    auto angleClose = [](char32_t c) { return c == '>' || c == U'〉' || c == U'》'; };
    auto otherOpen = [](char32_t c) { return c == '[' || c == U'【' || c == U'〔' || c == U'「' || c == U'『'; };
    auto otherClose = [](char32_t c) { return c == ']' || c == U'】' || c == U'〕' || c == U'」' || c == U'』'; };
    constexpr size_t kMaxSpan = 60;  // a pair further apart is more likely two unbalanced brackets
    std::vector<size_t> open;
    for (size_t j = 0; j < page.text.size(); ++j) {
        const char32_t c = page.text[j];
        if (roundOpen(c) || angleOpen(c) || otherOpen(c)) {
            open.push_back(j);
            continue;
        }
        if (!(roundClose(c) || angleClose(c) || otherClose(c)) || open.empty()) continue;
        const size_t i = open.back();
        open.pop_back();
        if (j - i > kMaxSpan) continue;
        const char32_t o = page.text[i];
        if (angleOpen(o) && roundClose(c)) page.set(i, c == ')' ? U'(' : U'（');
        if (roundOpen(o) && angleClose(c)) page.set(j, o == '(' ? U')' : U'）');
    }
}

// The printed labels of a form kind that are long enough (4+ characters) to
// be recognised with one character misread.
const std::vector<std::u32string>& correctableLabels(DocumentKind kind) {
    static const auto income = u32All({"收入证明", "身份证号码", "月平均收入", "单位名称", "联系电话"});
    static const auto medical =
        u32All({"医疗收费票据", "医院名称", "医疗机构", "患者姓名", "身份证号码", "身份证号", "出院日期", "合计金额",
                "医保统筹支付", "个人自付", "自付金额"});
    static const auto household = u32All({"常住人口登记卡", "户主姓名", "与户主关系", "公民身份号码", "文化程度",
                                          "婚姻状况", "登记日期", "出生日期", "服务处所"});
    static const std::vector<std::u32string> none;
    switch (kind) {
        case DocumentKind::IncomeProof: return income;
        case DocumentKind::MedicalBill: return medical;
        case DocumentKind::HouseholdRegister: return household;
        case DocumentKind::Unknown: break;
    }
    return none;
}

void correctLabels(PageChars& page, DocumentKind kind) {
    const auto& labels = correctableLabels(kind);
    auto& t = page.text;
    for (const auto& label : labels) {
        for (size_t i = 0; i + label.size() <= t.size(); ++i) {
            size_t diff = label.size(), misses = 0;
            for (size_t k = 0; k < label.size() && misses < 2; ++k)
                if (fold(t[i + k]) != label[k]) diff = k, ++misses;
            if (misses != 1 || !isCjk(t[i + diff])) continue;
            // The labels share characters: a misread one must not turn into
            // a neighbour's label that is printed there correctly.
            bool printed = false;
            for (const auto& other : labels)
                for (size_t b = i + diff >= other.size() ? i + diff - other.size() + 1 : 0; b <= i + diff; ++b)
                    if (t.compare(b, other.size(), other) == 0) printed = true;
            if (!printed) page.set(i + diff, label[diff]);
        }
    }
    // Forms print a colon after a label; noise turns it into ';' or '.'.
    for (const auto& label : labels) {
        for (size_t p = t.find(label); p != std::u32string::npos; p = t.find(label, p + 1)) {
            const size_t c = p + label.size();
            if (c < t.size() && (fold(t[c]) == ';' || fold(t[c]) == '.')) page.set(c, U'：');
        }
    }
}

bool isAmountWordChar(char32_t c) { return std::u32string_view(U"零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整").find(c) != std::u32string_view::npos; }

// "...人民币2558元（大写：贰仟伍佰伍拾捌元整）": the words after 大写 spell the
// figure before it. Rewritten from the figure when every character that
// differs is one that is not an amount character at all (a misread), and at
// least half of them agree.
void correctAmountsInWords(PageChars& page) {
    static const std::u32string kMarker = U"大写";
    auto& t = page.text;
    for (size_t l = 0; l + 1 < page.lineStart.size(); ++l) {
        const size_t begin = page.lineStart[l], end = page.lineStart[l + 1];
        for (size_t p = t.find(kMarker, begin); p != std::u32string::npos && p < end; p = t.find(kMarker, p + 1)) {
            // The figure: the last run of digits within a few characters before.
            size_t e = p;
            while (e > begin && p - e < 4 && !isDigit(fold(t[e - 1]))) --e;
            size_t b = e;
            while (b > begin && (isDigit(fold(t[b - 1])) || fold(t[b - 1]) == '.' || fold(t[b - 1]) == ',')) --b;
            if (b == e) continue;
            long long fen = 0;
            int decimals = -1;
            bool ok = true;
            for (size_t i = b; i < e && ok; ++i) {
                const char32_t c = fold(t[i]);
                if (c == ',') continue;
                if (c == '.') {
                    ok = decimals < 0;
                    decimals = 0;
                    continue;
                }
                if (decimals >= 0 && ++decimals > 2) ok = false;
                fen = fen * 10 + (c - '0');
                ok = ok && fen < 100'000'000'000'000LL;
            }
            if (!ok) continue;
            for (int d = std::max(decimals, 0); d < 2; ++d) fen *= 10;
            const std::u32string expected = amountInWords(fen);
            // The words: after the marker and its punctuation.
            size_t w = p + kMarker.size();
            while (w < end && w - p < kMarker.size() + 3 && !isCjk(t[w])) ++w;
            if (w + expected.size() > end) continue;
            size_t agree = 0;
            bool conflict = false;
            for (size_t k = 0; k < expected.size(); ++k) {
                if (t[w + k] == expected[k])
                    ++agree;
                else if (isAmountWordChar(t[w + k]) || !isCjk(t[w + k]))
                    conflict = true;
            }
            if (conflict || agree * 2 < expected.size()) continue;
            for (size_t k = 0; k < expected.size(); ++k) page.set(w + k, expected[k]);
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

void applyFieldVocabulary(std::vector<OcrWord>& words, DocumentKind kind) {
    PageChars page(words);
    pairBrackets(page);
    if (kind != DocumentKind::Unknown) {
        correctLabels(page, kind);
        correctAmountsInWords(page);
    }
    page.writeBack(words);
}

std::u32string amountInWords(long long fen) {
    static constexpr std::u32string_view kDigit = U"零壹贰叁肆伍陆柒捌玖";
    static constexpr char32_t kUnit[4] = {U'仟', U'佰', U'拾', 0};
    static constexpr char32_t kGroupUnit[3] = {U'亿', U'万', 0};
    std::u32string out;
    const long long yuan = fen / 100;
    const int jiao = static_cast<int>(fen / 10 % 10), cents = static_cast<int>(fen % 10);
    if (yuan > 0) {
        const long long groups[3] = {yuan / 100'000'000, yuan / 10'000 % 10'000, yuan % 10'000};
        bool started = false, zero = false;  // zero: a 零 is owed before the next digit
        for (int g = 0; g < 3; ++g) {
            const int v = static_cast<int>(groups[g]);
            if (v == 0) {
                zero = zero || started;
                continue;
            }
            if (started && v < 1000) zero = true;
            const int d[4] = {v / 1000, v / 100 % 10, v / 10 % 10, v % 10};
            bool inGroup = false;
            for (int i = 0; i < 4; ++i) {
                if (d[i] == 0) {
                    zero = zero || inGroup;
                    continue;
                }
                if (zero) out.push_back(U'零'), zero = false;
                out.push_back(kDigit[d[i]]);
                if (kUnit[i]) out.push_back(kUnit[i]);
                inGroup = true;
            }
            if (kGroupUnit[g]) out.push_back(kGroupUnit[g]);
            started = true;
            zero = false;  // trailing zeros of a group are said by its unit
        }
        out.push_back(U'元');
    }
    if (jiao == 0 && cents == 0) return (yuan == 0 ? U"零元" : out) + U"整";
    if (jiao > 0)
        out.push_back(kDigit[jiao]), out.push_back(U'角');
    else if (yuan > 0)
        out.push_back(U'零');
    if (cents > 0)
        out.push_back(kDigit[cents]), out.push_back(U'分');
    else
        out.push_back(U'整');
    return out;
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
