#include "drivers/codes/image_folder_source.h"

#include <algorithm>

namespace kiosk::codes {
namespace {

bool isPicture(const std::filesystem::path& p) {
    auto ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext == ".png" || ext == ".jpg" || ext == ".jpeg";
}

}  // namespace

std::optional<SourceError> ImageFolderSource::start(FrameCallback onFrame) {
    stop();
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(options_.folder, ec))
        if (entry.is_regular_file() && isPicture(entry.path())) files.push_back(entry.path());
    if (ec) return SourceError{"cannot list " + options_.folder.string() + ": " + ec.message()};
    std::sort(files.begin(), files.end());
    if (!options_.sequence.empty()) {
        std::vector<std::filesystem::path> chosen;
        for (const auto& name : options_.sequence) {
            auto it = std::find_if(files.begin(), files.end(), [&](const auto& f) { return f.stem() == name; });
            if (it == files.end()) return SourceError{"no picture named " + name + " in " + options_.folder.string()};
            chosen.push_back(*it);
        }
        files = std::move(chosen);
    }
    if (files.empty()) return SourceError{"no PNG or JPEG pictures in " + options_.folder.string()};
    frames_.clear();
    for (const auto& f : files) {
        auto img = loadGrayImage(f);
        if (!img) return SourceError{f.string() + ": " + imageErrorName(img.error())};
        frames_.push_back(std::move(img.value()));
    }
    {
        std::lock_guard lock(mutex_);
        stop_ = false;
        finished_ = false;
    }
    thread_ = std::thread([this, cb = std::move(onFrame)] { run(cb); });
    return std::nullopt;
}

void ImageFolderSource::stop() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void ImageFolderSource::waitFinished() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [this] { return finished_ || stop_; });
}

void ImageFolderSource::run(FrameCallback onFrame) {
    const auto interval = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double>(1.0 / std::max(0.1, options_.fps)));
    auto next = std::chrono::steady_clock::now();
    do {
        for (const auto& frame : frames_) {
            for (int held = 0; held < options_.holdFrames;) {
                {
                    std::unique_lock lock(mutex_);
                    if (cv_.wait_until(lock, next, [this] { return stop_; })) return;
                }
                next += interval;
                const bool taken = onFrame(frame.view());
                if (taken || options_.hold == ImageFolderOptions::Hold::FramesSent) ++held;
            }
        }
    } while (options_.loop);
    std::lock_guard lock(mutex_);
    finished_ = true;
    cv_.notify_all();
}

std::optional<SourceError> StillImageSource::start(FrameCallback onFrame) {
    stop();
    if (image_.empty()) return SourceError{"empty picture"};
    stop_ = false;
    thread_ = std::thread([this, cb = std::move(onFrame)] {
        // Offered at least once, even when stop() follows start() at once
        // (the CLI does): the reader is idle at start, so it takes it.
        while (!cb(image_.view()) && !stop_) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    });
    return std::nullopt;
}

void StillImageSource::stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
}

}  // namespace kiosk::codes
