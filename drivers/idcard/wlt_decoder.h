#pragma once
// The card photo is 1024 bytes of WLT, a proprietary format with no open
// decoder. Vendors ship a library for it (commonly libwlt2bmp.so). This
// class loads one at run time with dlopen, if present, and turns WLT bytes
// into 102 x 126 RGB pixels. No library (the usual case in development and
// CI) is not an error: decode() returns nullopt and the UI shows a neutral
// placeholder.
//
// Assumed vendor ABI (UNCONFIRMED, seen in open Linux drivers; both names are
// configurable):  int unpack(char* wlt, char* bmp, int bmpSave)
// with `bmp` a buffer of kBmpBufferSize bytes receiving a 24-bit BMP file,
// returning 1 on success.
//
// Threads: construct once; decode() may be called from one thread at a time
// (vendor libraries are rarely re-entrant).
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "kiosk/core/id_card.h"

namespace kiosk::idcard {

class WltDecoder {
public:
    static constexpr int kWidth = 102;
    static constexpr int kHeight = 126;
    static constexpr size_t kBmpBufferSize = 38862;  // 54-byte header + 126 rows of 308 bytes

    // Empty `library` disables decoding.
    explicit WltDecoder(const std::string& library, const std::string& symbol = "unpack");
    ~WltDecoder();
    WltDecoder(const WltDecoder&) = delete;
    WltDecoder& operator=(const WltDecoder&) = delete;

    bool available() const { return fn_ != nullptr; }
    // Why it is not available (for the health page); empty when it is.
    const std::string& unavailableReason() const { return reason_; }

    std::optional<CardPhoto> decode(std::span<const uint8_t> wlt) const;

    // Parses a 24-bit uncompressed BMP (bottom-up or top-down) into RGB.
    static std::optional<CardPhoto> bmpToRgb(std::span<const uint8_t> bmp);

private:
    using UnpackFn = int (*)(char*, char*, int);
    void* handle_ = nullptr;
    UnpackFn fn_ = nullptr;
    std::string reason_;
};

}  // namespace kiosk::idcard
