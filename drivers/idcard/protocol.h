#pragma once
// The SAM reader protocol (GA 467), byte level: frames, checksums, status
// codes, a stream reassembler. Pure functions over bytes, no I/O, no state
// beyond the FrameAssembler's buffer: safe on any thread, easy to fuzz.
// See specs/idcard-reader.md.
//
//   host -> reader: AA AA AA 96 69 | LEN_H LEN_L | CMD PARA | DATA... | CHK
//   reader -> host: AA AA AA 96 69 | LEN_H LEN_L | SW1 SW2 SW3 | DATA... | CHK
//   LEN (big-endian) counts everything after itself, CHK included;
//   CHK = XOR of LEN_H, LEN_L and every byte up to the last data byte.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "kiosk/core/result.h"

namespace kiosk::idcard {

inline constexpr std::array<uint8_t, 5> kPreamble = {0xAA, 0xAA, 0xAA, 0x96, 0x69};
inline constexpr size_t kHeaderSize = 7;  // preamble + length
// Longest frame body accepted (LEN). The largest real one is the text +
// photo + fingerprint response (LEN 0x090A); anything much longer is noise.
inline constexpr size_t kMaxLength = 0x1000;
// A request has CMD PARA CHK at least; a response SW1 SW2 SW3 CHK.
inline constexpr size_t kMinLength = 3;

// Commands as (CMD, PARA).
struct Command {
    uint8_t cmd = 0;
    uint8_t para = 0;
    friend bool operator==(const Command&, const Command&) = default;
};
inline constexpr Command kFindCard{0x20, 0x01};
inline constexpr Command kSelectCard{0x20, 0x02};
inline constexpr Command kReadTextPhoto{0x30, 0x01};
inline constexpr Command kReadTextPhotoFingerprint{0x30, 0x10};
inline constexpr Command kSamStatus{0x11, 0xFF};
inline constexpr Command kReadSamId{0x12, 0xFF};
inline constexpr Command kResetSam{0x10, 0xFF};

// SW3 status codes.
enum class Status : uint8_t {
    Success = 0x90,
    FindOk = 0x9F,
    BadChecksum = 0x10,
    BadLength = 0x11,
    BadCommand = 0x21,
    Unauthorised = 0x23,
    Unrecognised = 0x24,
    CardAuthFailed = 0x31,
    SamAuthFailed = 0x32,
    VerifyFailed = 0x33,
    UnknownCardType = 0x40,
    ReadFailed = 0x41,
    RandomFailed = 0x47,
    SamSelfTestFailed = 0x60,
    SamNotAuthorised = 0x66,
    NoCard = 0x80,
    SelectFailed = 0x81,
    NoContent = 0x91,
    CommFault = 0xFF,
};
// English meaning for logs ("unknown status" for codes not in the table).
std::string_view statusText(uint8_t sw3);
bool isKnownStatus(uint8_t sw3);

// XOR of every byte.
uint8_t xorChecksum(std::span<const uint8_t> bytes);

// Builds a full frame around `body` (the bytes between LEN and CHK).
std::vector<uint8_t> encodeFrame(std::span<const uint8_t> body);
std::vector<uint8_t> encodeRequest(Command command, std::span<const uint8_t> data = {});
std::vector<uint8_t> encodeResponse(uint8_t sw3, std::span<const uint8_t> data = {}, uint8_t sw1 = 0, uint8_t sw2 = 0);

enum class FrameError {
    Incomplete,   // a prefix of a frame: wait for more bytes
    BadPreamble,  // does not start with AA AA AA 96 69
    BadLength,    // LEN below kMinLength or above kMaxLength
    BadChecksum,  // whole frame present, CHK wrong
};
std::string_view frameErrorText(FrameError error);

struct Frame {
    std::vector<uint8_t> body;  // between LEN and CHK
    size_t size = 0;            // bytes of the whole frame
};

// Parses one frame that must start at bytes[0]; trailing bytes are ignored.
Result<Frame, FrameError> parseFrame(std::span<const uint8_t> bytes);

struct Request {
    Command command;
    std::vector<uint8_t> data;
};
struct Response {
    uint8_t sw1 = 0, sw2 = 0, sw3 = 0;
    std::vector<uint8_t> data;
    Status status() const { return static_cast<Status>(sw3); }
};
// Splits a frame body; nullopt when too short for its kind.
std::optional<Request> requestFromBody(std::span<const uint8_t> body);
std::optional<Response> responseFromBody(std::span<const uint8_t> body);

// Reassembles frames from a byte stream that arrives in pieces and may carry
// noise: bytes before a preamble are dropped, a frame split over many reads
// is put back together, an implausible length or a bad checksum skips one
// byte and searches for the next preamble (so a false preamble inside
// garbage cannot swallow the real frame after it).
class FrameAssembler {
public:
    struct Item {
        std::optional<Frame> frame;           // a good frame, or
        std::optional<FrameError> corrupted;  // BadLength / BadChecksum seen (for retry decisions)
    };

    void feed(std::span<const uint8_t> bytes);
    // The next good frame or corruption report; nullopt when more bytes are needed.
    std::optional<Item> next();
    void reset() { buffer_.clear(); }
    size_t buffered() const { return buffer_.size(); }
    // Bytes dropped as noise since construction (diagnostics).
    size_t discarded() const { return discarded_; }

private:
    void drop(size_t n);
    std::vector<uint8_t> buffer_;
    size_t discarded_ = 0;
};

}  // namespace kiosk::idcard
