// kiosk-cli scan-code IMAGE [--json]
// Reads the QR code in a picture (PNG or JPEG) through the kiosk's camera
// path (a still-picture frame source, the decode worker, the presentation
// filter: the very code the camera runs) and prints the payload exactly as
// encoded, UTF-8, with one newline; nothing when the picture holds no code.
// --json prints one JSON object instead: found, text, format, corners, the
// pass that read it, and timings.
// Exit codes: 0 read or no code, 1 the file cannot be read or is no picture.
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <mutex>
#include <optional>
#include <string>

#include "drivers/codes/camera_reader.h"
#include "drivers/codes/image_folder_source.h"
#include "kiosk/cli/command.h"

namespace kiosk::cli {

void addScanCodeCommand(CLI::App& cli) {
    struct Args {
        std::string image;
        bool json = false;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = cli.add_subcommand("scan-code", "Read the QR code in a picture and print its payload");
    cmd->add_option("IMAGE", args->image, "PNG or JPEG picture")->required();
    cmd->add_flag("--json", args->json, "Print format, position and timings as JSON");
    cmd->callback([args] {
        using namespace kiosk::codes;
        using Ms = std::chrono::duration<double, std::milli>;
        const auto start = std::chrono::steady_clock::now();
        auto image = loadGrayImage(args->image);
        if (!image) {
            std::fprintf(stderr, "%s: cannot read the picture (%s)\n", args->image.c_str(),
                         imageErrorName(image.error()));
            exitCode() = 1;
            return;
        }
        const double loadMs = Ms(std::chrono::steady_clock::now() - start).count();
        const int width = image.value().width, height = image.value().height;

        SystemClock clock;
        StillImageSource source(std::move(image.value()));
        std::optional<DecodedCode> found;
        std::mutex mutex;
        {
            CameraCodeReader reader(source, clock, [&](ScannedCode, const DecodedCode& details) {
                std::lock_guard lock(mutex);
                found = details;
            });
            if (auto err = reader.start()) {
                std::fprintf(stderr, "%s: %s\n", args->image.c_str(), err->message.c_str());
                exitCode() = 1;
                return;
            }
            source.stop();  // returns once the frame was taken
            reader.waitIdle();
        }
        const double totalMs = Ms(std::chrono::steady_clock::now() - start).count();
        if (!args->json) {
            // Payload bytes as they are: fwrite, not printf, so an embedded NUL is not a terminator.
            if (found) {
                std::fwrite(found->text.data(), 1, found->text.size(), stdout);
                std::fputc('\n', stdout);
            }
            return;
        }
        nlohmann::json out = {{"found", found.has_value()}, {"width", width}, {"height", height}};
        if (found) {
            nlohmann::json corners = nlohmann::json::array();
            for (const auto& p : found->corners) corners.push_back({p.x, p.y});
            out["text"] = found->text;
            out["format"] = found->format;
            out["corners"] = corners;
            out["pass"] = found->pass;
            out["passes_tried"] = found->stats.passesTried;
        }
        out["timings_ms"] = {{"load", loadMs}, {"decode", found ? found->stats.totalMs : 0.0}, {"total", totalMs}};
        std::printf("%s\n", out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    });
}

}  // namespace kiosk::cli
