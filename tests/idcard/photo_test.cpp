// The optional vendor photo decoder: absent means a placeholder (no error),
// present means 102 x 126 RGB pixels on the card.
#include <gtest/gtest.h>

#include "drivers/idcard/wlt_decoder.h"
#include "idcard_test_support.h"

using namespace kiosk;
using namespace kiosk::idcard;
using namespace idcard_test;

TEST(IdcardPhoto, MissingVendorLibraryIsNotAnError) {
    WltDecoder decoder("libwlt2bmp-not-installed.so");
    EXPECT_FALSE(decoder.available());
    EXPECT_FALSE(decoder.unavailableReason().empty());
    std::vector<uint8_t> wlt(1024, 0x57);
    EXPECT_FALSE(decoder.decode(wlt));
    WltDecoder disabled("");
    EXPECT_FALSE(disabled.available());
}

TEST(IdcardPhoto, MissingSymbolIsNotAnError) {
    WltDecoder decoder(FAKE_WLT_LIBRARY, "no_such_symbol");
    EXPECT_FALSE(decoder.available());
}

TEST(IdcardPhoto, DecodesThroughTheVendorLibrary) {
    WltDecoder decoder(FAKE_WLT_LIBRARY);
    ASSERT_TRUE(decoder.available()) << decoder.unavailableReason();
    std::vector<uint8_t> wlt(1024, 0);
    wlt[0] = 'W', wlt[4] = 10, wlt[5] = 20, wlt[6] = 30;
    auto photo = decoder.decode(wlt);
    ASSERT_TRUE(photo);
    EXPECT_EQ(photo->width, 102);
    EXPECT_EQ(photo->height, 126);
    const std::string& rgb = photo->rgb.reveal();
    ASSERT_EQ(rgb.size(), 102u * 126u * 3u);
    EXPECT_EQ(rgb[0], 10);
    EXPECT_EQ(rgb[1], 20);
    EXPECT_EQ(rgb[2], 30);
    EXPECT_EQ(rgb[rgb.size() - 3], 0) << "the BMP's first (bottom) row ends up last";
    wlt[0] = 'X';
    EXPECT_FALSE(decoder.decode(wlt)) << "a decoder failure is a placeholder too";
}

TEST(IdcardPhoto, RejectsMalformedBmps) {
    EXPECT_FALSE(WltDecoder::bmpToRgb(std::vector<uint8_t>(10, 0)));
    std::vector<uint8_t> bmp(54, 0);
    bmp[0] = 'B', bmp[1] = 'M';
    bmp[18] = 102, bmp[22] = 126, bmp[28] = 24, bmp[10] = 54;
    EXPECT_FALSE(WltDecoder::bmpToRgb(bmp)) << "pixel data missing";
}

TEST(IdcardPhoto, TheDriverAttachesTheDecodedPhoto) {
    TempDir dir;
    EmulatorOptions options;
    options.linkPath = (dir.path / "reader").string();
    auto emu = IdCardEmulator::start(options);
    ASSERT_TRUE(emu);
    auto config = fastConfig(emu.value()->devicePath());
    config.photoLibrary = FAKE_WLT_LIBRARY;
    Recorder recorder;
    SamCardReader reader(config);
    reader.start(recorder.callbacks());
    emu.value()->placeCard(profile("resident.json"));  // synthetic WLT starts with "WLT"
    ASSERT_TRUE(recorder.waitFor([](const auto& r) { return !r.cards.empty(); }));
    reader.stop();
    auto record = recorder.snapshot();
    const auto& card = record.cards[0];
    ASSERT_TRUE(card.photo);
    EXPECT_EQ(card.photo->width, 102);
}
