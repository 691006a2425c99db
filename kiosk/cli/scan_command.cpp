// kiosk-cli scan --device NAME --out FILE [--mode gray|color] [--resolution N]
// Scans one page from a SANE device with the kiosk's own scanner driver and
// writes it as PNG or JPEG (chosen by the extension of FILE), the resolution
// recorded in the file. For maintainers checking a scanner; `scanimage -L`
// (sane-utils) lists the device names. SANE_CONFIG_DIR selects the backends.
// Exit codes: 0 written, 1 the scan failed (the reason on stderr),
// 2 bad arguments (e.g. an extension other than .png/.jpg/.jpeg),
// 3 the page could not be written.
#include <leptonica/allheaders.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <future>
#include <memory>
#include <string>

#include "drivers/documents/sane_scanner.h"
#include "kiosk/cli/command.h"

namespace kiosk::cli {
namespace {

// For the maintainer at the console (the kiosk shows its translated texts).
const char* scanErrorMessage(ScanError e) {
    switch (e) {
    case ScanError::Cancelled: return "the scan was cancelled";
    case ScanError::NoDevice: return "no such scanner (check the name with `scanimage -L`, and that it is plugged in)";
    case ScanError::DeviceBusy: return "the scanner is busy (another program or scan is using it)";
    case ScanError::Jammed: return "paper jam in the feeder";
    case ScanError::NoDocuments: return "no paper in the feeder";
    case ScanError::CoverOpen: return "the scanner cover is open";
    case ScanError::IoError: return "communication with the scanner failed";
    case ScanError::NoMemory: return "not enough memory for the page";
    case ScanError::AccessDenied: return "no permission to use the scanner (udev rule or group missing?)";
    case ScanError::Unsupported: return "the scanner cannot scan with these settings";
    case ScanError::Unreadable: return "the scanner's data could not be read";
    case ScanError::TooLarge: return "the page is larger than the kiosk accepts";
    case ScanError::Internal: return "unexpected scanner error";
    }
    return "unexpected scanner error";
}

struct PixFree {
    void operator()(PIX* p) const { pixDestroy(&p); }
};

// 8-bit grey or 32-bit RGB PIX holding the page, its resolution set.
std::unique_ptr<PIX, PixFree> toPix(const PageImage& page) {
    std::unique_ptr<PIX, PixFree> pix(pixCreate(page.width, page.height, page.channels == 1 ? 8 : 32));
    if (!pix) return pix;
    l_uint32* data = pixGetData(pix.get());
    const int wpl = pixGetWpl(pix.get());
    const uint8_t* src = page.pixels.data();
    for (int y = 0; y < page.height; ++y) {
        l_uint32* line = data + static_cast<size_t>(y) * wpl;
        for (int x = 0; x < page.width; ++x) {
            if (page.channels == 1) {
                SET_DATA_BYTE(line, x, *src++);
            } else {
                composeRGBPixel(src[0], src[1], src[2], line + x);
                src += 3;
            }
        }
    }
    if (page.dpi > 0) pixSetResolution(pix.get(), page.dpi, page.dpi);
    return pix;
}

std::string lowerExtension(const std::string& path) {
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext;
}

}  // namespace

void addScanCommand(CLI::App& cli) {
    struct Args {
        std::string device;
        std::string out;
        std::string mode = "gray";
        int resolution = 300;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = cli.add_subcommand("scan", "Scan one page from a SANE scanner to a PNG or JPEG file");
    cmd->add_option("--device", args->device, "SANE device name, e.g. test:0 or genesys:libusb:001:004")->required();
    cmd->add_option("--out", args->out, "Output file: .png, .jpg or .jpeg")->required();
    cmd->add_option("--mode", args->mode, "Colour mode")->check(CLI::IsMember({"gray", "color"}))->capture_default_str();
    cmd->add_option("--resolution", args->resolution, "Dots per inch (the scanner picks the nearest it has)")
        ->check(CLI::Range(25, 1200))
        ->capture_default_str();
    cmd->callback([args] {
        using namespace kiosk::documents;
        const std::string ext = lowerExtension(args->out);
        const bool png = ext == ".png";
        if (!png && ext != ".jpg" && ext != ".jpeg") {
            std::fprintf(stderr, "scan: %s: the output must end in .png, .jpg or .jpeg\n", args->out.c_str());
            exitCode() = 2;
            return;
        }
        auto scanner = SaneScanner::open(args->device);
        if (!scanner) {
            std::fprintf(stderr, "scan: cannot open scanner \"%s\": %s (%s)\n", args->device.c_str(),
                         scanErrorMessage(scanner.error()), scanErrorName(scanner.error()));
            exitCode() = 1;
            return;
        }
        ScanSettings settings;
        settings.mode = args->mode == "color" ? ColorMode::Color : ColorMode::Gray;
        settings.dpi = args->resolution;
        std::promise<Result<PageImage, ScanError>> done;
        auto future = done.get_future();
        Scanner::Callbacks callbacks;
        callbacks.onDone = [&done](Result<PageImage, ScanError> r) { done.set_value(std::move(r)); };
        if (!scanner.value()->start(settings, std::move(callbacks))) {
            std::fprintf(stderr, "scan: %s: %s\n", args->device.c_str(), scanErrorMessage(ScanError::DeviceBusy));
            exitCode() = 1;
            return;
        }
        auto page = future.get();
        scanner.value().reset();  // joins the scan thread (busy until onDone returned)
        if (!page) {
            std::fprintf(stderr, "scan: %s: %s (%s)\n", args->device.c_str(), scanErrorMessage(page.error()),
                         scanErrorName(page.error()));
            exitCode() = 1;
            return;
        }
        const PageImage& p = page.value();
        auto pix = toPix(p);
        // Written next to the target, then renamed: never a half-written FILE.
        const std::string tmp = args->out + ".part";
        bool written = pix && pixWrite(tmp.c_str(), pix.get(), png ? IFF_PNG : IFF_JFIF_JPEG) == 0;
        std::error_code ec;
        if (written) std::filesystem::rename(tmp, args->out, ec);
        if (!written || ec) {
            std::filesystem::remove(tmp, ec);
            std::fprintf(stderr, "scan: cannot write %s\n", args->out.c_str());
            exitCode() = 3;
            return;
        }
        std::printf("%s: %dx%d %s, %d dpi, from %s\n", args->out.c_str(), p.width, p.height,
                    p.channels == 1 ? "gray" : "color", p.dpi, args->device.c_str());
    });
}

}  // namespace kiosk::cli
