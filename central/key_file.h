#pragma once
// Small secret files of kiosk-central (signing seed, digest key, admin token),
// made so that a process killed at any moment leaves either no file or the
// whole one, mode 0600 (kiosk::writeFileAtomic, kiosk/core/durable_file.h).
#include <string>
#include <string_view>

namespace kiosk::central {

// Throws std::runtime_error (naming `path`) when a step fails.
void writeKeyFile(const std::string& path, std::string_view bytes);

}  // namespace kiosk::central
