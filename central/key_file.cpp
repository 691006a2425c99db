#include "central/key_file.h"

#include <stdexcept>

#include "kiosk/core/durable_file.h"

namespace kiosk::central {

void writeKeyFile(const std::string& path, std::string_view bytes) {
    if (!kiosk::writeFileAtomic(path, bytes, 0600)) throw std::runtime_error("cannot write " + path);
}

}  // namespace kiosk::central
