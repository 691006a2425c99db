// Scanners: the serial scanner driver against an emulated scanner on a real
// pty (UTF-8, GBK, CR/LF/CRLF, idle-gap messages, repeats), and the evdev
// keyboard-wedge decoder on synthetic input events (Shift, US layout).
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>

#include "drivers/codes/serial_scanner.h"
#include "drivers/codes/wedge_scanner.h"

using namespace kiosk;
using namespace kiosk::codes;
using namespace std::chrono_literals;

TEST(CodesSerialProtocol, SplitsOnCrLfAndCrlfAndDropsEmptyLines) {
    ScanLineSplitter s;
    const std::string in = "AB\r\nCD\rEF\n\r\nG";
    auto out = s.feed({reinterpret_cast<const uint8_t*>(in.data()), in.size()});
    ASSERT_EQ(out.size(), 3u);
    EXPECT_EQ(std::string(out[0].begin(), out[0].end()), "AB");
    EXPECT_EQ(std::string(out[2].begin(), out[2].end()), "EF");
    auto rest = s.flush();
    ASSERT_TRUE(rest);
    EXPECT_EQ(std::string(rest->begin(), rest->end()), "G");
    EXPECT_FALSE(s.flush());
}

namespace {
struct Collected {
    std::mutex mutex;
    std::condition_variable cv;
    std::vector<ScannedCode> codes;
    bool waitFor(size_t n) {
        std::unique_lock lock(mutex);
        return cv.wait_for(lock, 20s, [&] { return codes.size() >= n; });
    }
};
}  // namespace

TEST(CodesSerialScanner, ReadsUtf8AndGbkScansFromAPtyOneEventPerScan) {
    auto emu = SerialScannerEmulator::open();
    ASSERT_TRUE(emu);
    // The repeat filter reads this clock: held still, the double trigger
    // below is always "right away", however slowly a loaded machine runs.
    ManualClock clock;
    Collected got;
    SerialScannerOptions options;
    options.path = emu.value().devicePath();
    options.baud = 115200;
    SerialScanner scanner(options, clock, [&](ScannedCode c) {
        std::lock_guard lock(got.mutex);
        got.codes.push_back(std::move(c));
        got.cv.notify_all();
    });
    scanner.start();
    for (int i = 0; i < 500 && !scanner.connected(); ++i) std::this_thread::sleep_for(10ms);
    ASSERT_TRUE(scanner.connected());

    ASSERT_TRUE(emu.value().scan("杭州市西湖区莫干山路415号", "\r\n"));  // UTF-8
    ASSERT_TRUE(got.waitFor(1));
    ASSERT_TRUE(emu.value().scan("\xB5\xCD\xB1\xA3\xC9\xEA\xC7\xEB SA202598623919", "\r"));  // GBK: 低保申请
    ASSERT_TRUE(got.waitFor(2));
    // The same code again right away (a double trigger) is not a new scan;
    // then a scanner without suffix: the idle gap ends the message.
    ASSERT_TRUE(emu.value().scan("\xB5\xCD\xB1\xA3\xC9\xEA\xC7\xEB SA202598623919", "\n"));
    ASSERT_TRUE(emu.value().scan("STAFF:25702929:D3334955D46AF783B52901A6CCACCDB2", ""));
    ASSERT_TRUE(got.waitFor(3));
    scanner.stop();
    ASSERT_EQ(got.codes.size(), 3u);
    EXPECT_EQ(got.codes[0].text.reveal(), "杭州市西湖区莫干山路415号");
    EXPECT_EQ(got.codes[1].text.reveal(), "低保申请 SA202598623919");
    EXPECT_EQ(got.codes[2].text.reveal(), "STAFF:25702929:D3334955D46AF783B52901A6CCACCDB2");
    EXPECT_EQ(got.codes[0].source, CodeSource::SerialScanner);
}

namespace {
input_event key(unsigned code, int value) {
    input_event ev{};
    ev.type = EV_KEY;
    ev.code = static_cast<uint16_t>(code);
    ev.value = value;
    return ev;
}
void type(WedgeDecoder& d, unsigned code, bool shift, std::optional<std::string>* out = nullptr) {
    if (shift) d.feed(key(KEY_LEFTSHIFT, 1));
    auto r = d.feed(key(code, 1));
    if (out) *out = r;
    d.feed(key(code, 0));
    if (shift) d.feed(key(KEY_LEFTSHIFT, 0));
}
}  // namespace

TEST(CodesWedge, DecodesShiftedUsLayoutUntilEnter) {
    WedgeDecoder d;
    // "Ab:1?" then Enter, with a SYN event and a Shift held across two keys.
    type(d, KEY_A, true);
    type(d, KEY_B, false);
    input_event syn{};
    syn.type = EV_SYN;
    EXPECT_FALSE(d.feed(syn));
    d.feed(key(KEY_RIGHTSHIFT, 1));
    d.feed(key(KEY_SEMICOLON, 1));
    d.feed(key(KEY_SEMICOLON, 0));
    d.feed(key(KEY_RIGHTSHIFT, 0));
    type(d, KEY_1, false);
    type(d, KEY_SLASH, true);
    std::optional<std::string> out;
    type(d, KEY_ENTER, false, &out);
    ASSERT_TRUE(out);
    EXPECT_EQ(*out, "Ab:1?");
    type(d, KEY_ENTER, false, &out);
    EXPECT_FALSE(out) << "an empty line is not a scan";
    EXPECT_EQ(usKeyChar(KEY_2, true), '@');
    EXPECT_EQ(usKeyChar(KEY_LEFTCTRL, false), 0);
}
