#include "drivers/documents/preprocess.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace kiosk::documents {
namespace {
using detail::PixPtr;

struct BoxaDeleter {
    void operator()(BOXA* b) const { boxaDestroy(&b); }
};
using BoxaPtr = std::unique_ptr<BOXA, BoxaDeleter>;

// Median height of connected components that look like glyphs, in pixels
// of a 1-bpp image; 0 when there are too few to tell.
int medianGlyphHeight(PIX* bin) {
    BoxaPtr boxes(pixConnCompBB(bin, 8));
    if (!boxes) return 0;
    std::vector<int> heights;
    const int n = boxaGetCount(boxes.get());
    for (int i = 0; i < n; ++i) {
        l_int32 x, y, w, h;
        boxaGetBoxGeometry(boxes.get(), i, &x, &y, &w, &h);
        if (h >= 6 && w >= 3 && h < pixGetHeight(bin) / 4 && w < pixGetWidth(bin) / 4) heights.push_back(h);
    }
    if (heights.size() < 10) return 0;
    std::nth_element(heights.begin(), heights.begin() + heights.size() / 2, heights.end());
    return heights[heights.size() / 2];
}

PixPtr toGrey(PIX* pix) {
    if (pixGetDepth(pix) == 32) return PixPtr(pixConvertRGBToLuminance(pix));
    if (pixGetDepth(pix) == 8 && !pixGetColormap(pix)) return PixPtr(pixClone(pix));
    return PixPtr(pixConvertTo8(pix, 0));
}

// Foreground box of a binarised page, ignoring specks and page-edge
// artefacts (components touching the border, long rules).
BOX* foregroundBox(PIX* bin) {
    BoxaPtr boxes(pixConnCompBB(bin, 8));
    if (!boxes) return nullptr;
    const int W = pixGetWidth(bin), H = pixGetHeight(bin);
    int x0 = W, y0 = H, x1 = -1, y1 = -1, kept = 0;
    const int n = boxaGetCount(boxes.get());
    for (int i = 0; i < n; ++i) {
        l_int32 x, y, w, h;
        boxaGetBoxGeometry(boxes.get(), i, &x, &y, &w, &h);
        if (w < 3 || h < 3) continue;                                // speck
        if (x == 0 || y == 0 || x + w >= W || y + h >= H) continue;  // scanner edge, shadow
        if (w > W * 9 / 10 || h > H * 9 / 10) continue;              // frame
        x0 = std::min(x0, x);
        y0 = std::min(y0, y);
        x1 = std::max(x1, x + w);
        y1 = std::max(y1, y + h);
        ++kept;
    }
    if (kept < 3) return nullptr;
    return boxCreate(x0, y0, x1 - x0, y1 - y0);
}

}  // namespace

Preprocessed preprocessPage(const PageImage& page, const PreprocessOptions& options) {
    detail::quietLeptonica();
    Preprocessed out;
    PixPtr input = detail::pixFromPage(page);
    if (!input) return out;
    PixPtr grey = toGrey(input.get());
    if (!grey) return out;
    out.dpi = page.dpi > 0 ? page.dpi : options.targetDpi;
    if (!options.enabled) {
        out.pix = std::move(grey);
        return out;
    }

    // Resolution: from the metadata, or estimated from the glyph height of
    // a rough binarisation (body text on forms is ~10.5-12 pt, ~45 px at 300 dpi).
    float scale = 1;
    if (page.dpi >= 50 && page.dpi <= 2400) {
        scale = static_cast<float>(options.targetDpi) / static_cast<float>(page.dpi);
    } else {
        PixPtr rough(pixOtsuThreshOnBackgroundNorm(grey.get(), nullptr, 10, 15, 100, 50, 255, 2, 2, 0.1f, nullptr));
        int h = rough ? medianGlyphHeight(rough.get()) : 0;
        if (h > 0) scale = std::clamp(40.0f * options.targetDpi / 300.0f / static_cast<float>(h), 0.25f, 4.0f);
    }
    if (std::fabs(scale - 1) > 0.05f) {
        PixPtr scaled(pixScale(grey.get(), scale, scale));
        if (scaled) grey = std::move(scaled), out.scale = scale;
    }
    out.dpi = options.targetDpi;

    // Uneven light (document cameras, shadows at the spine): divide by the
    // estimated background so the page becomes uniformly white.
    if (options.flatten) {
        PixPtr flat(pixBackgroundNorm(grey.get(), nullptr, nullptr, 32, 32, 120, 40, 220, 2, 2));
        if (flat) grey = std::move(flat);
        // Contrast: stretch [darkest 0.5% .. background] to the full range.
        l_uint32 dark = 0;
        if (pixGetRankValue(grey.get(), 2, 0.005f, &dark) == 0 && dark < 180) {
            PixPtr stretched(pixGammaTRC(nullptr, grey.get(), 1.0f, static_cast<l_int32>(dark), 215));
            if (stretched) grey = std::move(stretched);
        }
    }

    // Sensor noise: a small median keeps stroke edges and removes speckle.
    PixPtr smooth(pixMedianFilter(grey.get(), 3, 3));
    if (!smooth) smooth.reset(pixClone(grey.get()));
    PixPtr bin(pixThresholdToBinary(smooth.get(), 160));
    if (!bin) return out;

    if (options.deskew) {
        l_float32 angle = 0, conf = 0;
        if (pixFindSkew(bin.get(), &angle, &conf) == 0 && conf > 2.5f && std::fabs(angle) > 0.15f &&
            std::fabs(angle) < 10) {
            const float rad = angle * 3.14159265f / 180.0f;  // Leptonica: rotate by +angle to deskew
            PixPtr rg(pixRotate(smooth.get(), rad, L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0));
            if (rg) {
                smooth = std::move(rg);
                bin.reset(pixThresholdToBinary(smooth.get(), 160));
                if (!bin) return out;
                out.skewDegrees = angle;
            }
        }
    }

    BOX* box = foregroundBox(bin.get());
    if (!box) {
        out.blank = true;
        out.pix = options.binarize ? std::move(bin) : std::move(smooth);
        return out;
    }
    if (options.crop) {
        const int margin = options.targetDpi / 10;
        l_int32 x, y, w, h;
        boxGetGeometry(box, &x, &y, &w, &h);
        boxSetGeometry(box, std::max(0, x - margin), std::max(0, y - margin), w + 2 * margin, h + 2 * margin);
        PixPtr cg(pixClipRectangle(smooth.get(), box, nullptr));
        PixPtr cb(pixClipRectangle(bin.get(), box, nullptr));
        if (cg && cb) smooth = std::move(cg), bin = std::move(cb);
    }
    boxDestroy(&box);
    out.pix = options.binarize ? std::move(bin) : std::move(smooth);
    pixSetResolution(out.pix.get(), out.dpi, out.dpi);
    return out;
}

}  // namespace kiosk::documents
