// The decoding pipeline on the sample camera frames: every code frame reads
// exactly its payload, every no-code frame reads nothing; plus what the
// samples do not show (dark-mode screens, YUYV camera memory, MJPEG).
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <iterator>

#include "codes_test_support.h"
#include "drivers/codes/decoder.h"
#include "drivers/codes/text_encoding.h"

using namespace kiosk::codes;
using namespace codes_test;

TEST(CodesDecode, EverySampleFrameReadsExactlyItsPayload) {
    const auto all = samples();
    ASSERT_EQ(all.size(), 25u);
    int right = 0, codes = 0, plainRight = 0;
    for (const auto& s : all) {
        auto img = loadGrayImage(qrDir() / (s.name + ".jpg"));
        ASSERT_TRUE(img) << s.name;
        const auto out = decodeFrame(img.value().view());
        const auto plain = decodeFrame(img.value().view(), {.retries = false});
        const std::string got = out.code ? out.code->text : "";
        EXPECT_EQ(got, s.truth) << s.name;
        right += got == s.truth;
        plainRight += (plain.code ? plain.code->text : "") == s.truth;
        codes += !s.truth.empty();
        std::printf("  %-14s %-5s %6.2f ms  pass %s\n", s.name.c_str(), got == s.truth ? "right" : "WRONG",
                    out.stats.totalMs, out.code ? out.code->pass.c_str() : "-");
    }
    std::printf("read rate: %d/%zu frames right (%d with a code); plain pass alone: %d/%zu\n", right, all.size(), codes,
                plainRight, all.size());
}

TEST(CodesDecode, NoCodeFramesNeverYieldARead) {
    for (const auto& s : samples()) {
        if (!s.truth.empty()) continue;
        auto img = loadGrayImage(qrDir() / (s.name + ".jpg"));
        ASSERT_TRUE(img);
        EXPECT_FALSE(decodeFrame(img.value().view()).code) << s.name;
        // Nor their negative, nor a flat or empty frame.
        GrayImage neg = img.value();
        for (auto& p : neg.pixels) p = static_cast<uint8_t>(255 - p);
        EXPECT_FALSE(decodeFrame(neg.view()).code) << s.name;
    }
    GrayImage flat{640, 480, std::vector<uint8_t>(640 * 480, 128)};
    EXPECT_FALSE(decodeFrame(flat.view()).code);
    EXPECT_FALSE(decodeFrame(GrayView{}).code);
}

TEST(CodesDecode, ChinesePayloadWithoutEciComesOutAsUtf8Text) {
    auto img = loadGrayImage(qrDir() / "perspective_2.jpg");
    ASSERT_TRUE(img);
    auto out = decodeFrame(img.value().view());
    ASSERT_TRUE(out.code);
    EXPECT_EQ(out.code->text, "杭州市拱墅区延安路207号 门牌编码 941062545440");
}

TEST(CodesDecode, DarkModeScreenIsReadInverted) {
    auto img = loadGrayImage(qrDir() / "plain_1.jpg");
    ASSERT_TRUE(img);
    GrayImage neg = img.value();
    for (auto& p : neg.pixels) p = static_cast<uint8_t>(255 - p);
    auto out = decodeFrame(neg.view());
    ASSERT_TRUE(out.code);
    EXPECT_EQ(out.code->text, truthOf("plain_1"));
    std::printf("  inverted frame read by pass %s\n", out.code->pass.c_str());
}

TEST(CodesDecode, YuyvCameraMemoryIsReadInPlace) {
    auto img = loadGrayImage(qrDir() / "glare_1.jpg");
    ASSERT_TRUE(img);
    const auto& g = img.value();
    std::vector<uint8_t> yuyv(static_cast<size_t>(g.width) * g.height * 2);
    for (size_t i = 0; i < g.pixels.size(); ++i) {
        yuyv[2 * i] = g.pixels[i];
        yuyv[2 * i + 1] = 128;  // chroma, ignored
    }
    GrayView view{yuyv.data(), g.width, g.height, g.width * 2, 2};
    auto out = decodeFrame(view);
    ASSERT_TRUE(out.code);
    EXPECT_EQ(out.code->text, truthOf("glare_1"));
}

TEST(CodesDecode, MjpegFrameDecodesThroughTurbojpeg) {
    std::ifstream in(qrDir() / "screen_2.jpg", std::ios::binary);
    std::vector<uint8_t> jpeg((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto img = decodeJpegGray(jpeg);
    ASSERT_TRUE(img);
    auto out = decodeFrame(img.value().view());
    ASSERT_TRUE(out.code);
    EXPECT_EQ(out.code->text, truthOf("screen_2"));
    EXPECT_FALSE(decodeJpegGray(std::vector<uint8_t>{0xFF, 0xD8, 0x00}));
}

TEST(CodesDecode, BadPictureFilesAreErrorValues) {
    EXPECT_EQ(loadGrayImage("/nonexistent/x.png").error(), ImageError::Unreadable);
    const std::vector<uint8_t> junk = {'n', 'o', 't', ' ', 'a', 'n', ' ', 'i', 'm', 'a', 'g', 'e'};
    EXPECT_EQ(decodeGrayImage(junk).error(), ImageError::NotAnImage);
}

TEST(CodesText, Utf8WinsThenGbk) {
    EXPECT_TRUE(isValidUtf8("低保申请"));
    EXPECT_FALSE(isValidUtf8("\xB5\xCD\xB1\xA3"));   // 低保 in GBK
    EXPECT_FALSE(isValidUtf8("\xC0\x80"));           // overlong NUL
    EXPECT_FALSE(isValidUtf8("\xED\xA0\x80"));       // surrogate
    const std::string gbk = "\xB5\xCD\xB1\xA3";
    auto t = detectText({reinterpret_cast<const uint8_t*>(gbk.data()), gbk.size()});
    ASSERT_TRUE(t);
    EXPECT_EQ(t->utf8, "低保");
    EXPECT_EQ(t->encoding, TextEncoding::Gbk);
    const std::string utf = "低保";
    EXPECT_EQ(payloadText({reinterpret_cast<const uint8_t*>(utf.data()), utf.size()}, "x"), "低保");
}
