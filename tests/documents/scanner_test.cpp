// Scanners: SANE through its real `test` backend (a private SANE_CONFIG_DIR
// whose dll.conf holds only `test`, so no network discovery), with its
// read-return-value fault injection; and the image-folder scanner.
#include <gtest/gtest.h>

#include <dlfcn.h>
#include <unistd.h>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>

#include "drivers/documents/image_folder_scanner.h"
#include "drivers/documents/sane_scanner.h"
#include "tests/documents/samples.h"

using namespace kiosk;
using namespace kiosk::documents;
namespace fs = std::filesystem;

namespace {

// Sets SANE_CONFIG_DIR before anything calls sane_init.
class SaneConfig : public ::testing::Environment {
public:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("kiosk-sane-" + std::to_string(::getpid()));
        fs::create_directories(dir_);
        std::ofstream(dir_ / "dll.conf") << "test\n";
        // The backend's defaults, as Debian's /etc/sane.d/test.conf has them.
        std::ofstream(dir_ / "test.conf") << "number_of_devices 2\nmode Gray\ndepth 8\nhand-scanner false\n"
                                             "three-pass false\nthree-pass-order RGB\nresolution_min 1.0\n"
                                             "resolution_max 1200.0\nresolution_quant 1.0\nresolution 50.0\n";
        ::setenv("SANE_CONFIG_DIR", dir_.c_str(), 1);
        // Keep the backend mapped after sane_exit's dlclose, so that leak
        // reports inside it name libsane-test (see tests/lsan.supp) rather
        // than "unknown module".
        ::dlopen("libsane-test.so.1", RTLD_NOW | RTLD_NODELETE);
        ::dlopen("/usr/lib/x86_64-linux-gnu/sane/libsane-test.so.1", RTLD_NOW | RTLD_NODELETE);
    }
    void TearDown() override { fs::remove_all(dir_); }

private:
    fs::path dir_;
};
const auto* const kSaneEnv = ::testing::AddGlobalTestEnvironment(new SaneConfig);

struct Outcome {
    Result<PageImage, ScanError> page = ScanError::Internal;
    std::vector<double> progress;
};

// Runs one scan and waits for onDone (with a generous bound, so a hang fails).
// cancelMidway: cancel() from the first progress callback, i.e. with data flowing.
Outcome scanOnce(Scanner& scanner, const ScanSettings& settings, bool cancelMidway = false) {
    auto outcome = std::make_shared<Outcome>();
    std::promise<void> done;
    auto future = done.get_future();
    Scanner::Callbacks cb;
    cb.onProgress = [outcome, &scanner, cancelMidway](double f) {
        outcome->progress.push_back(f);
        if (cancelMidway) scanner.cancel();
    };
    cb.onDone = [outcome, &done](Result<PageImage, ScanError> r) {
        outcome->page = std::move(r);
        done.set_value();
    };
    EXPECT_TRUE(scanner.start(settings, std::move(cb)));
    EXPECT_EQ(future.wait_for(std::chrono::seconds(60)), std::future_status::ready);
    while (scanner.busy()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return std::move(*outcome);
}

std::unique_ptr<SaneScanner> openTest(const std::string& name = "test:0") {
    auto r = SaneScanner::open(name);
    EXPECT_TRUE(r) << "cannot open " << name;
    return r ? std::move(r.value()) : nullptr;
}

}  // namespace

TEST(SaneScanner, ListsOnlyTheTestBackendsDevices) {
    auto devices = listSaneDevices();
    ASSERT_TRUE(devices);
    ASSERT_EQ(devices.value().size(), 2u);
    EXPECT_EQ(devices.value()[0].name, "test:0");
    EXPECT_EQ(devices.value()[1].name, "test:1");
}

TEST(SaneScanner, UnknownDeviceIsNoDevice) {
    auto r = SaneScanner::open("nosuchbackend:0");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), ScanError::NoDevice);
}

TEST(SaneScanner, ScansGreyAndColourAt150And300Dpi) {
    auto scanner = openTest();
    ASSERT_TRUE(scanner);
    ASSERT_TRUE(scanner->setOption("test-picture", "Grid"));
    for (ColorMode mode : {ColorMode::Gray, ColorMode::Color}) {
        for (int dpi : {150, 300}) {
            SCOPED_TRACE(std::to_string(dpi) + (mode == ColorMode::Gray ? " grey" : " colour"));
            Outcome o = scanOnce(*scanner, {mode, dpi, PaperSource::Flatbed});
            ASSERT_TRUE(o.page) << scanErrorName(o.page.error());
            const PageImage& page = o.page.value();
            EXPECT_TRUE(page.consistent());
            EXPECT_EQ(page.dpi, dpi);
            EXPECT_EQ(page.channels, mode == ColorMode::Gray ? 1 : 3);
            // The default scan area is 80 x 100 mm.
            EXPECT_NEAR(page.width, 80 / 25.4 * dpi, 2);
            EXPECT_NEAR(page.height, 100 / 25.4 * dpi, 2);
            // A grid: both black and white pixels.
            auto [lo, hi] = std::minmax_element(page.pixels.begin(), page.pixels.end());
            EXPECT_LT(*lo, 30);
            EXPECT_GT(*hi, 220);
            ASSERT_FALSE(o.progress.empty());
            EXPECT_DOUBLE_EQ(o.progress.back(), 1.0);
            EXPECT_TRUE(std::is_sorted(o.progress.begin(), o.progress.end()));
        }
    }
}

TEST(SaneScanner, NumericOptionsFollowTheirConstraint) {
    auto scanner = openTest();
    ASSERT_TRUE(scanner);
    ASSERT_TRUE(scanner->setOption("resolution", "301.6"));  // FIXED, quant 1
    EXPECT_EQ(scanner->option("resolution"), "302");
    ASSERT_TRUE(scanner->setOption("resolution", "5000"));  // clamped to the range
    EXPECT_EQ(scanner->option("resolution"), "1200");
    EXPECT_TRUE(scanner->setOption("mode", "color"));  // string list, case-insensitive
    EXPECT_EQ(scanner->option("mode"), "Color");
    auto bad = scanner->setOption("mode", "Infrared");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error(), ScanError::Unsupported);
    EXPECT_FALSE(scanner->setOption("no-such-option", "1"));
}

TEST(SaneScanner, EveryInjectedStatusGivesItsMessage) {
    const std::vector<std::pair<std::string, ScanError>> cases = {
        {"SANE_STATUS_JAMMED", ScanError::Jammed},
        {"SANE_STATUS_NO_DOCS", ScanError::NoDocuments},
        {"SANE_STATUS_COVER_OPEN", ScanError::CoverOpen},
        {"SANE_STATUS_DEVICE_BUSY", ScanError::DeviceBusy},
        {"SANE_STATUS_IO_ERROR", ScanError::IoError},
        {"SANE_STATUS_NO_MEM", ScanError::NoMemory},
        {"SANE_STATUS_ACCESS_DENIED", ScanError::AccessDenied},
        {"SANE_STATUS_UNSUPPORTED", ScanError::Unsupported},
        {"SANE_STATUS_INVAL", ScanError::Unsupported},
        {"SANE_STATUS_CANCELLED", ScanError::Cancelled},
    };
    auto scanner = openTest();
    ASSERT_TRUE(scanner);
    for (const auto& [status, expected] : cases) {
        SCOPED_TRACE(status);
        ASSERT_TRUE(scanner->setOption("read-return-value", status));
        Outcome o = scanOnce(*scanner, {ColorMode::Gray, 75, PaperSource::Flatbed});
        ASSERT_FALSE(o.page);
        EXPECT_EQ(o.page.error(), expected);
        EXPECT_STRNE(scanErrorKey(o.page.error()), "");
    }
    // And the scanner still works afterwards.
    ASSERT_TRUE(scanner->setOption("read-return-value", "Default"));
    EXPECT_TRUE(scanOnce(*scanner, {ColorMode::Gray, 75, PaperSource::Flatbed}).page);
}

TEST(SaneScanner, StatusMappingCoversEveryErrorStatus) {
    EXPECT_EQ(scanErrorFromSaneStatus(6), ScanError::Jammed);       // SANE_STATUS_JAMMED
    EXPECT_EQ(scanErrorFromSaneStatus(7), ScanError::NoDocuments);  // SANE_STATUS_NO_DOCS
    EXPECT_EQ(scanErrorFromSaneStatus(8), ScanError::CoverOpen);    // SANE_STATUS_COVER_OPEN
    EXPECT_EQ(scanErrorFromSaneStatus(99), ScanError::Internal);    // unknown to this build
}

TEST(SaneScanner, FeederRunsOutOfPaper) {
    auto scanner = openTest();
    ASSERT_TRUE(scanner);
    // The test backend's feeder is "empty" after 10 pages.
    int pages = 0;
    for (int i = 0; i < 12; ++i) {
        Outcome o = scanOnce(*scanner, {ColorMode::Gray, 25, PaperSource::Feeder});
        if (!o.page) {
            EXPECT_EQ(o.page.error(), ScanError::NoDocuments);
            break;
        }
        ++pages;
    }
    EXPECT_EQ(pages, 10);
}

TEST(SaneScanner, CancelStopsAScanInProgress) {
    auto scanner = openTest();
    ASSERT_TRUE(scanner);
    ASSERT_TRUE(scanner->setOption("read-limit", "yes"));
    ASSERT_TRUE(scanner->setOption("read-limit-size", "256"));
    ASSERT_TRUE(scanner->setOption("read-delay", "yes"));
    ASSERT_TRUE(scanner->setOption("read-delay-duration", "20000"));
    auto t = std::chrono::steady_clock::now();
    Outcome o = scanOnce(*scanner, {ColorMode::Gray, 300, PaperSource::Flatbed}, /*cancelMidway=*/true);
    ASSERT_FALSE(o.page);
    ASSERT_FALSE(o.progress.empty()) << "the scan was under way";
    EXPECT_LT(o.progress.back(), 0.5);
    EXPECT_EQ(o.page.error(), ScanError::Cancelled);
    EXPECT_LT(std::chrono::steady_clock::now() - t, std::chrono::seconds(5));
}

TEST(SaneScanner, StartWhileBusyIsRefused) {
    auto scanner = openTest();
    ASSERT_TRUE(scanner);
    ASSERT_TRUE(scanner->setOption("read-delay", "yes"));
    std::promise<void> done;
    Scanner::Callbacks cb;
    cb.onDone = [&](Result<PageImage, ScanError>) { done.set_value(); };
    ASSERT_TRUE(scanner->start({ColorMode::Gray, 100, PaperSource::Flatbed}, std::move(cb)));
    EXPECT_FALSE(scanner->start({}, {}));
    EXPECT_FALSE(scanner->setOption("mode", "Color")) << "options are not changed mid-scan";
    scanner->cancel();
    done.get_future().wait();
}

// ---------------------------------------------------------------- image folder

namespace {
struct TempFolder {
    fs::path path =
        fs::temp_directory_path() / ("kiosk-pages-" + std::to_string(::getpid()) + "-" + std::to_string(std::rand()));
    TempFolder() { fs::create_directories(path); }
    ~TempFolder() { fs::remove_all(path); }
};
}  // namespace

TEST(ImageFolderScanner, GivesThePicturesInOrderThenNoDocuments) {
    TempFolder folder;
    fs::copy_file(sampleDir() / "income4_clean.png", folder.path / "b.png");
    fs::copy_file(sampleDir() / "income1_lowres_jpeg.png", folder.path / "a.png");
    std::ofstream(folder.path / "notes.txt") << "not a picture";
    ImageFolderScanner scanner(folder.path);
    Outcome first = scanOnce(scanner, {});
    ASSERT_TRUE(first.page);
    EXPECT_EQ(first.page.value().dpi, 200);  // a.png
    EXPECT_EQ(first.page.value().width, 1653);
    Outcome second = scanOnce(scanner, {});
    ASSERT_TRUE(second.page);
    EXPECT_EQ(second.page.value().dpi, 300);
    Outcome third = scanOnce(scanner, {});
    ASSERT_FALSE(third.page);
    EXPECT_EQ(third.page.error(), ScanError::NoDocuments);
}

TEST(ImageFolderScanner, LoopsWhenAsked) {
    TempFolder folder;
    fs::copy_file(sampleDir() / "income4_clean.png", folder.path / "a.png");
    ImageFolderScanner scanner(folder.path, /*loop=*/true);
    EXPECT_TRUE(scanOnce(scanner, {}).page);
    EXPECT_TRUE(scanOnce(scanner, {}).page);
}

TEST(ImageFolderScanner, CorruptPictureAndMissingFolderAreClearErrors) {
    TempFolder folder;
    std::string png = readSampleBytes("income4_clean.png");
    std::ofstream(folder.path / "a.png", std::ios::binary) << png.substr(0, png.size() / 3);
    std::ofstream(folder.path / "b.png", std::ios::binary);  // empty
    ImageFolderScanner scanner(folder.path);
    EXPECT_EQ(scanOnce(scanner, {}).page.error(), ScanError::Unreadable);
    EXPECT_EQ(scanOnce(scanner, {}).page.error(), ScanError::Unreadable);
    ImageFolderScanner missing(folder.path / "nope");
    EXPECT_EQ(scanOnce(missing, {}).page.error(), ScanError::NoDevice);
}
