#include "drivers/documents/image_folder_scanner.h"

#include <algorithm>
#include <cctype>

#include "drivers/documents/image_io.h"
#include "kiosk/core/log.h"

namespace kiosk::documents {
namespace fs = std::filesystem;

namespace {
bool isPicture(const fs::path& p) {
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".tif" || ext == ".tiff" || ext == ".bmp" ||
           ext == ".pnm" || ext == ".pgm";
}

PageImage toGrey(PageImage page) {
    if (page.channels != 3) return page;
    std::vector<uint8_t> grey(static_cast<size_t>(page.width) * page.height);
    for (size_t i = 0; i < grey.size(); ++i) {
        const uint8_t* p = &page.pixels[i * 3];
        grey[i] = static_cast<uint8_t>((p[0] * 77 + p[1] * 150 + p[2] * 29) >> 8);
    }
    page.pixels = std::move(grey);
    page.channels = 1;
    return page;
}
}  // namespace

ImageFolderScanner::ImageFolderScanner(fs::path folder, bool loop) : folder_(std::move(folder)), loop_(loop) {}

ImageFolderScanner::~ImageFolderScanner() {
    cancel();
    std::thread t;
    {
        std::lock_guard lock(mutex_);
        t = std::move(thread_);
    }
    if (t.joinable()) t.join();
}

ScannerInfo ImageFolderScanner::info() const { return {folder_.string(), "kiosk", "image folder", "document camera"}; }

bool ImageFolderScanner::start(const ScanSettings& settings, Callbacks callbacks) {
    std::lock_guard lock(mutex_);
    if (busy_) return false;
    if (thread_.joinable()) thread_.join();
    busy_ = true;
    cancelled_ = false;
    thread_ = std::thread([this, settings, cb = std::move(callbacks)]() mutable { run(settings, std::move(cb)); });
    return true;
}

void ImageFolderScanner::cancel() { cancelled_ = true; }

bool ImageFolderScanner::busy() const { return busy_; }

void ImageFolderScanner::run(ScanSettings settings, Callbacks callbacks) {
    auto finish = [&](Result<PageImage, ScanError> r) {
        callbacks.onDone(std::move(r));
        busy_ = false;
    };
    std::error_code ec;
    if (!fs::is_directory(folder_, ec)) return finish(ScanError::NoDevice);
    std::vector<fs::path> pictures;
    for (auto& entry : fs::directory_iterator(folder_, ec))
        if (entry.is_regular_file() && isPicture(entry.path())) pictures.push_back(entry.path());
    std::sort(pictures.begin(), pictures.end());
    size_t index;
    {
        std::lock_guard lock(mutex_);  // start() holds it only briefly; next_ is ours
        if (next_ >= pictures.size() && loop_) next_ = 0;
        index = next_++;
    }
    if (index >= pictures.size()) return finish(ScanError::NoDocuments);
    if (callbacks.onProgress) callbacks.onProgress(0.1);
    if (cancelled_) return finish(ScanError::Cancelled);
    auto page = loadImageFile(pictures[index]);
    if (!page) {
        KLOG_WARN("image scanner: {} is not a usable picture ({})", pictures[index].filename().string(),
                  scanErrorName(page.error()));
        return finish(page.error());
    }
    if (cancelled_) return finish(ScanError::Cancelled);
    if (callbacks.onProgress) callbacks.onProgress(1.0);
    finish(settings.mode == ColorMode::Gray ? toGrey(std::move(page.value())) : std::move(page.value()));
}

}  // namespace kiosk::documents
