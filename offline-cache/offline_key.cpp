#include "offline-cache/offline_key.h"

#include <linux/keyctl.h>
#include <sodium.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cstring>

#include "kiosk/core/log.h"

namespace kiosk::offline {
namespace {

// The system calls directly: libkeyutils would be one more package for three calls.
long addKey(const std::string& description, const OfflineKey& key) {
    return syscall(SYS_add_key, "user", description.c_str(), key.data(), key.size(), KEY_SPEC_PROCESS_KEYRING);
}

}  // namespace

OfflineKeyHolder::~OfflineKeyHolder() { clear(); }

void OfflineKeyHolder::set(const OfflineKey& key) {
    clear();
    // A description of its own per holder, so two holders in one process
    // (a restart simulated in a test) never share a key.
    static std::atomic<int> counter{0};
    const std::string description =
        "civil-kiosk-staff-offline-key-" + std::to_string(getpid()) + "-" + std::to_string(++counter);
    if (long serial = useKeyring_ ? addKey(description, key) : -1; serial > 0) {
        serial_ = serial;
        backend_ = Backend::KernelKeyring;
    } else {
        static std::atomic<bool> logged{false};
        if (useKeyring_ && !logged.exchange(true))
            KLOG_INFO("staff desk: no kernel keyring ({}); the offline key is kept in locked process memory",
                      std::strerror(errno));
        memory_ = sodium_malloc(key.size());
        if (!memory_) {
            KLOG_ERROR("staff desk: no memory for the offline key");
            return;
        }
        std::memcpy(memory_, key.data(), key.size());
        backend_ = Backend::ProcessMemory;
    }
    keyId_ = offlineKeyId(key);
}

std::optional<OfflineKey> OfflineKeyHolder::get() const {
    OfflineKey key{};
    switch (backend_) {
    case Backend::None: return std::nullopt;
    case Backend::KernelKeyring:
        if (syscall(SYS_keyctl, KEYCTL_READ, serial_, key.data(), key.size()) != static_cast<long>(key.size()))
            return std::nullopt;
        return key;
    case Backend::ProcessMemory: std::memcpy(key.data(), memory_, key.size()); return key;
    }
    return std::nullopt;
}

void OfflineKeyHolder::clear() {
    if (backend_ == Backend::KernelKeyring) {
        // Invalidate removes it at once; revoke is the older kernels' fallback.
        if (syscall(SYS_keyctl, KEYCTL_INVALIDATE, serial_) != 0) syscall(SYS_keyctl, KEYCTL_REVOKE, serial_);
    }
    if (memory_) sodium_free(memory_);  // sodium_free wipes before freeing
    memory_ = nullptr;
    serial_ = 0;
    keyId_.clear();
    backend_ = Backend::None;
}

const char* backendName(OfflineKeyHolder::Backend backend) {
    switch (backend) {
    case OfflineKeyHolder::Backend::None: return "none";
    case OfflineKeyHolder::Backend::KernelKeyring: return "kernel keyring";
    case OfflineKeyHolder::Backend::ProcessMemory: return "process memory";
    }
    return "none";
}

}  // namespace kiosk::offline
