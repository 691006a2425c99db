#include "drivers/idcard/emulator/idcard_emulator.h"

#include <poll.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "drivers/idcard/card_text.h"

namespace kiosk::idcard {

namespace {
using std::chrono::milliseconds;
using Json = nlohmann::json;

std::optional<CardKind> kindFromName(std::string_view s) {
    if (s == "resident") return CardKind::Resident;
    if (s == "J" || s == "hk_macao_taiwan_permit") return CardKind::HkMacaoTaiwanPermit;
    if (s == "I" || s == "foreign_permanent_2017") return CardKind::ForeignPermanent2017;
    if (s == "Y" || s == "foreign_permanent_2023") return CardKind::ForeignPermanent2023;
    return std::nullopt;
}

std::optional<Gender> genderFromName(std::string_view s) {
    if (s == "male") return Gender::Male;
    if (s == "female") return Gender::Female;
    if (s == "unknown") return Gender::Unknown;
    if (s == "unspecified") return Gender::Unspecified;
    return std::nullopt;
}

std::vector<uint8_t> fromHex(std::string_view hex) {
    std::vector<uint8_t> out;
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    int hi = -1;
    for (char c : hex) {
        int v = nibble(c);
        if (v < 0) continue;
        if (hi < 0)
            hi = v;
        else
            out.push_back(static_cast<uint8_t>(hi << 4 | v)), hi = -1;
    }
    return out;
}

// A recognisable, obviously synthetic stand-in for WLT bytes.
std::string syntheticPhoto(std::string_view label) {
    std::string photo(kPhotoSize, '\0');
    uint32_t h = 2166136261u;
    for (char c : label) h = (h ^ static_cast<uint8_t>(c)) * 16777619u;
    photo[0] = 'W', photo[1] = 'L', photo[2] = 'T', photo[3] = '?';
    for (size_t i = 4; i < photo.size(); ++i) {
        h ^= h << 13, h ^= h >> 17, h ^= h << 5;
        photo[i] = static_cast<char>(h & 0xFF);
    }
    return photo;
}

}  // namespace

Result<CardProfile, std::string> parseCardProfile(std::string_view text) {
    Json j = Json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return std::string("not a JSON object");
    auto str = [&](const char* key) -> std::string {
        auto it = j.find(key);
        return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    CardProfile p;
    p.label = str("label");
    auto kind = kindFromName(str("kind"));
    if (!kind) return std::string("\"kind\" must be resident, J, I or Y");
    IdCard& c = p.card;
    c.kind = *kind;
    c.name = Personal(str("name"));
    c.englishName = Personal(str("english_name"));
    auto gender = genderFromName(str("gender"));
    if (!gender) return std::string("\"gender\" must be male, female, unknown or unspecified");
    c.gender = *gender;
    std::string nation = str("nation");
    if (auto byCode = nationName(nation)) nation = std::string(*byCode);
    if (c.kind == CardKind::Resident && !nationCode(nation)) return std::string("\"nation\" is not a known nation");
    c.nation = Personal(nation);
    auto birth = parseDate(str("birth_date"));
    if (!birth) return std::string("\"birth_date\" must be YYYY-MM-DD");
    c.birthDate = Personal(formatDate(*birth));
    c.address = Personal(str("address"));
    c.idNumber = Personal(str("id_number"));
    c.passNumber = Personal(str("pass_number"));
    c.authority = str("authority");
    c.nationality = str("nationality");
    c.issueCount = str("issue_count");
    auto from = parseDate(str("valid_from"));
    if (!from) return std::string("\"valid_from\" must be YYYY-MM-DD");
    c.validFrom = *from;
    std::string to = str("valid_to");
    if (to == "长期" || to == "long-term") {
        c.validTo.reset();
    } else if (auto d = parseDate(to)) {
        c.validTo = *d;
    } else {
        return std::string("\"valid_to\" must be YYYY-MM-DD, 长期 or long-term");
    }
    std::string hex = str("photo_wlt_hex");
    if (!hex.empty()) {
        auto bytes = fromHex(hex);
        c.photoWlt = Personal(std::string(bytes.begin(), bytes.end()));
    } else {
        c.photoWlt = Personal(syntheticPhoto(p.label));
    }
    return p;
}

Result<CardProfile, std::string> loadCardProfile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return "cannot open " + path;
    std::stringstream ss;
    ss << in.rdbuf();
    auto parsed = parseCardProfile(ss.str());
    if (!parsed) return path + ": " + parsed.error();
    return parsed;
}

Result<std::unique_ptr<IdCardEmulator>, std::string> IdCardEmulator::start(EmulatorOptions options) {
    if (serial::baudConstant(options.baud) == 0) return "unsupported baud rate " + std::to_string(options.baud);
    auto pty = serial::PseudoTerminal::open(options.linkPath);
    if (!pty) return pty.error().message;
    std::unique_ptr<IdCardEmulator> emu(new IdCardEmulator(std::move(options), std::move(pty.value())));
    if (emu->waker_.fd() < 0) return std::string("no eventfd for the emulator's thread");
    emu->thread_ = std::thread([raw = emu.get()] { raw->run(); });
    return emu;
}

IdCardEmulator::IdCardEmulator(EmulatorOptions options, serial::PseudoTerminal pty)
    : options_(std::move(options)),
      pty_(std::move(pty)),
      devicePath_(pty_.devicePath()),
      wireTiming_(options_.wireTiming) {}

IdCardEmulator::~IdCardEmulator() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_all();
    waker_.signal();
    if (thread_.joinable()) thread_.join();
    pty_.close();
}

std::string IdCardEmulator::devicePath() const {
    std::lock_guard lock(mutex_);
    return devicePath_;
}

void IdCardEmulator::placeCard(const CardProfile& profile) {
    std::lock_guard lock(mutex_);
    card_ = profile;
    pendingCard_.reset();
}

void IdCardEmulator::placeCardAfterPolls(const CardProfile& profile, int polls) {
    std::lock_guard lock(mutex_);
    card_.reset();
    pendingCard_ = profile;
    pendingPolls_ = polls;
}

void IdCardEmulator::liftCard() {
    std::lock_guard lock(mutex_);
    card_.reset();
    pendingCard_.reset();
}

void IdCardEmulator::corruptNextResponses(int count) {
    std::lock_guard lock(mutex_);
    corrupt_ = count;
}

void IdCardEmulator::corruptNextReadResponses(int count) {
    std::lock_guard lock(mutex_);
    corruptReads_ = count;
}

void IdCardEmulator::garbageBeforeNextResponses(int count, size_t bytes) {
    std::lock_guard lock(mutex_);
    garbage_ = count;
    garbageBytes_ = bytes;
}

void IdCardEmulator::failNextReads(int count) {
    std::lock_guard lock(mutex_);
    failReads_ = count;
}

void IdCardEmulator::liftDuringNextRead() {
    std::lock_guard lock(mutex_);
    liftDuringRead_ = true;
}

void IdCardEmulator::setChunking(size_t bytes, milliseconds gap) {
    std::lock_guard lock(mutex_);
    chunkBytes_ = bytes;
    chunkGap_ = gap;
}

void IdCardEmulator::setWireTiming(bool on) {
    std::lock_guard lock(mutex_);
    wireTiming_ = on;
}

void IdCardEmulator::setSilent(bool silent) {
    std::lock_guard lock(mutex_);
    silent_ = silent;
}

void IdCardEmulator::unplug() {
    std::unique_lock lock(mutex_);
    if (!pty_.isOpen()) return;
    // The I/O thread owns the descriptor while it runs: it closes it.
    unplugRequested_ = true;
    waker_.signal();
    changed_.wait(lock, [this] { return !unplugRequested_ || stopping_; });
}

Result<bool, std::string> IdCardEmulator::replug() {
    {
        std::lock_guard lock(mutex_);
        if (pty_.isOpen()) return true;
    }
    auto pty = serial::PseudoTerminal::open(options_.linkPath);
    if (!pty) return pty.error().message;
    std::lock_guard lock(mutex_);
    pty_ = std::move(pty.value());
    devicePath_ = pty_.devicePath();
    assembler_.reset();
    changed_.notify_all();  // the I/O thread waits for a pty while unplugged
    return true;
}

bool IdCardEmulator::plugged() const {
    std::lock_guard lock(mutex_);
    return pty_.isOpen();
}

IdCardEmulator::Counters IdCardEmulator::counters() const {
    std::lock_guard lock(mutex_);
    return counters_;
}

bool IdCardEmulator::waitFor(const std::function<bool(const Counters&)>& pred, milliseconds timeout) const {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return pred(counters_); });
}

void IdCardEmulator::run() {
    std::array<uint8_t, 512> buf{};
    for (;;) {
        int fd = -1;
        {
            std::unique_lock lock(mutex_);
            if (unplugRequested_) {
                pty_.close();
                unplugRequested_ = false;
                changed_.notify_all();
            }
            // Unplugged: nothing to answer until replug() (or the end).
            changed_.wait(lock, [this] { return stopping_ || unplugRequested_ || pty_.isOpen(); });
            if (stopping_) return;
            if (pty_.isOpen()) fd = pty_.masterFd();
        }
        if (fd < 0) continue;
        // Sleeps until a request arrives or the waker is signalled: no timeout.
        std::array<pollfd, 2> pfd{pollfd{fd, POLLIN, 0}, pollfd{waker_.fd(), POLLIN, 0}};
        if (::poll(pfd.data(), pfd.size(), -1) < 0) continue;  // EINTR
        if (pfd[1].revents & POLLIN) {
            waker_.clear();
            continue;  // look at the flags first
        }
        if (!(pfd[0].revents & POLLIN)) {
            // Not expected (the pty holds its own slave open); never spun on.
            if (pfd[0].revents & (POLLHUP | POLLERR)) std::this_thread::sleep_for(milliseconds(5));
            continue;
        }
        ssize_t n = ::read(fd, buf.data(), buf.size());
        if (n <= 0) continue;
        assembler_.feed(std::span(buf.data(), static_cast<size_t>(n)));
        while (auto item = assembler_.next()) {
            std::vector<uint8_t> response;
            {
                std::lock_guard lock(mutex_);
                if (item->corrupted) {
                    ++counters_.badRequests;
                    uint8_t sw3 = *item->corrupted == FrameError::BadChecksum ? 0x10 : 0x11;
                    if (!silent_) response = encodeResponse(sw3);
                } else if (auto request = requestFromBody(item->frame->body)) {
                    response = respond(*request);
                }
                changed_.notify_all();
            }
            if (!response.empty()) send(std::move(response));
        }
    }
}

// Called with mutex_ held.
std::vector<uint8_t> IdCardEmulator::respond(const Request& request) {
    const Command cmd = request.command;
    if (cmd == kFindCard) {
        ++counters_.finds;
        if (!card_ && pendingCard_) {
            if (pendingPolls_ <= 0) {
                card_ = std::move(pendingCard_);
                pendingCard_.reset();
            } else {
                --pendingPolls_;
            }
        }
        if (silent_) return {};
        static constexpr std::array<uint8_t, 4> kFindData{0, 0, 0, 0};
        return card_ ? encodeResponse(0x9F, kFindData) : encodeResponse(0x80);
    }
    if (cmd == kSelectCard) {
        ++counters_.selects;
        if (silent_) return {};
        static constexpr std::array<uint8_t, 8> kSelectData{};
        return card_ ? encodeResponse(0x90, kSelectData) : encodeResponse(0x81);
    }
    if (cmd == kReadTextPhoto || cmd == kReadTextPhotoFingerprint) {
        ++counters_.reads;
        if (silent_) return {};
        if (liftDuringRead_ && card_) {
            liftDuringRead_ = false;
            card_.reset();
            return encodeResponse(0x41);
        }
        if (!card_) return encodeResponse(0x41);
        if (failReads_ > 0) {
            --failReads_;
            return encodeResponse(0x41);
        }
        if (corruptReads_ > 0) --corruptReads_, corruptThis_ = true;
        auto data = encodeReadData(card_->card);
        if (cmd == kReadTextPhotoFingerprint) data.insert(data.begin() + 4, {0x00, 0x00});  // no fingerprint
        return encodeResponse(0x90, data);
    }
    ++counters_.otherRequests;
    if (silent_) return {};
    if (cmd == kSamStatus || cmd == kResetSam) return encodeResponse(0x90);
    if (cmd == kReadSamId) {
        static constexpr std::array<uint8_t, 16> kSamId{0x05, 0x00, 0x01, 0x00, 0x20, 0x25, 0x12, 0x01,
                                                        0x00, 0x00, 0x00, 0x42, 0x00, 0x00, 0x00, 0x01};
        return encodeResponse(0x90, kSamId);
    }
    if (cmd.cmd == 0x60 && cmd.para <= 0x04) return encodeResponse(0x90);  // baud change: acknowledged, ignored
    return encodeResponse(0x21);
}

bool IdCardEmulator::writeRaw(std::span<const uint8_t> bytes) {
    int fd = pty_.masterFd();  // I/O thread: only it closes the descriptor
    size_t done = 0;
    while (done < bytes.size()) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_ || unplugRequested_) return false;
        }
        ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n > 0) {
            done += static_cast<size_t>(n);
        } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
            return false;
        } else {
            pollfd pfd{fd, POLLOUT, 0};
            ::poll(&pfd, 1, 10);
        }
    }
    return true;
}

void IdCardEmulator::send(std::vector<uint8_t> frame) {
    bool corrupt = false, wire = false;
    size_t garbage = 0, chunk = 0;
    milliseconds gap{0};
    {
        std::lock_guard lock(mutex_);
        if (corrupt_ > 0) --corrupt_, corrupt = true;
        if (corruptThis_) corruptThis_ = false, corrupt = true;
        if (garbage_ > 0) --garbage_, garbage = garbageBytes_;
        chunk = chunkBytes_;
        gap = chunkGap_;
        wire = wireTiming_;
    }
    if (corrupt) frame.back() ^= 0x5A;
    std::vector<uint8_t> bytes;
    for (size_t i = 0; i < garbage; ++i) {
        noise_ ^= noise_ << 13, noise_ ^= noise_ >> 17, noise_ ^= noise_ << 5;
        auto b = static_cast<uint8_t>(noise_ & 0xFF);
        bytes.push_back(b == 0xAA ? 0x55 : b);  // noise, never a false preamble
    }
    bytes.insert(bytes.end(), frame.begin(), frame.end());

    bool ok = true;
    if (wire) {
        // A UART sends one byte per 10 bit times (start + 8 data + stop).
        auto startTime = std::chrono::steady_clock::now();
        size_t sent = 0;
        while (ok && sent < bytes.size()) {
            auto us =
                std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - startTime);
            size_t due = std::min(bytes.size(), static_cast<size_t>(us.count() * options_.baud / 10'000'000) + 1);
            if (due > sent) {
                ok = writeRaw(std::span(bytes).subspan(sent, due - sent));
                sent = due;
            } else {
                std::this_thread::sleep_for(std::chrono::microseconds(500));
            }
        }
    } else if (chunk > 0) {
        for (size_t off = 0; ok && off < bytes.size(); off += chunk) {
            ok = writeRaw(std::span(bytes).subspan(off, std::min(chunk, bytes.size() - off)));
            if (gap.count() > 0) std::this_thread::sleep_for(gap);
        }
    } else {
        ok = writeRaw(bytes);
    }
    std::lock_guard lock(mutex_);
    if (ok) ++counters_.responses;
    changed_.notify_all();
}

}  // namespace kiosk::idcard
