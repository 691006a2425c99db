// The camera's byte-level conversions (drivers/codes/pixel_formats.h) on
// real pictures: YUYV luminance in place, MJPEG frames encoded the way a
// UVC camera sends them (4:2:2, standard tables) from the sample QR frames,
// the same frames without their Huffman tables, and frames that are cut
// short, padded, or garbage. Ends with a bounded, seeded mutation run over
// both formats (run it under the asan preset to catch a stray read).
#include <gtest/gtest.h>
#include <turbojpeg.h>

#include <algorithm>
#include <memory>
#include <random>

#include "codes_test_support.h"
#include "drivers/codes/decoder.h"
#include "drivers/codes/pixel_formats.h"

using namespace kiosk::codes;
using namespace codes_test;

namespace {

GrayImage sample(const std::string& name) {
    auto img = loadGrayImage(qrDir() / (name + ".jpg"));
    EXPECT_TRUE(img) << name;
    return img ? img.value() : GrayImage{};
}

// A YUYV buffer whose luminance is `grey`, chroma bytes set to a pattern the
// conversion must ignore, rows padded to `bytesPerLine`.
std::vector<uint8_t> toYuyv(const GrayImage& grey, int bytesPerLine) {
    std::vector<uint8_t> out(static_cast<size_t>(bytesPerLine) * grey.height, 0xEE);
    for (int y = 0; y < grey.height; ++y)
        for (int x = 0; x < grey.width; ++x) {
            out[static_cast<size_t>(y) * bytesPerLine + 2 * x] = grey.pixels[static_cast<size_t>(y) * grey.width + x];
            out[static_cast<size_t>(y) * bytesPerLine + 2 * x + 1] = static_cast<uint8_t>(x * 7 + y);  // U / V
        }
    return out;
}

// A camera's MJPEG frame: colour JPEG, 4:2:2 chroma, libjpeg's standard
// (unoptimised) Huffman tables, as UVC cameras encode.
std::vector<uint8_t> toMjpeg(const GrayImage& grey, int quality = 80) {
    std::vector<uint8_t> rgb(grey.pixels.size() * 3);
    for (size_t i = 0; i < grey.pixels.size(); ++i) rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = grey.pixels[i];
    std::unique_ptr<void, int (*)(tjhandle)> tj(tjInitCompress(), tjDestroy);
    unsigned char* jpeg = nullptr;
    unsigned long size = 0;
    const int rc = tjCompress2(tj.get(), rgb.data(), grey.width, grey.width * 3, grey.height, TJPF_RGB, &jpeg, &size,
                               TJSAMP_422, quality, 0);
    EXPECT_EQ(rc, 0) << tjGetErrorStr2(tj.get());
    std::vector<uint8_t> out(jpeg, jpeg + size);
    tjFree(jpeg);
    return out;
}

// The JPEG's marker segments before the scan, as (marker, whole segment).
std::vector<std::pair<uint8_t, std::vector<uint8_t>>> headerSegments(const std::vector<uint8_t>& jpeg) {
    std::vector<std::pair<uint8_t, std::vector<uint8_t>>> out;
    size_t p = 2;
    while (p + 4 <= jpeg.size() && jpeg[p] == 0xFF && jpeg[p + 1] != 0xDA) {
        const size_t len = (static_cast<size_t>(jpeg[p + 2]) << 8) | jpeg[p + 3];
        out.push_back({jpeg[p + 1], std::vector<uint8_t>(jpeg.begin() + p, jpeg.begin() + p + 2 + len)});
        p += 2 + len;
    }
    return out;
}

// What many UVC cameras send: the same JPEG without its DHT segments.
std::vector<uint8_t> withoutHuffmanTables(const std::vector<uint8_t>& jpeg) {
    std::vector<uint8_t> out(jpeg.begin(), jpeg.begin() + 2);
    size_t p = 2;
    while (p + 4 <= jpeg.size() && jpeg[p] == 0xFF && jpeg[p + 1] != 0xDA) {
        const size_t len = (static_cast<size_t>(jpeg[p + 2]) << 8) | jpeg[p + 3];
        if (jpeg[p + 1] != 0xC4) out.insert(out.end(), jpeg.begin() + p, jpeg.begin() + p + 2 + len);
        p += 2 + len;
    }
    out.insert(out.end(), jpeg.begin() + p, jpeg.end());
    return out;
}

std::string readPayload(const GrayImage& frame) {
    const auto out = decodeFrame(frame.view());
    return out.code ? out.code->text : "";
}

}  // namespace

TEST(CodesPixelFormats, YuyvOfAKnownPictureGivesItsYPlane) {
    // A small gradient with padded rows (a driver's bytesperline > 2 * width).
    GrayImage grad{16, 6, {}};
    for (int y = 0; y < grad.height; ++y)
        for (int x = 0; x < grad.width; ++x) grad.pixels.push_back(static_cast<uint8_t>(x * 16 + y));
    const auto yuyv = toYuyv(grad, 2 * grad.width + 8);
    auto grey = yuyvToGray(yuyv, grad.width, grad.height, 2 * grad.width + 8);
    ASSERT_TRUE(grey) << frameErrorName(grey.error());
    EXPECT_EQ(grey.value().width, 16);
    EXPECT_EQ(grey.value().height, 6);
    EXPECT_EQ(grey.value().pixels, grad.pixels);

    // A camera frame with a code, read in place (stride 2) by the kiosk's decoder.
    const GrayImage frame = sample("plain_2");
    const auto buffer = toYuyv(frame, frame.width * 2);
    auto view = yuyvLuma(buffer, frame.width, frame.height, frame.width * 2);
    ASSERT_TRUE(view);
    EXPECT_EQ(view.value().data, buffer.data()) << "no copy";
    EXPECT_EQ(view.value().pixStride, 2);
    const auto out = decodeFrame(view.value());
    ASSERT_TRUE(out.code);
    EXPECT_EQ(out.code->text, truthOf("plain_2"));
}

TEST(CodesPixelFormats, YuyvWithImpossibleGeometryOrTooFewBytesIsAnError) {
    const std::vector<uint8_t> buf(64 * 4 * 2, 0x80);
    EXPECT_TRUE(yuyvLuma(buf, 64, 4, 128));
    // bytesused one short of the last row (the last row needs no padding).
    const std::vector<uint8_t> shortBuf(64 * 4 * 2 - 1, 0x80);
    EXPECT_EQ(yuyvLuma(shortBuf, 64, 4, 128).error(), FrameError::TooShort);
    const std::vector<uint8_t> padded(200 * 3 + 128, 0x80);  // stride 200, last row unpadded
    EXPECT_TRUE(yuyvLuma(padded, 64, 4, 200));
    EXPECT_EQ(yuyvLuma(std::span<const uint8_t>(padded).first(200 * 3 + 127), 64, 4, 200).error(), FrameError::TooShort);
    EXPECT_EQ(yuyvLuma({}, 64, 4, 128).error(), FrameError::Empty);
    EXPECT_EQ(yuyvLuma(buf, 63, 4, 128).error(), FrameError::BadGeometry);  // odd width
    EXPECT_EQ(yuyvLuma(buf, 64, 4, 127).error(), FrameError::BadGeometry);  // stride under 2 * width
    EXPECT_EQ(yuyvLuma(buf, 0, 4, 128).error(), FrameError::BadGeometry);
    EXPECT_EQ(yuyvLuma(buf, 64, -1, 128).error(), FrameError::BadGeometry);
    EXPECT_EQ(yuyvLuma(buf, 8192, 8192, 16384).error(), FrameError::TooLarge);
    // Sizes whose product overflows an int do not wrap into "enough bytes".
    EXPECT_EQ(yuyvLuma(buf, 2, 1 << 30, 1 << 30).error(), FrameError::TooLarge);
    EXPECT_EQ(yuyvLuma(buf, 2, 4, 1 << 30).error(), FrameError::TooShort);
}

TEST(CodesPixelFormats, MjpegFromASampleFrameDecodesAndReads) {
    const GrayImage frame = sample("perspective_2");
    const auto mjpeg = toMjpeg(frame);
    ASSERT_TRUE(hasHuffmanTables(mjpeg));
    auto grey = mjpegToGray(mjpeg);
    ASSERT_TRUE(grey) << frameErrorName(grey.error());
    EXPECT_EQ(grey.value().width, 1280);
    EXPECT_EQ(grey.value().height, 720);
    EXPECT_EQ(readPayload(grey.value()), truthOf("perspective_2"));
    // Cameras pad the buffer after the image (bytesused > the JPEG): still fine.
    auto padded = mjpeg;
    padded.resize(padded.size() + 4096, 0);
    auto fromPadded = mjpegToGray(padded);
    ASSERT_TRUE(fromPadded);
    EXPECT_EQ(fromPadded.value().pixels, grey.value().pixels);
}

TEST(CodesPixelFormats, TheStandardTablesAreTheOnesLibjpegWrites) {
    // libjpeg writes the spec's K.3 tables when not optimising: one DHT per
    // table, in the order DC0, AC0, DC1, AC1 (ours are one segment, same order).
    const auto mjpeg = toMjpeg(sample("plain_1"));
    std::vector<uint8_t> tables;
    int dhtSegments = 0;
    for (const auto& [marker, seg] : headerSegments(mjpeg))
        if (marker == 0xC4) {
            ++dhtSegments;
            tables.insert(tables.end(), seg.begin() + 4, seg.end());
        }
    ASSERT_EQ(dhtSegments, 4);
    const auto ours = standardHuffmanSegment();
    ASSERT_GT(ours.size(), 4u);
    EXPECT_EQ(ours[0], 0xFF);
    EXPECT_EQ(ours[1], 0xC4);
    EXPECT_EQ((static_cast<size_t>(ours[2]) << 8 | ours[3]) + 2, ours.size());
    EXPECT_EQ(std::vector<uint8_t>(ours.begin() + 4, ours.end()), tables);
}

TEST(CodesPixelFormats, AFrameWithoutHuffmanTablesStillDecodes) {
    const GrayImage frame = sample("plain_2");
    const auto full = toMjpeg(frame);
    const auto bare = withoutHuffmanTables(full);
    ASSERT_LT(bare.size(), full.size());
    ASSERT_FALSE(hasHuffmanTables(bare));

    auto fromBare = mjpegToGray(bare);
    ASSERT_TRUE(fromBare) << frameErrorName(fromBare.error());
    EXPECT_EQ(readPayload(fromBare.value()), truthOf("plain_2"));
    // The same tables, so the same pixels as the complete JPEG.
    auto fromFull = mjpegToGray(full);
    ASSERT_TRUE(fromFull);
    EXPECT_EQ(fromBare.value().pixels, fromFull.value().pixels);

    // The completed JPEG stands on its own: stb_image, which has no fallback
    // tables (libjpeg-turbo has), refuses the bare frame and reads the completed one.
    EXPECT_FALSE(decodeGrayImage(bare));
    const auto completed = withStandardHuffmanTables(bare);
    ASSERT_TRUE(hasHuffmanTables(completed));
    auto viaStb = decodeGrayImage(completed);
    ASSERT_TRUE(viaStb);
    EXPECT_EQ(readPayload(viaStb.value()), truthOf("plain_2"));
    // A JPEG that has its tables is left as it is.
    EXPECT_EQ(withStandardHuffmanTables(full), full);
}

TEST(CodesPixelFormats, TruncatedAndGarbageFramesAreErrors) {
    const auto bare = withoutHuffmanTables(toMjpeg(sample("dark_1")));
    // Cut short anywhere: half, just before the end marker, inside the headers.
    for (size_t keep : {bare.size() / 2, bare.size() - 2, bare.size() - 1, size_t{300}, size_t{20}, size_t{3}}) {
        auto r = mjpegToGray(std::span<const uint8_t>(bare).first(keep));
        ASSERT_FALSE(r) << keep;
        EXPECT_TRUE(r.error() == FrameError::Truncated || r.error() == FrameError::Corrupt)
            << keep << " " << frameErrorName(r.error());
    }
    EXPECT_EQ(mjpegToGray(std::span<const uint8_t>(bare).first(bare.size() / 2)).error(), FrameError::Truncated);
    EXPECT_EQ(mjpegToGray({}).error(), FrameError::Empty);
    std::mt19937 rng(7);
    std::vector<uint8_t> noise(100000);
    for (auto& b : noise) b = static_cast<uint8_t>(rng());
    noise[0] = 0x12;
    EXPECT_EQ(mjpegToGray(noise).error(), FrameError::NotJpeg);
    // A JPEG start followed by noise, and by noise that happens to end in an end marker.
    noise[0] = 0xFF, noise[1] = 0xD8;
    EXPECT_FALSE(mjpegToGray(noise));
    noise[noise.size() - 2] = 0xFF, noise[noise.size() - 1] = 0xD9;
    EXPECT_FALSE(mjpegToGray(noise));
    // Entropy data overwritten in the middle: refused (libjpeg-turbo warns; a
    // warning counts as an error) or, at worst, a frame of the right size.
    auto smashed = bare;
    for (size_t i = smashed.size() / 3; i < smashed.size() / 3 + 2000; ++i) smashed[i] = static_cast<uint8_t>(rng());
    auto r = mjpegToGray(smashed);
    if (r) {
        EXPECT_EQ(r.value().pixels.size(), 1280u * 720u);
    }
    // Headers that claim a picture beyond the kiosk's limit are refused before allocating.
    auto huge = bare;
    for (const auto& [marker, seg] : headerSegments(huge))
        if (marker == 0xC0) {
            const auto at = std::search(huge.begin(), huge.end(), seg.begin(), seg.end()) - huge.begin();
            huge[at + 5] = 0x1F, huge[at + 6] = 0x40;  // height 8000
            huge[at + 7] = 0x1F, huge[at + 8] = 0x40;  // width 8000
        }
    EXPECT_EQ(mjpegToGray(huge).error(), FrameError::TooLarge);
}

TEST(CodesPixelFormats, SeededMutationsNeverCrash) {
    // A small camera-like frame (fast to decode, so many mutations run), with
    // and without tables, and a YUYV buffer; each mutated by flips, cuts,
    // inserted markers and overwritten lengths. The outcome does not matter;
    // finishing (without a sanitizer report) does.
    GrayImage crop{160, 96, {}};
    const GrayImage frame = sample("plain_1");
    for (int y = 0; y < crop.height; ++y)
        for (int x = 0; x < crop.width; ++x) crop.pixels.push_back(frame.pixels[static_cast<size_t>(y + 300) * 1280 + x + 560]);
    const auto full = toMjpeg(crop, 60);
    const std::vector<std::vector<uint8_t>> seeds = {full, withoutHuffmanTables(full)};
    const auto yuyv = toYuyv(crop, crop.width * 2);
    std::mt19937 rng(20261120);
    int decoded = 0;
    const int rounds = 20000;
    for (int i = 0; i < rounds; ++i) {
        std::vector<uint8_t> m = seeds[static_cast<size_t>(i) % seeds.size()];
        const int edits = 1 + static_cast<int>(rng() % 8);
        for (int e = 0; e < edits && !m.empty(); ++e) {
            const size_t at = rng() % m.size();
            switch (rng() % 5) {
                case 0: m[at] ^= static_cast<uint8_t>(1u << (rng() % 8)); break;
                case 1: m.resize(at); break;
                case 2: m.insert(m.begin() + static_cast<ptrdiff_t>(at), {0xFF, static_cast<uint8_t>(0xC0 + rng() % 0x3F)}); break;
                case 3: m[at] = 0xFF; break;
                default: m[at] = static_cast<uint8_t>(rng()); break;
            }
        }
        auto r = mjpegToGray(m);
        if (r) {
            ++decoded;
            EXPECT_EQ(r.value().pixels.size(), static_cast<size_t>(r.value().width) * r.value().height);
        }
        (void)hasHuffmanTables(m);
        (void)withStandardHuffmanTables(m);
        const size_t cut = rng() % (yuyv.size() + 1);
        const int w = static_cast<int>(rng() % 400) - 40, h = static_cast<int>(rng() % 200) - 20;
        auto v = yuyvLuma(std::span<const uint8_t>(yuyv).first(cut), w, h, static_cast<int>(rng() % 800));
        if (v) {
            // Every pixel the view promises lies inside the bytes given.
            const auto& g = v.value();
            const auto last = static_cast<size_t>(g.rowStride) * (g.height - 1) + static_cast<size_t>(g.pixStride) * (g.width - 1);
            EXPECT_LT(last, cut);
            (void)copyOf(g);
        }
    }
    std::printf("  %d of %d mutated MJPEG frames still decoded\n", decoded, rounds);
}
