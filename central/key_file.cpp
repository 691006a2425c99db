#include "central/key_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <stdexcept>

namespace kiosk::central {

void writeKeyFile(const std::string& path, std::string_view bytes) {
    const std::string aside = path + ".new";
    int fd = ::open(aside.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    bool ok = fd >= 0 && ::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()) && ::fsync(fd) == 0;
    if (fd >= 0) ::close(fd);
    if (!ok || ::rename(aside.c_str(), path.c_str()) != 0) throw std::runtime_error("cannot write " + path);
    const auto slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
    fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);  // best effort: the file is in place either way
        ::close(fd);
    }
}

}  // namespace kiosk::central
