// kiosk-cli scan end to end: the real binary against SANE's `test` backend
// through a private SANE_CONFIG_DIR (dll.conf holds only `test`, so no
// network discovery), the written PNG/JPEG read back with the kiosk's own
// image loader. Faults injected while reading are covered in-process by
// scanner_test.cpp. (These runs once hung in CI: a backend reader thread
// cancelled inside the dynamic loader; see bindBackendsNow in
// drivers/documents/sane_scanner.cpp.)
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "drivers/documents/image_io.h"

using namespace kiosk;
using namespace kiosk::documents;
namespace fs = std::filesystem;

namespace {

struct CliRun {
    int code = -1;
    std::string out;
    std::string err;
};

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

class ScanCliTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("kiosk-scan-cli-" + std::to_string(::getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(dir_ / "sane");
        writeSaneConfig("\"Default\"");
    }
    void TearDown() override { fs::remove_all(dir_); }

    // The backend's defaults as Debian's /etc/sane.d/test.conf has them, but a
    // grid picture (black and white).
    void writeSaneConfig(const std::string& readStatus) {
        std::ofstream(dir_ / "sane" / "dll.conf") << "test\n";
        std::ofstream(dir_ / "sane" / "test.conf")
            << "number_of_devices 2\nmode Gray\ndepth 8\nhand-scanner false\nthree-pass false\n"
               "three-pass-order RGB\nresolution_min 1.0\nresolution_max 1200.0\nresolution_quant 1.0\n"
               "resolution 50.0\ntest-picture \"Grid\"\nread-status-code "
            << readStatus << "\n";
    }
    fs::path file(const std::string& name) const { return dir_ / name; }

    CliRun cli(const std::string& args) {
        std::string cmd = "SANE_CONFIG_DIR=" + (dir_ / "sane").string() + " " + KIOSK_CLI + " scan " + args + " >" +
                          file("stdout").string() + " 2>" + file("stderr").string();
        int status = std::system(cmd.c_str());
        return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(file("stdout")), slurp(file("stderr"))};
    }

    fs::path dir_;
};

}  // namespace

TEST_F(ScanCliTest, GrayAndColorPngAndJpegAt150And300Dpi) {
    struct Case {
        std::string mode;
        int dpi;
        std::string ext;
    };
    for (const Case& c : {Case{"gray", 150, ".png"}, Case{"color", 300, ".png"}, Case{"gray", 300, ".jpg"},
                          Case{"color", 150, ".jpeg"}}) {
        SCOPED_TRACE(c.mode + " " + std::to_string(c.dpi) + " " + c.ext);
        fs::path out = file("page-" + c.mode + std::to_string(c.dpi) + c.ext);
        auto r = cli("--device test:0 --out " + out.string() + " --mode " + c.mode + " --resolution " +
                     std::to_string(c.dpi));
        ASSERT_EQ(r.code, 0) << r.err;
        EXPECT_EQ(r.err, "");
        EXPECT_NE(r.out.find(std::to_string(c.dpi) + " dpi"), std::string::npos) << r.out;
        ASSERT_TRUE(fs::exists(out));
        EXPECT_FALSE(fs::exists(out.string() + ".part"));
        std::string bytes = slurp(out);
        if (c.ext == ".png") {
            EXPECT_EQ(bytes.substr(0, 4), "\x89PNG");
        } else {
            EXPECT_EQ(bytes.substr(0, 3), "\xFF\xD8\xFF");
        }
        auto page = loadImageFile(out);
        ASSERT_TRUE(page) << scanErrorName(page.error());
        const PageImage& p = page.value();
        EXPECT_EQ(p.dpi, c.dpi);  // recorded in the file
        EXPECT_EQ(p.channels, c.mode == "gray" ? 1 : 3);
        // The test backend's default scan area is 80 x 100 mm.
        EXPECT_NEAR(p.width, 80 / 25.4 * c.dpi, 2);
        EXPECT_NEAR(p.height, 100 / 25.4 * c.dpi, 2);
        auto [lo, hi] = std::minmax_element(p.pixels.begin(), p.pixels.end());
        EXPECT_LT(*lo, 40);  // a grid: black and white (JPEG blurs the edges a little)
        EXPECT_GT(*hi, 215);
    }
}

TEST_F(ScanCliTest, DefaultsAreGray300Dpi) {
    auto r = cli("--device test:1 --out " + file("default.png").string());
    ASSERT_EQ(r.code, 0) << r.err;
    auto page = loadImageFile(file("default.png"));
    ASSERT_TRUE(page);
    EXPECT_EQ(page.value().channels, 1);
    EXPECT_EQ(page.value().dpi, 300);
}

TEST_F(ScanCliTest, BadDeviceNameIsAClearErrorAndNoFile) {
    auto r = cli("--device no-such-scanner:9 --out " + file("none.png").string());
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("cannot open scanner \"no-such-scanner:9\""), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("no such scanner"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("no_device"), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_FALSE(fs::exists(file("none.png")));
}

TEST_F(ScanCliTest, BadArgumentsAreRefusedBeforeScanning) {
    auto ext = cli("--device test:0 --out " + file("page.bmp").string());
    EXPECT_EQ(ext.code, 2);
    EXPECT_NE(ext.err.find(".png, .jpg or .jpeg"), std::string::npos) << ext.err;
    EXPECT_FALSE(fs::exists(file("page.bmp")));

    EXPECT_NE(cli("--device test:0 --out " + file("p.png").string() + " --mode infrared").code, 0);
    EXPECT_NE(cli("--device test:0 --out " + file("p.png").string() + " --resolution 0").code, 0);
    EXPECT_NE(cli("--out " + file("p.png").string()).code, 0);  // --device is required
    EXPECT_FALSE(fs::exists(file("p.png")));
}

TEST_F(ScanCliTest, UnwritableOutputIsAnError) {
    auto r = cli("--device test:0 --resolution 75 --out " + file("missing-folder/page.png").string());
    EXPECT_EQ(r.code, 3);
    EXPECT_NE(r.err.find("cannot write"), std::string::npos) << r.err;
}
