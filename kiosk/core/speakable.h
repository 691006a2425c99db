#pragma once
// Text prepared for speech: ID numbers and other long digit runs are never
// read aloud in full (a passer-by hears everything the kiosk says); only the
// last four characters are spoken, "尾号1210" / "ending in 1 2 1 0".
// Pure function; any thread.
#include <string>
#include <string_view>

#include "kiosk/core/language.h"

namespace kiosk {

std::string speakable(std::string_view text, Language lang);

}  // namespace kiosk
