#pragma once
// The kiosk under systemd (packaging/systemd/kiosk.service, Type=notify,
// WatchdogSec=): the sd_notify datagram protocol in a few lines, without
// libsystemd, and the per-frame heartbeat that feeds it.
//
// frameHeartbeat(), called once per frame by the frame loop (UI thread):
// - sends READY=1 after the first frame;
// - sends WATCHDOG=1 at most every half WatchdogSec ($WATCHDOG_USEC), so a
//   frame loop that hangs gets the kiosk restarted;
// - once the kiosk has rendered a few frames over kHealthySeconds, writes
//   $KIOSK_HEALTH_FILE (set by kiosk-launcher for a release on trial): the
//   release reports itself healthy and is not rolled back (kiosk/remote).
// Outside systemd and without a trial every step is a no-op.
#include <string_view>

namespace kiosk {

// Sends one notification ("READY=1", "WATCHDOG=1", "STATUS=..."); false when
// $NOTIFY_SOCKET is unset or the datagram could not be sent.
bool sdNotify(std::string_view state);

void frameHeartbeat();

}  // namespace kiosk
