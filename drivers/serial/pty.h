#pragma once
// Pseudo-terminals for emulators: the emulator keeps the master side and the
// driver under test opens the slave path like any serial device.
//
// The emulator also holds the slave open itself, so the master never sees a
// hang-up while the driver closes and reopens; closing the PseudoTerminal is
// an "unplug": the driver's reads fail with Disconnected and the slave path
// disappears. An optional symlink gives the device a stable path across
// unplug/replug (a new pty gets a new /dev/pts number), as udev rules do for
// real readers.
//
// Ownership: move-only, closes both sides and removes the link on
// destruction. Threads: one user at a time.
#include <string>

#include "drivers/serial/serial_port.h"
#include "kiosk/core/result.h"

namespace kiosk::serial {

class PseudoTerminal {
public:
    // posix_openpt + grantpt + unlockpt; both sides raw, master non-blocking.
    // If `linkPath` is not empty, a symlink there points at the slave
    // (replacing an old link).
    static Result<PseudoTerminal, SerialError> open(const std::string& linkPath = {});

    PseudoTerminal(PseudoTerminal&& other) noexcept;
    PseudoTerminal& operator=(PseudoTerminal&& other) noexcept;
    PseudoTerminal(const PseudoTerminal&) = delete;
    PseudoTerminal& operator=(const PseudoTerminal&) = delete;
    ~PseudoTerminal();

    int masterFd() const { return master_; }
    const std::string& slavePath() const { return slavePath_; }
    // The link path when one was made, else the slave path.
    const std::string& devicePath() const { return linkPath_.empty() ? slavePath_ : linkPath_; }
    bool isOpen() const { return master_ >= 0; }
    void close();

private:
    PseudoTerminal() = default;
    int master_ = -1;
    int slaveKeepAlive_ = -1;
    std::string slavePath_;
    std::string linkPath_;
};

}  // namespace kiosk::serial
