// libFuzzer target: the frame parser, the reassembler (fed in uneven pieces)
// and the text decoder must never crash, hang or read out of bounds, whatever
// arrives on the wire.
#include <cstddef>
#include <cstdint>
#include <span>

#include "drivers/idcard/card_text.h"
#include "drivers/idcard/protocol.h"

using namespace kiosk::idcard;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::span<const uint8_t> bytes(data, size);
    (void)parseFrame(bytes);

    FrameAssembler assembler;
    size_t step = size > 0 ? (data[0] % 17) + 1 : 1;
    for (size_t off = 0; off < size; off += step) {
        assembler.feed(bytes.subspan(off, std::min(step, size - off)));
        while (auto item = assembler.next()) {
            if (!item->frame) continue;
            if (auto resp = responseFromBody(item->frame->body)) (void)decodeReadData(resp->data);
            (void)requestFromBody(item->frame->body);
        }
    }
    if (size >= kTextSize) (void)decodeText(bytes.first(kTextSize));
    (void)ucs2ToUtf8(bytes);
    return 0;
}
