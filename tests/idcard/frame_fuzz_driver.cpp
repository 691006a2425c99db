// A bounded fuzz run of the ID card protocol that needs no clang: the same
// target as frame_fuzzer.cpp (LLVMFuzzerTestOneInput), fed with seeded
// mutations of valid traffic: requests, status answers and a full read
// answer with a card's text. Runs in every build (under ASan+UBSan in the
// asan preset, where an out-of-bounds read fails it); KIOSK_SOAK=1
// (tools/test --soak) runs a hundred times longer. An input that crashes
// the target (a signal, or a sanitizer's abort) is written to
// idcard-fuzz-crash.bin for replay.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "drivers/idcard/card_text.h"
#include "drivers/idcard/protocol.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

using namespace kiosk;
using namespace kiosk::idcard;

namespace {

// The input being run, for the crash handler (async-signal-safe writes only).
std::vector<uint8_t> gCurrent;

extern "C" void saveCrashInput(int sig) {
    int fd = ::open("idcard-fuzz-crash.bin", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
        (void)!::write(fd, gCurrent.data(), gCurrent.size());
        ::close(fd);
    }
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

std::vector<std::vector<uint8_t>> seedCorpus() {
    IdCard card;
    card.kind = CardKind::Resident;
    card.name = Personal("王晓明");
    card.gender = Gender::Male;
    card.nation = Personal("汉");
    card.birthDate = Personal("1990-03-07");
    card.address = Personal("浙江省杭州市西湖区文三路 100 号");
    card.idNumber = Personal("330106199003070014");
    card.authority = "杭州市公安局西湖分局";
    card.validFrom = std::chrono::year_month_day{std::chrono::year{2016}, std::chrono::month{3}, std::chrono::day{1}};
    std::vector<uint8_t> text = encodeText(card);
    std::vector<uint8_t> read = {0x01, 0x00, 0x04, 0x00};  // text 256, photo 1024
    read.insert(read.end(), text.begin(), text.end());
    read.resize(read.size() + 1024, 0x57);
    return {
        encodeRequest(kFindCard),
        encodeRequest(kSelectCard),
        encodeRequest(kReadTextPhotoFingerprint),
        encodeResponse(static_cast<uint8_t>(Status::FindOk), std::vector<uint8_t>{0, 0, 0, 0}),
        encodeResponse(static_cast<uint8_t>(Status::NoCard)),
        encodeResponse(static_cast<uint8_t>(Status::Success), read),
    };
}

void mutate(std::vector<uint8_t>& b, std::mt19937& rng) {
    auto pick = [&](size_t n) { return n == 0 ? size_t{0} : std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
    switch (rng() % 6) {
        case 0: if (!b.empty()) b[pick(b.size())] ^= static_cast<uint8_t>(1u << (rng() % 8)); break;  // bit flip
        case 1: if (!b.empty()) b[pick(b.size())] = static_cast<uint8_t>(rng()); break;              // byte
        case 2: b.insert(b.begin() + static_cast<long>(pick(b.size() + 1)), static_cast<uint8_t>(rng())); break;
        case 3: if (!b.empty()) b.erase(b.begin() + static_cast<long>(pick(b.size()))); break;
        case 4: b.resize(pick(b.size() + 1)); break;  // truncated
        case 5: {                                     // a length field or checksum made extreme
            if (b.size() > 8) b[5 + pick(2)] = rng() % 2 ? 0xFF : 0x00;
            break;
        }
    }
}

// Half of the mutated inputs get a valid frame checksum again: without it
// nearly every input stops at BadChecksum and the response, read-data and
// text decoders behind the frame parser are never reached. The declared
// length is kept when it still fits (so length mutations survive); otherwise
// the mutated body is framed anew.
void fixChecksum(std::vector<uint8_t>& b) {
    if (b.size() >= kHeaderSize && std::equal(kPreamble.begin(), kPreamble.end(), b.begin())) {
        const size_t len = (size_t{b[5]} << 8) | b[6];
        if (len >= 1 && b.size() >= kHeaderSize + len) {
            const size_t total = kHeaderSize + len;
            b[total - 1] = xorChecksum(std::span(b).subspan(kPreamble.size(), total - 1 - kPreamble.size()));
            return;
        }
    }
    const size_t skip = std::min(b.size(), kHeaderSize);
    std::vector<uint8_t> body(b.begin() + static_cast<long>(skip), b.end());
    if (!body.empty()) body.pop_back();  // the old checksum byte
    b = encodeFrame(body);
}

}  // namespace

int main() {
    long iterations = std::getenv("KIOSK_SOAK") ? 10'000'000 : 100'000;
    for (int sig : {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL}) std::signal(sig, saveCrashInput);
    gCurrent.reserve(1 << 16);
    std::mt19937 rng(20261128);
    const auto corpus = seedCorpus();
    long framed = 0;  // mutated inputs that still parse as a frame
    for (const auto& seed : corpus) LLVMFuzzerTestOneInput(seed.data(), seed.size());
    for (long i = 0; i < iterations; ++i) {
        std::vector<uint8_t> input = corpus[static_cast<size_t>(i) % corpus.size()];
        for (int m = 1 + static_cast<int>(rng() % 4); m > 0; --m) mutate(input, rng);
        if (rng() % 2 == 0) fixChecksum(input);
        if (parseFrame(input)) ++framed;
        if (rng() % 8 == 0) {  // two frames back to back, as on the wire
            const auto& other = corpus[rng() % corpus.size()];
            input.insert(input.end(), other.begin(), other.end());
        }
        gCurrent.swap(input);
        LLVMFuzzerTestOneInput(gCurrent.data(), gCurrent.size());
    }
    // A run whose inputs (almost) never parse as frames tests nothing behind
    // the checksum check: fail it rather than report "no crash".
    if (framed * 5 < iterations) {
        std::printf("idcard frame fuzz: only %ld of %ld inputs parsed as frames\n", framed, iterations);
        return 1;
    }
    std::printf("idcard frame fuzz: %ld inputs (%ld valid frames), no crash\n", iterations + static_cast<long>(corpus.size()),
                framed);
    return 0;
}
