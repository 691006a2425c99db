#pragma once
// "A code was scanned": the one event every code source (camera, serial
// scanner, keyboard-wedge scanner, the image-folder emulator) emits once per
// presentation of a code. drivers/codes produces it; the app posts it to the
// UI thread through the RunQueue and classifies it (drivers/codes/payload.h).
//
// The payload can carry personal data (a door-plate address, a staff number),
// so it travels as kiosk::Personal and is never logged.
#include <chrono>
#include <string_view>

#include "kiosk/core/personal.h"

namespace kiosk {

enum class CodeSource {
    Camera,         // a V4L2 camera or the image-folder frame source
    SerialScanner,  // a scanner in serial / USB-CDC mode
    WedgeScanner,   // a scanner that types like a keyboard (evdev)
};

const char* codeSourceName(CodeSource source);

struct ScannedCode {
    Personal text;  // the payload as UTF-8 text
    CodeSource source = CodeSource::Camera;
    std::chrono::steady_clock::time_point at{};
};

// A scanned payload without the blanks and line ends scanners may add
// around it (the kiosk's signed codes have none).
inline std::string_view trimScannedText(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

inline const char* codeSourceName(CodeSource source) {
    switch (source) {
    case CodeSource::Camera: return "camera";
    case CodeSource::SerialScanner: return "serial-scanner";
    case CodeSource::WedgeScanner: return "wedge-scanner";
    }
    return "unknown";
}

}  // namespace kiosk
