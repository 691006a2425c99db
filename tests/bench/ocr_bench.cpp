// OCR benchmark: seconds per page and character error rate of the kiosk's
// pipeline on the sample pages, side by side with the `tesseract` command-line
// tool run on the same files in the same run (`-l chi_sim --psm 6`, the
// issue's reference). Not a test: it prints numbers and never fails on them.
// Prints one row per page (CER of each, which is better, seconds of each),
// then the overall CER weighted by characters, scored as the OCR tests score
// (tests/documents/ocr_scoring.h: the page printed with boxed glyphs counts
// its ideographs only), and for reference over every character.
//   ocr_bench [--dir tests/data/documents] [--no-cli] [--raw] [--no-flatten]
//             [--no-deskew] [--no-crop] [--grey] [--psm N] [--no-line-fields]
//             [--lang L] [--dpi N] [--dump DIR]
// Run with OMP_THREAD_LIMIT=1 (tools/test exports it), as the kiosk does.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sys/resource.h>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "drivers/documents/fields.h"
#include "drivers/documents/image_io.h"
#include "drivers/documents/ocr_pool.h"
#include "tests/documents/ocr_scoring.h"

namespace fs = std::filesystem;
using namespace kiosk;
using namespace kiosk::documents;

namespace {
std::string readText(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string runCommand(const std::string& cmd) {
    std::string out;
    FILE* pipe = popen(cmd.c_str(), "r");
    if (!pipe) return out;
    std::array<char, 4096> buf;
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
    pclose(pipe);
    return out;
}

// CPU seconds (user + system) of this process, or of its waited-for
// children (the CLI runs): unlike wall time, not inflated by other load.
double cpuSeconds(int who) {
    rusage u{};
    getrusage(who, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double secondsSince(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}
}  // namespace

int main(int argc, char** argv) {
    fs::path dir = fs::path(KIOSK_SOURCE_DIR) / "tests/data/documents";
    bool cli = true;
    fs::path dump;  // when set, the recognised text of each page is written there
    OcrOptions options;
    options.keepPageImage = false;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
        if (a == "--dir")
            dir = next();
        else if (a == "--no-cli")
            cli = false;
        else if (a == "--dump")
            dump = next();
        else if (a == "--raw")
            options.preprocess.enabled = false;
        else if (a == "--no-flatten")
            options.preprocess.flatten = false;
        else if (a == "--no-deskew")
            options.preprocess.deskew = false;
        else if (a == "--no-crop")
            options.preprocess.crop = false;
        else if (a == "--grey")
            options.preprocess.binarize = false;
        else if (a == "--psm")
            options.pageSegMode = std::atoi(next().c_str());
        else if (a == "--no-line-fields")
            options.singleLineFields = false;
        else if (a == "--no-dictionary-lines")
            options.dictionaryLines = false;
        else if (a == "--lang")
            options.languages = next();
        else if (a == "--dpi")
            options.preprocess.targetDpi = std::atoi(next().c_str());
        else {
            std::fprintf(stderr, "unknown option %s\n", a.c_str());
            return 2;
        }
    }
    if (!std::getenv("OMP_THREAD_LIMIT")) std::fprintf(stderr, "warning: OMP_THREAD_LIMIT is not set\n");

    std::vector<fs::path> pages;
    for (auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".png" && fs::exists(fs::path(e.path()).replace_extension(".txt")))
            pages.push_back(e.path());
    std::sort(pages.begin(), pages.end());

    auto t0 = std::chrono::steady_clock::now();
    OcrPool pool(options);
    pool.waitUntilReady(std::chrono::seconds(30));
    std::printf("engine ready after %.2f s\n", secondsSince(t0));
    std::printf("%-24s %8s %8s  %-6s %7s %7s %9s %7s\n", "page", "kiosk", "cli", "better", "kiosk_s", "cli_s",
                "kiosk_cpu", "cli_cpu");

    struct Sum {
        double errs = 0, chars = 0, allErrs = 0, allChars = 0, secs = 0, cpu = 0;
        void add(const std::string& stem, const std::string& truth, const std::string& text, double s, double c) {
            cpu += c;
            const double len = scoring::scoredLength(stem, truth);
            errs += scoring::pageCer(stem, truth, text) * len, chars += len;
            const double all = scoring::scoredLength("", truth);
            allErrs += characterErrorRate(truth, text) * all, allChars += all;
            secs += s;
        }
    } kiosk, peer;
    int worse = 0;
    for (const auto& png : pages) {
        const std::string stem = png.stem().string();
        const std::string truth = readText(fs::path(png).replace_extension(".txt"));

        auto t = std::chrono::steady_clock::now();
        double c0 = cpuSeconds(RUSAGE_SELF);
        auto image = loadImageFile(png);
        std::string text;
        if (image) {
            auto r = pool.read({std::move(image.value()), DocumentKind::Unknown});
            if (r) text = r.value().ocr.text.reveal();
        }
        const double s = secondsSince(t), cpu = cpuSeconds(RUSAGE_SELF) - c0;
        if (!dump.empty()) std::ofstream(dump / (stem + ".txt")) << text;
        const double cer = scoring::pageCer(stem, truth, text);
        kiosk.add(stem, truth, text, s, cpu);
        std::printf("%-24s %7.2f%%", (stem + (stem == scoring::kBoxedGlyphPage ? "*" : "")).c_str(), cer * 100);

        if (cli) {
            t = std::chrono::steady_clock::now();
            c0 = cpuSeconds(RUSAGE_CHILDREN);
            const std::string out =
                runCommand("tesseract '" + png.string() + "' stdout -l chi_sim --psm 6 2>/dev/null");
            const double cliS = secondsSince(t), cliCpu = cpuSeconds(RUSAGE_CHILDREN) - c0;
            const double cliCer = scoring::pageCer(stem, truth, out);
            peer.add(stem, truth, out, cliS, cliCpu);
            const double eps = 1e-9;
            worse += cer > cliCer + eps;
            std::printf(" %7.2f%%  %-6s %7.2f %7.2f %9.2f %7.2f\n", cliCer * 100,
                        cer + eps < cliCer ? "kiosk" : cliCer + eps < cer ? "cli" : "same", s, cliS, cpu, cliCpu);
        } else {
            std::printf(" %8s  %-6s %7.2f %7s %9.2f\n", "-", "-", s, "", cpu);
        }
    }
    const double k = static_cast<double>(pages.size());
    std::printf("%-24s %7.2f%%", "overall", kiosk.errs / kiosk.chars * 100);
    if (cli)
        std::printf(" %7.2f%%  %-6s %7.2f %7.2f %9.2f %7.2f\n", peer.errs / peer.chars * 100, worse ? "" : "kiosk",
                    kiosk.secs / k, peer.secs / k, kiosk.cpu / k, peer.cpu / k);
    else
        std::printf(" %8s  %-6s %7.2f %7s %9.2f\n", "-", "", kiosk.secs / k, "", kiosk.cpu / k);
    std::printf("* scored on its ideographs only (digits and punctuation printed as empty boxes)\n");
    std::printf("over every character: kiosk %.2f%%", kiosk.allErrs / kiosk.allChars * 100);
    if (cli) {
        std::printf(", cli %.2f%%\n", peer.allErrs / peer.allChars * 100);
        std::printf("pages where the kiosk is worse than the cli: %d of %zu\n", worse, pages.size());
        std::printf("ratio kiosk/cli: cer %.2f  time %.2f  cpu %.2f\n",
                    (kiosk.errs / kiosk.chars) / std::max(1e-9, peer.errs / peer.chars),
                    kiosk.secs / std::max(1e-9, peer.secs), kiosk.cpu / std::max(1e-9, peer.cpu));
    } else {
        std::printf("\n");
    }
    return 0;
}
