#pragma once
// A wake-up for a device thread that sleeps in poll(): an eventfd that stays
// readable once signalled. The thread polls its device and fd() together,
// so stop() reaches it at once and its waits need no short timeouts (a
// thread that wakes every 20 ms to look at a stop flag costs an idle kiosk
// CPU for nothing, #17).
//
// Ownership: owns the descriptor. Threads: signal() from any thread; clear()
// and waitFor() on the thread that waits. Should the eventfd not be
// available (fd() == -1), waits simply run to their timeouts: callers keep
// a finite one (a second or so) for that case.
#include <chrono>

namespace kiosk::serial {

class Waker {
public:
    Waker();
    ~Waker();
    Waker(const Waker&) = delete;
    Waker& operator=(const Waker&) = delete;

    int fd() const { return fd_; }
    // Wakes the waiting thread, now and at every later wait until clear().
    void signal();
    // Back to unsignalled (before a thread starts again).
    void clear();
    // Sleeps up to `timeout`; true when signalled.
    bool waitFor(std::chrono::milliseconds timeout) const;

private:
    int fd_ = -1;
};

}  // namespace kiosk::serial
