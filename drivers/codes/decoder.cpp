#include "drivers/codes/decoder.h"

#define ZX_USE_UTF8
#include <ZXing/ReadBarcode.h>

#include <algorithm>
#include <chrono>
#include <vector>

namespace kiosk::codes {
namespace {

using Clock = std::chrono::steady_clock;

ZXing::DecodeHints hints(ZXing::Binarizer binarizer) {
    ZXing::DecodeHints h;
    h.setFormats(ZXing::BarcodeFormat::QRCode);
    h.setBinarizer(binarizer);
    h.setTryHarder(true);
    h.setTryRotate(false);  // QR finder patterns are rotation invariant; this only serves linear codes
    h.setMaxNumberOfSymbols(1);
    return h;
}

std::optional<DecodedCode> readOnce(const GrayView& v, ZXing::Binarizer binarizer, const char* pass, int offsetX = 0,
                                    int offsetY = 0, int scale = 1) {
    ZXing::ImageView image(v.data, v.width, v.height, ZXing::ImageFormat::Lum, v.rowStride, v.pixStride);
    const ZXing::Result r = ZXing::ReadBarcode(image, hints(binarizer));
    if (!r.isValid() || r.format() != ZXing::BarcodeFormat::QRCode) return std::nullopt;
    DecodedCode code;
    // With an ECI marker the generator said what the bytes are: trust ZXing's conversion.
    code.text = r.hasECI() ? r.text() : payloadText({r.bytes().data(), r.bytes().size()}, r.text());
    if (code.text.empty()) return std::nullopt;
    code.format = ZXing::ToString(r.format());
    const auto& p = r.position();
    for (int i = 0; i < 4; ++i) code.corners[i] = {offsetX + p[i].x / scale, offsetY + p[i].y / scale};
    code.pass = pass;
    return code;
}

// 3x3 box filter (separable running sums), then a stretch of the 1st..99th
// percentile to 0..255. Output is packed.
GrayImage normalise(const GrayView& v) {
    const int w = v.width, h = v.height;
    GrayImage out;
    out.width = w;
    out.height = h;
    out.pixels.resize(static_cast<size_t>(w) * h);
    std::vector<uint16_t> horiz(static_cast<size_t>(w) * h);
    for (int y = 0; y < h; ++y) {
        const uint8_t* row = v.data + static_cast<ptrdiff_t>(y) * v.rowStride;
        auto px = [&](int x) { return row[static_cast<ptrdiff_t>(std::clamp(x, 0, w - 1)) * v.pixStride]; };
        uint16_t* dst = horiz.data() + static_cast<size_t>(y) * w;
        for (int x = 0; x < w; ++x) dst[x] = static_cast<uint16_t>(px(x - 1) + px(x) + px(x + 1));
    }
    int hist[256] = {};
    for (int y = 0; y < h; ++y) {
        const uint16_t* up = horiz.data() + static_cast<size_t>(std::max(y - 1, 0)) * w;
        const uint16_t* mid = horiz.data() + static_cast<size_t>(y) * w;
        const uint16_t* down = horiz.data() + static_cast<size_t>(std::min(y + 1, h - 1)) * w;
        uint8_t* dst = out.pixels.data() + static_cast<size_t>(y) * w;
        for (int x = 0; x < w; ++x) {
            dst[x] = static_cast<uint8_t>((up[x] + mid[x] + down[x] + 4) / 9);
            ++hist[dst[x]];
        }
    }
    const int64_t n = static_cast<int64_t>(w) * h, cut = n / 100;
    int lo = 0, hi = 255;
    for (int64_t acc = 0; lo < 255 && (acc += hist[lo]) <= cut;) ++lo;
    for (int64_t acc = 0; hi > 0 && (acc += hist[hi]) <= cut;) --hi;
    if (hi - lo < 8) return out;  // a flat frame: nothing to stretch
    uint8_t lut[256];
    for (int i = 0; i < 256; ++i) lut[i] = static_cast<uint8_t>(std::clamp((i - lo) * 255 / (hi - lo), 0, 255));
    for (auto& p : out.pixels) p = lut[p];
    return out;
}

// Each 32x32 block stretched to the min..max of its 3x3 block neighbourhood:
// evens out glare and shadows so one global threshold fits the whole code.
// Blocks with almost no range (flat paper, flat wall) are left grey so they
// binarize to noise-free mid-grey rather than amplified sensor noise.
constexpr int kBlock = 32;
constexpr int kMinRange = 16;

GrayImage localNormalise(const GrayImage& in) {
    const int w = in.width, h = in.height;
    const int bw = (w + kBlock - 1) / kBlock, bh = (h + kBlock - 1) / kBlock;
    std::vector<uint8_t> bmin(static_cast<size_t>(bw) * bh, 255), bmax(static_cast<size_t>(bw) * bh, 0);
    for (int y = 0; y < h; ++y) {
        const uint8_t* row = in.pixels.data() + static_cast<size_t>(y) * w;
        for (int x = 0; x < w; ++x) {
            const size_t b = static_cast<size_t>(y / kBlock) * bw + x / kBlock;
            bmin[b] = std::min(bmin[b], row[x]);
            bmax[b] = std::max(bmax[b], row[x]);
        }
    }
    std::vector<uint8_t> nmin(bmin.size()), nmax(bmax.size());
    for (int by = 0; by < bh; ++by)
        for (int bx = 0; bx < bw; ++bx) {
            uint8_t lo = 255, hi = 0;
            for (int dy = -1; dy <= 1; ++dy)
                for (int dx = -1; dx <= 1; ++dx) {
                    const int yy = std::clamp(by + dy, 0, bh - 1), xx = std::clamp(bx + dx, 0, bw - 1);
                    lo = std::min(lo, bmin[static_cast<size_t>(yy) * bw + xx]);
                    hi = std::max(hi, bmax[static_cast<size_t>(yy) * bw + xx]);
                }
            nmin[static_cast<size_t>(by) * bw + bx] = lo;
            nmax[static_cast<size_t>(by) * bw + bx] = hi;
        }
    GrayImage out;
    out.width = w;
    out.height = h;
    out.pixels.resize(in.pixels.size());
    for (int y = 0; y < h; ++y) {
        const uint8_t* src = in.pixels.data() + static_cast<size_t>(y) * w;
        uint8_t* dst = out.pixels.data() + static_cast<size_t>(y) * w;
        for (int x = 0; x < w; ++x) {
            const size_t b = static_cast<size_t>(y / kBlock) * bw + x / kBlock;
            const int lo = nmin[b], range = nmax[b] - nmin[b];
            dst[x] = range < kMinRange ? 128 : static_cast<uint8_t>((src[x] - lo) * 255 / range);
        }
    }
    return out;
}

GrayImage inverted(const GrayImage& in) {
    GrayImage out = in;
    for (auto& p : out.pixels) p = static_cast<uint8_t>(255 - p);
    return out;
}

struct Region {
    int x0, y0, x1, y1;  // pixels, exclusive end
};

// Busy regions: connected 16x16 blocks whose range is high, largest first.
// A QR code is a dense patch of strong edges; walls, desks and faces mostly are not.
std::vector<Region> busyRegions(const GrayImage& img, size_t maxRegions) {
    constexpr int kCell = 16;
    constexpr int kBusyRange = 96;
    const int cw = img.width / kCell, ch = img.height / kCell;
    std::vector<uint8_t> busy(static_cast<size_t>(cw) * ch, 0);
    for (int cy = 0; cy < ch; ++cy)
        for (int cx = 0; cx < cw; ++cx) {
            uint8_t lo = 255, hi = 0;
            for (int y = cy * kCell; y < (cy + 1) * kCell; ++y) {
                const uint8_t* row = img.pixels.data() + static_cast<size_t>(y) * img.width + cx * kCell;
                for (int x = 0; x < kCell; ++x) {
                    lo = std::min(lo, row[x]);
                    hi = std::max(hi, row[x]);
                }
            }
            busy[static_cast<size_t>(cy) * cw + cx] = hi - lo >= kBusyRange;
        }
    struct Found {
        Region r;
        int cells;
    };
    std::vector<Found> found;
    std::vector<int> stack;
    for (int start = 0; start < cw * ch; ++start) {
        if (busy[start] != 1) continue;
        Found f{{cw, ch, 0, 0}, 0};
        stack.push_back(start);
        busy[start] = 2;
        while (!stack.empty()) {
            const int c = stack.back();
            stack.pop_back();
            const int cx = c % cw, cy = c / cw;
            ++f.cells;
            f.r = {std::min(f.r.x0, cx), std::min(f.r.y0, cy), std::max(f.r.x1, cx + 1), std::max(f.r.y1, cy + 1)};
            const int nx[4] = {cx - 1, cx + 1, cx, cx}, ny[4] = {cy, cy, cy - 1, cy + 1};
            for (int k = 0; k < 4; ++k) {
                if (nx[k] < 0 || ny[k] < 0 || nx[k] >= cw || ny[k] >= ch) continue;
                const int n = ny[k] * cw + nx[k];
                if (busy[n] == 1) {
                    busy[n] = 2;
                    stack.push_back(n);
                }
            }
        }
        // A code needs a few cells; a single busy cell is an edge of something else.
        if (f.cells >= 4) found.push_back(f);
    }
    std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) { return a.cells > b.cells; });
    std::vector<Region> out;
    for (const auto& f : found) {
        if (out.size() == maxRegions) break;
        // One cell of margin for the quiet zone, in pixels.
        out.push_back({std::max(0, (f.r.x0 - 1) * kCell), std::max(0, (f.r.y0 - 1) * kCell),
                       std::min(img.width, (f.r.x1 + 1) * kCell), std::min(img.height, (f.r.y1 + 1) * kCell)});
    }
    return out;
}

// Bilinear 2x enlargement of a region.
GrayImage upscale2x(const GrayImage& img, const Region& r) {
    const int w = r.x1 - r.x0, h = r.y1 - r.y0;
    GrayImage out;
    out.width = w * 2;
    out.height = h * 2;
    out.pixels.resize(static_cast<size_t>(out.width) * out.height);
    auto at = [&](int x, int y) {
        x = std::clamp(x, 0, w - 1);
        y = std::clamp(y, 0, h - 1);
        return static_cast<int>(img.pixels[static_cast<size_t>(r.y0 + y) * img.width + r.x0 + x]);
    };
    for (int y = 0; y < out.height; ++y) {
        // Sample centres: output pixel y maps to source (y - 0.5) / 2, in quarters.
        const int sy = y / 2 - (y % 2 == 0 ? 1 : 0), fy = y % 2 == 0 ? 3 : 1;
        for (int x = 0; x < out.width; ++x) {
            const int sx = x / 2 - (x % 2 == 0 ? 1 : 0), fx = x % 2 == 0 ? 3 : 1;
            const int top = at(sx, sy) * (4 - fx) + at(sx + 1, sy) * fx;
            const int bottom = at(sx, sy + 1) * (4 - fx) + at(sx + 1, sy + 1) * fx;
            out.pixels[static_cast<size_t>(y) * out.width + x] = static_cast<uint8_t>((top * (4 - fy) + bottom * fy + 8) / 16);
        }
    }
    return out;
}

// Regions this small are worth enlarging; larger ones ZXing already saw at full size.
constexpr int kMaxUpscaleSide = 480;

}  // namespace

std::string payloadText(std::span<const uint8_t> bytes, const std::string& fallback) {
    std::string_view raw(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    if (raw.empty()) return fallback;
    if (isValidUtf8(raw)) return std::string(raw);
    if (auto gbk = gbkToUtf8(bytes)) return *gbk;
    return fallback;
}

DecodeOutcome decodeFrame(const GrayView& frame, const DecodeOptions& options) {
    DecodeOutcome outcome;
    const auto start = Clock::now();
    auto finish = [&](std::optional<DecodedCode> code) {
        outcome.code = std::move(code);
        outcome.stats.totalMs = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
        if (outcome.code) outcome.code->stats = outcome.stats;
        return outcome;
    };
    if (frame.empty()) return finish(std::nullopt);

    ++outcome.stats.passesTried;
    if (auto code = readOnce(frame, ZXing::Binarizer::LocalAverage, "plain")) return finish(std::move(code));
    if (!options.retries) return finish(std::nullopt);

    const GrayImage norm = normalise(frame);
    ++outcome.stats.passesTried;
    if (auto code = readOnce(norm.view(), ZXing::Binarizer::LocalAverage, "normalised")) return finish(std::move(code));

    const GrayImage local = localNormalise(norm);
    ++outcome.stats.passesTried;
    if (auto code = readOnce(local.view(), ZXing::Binarizer::GlobalHistogram, "local")) return finish(std::move(code));

    const GrayImage inv = inverted(norm);
    ++outcome.stats.passesTried;
    if (auto code = readOnce(inv.view(), ZXing::Binarizer::LocalAverage, "inverted")) return finish(std::move(code));

    for (const Region& r : busyRegions(norm, 2)) {
        if (r.x1 - r.x0 > kMaxUpscaleSide || r.y1 - r.y0 > kMaxUpscaleSide) continue;
        const GrayImage big = upscale2x(norm, r);
        ++outcome.stats.passesTried;
        if (auto code = readOnce(big.view(), ZXing::Binarizer::LocalAverage, "upscaled", r.x0, r.y0, 2))
            return finish(std::move(code));
    }
    return finish(std::nullopt);
}

}  // namespace kiosk::codes
