// The termios port and pseudo-terminal helpers, on a real pty.
#include <gtest/gtest.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>
#include <vector>

#include "drivers/serial/pty.h"
#include "drivers/serial/serial_port.h"
#include "drivers/serial/waker.h"
#include "idcard_test_support.h"

using namespace kiosk::serial;
using namespace std::chrono_literals;

TEST(SerialPort, ReadsWhatThePtyMasterWritesAndTimesOutQuietly) {
    auto pty = PseudoTerminal::open();
    ASSERT_TRUE(pty) << pty.error().message;
    auto port = SerialPort::open(pty.value().slavePath(), 115200);
    ASSERT_TRUE(port) << port.error().message;
    uint8_t buf[64];
    auto quiet = port.value().read(buf, 20ms);
    ASSERT_TRUE(quiet);
    EXPECT_EQ(quiet.value(), 0u);

    const uint8_t bytes[] = {0xAA, 0x0D, 0x0A, 0x00, 0x11, 0x13, 0xFF};  // CR, LF, XON, XOFF pass untouched
    ASSERT_EQ(::write(pty.value().masterFd(), bytes, sizeof bytes), static_cast<ssize_t>(sizeof bytes));
    size_t got = 0;
    while (got < sizeof bytes) {
        auto r = port.value().read(std::span(buf + got, sizeof buf - got), 2s);
        ASSERT_TRUE(r);
        ASSERT_GT(r.value(), 0u);
        got += r.value();
    }
    EXPECT_EQ(std::vector<uint8_t>(buf, buf + got), std::vector<uint8_t>(bytes, bytes + sizeof bytes));

    auto w = port.value().writeAll(std::span(bytes, 3), 1s);
    ASSERT_TRUE(w);
    // Wait for the bytes on the master side (a fixed sleep then an exact
    // count failed on a loaded machine): poll until all three have arrived.
    uint8_t back[8] = {};
    size_t echoed = 0;
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (echoed < 3 && std::chrono::steady_clock::now() < deadline) {
        pollfd p{pty.value().masterFd(), POLLIN, 0};
        if (::poll(&p, 1, 100) <= 0) continue;
        ssize_t n = ::read(pty.value().masterFd(), back + echoed, sizeof back - echoed);
        if (n > 0) echoed += static_cast<size_t>(n);
    }
    ASSERT_EQ(echoed, 3u);
    EXPECT_EQ(std::vector<uint8_t>(back, back + 3), std::vector<uint8_t>(bytes, bytes + 3));
}

TEST(SerialPort, ReportsAVanishedDevice) {
    auto pty = PseudoTerminal::open();
    ASSERT_TRUE(pty);
    auto port = SerialPort::open(pty.value().slavePath(), 57600);
    ASSERT_TRUE(port);
    pty.value().close();  // unplug
    uint8_t buf[16];
    auto r = port.value().read(buf, 2s);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, SerialErrorKind::Disconnected) << r.error().message;
}

TEST(SerialPort, OpenErrorsAreValues) {
    auto missing = SerialPort::open("/dev/does-not-exist-idcard", 115200);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().kind, SerialErrorKind::NotFound);
    EXPECT_NE(missing.error().message.find("/dev/does-not-exist-idcard"), std::string::npos);
    auto pty = PseudoTerminal::open();
    auto badBaud = SerialPort::open(pty.value().slavePath(), 12345);
    ASSERT_FALSE(badBaud);
    EXPECT_EQ(badBaud.error().kind, SerialErrorKind::BadBaud);
    EXPECT_EQ(baudConstant(9600), static_cast<unsigned>(B9600));
}

TEST(PseudoTerminal, StableLinkAcrossUnplugAndReplug) {
    idcard_test::TempDir dir;
    std::string link = (dir.path / "reader").string();
    auto pty = PseudoTerminal::open(link);
    ASSERT_TRUE(pty) << pty.error().message;
    EXPECT_EQ(pty.value().devicePath(), link);
    EXPECT_TRUE(std::filesystem::is_symlink(link));
    EXPECT_TRUE(SerialPort::open(link, 115200));
    pty.value().close();
    EXPECT_FALSE(std::filesystem::exists(std::filesystem::symlink_status(link)));
    auto missing = SerialPort::open(link, 115200);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().kind, SerialErrorKind::NotFound);
    auto again = PseudoTerminal::open(link);
    ASSERT_TRUE(again);
    EXPECT_TRUE(SerialPort::open(link, 115200));
}

TEST(SerialPort, AWaitEndsWhenItsWakerIsSignalledAndNotBefore) {
    // A device thread sleeps in read() with a long timeout and stop()
    // reaches it through the waker: no short wake-ups to look at a flag.
    auto pty = PseudoTerminal::open();
    ASSERT_TRUE(pty) << pty.error().message;
    auto port = SerialPort::open(pty.value().slavePath(), 115200);
    ASSERT_TRUE(port) << port.error().message;
    Waker waker;
    ASSERT_GE(waker.fd(), 0);
    EXPECT_FALSE(waker.waitFor(20ms));
    uint8_t buf[16];
    auto quiet = port.value().read(buf, 50ms, &waker);  // not signalled: the timeout passes
    ASSERT_TRUE(quiet);
    EXPECT_EQ(quiet.value(), 0u);

    std::thread stopper([&] {
        std::this_thread::sleep_for(100ms);
        waker.signal();
    });
    const auto start = std::chrono::steady_clock::now();
    auto woken = port.value().read(buf, 60s, &waker);
    const auto waited = std::chrono::steady_clock::now() - start;
    stopper.join();
    ASSERT_TRUE(woken);
    EXPECT_EQ(woken.value(), 0u);
    EXPECT_LT(waited, 30s) << "the waker did not end the wait";
    // Signalled stays signalled (a stop is seen by every later wait) until cleared.
    EXPECT_TRUE(waker.waitFor(0ms));
    EXPECT_TRUE(waker.waitFor(0ms));
    waker.clear();
    EXPECT_FALSE(waker.waitFor(0ms));

    // Bytes still come through while a waker is given.
    const uint8_t bytes[] = {0x01, 0x02};
    ASSERT_EQ(::write(pty.value().masterFd(), bytes, sizeof bytes), static_cast<ssize_t>(sizeof bytes));
    auto got = port.value().read(buf, 5s, &waker);
    ASSERT_TRUE(got);
    EXPECT_GT(got.value(), 0u);
}
