#pragma once
// A scanner that takes pages from a folder of pictures: the document camera
// (高拍仪) stand-in for the demo and tests, and the way to feed pictures a
// camera saved. Each start() "captures" the next picture (PNG, JPEG, TIFF,
// BMP; sorted by name); when the folder is exhausted it reports NoDocuments,
// or starts over when `loop` is set. Settings are ignored except that
// ColorMode::Gray turns a colour picture grey.
//
// Threads and callbacks: see kiosk::Scanner (documents.h). Each capture runs
// on a thread of its own, joined before the next start and by the destructor.
#include <atomic>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

#include "kiosk/core/documents.h"

namespace kiosk::documents {

class ImageFolderScanner final : public Scanner {
public:
    explicit ImageFolderScanner(std::filesystem::path folder, bool loop = false);
    ~ImageFolderScanner() override;

    ScannerInfo info() const override;
    bool start(const ScanSettings& settings, Callbacks callbacks) override;
    void cancel() override;
    bool busy() const override;

private:
    void run(ScanSettings settings, Callbacks callbacks);

    const std::filesystem::path folder_;
    const bool loop_;
    mutable std::mutex mutex_;
    std::thread thread_;
    std::atomic<bool> busy_{false};
    std::atomic<bool> cancelled_{false};
    size_t next_ = 0;
};

}  // namespace kiosk::documents
