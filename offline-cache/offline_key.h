#pragma once
// Where the kiosk keeps its staff "offline key" (kiosk/core/staff.h): the
// per-kiosk secret the centre hands out, without which the cached PIN
// verifiers are useless. It is never written to the store or any file.
//
// - Linux kernel keyring where the kernel allows it: a "user" key in the
//   process keyring (add_key/keyctl system calls). The bytes then live in
//   kernel memory, not in the process image (no core dump, no swap), and
//   the key is gone when the process exits. It is invalidated when this
//   object is destroyed or cleared.
// - Otherwise (keyctl refused, e.g. by a container's seccomp profile):
//   libsodium guarded memory (sodium_malloc: mlocked, guard pages), wiped on
//   clear and destruction.
// No TPM is used: a TPM-sealed key would survive a reboot, which is exactly
// what this design does not want (a stolen, powered-off kiosk must not be
// able to verify PINs without the centre).
//
// Threads: not synchronised; one owner thread (the staff desk's worker).
#include <optional>
#include <string>

#include "kiosk/core/staff.h"

namespace kiosk::offline {

class OfflineKeyHolder {
public:
    enum class Backend { None, KernelKeyring, ProcessMemory };

    // useKeyring = false: process memory only (tests of the fallback).
    explicit OfflineKeyHolder(bool useKeyring = true) : useKeyring_(useKeyring) {}
    ~OfflineKeyHolder();
    OfflineKeyHolder(const OfflineKeyHolder&) = delete;
    OfflineKeyHolder& operator=(const OfflineKeyHolder&) = delete;

    // Replaces the key held (if any).
    void set(const OfflineKey& key);
    // A copy of the key (wipe it after use), nullopt when none is held or
    // the keyring no longer has it.
    std::optional<OfflineKey> get() const;
    bool has() const { return backend_ != Backend::None; }
    // The key's public id (offlineKeyId), empty when none is held.
    const std::string& keyId() const { return keyId_; }
    Backend backend() const { return backend_; }
    void clear();

private:
    bool useKeyring_ = true;
    Backend backend_ = Backend::None;
    long serial_ = 0;          // KernelKeyring: the key's serial number
    void* memory_ = nullptr;   // ProcessMemory: sodium_malloc'd 32 bytes
    std::string keyId_;
};

const char* backendName(OfflineKeyHolder::Backend backend);

}  // namespace kiosk::offline
