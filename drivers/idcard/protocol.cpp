#include "drivers/idcard/protocol.h"

#include <algorithm>

namespace kiosk::idcard {

namespace {
struct StatusRow {
    uint8_t code;
    std::string_view text;
};
constexpr StatusRow kStatusTable[] = {
    {0x90, "success"},
    {0x9F, "card found"},
    {0x10, "bad checksum from host"},
    {0x11, "bad length from host"},
    {0x21, "bad command or parameter"},
    {0x23, "unauthorised operation"},
    {0x24, "unrecognised error"},
    {0x31, "card failed to authenticate the SAM"},
    {0x32, "SAM failed to authenticate the card"},
    {0x33, "information verification error"},
    {0x40, "unknown card type"},
    {0x41, "read card failed"},
    {0x47, "get random number failed"},
    {0x60, "SAM self-test failed"},
    {0x66, "SAM not authorised"},
    {0x80, "no card present"},
    {0x81, "select card failed"},
    {0x91, "no content for this item"},
    {0xFF, "communication fault"},
};
}  // namespace

std::string_view statusText(uint8_t sw3) {
    for (const auto& row : kStatusTable)
        if (row.code == sw3) return row.text;
    return "unknown status";
}

bool isKnownStatus(uint8_t sw3) {
    return std::any_of(std::begin(kStatusTable), std::end(kStatusTable), [&](const auto& r) { return r.code == sw3; });
}

uint8_t xorChecksum(std::span<const uint8_t> bytes) {
    uint8_t x = 0;
    for (uint8_t b : bytes) x ^= b;
    return x;
}

std::vector<uint8_t> encodeFrame(std::span<const uint8_t> body) {
    size_t len = body.size() + 1;
    std::vector<uint8_t> out(kPreamble.begin(), kPreamble.end());
    out.reserve(kHeaderSize + len);
    out.push_back(static_cast<uint8_t>(len >> 8));
    out.push_back(static_cast<uint8_t>(len & 0xFF));
    out.insert(out.end(), body.begin(), body.end());
    out.push_back(xorChecksum(std::span(out).subspan(kPreamble.size())));
    return out;
}

std::vector<uint8_t> encodeRequest(Command command, std::span<const uint8_t> data) {
    std::vector<uint8_t> body{command.cmd, command.para};
    body.insert(body.end(), data.begin(), data.end());
    return encodeFrame(body);
}

std::vector<uint8_t> encodeResponse(uint8_t sw3, std::span<const uint8_t> data, uint8_t sw1, uint8_t sw2) {
    std::vector<uint8_t> body{sw1, sw2, sw3};
    body.insert(body.end(), data.begin(), data.end());
    return encodeFrame(body);
}

std::string_view frameErrorText(FrameError error) {
    switch (error) {
        case FrameError::Incomplete:
            return "incomplete frame";
        case FrameError::BadPreamble:
            return "bad preamble";
        case FrameError::BadLength:
            return "bad length";
        case FrameError::BadChecksum:
            return "bad checksum";
    }
    return "bad frame";
}

Result<Frame, FrameError> parseFrame(std::span<const uint8_t> bytes) {
    size_t prefix = std::min(bytes.size(), kPreamble.size());
    if (!std::equal(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(prefix), kPreamble.begin()))
        return FrameError::BadPreamble;
    if (bytes.size() < kHeaderSize) return FrameError::Incomplete;
    size_t len = (size_t{bytes[5]} << 8) | bytes[6];
    if (len < kMinLength || len > kMaxLength) return FrameError::BadLength;
    size_t total = kHeaderSize + len;
    if (bytes.size() < total) return FrameError::Incomplete;
    auto covered = bytes.subspan(kPreamble.size(), total - 1 - kPreamble.size());
    if (xorChecksum(covered) != bytes[total - 1]) return FrameError::BadChecksum;
    auto body = bytes.subspan(kHeaderSize, len - 1);
    return Frame{std::vector<uint8_t>(body.begin(), body.end()), total};
}

std::optional<Request> requestFromBody(std::span<const uint8_t> body) {
    if (body.size() < 2) return std::nullopt;
    return Request{Command{body[0], body[1]}, std::vector<uint8_t>(body.begin() + 2, body.end())};
}

std::optional<Response> responseFromBody(std::span<const uint8_t> body) {
    if (body.size() < 3) return std::nullopt;
    return Response{body[0], body[1], body[2], std::vector<uint8_t>(body.begin() + 3, body.end())};
}

void FrameAssembler::feed(std::span<const uint8_t> bytes) { buffer_.insert(buffer_.end(), bytes.begin(), bytes.end()); }

void FrameAssembler::drop(size_t n) {
    n = std::min(n, buffer_.size());
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(n));
}

std::optional<FrameAssembler::Item> FrameAssembler::next() {
    for (;;) {
        // Skip to the first byte that could start a preamble; keep a partial
        // preamble at the end of the buffer.
        auto it = std::search(buffer_.begin(), buffer_.end(), kPreamble.begin(), kPreamble.end());
        size_t start = static_cast<size_t>(it - buffer_.begin());
        if (it == buffer_.end()) {
            size_t keep = 0;
            for (size_t k = std::min(buffer_.size(), kPreamble.size() - 1); k > 0; --k) {
                if (std::equal(buffer_.end() - static_cast<std::ptrdiff_t>(k), buffer_.end(), kPreamble.begin())) {
                    keep = k;
                    break;
                }
            }
            discarded_ += buffer_.size() - keep;
            drop(buffer_.size() - keep);
            return std::nullopt;
        }
        discarded_ += start;
        drop(start);
        auto parsed = parseFrame(buffer_);
        if (parsed) {
            Frame frame = std::move(parsed.value());
            drop(frame.size);
            return Item{std::move(frame), std::nullopt};
        }
        switch (parsed.error()) {
            case FrameError::Incomplete:
                return std::nullopt;
            case FrameError::BadPreamble:
                break;  // cannot happen: the buffer starts with one
            case FrameError::BadLength:
            case FrameError::BadChecksum:
                ++discarded_;
                drop(1);
                return Item{std::nullopt, parsed.error()};
        }
        ++discarded_;
        drop(1);
    }
}

}  // namespace kiosk::idcard
