// kiosk-cli ocr IMAGE [--kind income|medical|household|auto] [--json]
// Reads a page picture with the kiosk's own OCR pipeline and prints the text
// (UTF-8), or with --json the document kind, fields with confidences and
// timings. Set OMP_THREAD_LIMIT=1 in the environment (see peripherals.md).
// Exit codes: 0 read (a blank page too), 1 unreadable or too large,
// 2 the OCR engine is unavailable.
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <string>

#include "drivers/documents/image_io.h"
#include "drivers/documents/ocr_pool.h"
#include "kiosk/cli/command.h"

namespace kiosk::cli {

void addOcrCommand(CLI::App& cli) {
    struct Args {
        std::string image;
        std::string kind = "auto";
        bool json = false;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = cli.add_subcommand("ocr", "Read a scanned or photographed page: text, or fields with --json");
    cmd->add_option("IMAGE", args->image, "PNG, JPEG or TIFF picture of the page")->required();
    cmd->add_option("--kind", args->kind, "Document kind for the fields")
        ->check(CLI::IsMember({"auto", "income", "medical", "household"}));
    cmd->add_flag("--json", args->json, "Print kind, fields, confidences and timings as JSON");
    cmd->callback([args] {
        using namespace kiosk::documents;
        const auto start = std::chrono::steady_clock::now();
        OcrOptions options;
        options.keepPageImage = false;
        OcrPool pool(options);  // starts loading while the picture is decoded
        auto page = loadImageFile(args->image);
        if (!page) {
            std::fprintf(stderr, "%s: cannot read the picture (%s)\n", args->image.c_str(),
                         scanErrorName(page.error()));
            exitCode() = 1;
            return;
        }
        DocumentKind kind = parseDocumentKind(args->kind).value_or(DocumentKind::Unknown);
        auto result = pool.read({std::move(page.value()), kind});
        if (!result) {
            std::fprintf(stderr, "%s: OCR failed (%s)\n", args->image.c_str(), ocrErrorName(result.error()));
            exitCode() = result.error() == OcrError::EngineUnavailable ? 2 : 1;
            return;
        }
        const DocumentReading& r = result.value();
        if (!args->json) {
            std::fputs(r.ocr.text.reveal().c_str(), stdout);
            return;
        }
        nlohmann::json fields = nlohmann::json::array();
        for (const auto& f : r.document.fields) {
            nlohmann::json j = {{"field", fieldName(f.id)},
                                {"member", f.member},
                                {"value", f.value.reveal()},
                                {"confidence", f.confidence},
                                {"valid", f.valid}};
            if (f.suggestion) j["suggestion"] = f.suggestion->reveal();
            fields.push_back(std::move(j));
        }
        const auto& t = r.ocr.timings;
        nlohmann::json out = {
            {"kind", documentKindName(r.document.kind)},
            {"text", r.ocr.text.reveal()},
            {"mean_confidence", r.ocr.meanConfidence},
            {"words", r.ocr.words.size()},
            {"fields", fields},
            {"timings_ms",
             {{"wait", t.waitMs},
              {"preprocess", t.preprocessMs},
              {"recognize", t.recognizeMs},
              {"extract", t.extractMs},
              {"total", std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count()}}},
        };
        std::printf("%s\n", out.dump(2).c_str());
    });
}

}  // namespace kiosk::cli
