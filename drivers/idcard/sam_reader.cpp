#include "drivers/idcard/sam_reader.h"

#include <string.h>

#include <algorithm>
#include <array>

#include "drivers/idcard/card_text.h"
#include "drivers/idcard/wlt_decoder.h"
#include "drivers/serial/serial_port.h"
#include "kiosk/core/log.h"

namespace kiosk::idcard {

namespace {
using std::chrono::milliseconds;

// Slices for waiting on the port, so stop() is honoured promptly.
constexpr milliseconds kWaitSlice{50};
// Bytes of a 30 01 response on the wire (specs/idcard-reader.md).
constexpr size_t kReadResponseBytes = 1295;

milliseconds wireTime(size_t bytes, int baud) { return milliseconds(bytes * 10 * 1000 / static_cast<size_t>(baud)); }

// Statuses that say the reader or its SAM is faulty (not the card, not absent).
void wipeBytes(std::vector<uint8_t>& v) {
    if (!v.empty()) ::explicit_bzero(v.data(), v.size());
}

bool isReaderFault(uint8_t sw3) {
    switch (static_cast<Status>(sw3)) {
        case Status::BadLength:
        case Status::BadCommand:
        case Status::Unauthorised:
        case Status::Unrecognised:
        case Status::SamSelfTestFailed:
        case Status::SamNotAuthorised:
        case Status::CommFault:
            return true;
        default:
            return !isKnownStatus(sw3);
    }
}
}  // namespace

SamCardReader::SamCardReader(SamReaderConfig config) : config_(std::move(config)) {}

SamCardReader::~SamCardReader() { stop(); }

void SamCardReader::start(Callbacks callbacks) {
    if (thread_.joinable()) return;
    callbacks_ = std::move(callbacks);
    stopping_ = false;
    thread_ = std::thread([this] { run(); });
}

void SamCardReader::stop() {
    {
        std::lock_guard lock(waitMutex_);
        stopping_ = true;
    }
    waitCv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

ReaderHealth SamCardReader::health() const {
    std::lock_guard lock(stateMutex_);
    return health_;
}

SamCardReader::Stats SamCardReader::stats() const {
    std::lock_guard lock(stateMutex_);
    return stats_;
}

bool SamCardReader::sleepFor(milliseconds d) {
    std::unique_lock lock(waitMutex_);
    return !waitCv_.wait_for(lock, d, [this] { return stopping_.load(); });
}

void SamCardReader::setHealth(ReaderHealthState state, std::string reason) {
    ReaderHealth next{state, std::move(reason)};
    {
        std::lock_guard lock(stateMutex_);
        if (health_ == next) return;
        health_ = next;
    }
    if (state == ReaderHealthState::Ok)
        KLOG_INFO("idcard: reader ok ({})", config_.devicePath);
    else
        KLOG_WARN("idcard: reader {}: {}", state == ReaderHealthState::NoDevice ? "absent" : "fault", next.reason);
    if (callbacks_.onHealthChanged) callbacks_.onHealthChanged(next);
}

void SamCardReader::cardGone() {
    bool wasThere = card_ != CardState::None;
    card_ = CardState::None;
    misses_ = 0;
    if (wasThere) {
        KLOG_DEBUG("idcard: card removed");
        if (callbacks_.onCardRemoved) callbacks_.onCardRemoved();
    }
}

void SamCardReader::run() {
    decoder_ = std::make_unique<WltDecoder>(config_.photoLibrary, config_.photoSymbol);
    milliseconds backoff = config_.reconnectMin;
    while (!stopping()) {
        auto opened = serial::SerialPort::open(config_.devicePath, config_.baud);
        if (!opened) {
            const auto& err = opened.error();
            setHealth(
                err.kind == serial::SerialErrorKind::NotFound ? ReaderHealthState::NoDevice : ReaderHealthState::Error,
                err.message);
            if (!sleepFor(backoff)) break;
            backoff = std::min(backoff * 2, config_.reconnectMax);
            continue;
        }
        serial::SerialPort port = std::move(opened.value());
        {
            std::lock_guard lock(stateMutex_);
            ++stats_.opens;
        }
        KLOG_INFO("idcard: opened {} at {} baud", config_.devicePath, config_.baud);
        linkGone_ = unresponsive_ = false;
        while (!stopping() && !linkGone_ && !unresponsive_) {
            pollOnce(port);
            if (health().state == ReaderHealthState::Ok) backoff = config_.reconnectMin;
            if (!linkGone_ && !unresponsive_ && !sleepFor(config_.pollInterval)) break;
        }
        port.close();
        if (stopping()) break;
        // A reader that vanished or stopped answering cannot tell whether the
        // card is still there: report it gone so the next placement is read.
        cardGone();
        if (linkGone_)
            setHealth(ReaderHealthState::NoDevice, "reader disconnected");
        else
            setHealth(ReaderHealthState::Error, "reader not responding");
        if (!sleepFor(backoff)) break;
        backoff = std::min(backoff * 2, config_.reconnectMax);
    }
    decoder_.reset();
}

Result<Response, SamCardReader::LinkError> SamCardReader::transact(serial::SerialPort& port, Command cmd,
                                                                   milliseconds timeout) {
    // A late reply to an earlier request must not be taken for this one's.
    port.discardInput();
    assembler_.reset();
    auto request = encodeRequest(cmd);
    auto written = port.writeAll(request, config_.commandTimeout);
    if (!written)
        return written.error().kind == serial::SerialErrorKind::Disconnected ? LinkError::Gone : LinkError::Timeout;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    std::array<uint8_t, 512> buf{};
    while (!stopping()) {
        while (auto item = assembler_.next()) {
            if (item->corrupted) {
                std::lock_guard lock(stateMutex_);
                ++stats_.corruptFrames;
                // A whole frame with a bad checksum: ask again rather than wait
                // out the timeout. An implausible length is noise: keep looking.
                if (*item->corrupted == FrameError::BadChecksum) return LinkError::Corrupt;
                continue;
            }
            auto response = responseFromBody(item->frame->body);
            if (response) return std::move(*response);
        }
        auto now = std::chrono::steady_clock::now();
        if (now >= deadline) return LinkError::Timeout;
        auto slice = std::min(kWaitSlice, std::chrono::duration_cast<milliseconds>(deadline - now) + milliseconds(1));
        auto got = port.read(buf, slice);
        if (!got) return LinkError::Gone;
        if (got.value() > 0) assembler_.feed(std::span(buf.data(), got.value()));
    }
    return LinkError::Stopped;
}

Result<Response, SamCardReader::LinkError> SamCardReader::command(serial::SerialPort& port, Command cmd,
                                                                  milliseconds timeout) {
    LinkError last = LinkError::Timeout;
    for (int attempt = 0; attempt < std::max(1, config_.commandAttempts); ++attempt) {
        if (attempt > 0) {
            std::lock_guard lock(stateMutex_);
            ++stats_.retries;
        }
        auto r = transact(port, cmd, timeout);
        if (r) {
            // The reader saw our frame corrupted on the way in: send it again.
            if (r.value().status() == Status::BadChecksum) {
                last = LinkError::Corrupt;
                continue;
            }
            return r;
        }
        last = r.error();
        if (last == LinkError::Gone || last == LinkError::Stopped) break;
        KLOG_DEBUG("idcard: command {:02X} {:02X}: {}, resending", cmd.cmd, cmd.para,
                   last == LinkError::Timeout ? "timeout" : "corrupt");
    }
    if (last == LinkError::Gone) linkGone_ = true;
    return last;
}

void SamCardReader::pollOnce(serial::SerialPort& port) {
    auto found = command(port, kFindCard, config_.commandTimeout);
    if (!found) {
        if (found.error() == LinkError::Timeout || found.error() == LinkError::Corrupt) unresponsive_ = true;
        return;
    }
    uint8_t sw3 = found.value().sw3;
    if (isReaderFault(sw3)) {
        setHealth(ReaderHealthState::Error, fmt::format("reader reports {:02X}: {}", sw3, statusText(sw3)));
        return;
    }
    setHealth(ReaderHealthState::Ok, "");
    if (found.value().status() == Status::FindOk) {
        misses_ = 0;
        if (card_ == CardState::Present) return;  // same placement, already reported
        readCard(port);
        return;
    }
    // "No card" (80) or any other card-level status: count towards removal.
    if (card_ != CardState::None && ++misses_ >= std::max(1, config_.removalMisses)) cardGone();
}

bool SamCardReader::readCard(serial::SerialPort& port) {
    milliseconds readTimeout = config_.readTimeout + 2 * wireTime(kReadResponseBytes, config_.baud);
    std::optional<CardReadError> failure;
    for (int attempt = 0; attempt < std::max(1, config_.readAttempts) && !stopping(); ++attempt) {
        if (attempt > 0) {
            {
                std::lock_guard lock(stateMutex_);
                ++stats_.retries;
            }
            auto found = command(port, kFindCard, config_.commandTimeout);
            if (!found) return false;
            if (found.value().status() != Status::FindOk) {
                // Lifted mid-read: say so once; the next placement is read afresh.
                KLOG_INFO("idcard: card lifted during read");
                bool report = card_ != CardState::Failed;
                card_ = CardState::None;
                if (report && callbacks_.onError) callbacks_.onError(CardReadError::ReadFailed);
                return false;
            }
        }
        auto selected = command(port, kSelectCard, config_.commandTimeout);
        if (!selected) return false;
        if (selected.value().status() != Status::Success) {
            KLOG_DEBUG("idcard: select: {}", statusText(selected.value().sw3));
            failure = CardReadError::ReadFailed;
            continue;
        }
        auto read = command(port, kReadTextPhoto, readTimeout);
        if (!read) {
            if (linkGone_ || stopping()) return false;
            failure = CardReadError::ReadFailed;
            continue;
        }
        if (read.value().status() != Status::Success) {
            KLOG_INFO("idcard: read: {}", statusText(read.value().sw3));
            failure = CardReadError::ReadFailed;
            continue;
        }
        auto card = decodeReadData(read.value().data);
        wipeBytes(read.value().data);
        if (!card) {
            KLOG_WARN("idcard: read a text block that does not decode: {}", textErrorText(card.error()));
            failure = card.error() == TextError::BadSize ? CardReadError::ReadFailed : CardReadError::InvalidData;
            continue;
        }
        IdCard value = std::move(card.value());
        if (decoder_ && decoder_->available()) {
            const std::string& wlt = value.photoWlt.reveal();
            value.photo = decoder_->decode(std::span(reinterpret_cast<const uint8_t*>(wlt.data()), wlt.size()));
        }
        card_ = CardState::Present;
        misses_ = 0;
        {
            std::lock_guard lock(stateMutex_);
            ++stats_.cardsRead;
        }
        KLOG_INFO("idcard: card read (kind {}, attempt {})", cardKindName(value.kind), attempt + 1);
        if (callbacks_.onCardRead) callbacks_.onCardRead(std::move(value));
        return true;
    }
    if (failure && card_ != CardState::Failed && !stopping()) {
        KLOG_WARN("idcard: card could not be read after {} attempts", config_.readAttempts);
        card_ = CardState::Failed;
        if (callbacks_.onError) callbacks_.onError(*failure);
    }
    return false;
}

}  // namespace kiosk::idcard
