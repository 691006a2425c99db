// The kiosk's code-reading pipeline vs ZXing-cpp's plain ReadBarcode with
// default hints, on the same frames (tests/data/qr) in the same run: per-frame
// time (median, p95) for frames with and without a code, and how many frames
// each reads right. Then what the V4L2 camera spends per 1280x720 frame
// before decoding: the YUYV luminance copy the decode worker makes, and MJPEG
// to grey (libturbojpeg) with and without the frame's Huffman tables.
// Reports numbers; never fails on speed.
//   qr_bench [FOLDER] [--rounds N]
#define ZX_USE_UTF8
#include <ZXing/ReadBarcode.h>
#include <nlohmann/json.hpp>
#include <turbojpeg.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "drivers/codes/decoder.h"
#include "drivers/codes/pixel_formats.h"

namespace {

struct Frame {
    std::string name;
    std::string truth;
    kiosk::codes::GrayImage image;
};

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5))];
}

// The camera's conversions on one frame, `rounds` x 20 times each.
void cameraConversions(const kiosk::codes::GrayImage& g, int rounds) {
    using namespace kiosk::codes;
    std::vector<uint8_t> yuyv(g.pixels.size() * 2, 128);
    for (size_t i = 0; i < g.pixels.size(); ++i) yuyv[2 * i] = g.pixels[i];
    // As a UVC camera encodes: colour, 4:2:2, quality 80, standard tables.
    std::vector<uint8_t> rgb(g.pixels.size() * 3);
    for (size_t i = 0; i < g.pixels.size(); ++i) rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = g.pixels[i];
    tjhandle tj = tjInitCompress();
    unsigned char* jpeg = nullptr;
    unsigned long size = 0;
    if (tjCompress2(tj, rgb.data(), g.width, g.width * 3, g.height, TJPF_RGB, &jpeg, &size, TJSAMP_422, 80, 0) != 0) {
        std::printf("camera conversions: cannot encode the frame\n");
        tjDestroy(tj);
        return;
    }
    const std::vector<uint8_t> mjpeg(jpeg, jpeg + size);
    tjFree(jpeg);
    tjDestroy(tj);
    std::vector<uint8_t> bare = {mjpeg[0], mjpeg[1]};  // the same without DHT segments
    size_t p = 2;
    while (p + 4 <= mjpeg.size() && mjpeg[p + 1] != 0xDA) {
        const size_t len = (static_cast<size_t>(mjpeg[p + 2]) << 8) | mjpeg[p + 3];
        if (mjpeg[p + 1] != 0xC4) bare.insert(bare.end(), mjpeg.begin() + p, mjpeg.begin() + p + 2 + len);
        p += 2 + len;
    }
    bare.insert(bare.end(), mjpeg.begin() + p, mjpeg.end());
    std::vector<double> yuyvMs, mjpegMs, bareMs;
    for (int i = 0; i < rounds * 20; ++i) {
        auto t0 = std::chrono::steady_clock::now();
        auto view = yuyvLuma(yuyv, g.width, g.height, g.width * 2);
        GrayImage copy = view ? copyOf(view.value()) : GrayImage{};
        auto t1 = std::chrono::steady_clock::now();
        auto a = mjpegToGray(mjpeg);
        auto t2 = std::chrono::steady_clock::now();
        auto b = mjpegToGray(bare);
        auto t3 = std::chrono::steady_clock::now();
        if (copy.empty() || !a || !b) {
            std::printf("camera conversions: a conversion failed\n");
            return;
        }
        yuyvMs.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
        mjpegMs.push_back(std::chrono::duration<double, std::milli>(t2 - t1).count());
        bareMs.push_back(std::chrono::duration<double, std::milli>(t3 - t2).count());
    }
    std::printf("camera %dx%d: YUYV luminance copy median %.2f ms; MJPEG (%zu bytes) to grey median %.2f ms p95 %.2f ms, "
                "without DHT median %.2f ms\n",
                g.width, g.height, percentile(yuyvMs, 0.5), mjpeg.size(), percentile(mjpegMs, 0.5),
                percentile(mjpegMs, 0.95), percentile(bareMs, 0.5));
}

}  // namespace

int main(int argc, char** argv) {
    std::filesystem::path folder = std::string(KIOSK_SOURCE_DIR) + "/tests/data/qr";
    int rounds = 5;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--rounds") == 0 && i + 1 < argc)
            rounds = std::max(1, std::atoi(argv[++i]));
        else
            folder = argv[i];
    }
    std::vector<Frame> frames;
    std::ifstream truth(folder / "truth.tsv");
    std::string line;
    while (std::getline(truth, line)) {
        auto tab = line.find('\t');
        if (tab == std::string::npos) continue;
        Frame f;
        f.name = line.substr(0, tab);
        auto json = line.substr(tab + 1);
        f.truth = json.empty() ? "" : nlohmann::json::parse(json).get<std::string>();
        auto img = kiosk::codes::loadGrayImage(folder / (f.name + ".jpg"));
        if (!img) {
            std::fprintf(stderr, "%s: cannot read\n", f.name.c_str());
            return 1;
        }
        f.image = std::move(img.value());
        frames.push_back(std::move(f));
    }
    std::vector<double> oursCode, oursNone, plainCode, plainNone;
    int oursRight = 0, plainRight = 0, oursFalse = 0, plainFalse = 0;
    for (int round = 0; round < rounds; ++round) {
        for (const auto& f : frames) {
            auto t0 = std::chrono::steady_clock::now();
            auto ours = kiosk::codes::decodeFrame(f.image.view());
            auto t1 = std::chrono::steady_clock::now();
            auto plain = ZXing::ReadBarcode(
                ZXing::ImageView(f.image.pixels.data(), f.image.width, f.image.height, ZXing::ImageFormat::Lum),
                ZXing::DecodeHints());
            auto t2 = std::chrono::steady_clock::now();
            const double a = std::chrono::duration<double, std::milli>(t1 - t0).count();
            const double b = std::chrono::duration<double, std::milli>(t2 - t1).count();
            (f.truth.empty() ? oursNone : oursCode).push_back(a);
            (f.truth.empty() ? plainNone : plainCode).push_back(b);
            if (round != 0) continue;
            const std::string oursText = ours.code ? ours.code->text : "";
            const std::string plainText = plain.isValid() ? plain.text() : "";
            oursRight += oursText == f.truth;
            plainRight += plainText == f.truth;
            oursFalse += !oursText.empty() && oursText != f.truth;
            plainFalse += !plainText.empty() && plainText != f.truth;
            std::printf("%-16s ours %-5s %6.2f ms (%s, %d passes)   plain %-5s %6.2f ms\n", f.name.c_str(),
                        oursText == f.truth ? "right" : "WRONG", a, ours.code ? ours.code->pass.c_str() : "-",
                        ours.stats.passesTried, plainText == f.truth ? "right" : "WRONG", b);
        }
    }
    const size_t n = frames.size();
    std::printf("\n%zu frames x %d rounds\n", n, rounds);
    std::printf("pipeline : %d/%zu right, %d false reads; with code median %.2f ms p95 %.2f ms; "
                "without code median %.2f ms p95 %.2f ms\n",
                oursRight, n, oursFalse, percentile(oursCode, 0.5), percentile(oursCode, 0.95),
                percentile(oursNone, 0.5), percentile(oursNone, 0.95));
    std::printf("plain    : %d/%zu right, %d false reads; with code median %.2f ms p95 %.2f ms; "
                "without code median %.2f ms p95 %.2f ms\n",
                plainRight, n, plainFalse, percentile(plainCode, 0.5), percentile(plainCode, 0.95),
                percentile(plainNone, 0.5), percentile(plainNone, 0.95));
    std::vector<double> all = oursCode, allPlain = plainCode;
    all.insert(all.end(), oursNone.begin(), oursNone.end());
    allPlain.insert(allPlain.end(), plainNone.begin(), plainNone.end());
    std::printf("time ratio pipeline/plain (median over all frames): %.2f\n",
                percentile(all, 0.5) / std::max(1e-9, percentile(allPlain, 0.5)));
    if (!frames.empty()) cameraConversions(frames.front().image, rounds);
    return 0;
}
