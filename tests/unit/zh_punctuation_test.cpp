// Chinese strings use full-width punctuation: "请稍候，正在读取：" and not
// "请稍候,正在读取:". An ASCII , . : ; ? ! ( ) next to a CJK character is
// an error; ASCII punctuation inside a placeholder ({name}), between digits
// (12:30, 1,000), in Latin words and URLs is fine: only a mark that touches
// a CJK character counts.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

std::u32string decodeUtf8(const std::string& s) {
    std::u32string out;
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
        char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
        for (int k = 1; k < len && i + static_cast<size_t>(k) < s.size(); ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<size_t>(k)]) & 0x3F);
        out.push_back(cp);
        i += static_cast<size_t>(len);
    }
    return out;
}

// CJK ideographs, CJK punctuation and full-width forms: the characters that
// make a neighbouring ASCII mark look wrong.
bool isCjk(char32_t c) {
    return (c >= 0x3000 && c <= 0x303F) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
           (c >= 0xFF00 && c <= 0xFFEF);
}

bool isAsciiMark(char32_t c) {
    return c == ',' || c == '.' || c == ':' || c == ';' || c == '?' || c == '!' || c == '(' || c == ')';
}

char32_t neighbour(const std::u32string& s, size_t i, int dir) {
    const long j = static_cast<long>(i) + dir;
    return j >= 0 && j < static_cast<long>(s.size()) ? s[static_cast<size_t>(j)] : 0;
}

// The positions of the ASCII marks that touch a CJK character.
std::vector<size_t> halfWidthMarks(const std::u32string& s) {
    std::vector<size_t> bad;
    int braces = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == U'{')
            ++braces;
        else if (s[i] == U'}' && braces > 0)
            --braces;
        if (braces > 0 || !isAsciiMark(s[i])) continue;
        if (isCjk(neighbour(s, i, -1)) || isCjk(neighbour(s, i, +1))) bad.push_back(i);
    }
    return bad;
}

std::string readFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

TEST(ZhPunctuation, TheCheckFindsHalfWidthMarksNextToChinese) {
    EXPECT_EQ(halfWidthMarks(decodeUtf8("请稍候,正在读取")).size(), 1u);
    EXPECT_EQ(halfWidthMarks(decodeUtf8("工作人员卡（演示)")).size(), 1u);
    EXPECT_EQ(halfWidthMarks(decodeUtf8("时间: 09:00")).size(), 1u);
    EXPECT_EQ(halfWidthMarks(decodeUtf8("可以吗?")).size(), 1u);
    EXPECT_EQ(halfWidthMarks(decodeUtf8("已完成.")).size(), 1u);
    // Fine: full-width marks, digits, placeholders, Latin text and URLs.
    EXPECT_TRUE(halfWidthMarks(decodeUtf8("请稍候，正在读取：09:00-10:00")).empty());
    EXPECT_TRUE(halfWidthMarks(decodeUtf8("余额 {amount:.2f} 元")).empty());
    EXPECT_TRUE(halfWidthMarks(decodeUtf8("访问 https://example.org 查询")).empty());
    EXPECT_TRUE(halfWidthMarks(decodeUtf8("SANE (test) 扫描仪 v1.2")).empty());
}

TEST(ZhPunctuation, ChineseStringsUseFullWidthPunctuation) {
    const fs::path path = fs::path(KIOSK_SOURCE_DIR) / "assets/i18n/zh-CN.json";
    auto doc = nlohmann::json::parse(readFile(path), nullptr, false);
    ASSERT_TRUE(doc.is_object()) << path;
    size_t checked = 0;
    for (auto& [key, value] : doc.items()) {
        if (!value.is_string()) continue;
        ++checked;
        const std::string text = value.get<std::string>();
        const std::u32string s = decodeUtf8(text);
        for (size_t i : halfWidthMarks(s))
            ADD_FAILURE() << key << ": ASCII '" << static_cast<char>(s[i]) << "' at character " << i
                          << " next to Chinese, use the full-width mark: " << text;
    }
    EXPECT_GT(checked, 100u) << "the file holds too few strings: is it the right one?";
}
