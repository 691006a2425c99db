#include "kiosk/core/speakable.h"

namespace kiosk {
namespace {
// Long enough to be an identifier (ID, phone, card or receipt number), not an
// amount or a date: amounts are read as numbers, naturally, by the synthesiser.
constexpr size_t kLongRun = 9;

bool isIdChar(char c) { return (c >= '0' && c <= '9') || c == 'X' || c == 'x' || c == '*'; }
}  // namespace

std::string speakable(std::string_view text, Language lang) {
    std::string out;
    size_t i = 0;
    while (i < text.size()) {
        if (!isIdChar(text[i]) || (text[i] == 'X' || text[i] == 'x' || text[i] == '*')) {
            // A run must start with a digit; letters elsewhere are just text.
            if (!(text[i] >= '0' && text[i] <= '9')) {
                out += text[i++];
                continue;
            }
        }
        size_t j = i;
        while (j < text.size() && isIdChar(text[j])) ++j;
        std::string_view run = text.substr(i, j - i);
        if (run.size() < kLongRun) {
            out += run;
        } else {
            std::string_view tail = run.substr(run.size() - 4);
            if (lang == Language::ZhCN) {
                out += "尾号";
                out += tail;
            } else {
                out += "ending in";
                for (char c : tail) {
                    out += ' ';
                    out += c;
                }
            }
        }
        i = j;
    }
    return out;
}

}  // namespace kiosk
