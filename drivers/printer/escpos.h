#pragma once
// ESC/POS receipt bytes (pure functions, safe from any thread). Commands
// used (see specs/peripherals.md): init ESC @, LF, feed ESC d n, alignment
// ESC a n, bold ESC E n, character size GS ! n, Chinese double-byte mode
// FS & / FS . with GBK text, native QR GS ( k (model 2, module size, error
// level, store, print), cut GS V.
//
// Text is given as UTF-8. ASCII goes as it is; runs of other characters are
// converted to GBK (GB18030 two-byte range) and wrapped in FS & ... FS .;
// a character GBK cannot hold becomes '?' rather than failing the receipt.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::printer {

enum class Align : uint8_t { Left = 0, Center = 1, Right = 2 };

// UTF-8 to GBK (iconv "GBK"); empty optional if some character has no GBK form.
std::optional<std::string> utf8ToGbk(std::string_view utf8);
// GBK to UTF-8; empty optional when the bytes are not GBK.
std::optional<std::string> gbkToUtf8(std::string_view gbk);

class EscPos {
public:
    EscPos& init();
    EscPos& align(Align a);
    EscPos& bold(bool on);
    // Width and height multipliers, 1..8 each.
    EscPos& size(int width, int height);
    EscPos& text(std::string_view utf8);
    EscPos& line(std::string_view utf8 = {}) { return text(utf8).lf(); }
    EscPos& lf();
    EscPos& feed(int lines);
    // A QR code printed by the printer itself: model 2, `moduleDots` 1..16,
    // error correction level 'L', 'M', 'Q' or 'H'. Data up to 7089 bytes.
    EscPos& qr(std::string_view data, int moduleDots = 6, char level = 'M');
    EscPos& cut(bool partial = false);

    const std::vector<uint8_t>& bytes() const { return bytes_; }

private:
    void put(std::initializer_list<uint8_t> b) { bytes_.insert(bytes_.end(), b); }
    std::vector<uint8_t> bytes_;
};

}  // namespace kiosk::printer
