#pragma once
// Replacing a small file so that a process killed, or power cut, at any
// moment leaves either the old file or the whole new one: written to
// "<path>.tmp", fsynced, renamed over `path`, then the folder fsynced so the
// rename survives a power cut. Creates the folder when missing. On failure
// the temporary file is removed and false returned. Any thread; two writers
// of one path at once: the last rename wins.
#include <filesystem>
#include <string_view>
#include <sys/types.h>

namespace kiosk {

bool writeFileAtomic(const std::filesystem::path& path, std::string_view data, mode_t mode = 0600);

}  // namespace kiosk
