// The kiosk's code-reading pipeline vs ZXing-cpp's plain ReadBarcode with
// default hints, on the same frames (tests/data/qr) in the same run: per-frame
// time (median, p95) for frames with and without a code, and how many frames
// each reads right. Reports numbers; never fails on speed.
//   qr_bench [FOLDER] [--rounds N]
#define ZX_USE_UTF8
#include <ZXing/ReadBarcode.h>
#include <nlohmann/json.hpp>

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
    return 0;
}
