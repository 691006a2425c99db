#pragma once
// A crash-simulating SQLite VFS for tests, in the manner of SQLite's own
// crash tests (test6.c): it forwards every call to the real "unix" VFS and
// records, per file, the pre-image of every write and truncation made since
// that file's last xSync. Then:
//   - crashAfterWrites(n): the n-th write from now, and every I/O after it,
//     fails (the process "loses power" there: nothing more reaches the disk);
//   - powerLoss(mode): after the connections are closed, undoes what a power
//     cut may undo: every write or truncation not made durable by an xSync,
//     all of them (Strict: the disk holds exactly what was synced) or a random
//     subset of them (Torn: a drive that wrote some pages of the cache and not
//     others; an extension whose data was lost reads as zeros).
// File deletions are taken as durable. Not thread-safe beyond SQLite's own
// serialisation: one test thread uses it.
#include <cstdint>
#include <random>
#include <string>

namespace kiosk::testing {

class CrashVfs {
public:
    enum class Loss { Strict, Torn };

    // Registers the shim as the default VFS (so Store::open uses it); the
    // destructor restores the previous default.
    CrashVfs();
    ~CrashVfs();
    CrashVfs(const CrashVfs&) = delete;
    CrashVfs& operator=(const CrashVfs&) = delete;

    void crashAfterWrites(std::int64_t n);
    bool crashed() const;
    std::int64_t writesSoFar() const;
    // Applies the loss to the files on disk and forgets the records; the shim
    // works normally again afterwards. Call with every connection closed.
    // Returns how many unsynced operations were undone.
    int powerLoss(Loss mode, std::mt19937& rng);
};

}  // namespace kiosk::testing
