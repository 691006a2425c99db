#pragma once
// At-rest encryption of personal data in the store, and idempotency keys.
//
// The key is 32 random bytes in a file readable only by the kiosk user
// (mode 0600). loadOrCreate() creates it (O_EXCL, 0600, fsync) when missing
// and refuses one that is group/world accessible or the wrong size. Payloads
// are sealed with XChaCha20-Poly1305 (libsodium AEAD), random 24-byte nonce
// prepended, with caller-chosen associated data (the row's idempotency key) so
// a ciphertext cannot be moved to another row unnoticed.
//
// An AtRestKey is immutable after loading; its methods are safe from any thread.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "kiosk/core/personal.h"
#include "offline-cache/sqlite_db.h"

namespace kiosk::offline {

class AtRestKey {
public:
    static Result<AtRestKey, StoreError> loadOrCreate(const std::string& path);
    // For tests and tools: a key from raw bytes.
    static AtRestKey fromBytes(const std::array<std::uint8_t, 32>& bytes);
    AtRestKey(const AtRestKey&) = default;
    AtRestKey& operator=(const AtRestKey&) = default;
    ~AtRestKey();

    std::string seal(std::string_view plaintext, std::string_view associatedData) const;
    // nullopt when the blob was not sealed with this key and associated data.
    std::optional<Personal> open(std::string_view blob, std::string_view associatedData) const;
    // A keyed, non-reversible digest (hex), to index personal data (e.g. a
    // balance snapshot by ID number) without storing it in the clear.
    std::string keyedDigest(std::string_view value) const;

private:
    AtRestKey() = default;
    std::array<std::uint8_t, 32> key_{};
};

// A random (version 4) UUID from libsodium's CSPRNG, lower-case canonical form.
std::string newUuidV4();

// sodium_init once; aborts if the system has no usable randomness.
void ensureSodium();

}  // namespace kiosk::offline
