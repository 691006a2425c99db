#pragma once
// Small secret files of kiosk-central (signing seed, digest key, admin token),
// made so that a process killed at any moment leaves either no file or the
// whole one: written to "<path>.new" (0600), fsynced, renamed over `path`, and
// the folder fsynced so the rename survives a power cut. Any thread; two
// processes making the same file at once: the last rename wins.
#include <string>
#include <string_view>

namespace kiosk::central {

// Throws std::runtime_error (naming `path`) when a step fails; "<path>.new" may then be left behind.
void writeKeyFile(const std::string& path, std::string_view bytes);

}  // namespace kiosk::central
