#include "offline-cache/crypto.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace kiosk::offline {

void ensureSodium() {
    static const bool ok = sodium_init() >= 0;
    if (!ok) std::abort();
}

Result<AtRestKey, StoreError> AtRestKey::loadOrCreate(const std::string& path) {
    ensureSodium();
    AtRestKey key;
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0 && errno == ENOENT) {
        // Written whole to a private file, synced, then linked into place:
        // a process killed half-way never leaves an empty key file behind
        // (which would lock the store for good), and when two processes
        // start together (the kiosk and kiosk-cli) one key wins and the
        // other process reads it.
        const std::string fresh = path + ".new-" + std::to_string(::getpid());
        int out = ::open(fresh.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (out < 0)
            return StoreError{StoreErrorCode::KeyFile, "cannot create key file " + path + ": " + std::strerror(errno)};
        randombytes_buf(key.key_.data(), key.key_.size());
        bool ok = ::write(out, key.key_.data(), key.key_.size()) == static_cast<ssize_t>(key.key_.size());
        ok = ok && ::fsync(out) == 0;
        ::close(out);
        const int linked = ok ? ::link(fresh.c_str(), path.c_str()) : -1;
        const int linkErrno = errno;
        ::unlink(fresh.c_str());
        if (!ok) return StoreError{StoreErrorCode::KeyFile, "cannot write key file " + path};
        if (linked == 0) {
            const std::string dir = std::filesystem::path(path).parent_path().string();
            if (int d = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); d >= 0) {
                (void)::fsync(d);  // the new name survives a power cut too
                ::close(d);
            }
            return key;
        }
        if (linkErrno != EEXIST)
            return StoreError{StoreErrorCode::KeyFile, "cannot create key file " + path + ": " + std::strerror(linkErrno)};
        fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);  // another process made it first: use theirs
    }
    if (fd < 0) return StoreError{StoreErrorCode::KeyFile, "cannot open key file " + path + ": " + std::strerror(errno)};
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return StoreError{StoreErrorCode::KeyFile, "key file " + path + " is not a regular file"};
    }
    if ((st.st_mode & 077) != 0) {
        ::close(fd);
        return StoreError{StoreErrorCode::KeyFile, "key file " + path + " is readable by others; chmod 600 it"};
    }
    ssize_t n = ::read(fd, key.key_.data(), key.key_.size());
    char extra = 0;
    bool more = ::read(fd, &extra, 1) > 0;
    ::close(fd);
    if (n != static_cast<ssize_t>(key.key_.size()) || more)
        return StoreError{StoreErrorCode::KeyFile, "key file " + path + " does not hold a 32-byte key"};
    return key;
}

AtRestKey AtRestKey::fromBytes(const std::array<std::uint8_t, 32>& bytes) {
    ensureSodium();
    AtRestKey key;
    key.key_ = bytes;
    return key;
}

AtRestKey::~AtRestKey() { sodium_memzero(key_.data(), key_.size()); }

std::string AtRestKey::seal(std::string_view plaintext, std::string_view ad) const {
    constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
    std::string out(kNonce + plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
    auto* p = reinterpret_cast<unsigned char*>(out.data());
    randombytes_buf(p, kNonce);
    unsigned long long clen = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(p + kNonce, &clen, reinterpret_cast<const unsigned char*>(plaintext.data()),
                                               plaintext.size(), reinterpret_cast<const unsigned char*>(ad.data()),
                                               ad.size(), nullptr, p, key_.data());
    out.resize(kNonce + clen);
    return out;
}

std::optional<Personal> AtRestKey::open(std::string_view blob, std::string_view ad) const {
    constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
    if (blob.size() < kNonce + crypto_aead_xchacha20poly1305_ietf_ABYTES) return std::nullopt;
    std::string plain(blob.size() - kNonce - crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
    const auto* p = reinterpret_cast<const unsigned char*>(blob.data());
    unsigned long long plen = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(plain.data()), &plen, nullptr,
                                                   p + kNonce, blob.size() - kNonce,
                                                   reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), p,
                                                   key_.data()) != 0)
        return std::nullopt;
    plain.resize(plen);
    return Personal(std::move(plain));
}

std::string AtRestKey::keyedDigest(std::string_view value) const {
    std::array<unsigned char, 32> hash;
    crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const unsigned char*>(value.data()), value.size(),
                       key_.data(), key_.size());
    std::string hex(hash.size() * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), hash.data(), hash.size());
    hex.pop_back();
    return hex;
}

std::string newUuidV4() {
    ensureSodium();
    std::array<unsigned char, 16> b;
    randombytes_buf(b.data(), b.size());
    b[6] = (b[6] & 0x0f) | 0x40;  // version 4
    b[8] = (b[8] & 0x3f) | 0x80;  // RFC 4122 variant
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (size_t i = 0; i < b.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
        out += kHex[b[i] >> 4];
        out += kHex[b[i] & 0xf];
    }
    return out;
}

}  // namespace kiosk::offline
