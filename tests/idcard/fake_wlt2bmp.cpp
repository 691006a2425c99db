// A stand-in for a vendor WLT decoder library, with the assumed ABI of
// drivers/idcard/wlt_decoder.h. It does not decode WLT (nothing open can):
// it paints a 102 x 126 BMP in a colour taken from bytes 4..6 of the input,
// so tests can check the dlopen path and the BMP conversion end to end.
#include <cstdint>
#include <cstring>

extern "C" int unpack(char* wlt, char* bmp, int /*bmpSave*/) {
    if (wlt[0] != 'W') return -2;
    const int w = 102, h = 126, stride = 308;
    const uint32_t size = 54 + stride * h;
    std::memset(bmp, 0, size);
    auto put32 = [&](int off, uint32_t v) { std::memcpy(bmp + off, &v, 4); };
    bmp[0] = 'B', bmp[1] = 'M';
    put32(2, size);
    put32(10, 54);
    put32(14, 40);
    put32(18, w);
    put32(22, h);  // bottom-up
    bmp[26] = 1;
    bmp[28] = 24;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            char* px = bmp + 54 + y * stride + x * 3;
            // Bottom row (first in the file) is marked so orientation can be checked.
            px[0] = y == 0 ? 0 : wlt[6];  // B
            px[1] = y == 0 ? 0 : wlt[5];  // G
            px[2] = y == 0 ? 0 : wlt[4];  // R
        }
    return 1;
}
