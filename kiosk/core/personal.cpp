#include "kiosk/core/personal.h"

#include <string.h>

namespace kiosk {

void secureWipe(std::string& s) noexcept {
    // Zero the whole capacity, not just size(): a shrunk string keeps the old
    // bytes past its end. explicit_bzero is never optimised away.
    if (s.capacity() > 0) explicit_bzero(s.data(), s.capacity());
    s.clear();
}

}  // namespace kiosk
