#include "drivers/printer/escpos_render.h"

#include <ZXing/BitMatrix.h>
#include <ZXing/CharacterSet.h>
#include <ZXing/MultiFormatWriter.h>
#include <stb_image_write.h>

#include <algorithm>

#include "drivers/printer/escpos.h"

namespace kiosk::printer {
namespace {

constexpr int kCharWidth = 12;  // font A
constexpr int kCharHeight = 24;
constexpr int kLineGap = 6;
constexpr int kMargin = 8;  // dots of paper above the first line

struct Glyph {
    int width;
    int height;
    bool bold;
    bool blank;
};

class Canvas {
public:
    explicit Canvas(int width) : width_(width) {}
    void fill(int x0, int y0, int w, int h, uint8_t value) {
        ensure(y0 + h);
        for (int y = std::max(0, y0); y < y0 + h; ++y)
            for (int x = std::max(0, x0); x < std::min(width_, x0 + w); ++x)
                pixels_[static_cast<size_t>(y) * width_ + x] = value;
    }
    void ensure(int height) {
        if (height > height_) {
            pixels_.resize(static_cast<size_t>(width_) * height, 255);
            height_ = height;
        }
    }
    int width() const { return width_; }
    int height() const { return height_; }
    std::vector<uint8_t>& pixels() { return pixels_; }

private:
    int width_;
    int height_ = 0;
    std::vector<uint8_t> pixels_;
};

class Renderer {
public:
    explicit Renderer(int paperDots) : canvas_(paperDots) { canvas_.ensure(kMargin); }

    void run(std::span<const uint8_t> b) {
        size_t i = 0;
        auto at = [&](size_t k) -> int { return i + k < b.size() ? b[i + k] : -1; };
        while (i < b.size()) {
            const uint8_t c = b[i];
            if (c == 0x0A) {
                newline();
                ++i;
            } else if (c == 0x1B) {  // ESC
                const int cmd = at(1), n = at(2);
                if (cmd == 0x40) {
                    reset();
                    i += 2;
                } else if (cmd == 0x61 && n >= 0) {
                    align_ = static_cast<Align>(n % 3 == n ? n : n - '0');
                    i += 3;
                } else if (cmd == 0x45 && n >= 0) {
                    bold_ = n & 1;
                    i += 3;
                } else if (cmd == 0x64 && n >= 0) {
                    if (!glyphs_.empty()) newline();
                    for (int k = 0; k < n; ++k) newline();
                    i += 3;
                } else {
                    i += 3;  // the other one-parameter ESC commands (ESC ! n, ESC - n, ESC J n ...)
                }
            } else if (c == 0x1D) {  // GS
                const int cmd = at(1);
                if (cmd == 0x21 && at(2) >= 0) {
                    widthMul_ = ((at(2) >> 4) & 7) + 1;
                    heightMul_ = (at(2) & 7) + 1;
                    i += 3;
                } else if (cmd == 0x56) {
                    if (!glyphs_.empty()) newline();
                    ++cuts_;
                    canvas_.fill(0, y_ + 4, canvas_.width(), 1, 128);  // a dashed cut line would be prettier
                    y_ += 10;
                    i += at(2) >= 65 ? 4 : 3;
                } else if (cmd == 0x28 && at(2) == 0x6B && at(3) >= 0 && at(4) >= 0) {
                    const size_t len = static_cast<size_t>(at(3) | (at(4) << 8));
                    const size_t start = i + 5;
                    if (start + len > b.size()) return;
                    qrCommand(b.subspan(start, len));
                    i = start + len;
                } else {
                    i += 3;
                }
            } else if (c == 0x1C) {  // FS
                if (at(1) == 0x26) doubleByte_ = true;
                if (at(1) == 0x2E) doubleByte_ = false;
                i += 2;
            } else if (c == 0x10 && at(1) == 0x04) {  // DLE EOT n: status request, prints nothing
                i += 3;
            } else if (c < 0x20) {
                ++i;
            } else if (doubleByte_ && c >= 0x81 && at(1) >= 0x40) {
                text_ += gbkToUtf8(std::string_view(reinterpret_cast<const char*>(&b[i]), 2)).value_or("?");
                glyphs_.push_back({2 * kCharWidth * widthMul_, kCharHeight * heightMul_, bold_, false});
                i += 2;
            } else {
                text_ += static_cast<char>(c < 0x80 ? c : '?');
                glyphs_.push_back({kCharWidth * widthMul_, kCharHeight * heightMul_, bold_, c == ' '});
                ++i;
            }
        }
        if (!glyphs_.empty()) newline();
    }

    RenderedReceipt finish() {
        canvas_.ensure(y_ + kMargin);
        RenderedReceipt r;
        r.width = canvas_.width();
        r.height = canvas_.height();
        r.pixels = std::move(canvas_.pixels());
        r.lines = std::move(lines_);
        r.qrCodes = std::move(qrCodes_);
        r.cuts = cuts_;
        return r;
    }

private:
    void reset() {
        align_ = Align::Left;
        bold_ = false;
        widthMul_ = heightMul_ = 1;
        doubleByte_ = false;
    }

    int alignedX(int contentWidth) const {
        switch (align_) {
        case Align::Center: return std::max(0, (canvas_.width() - contentWidth) / 2);
        case Align::Right: return std::max(0, canvas_.width() - contentWidth);
        case Align::Left: break;
        }
        return 0;
    }

    void newline() {
        int width = 0, height = kCharHeight;
        for (const auto& g : glyphs_) {
            width += g.width;
            height = std::max(height, g.height);
        }
        int x = alignedX(width);
        for (const auto& g : glyphs_) {
            // Glyph boxes sit on the baseline; bold ones are darker.
            if (!g.blank) canvas_.fill(x + 2, y_ + height - g.height + 2, g.width - 4, g.height - 4, g.bold ? 40 : 150);
            x += g.width;
        }
        if (!glyphs_.empty()) lines_.push_back(text_);
        y_ += height + kLineGap;
        canvas_.ensure(y_);
        glyphs_.clear();
        text_.clear();
    }

    // GS ( k <cn=0x31> <fn> ...
    void qrCommand(std::span<const uint8_t> p) {
        if (p.size() < 2 || p[0] != 0x31) return;
        const uint8_t fn = p[1];
        if (fn == 0x43 && p.size() >= 3) moduleDots_ = std::clamp<int>(p[2], 1, 16);
        if (fn == 0x50 && p.size() >= 3) qrData_.assign(p.begin() + 3, p.end());
        if (fn == 0x51) printQr();
    }

    void printQr() {
        if (!glyphs_.empty()) newline();
        if (qrData_.empty()) return;
        const std::string data(qrData_.begin(), qrData_.end());
        ZXing::BitMatrix matrix;
        try {
            // ZXing's writer throws on data it cannot encode; the printer would print nothing.
            matrix = ZXing::MultiFormatWriter(ZXing::BarcodeFormat::QRCode)
                         .setEncoding(ZXing::CharacterSet::UTF8)
                         .setMargin(0)
                         .encode(data, 0, 0);
        } catch (const std::exception&) {
            return;
        }
        qrCodes_.push_back(data);
        const int modules = matrix.width(), quiet = 4 * moduleDots_;
        const int side = modules * moduleDots_;
        const int x0 = alignedX(side + 2 * quiet) + quiet, y0 = y_ + quiet;
        canvas_.ensure(y0 + side + quiet);
        for (int my = 0; my < modules; ++my)
            for (int mx = 0; mx < modules; ++mx)
                if (matrix.get(mx, my)) canvas_.fill(x0 + mx * moduleDots_, y0 + my * moduleDots_, moduleDots_, moduleDots_, 0);
        y_ = y0 + side + quiet;
    }

    Canvas canvas_;
    int y_ = kMargin;
    Align align_ = Align::Left;
    bool bold_ = false;
    int widthMul_ = 1, heightMul_ = 1;
    bool doubleByte_ = false;
    int moduleDots_ = 3;
    std::vector<uint8_t> qrData_;
    std::vector<Glyph> glyphs_;
    std::string text_;
    std::vector<std::string> lines_;
    std::vector<std::string> qrCodes_;
    int cuts_ = 0;
};

}  // namespace

RenderedReceipt renderEscPos(std::span<const uint8_t> bytes, int paperDots) {
    Renderer r(std::max(64, paperDots));
    r.run(bytes);
    return r.finish();
}

bool writeReceiptPng(const std::filesystem::path& path, const RenderedReceipt& receipt) {
    if (receipt.pixels.empty()) return false;
    return stbi_write_png(path.c_str(), receipt.width, receipt.height, 1, receipt.pixels.data(), receipt.width) != 0;
}

}  // namespace kiosk::printer
