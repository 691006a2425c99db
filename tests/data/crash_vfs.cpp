#include "crash_vfs.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <stdexcept>
#include <vector>

namespace kiosk::testing {
namespace {

// One write or truncation not yet made durable by an xSync of its file.
struct Op {
    bool truncate = false;
    std::int64_t offset = 0;   // write: where; truncate: the new size
    std::int64_t length = 0;   // write: how many bytes
    std::string preImage;      // the bytes there before (only those that existed)
    std::int64_t oldSize = 0;  // the file's size before
};

struct Shared {
    sqlite3_vfs* real = nullptr;
    sqlite3_vfs* previousDefault = nullptr;
    sqlite3_vfs shim{};
    std::map<std::string, std::vector<Op>> pending;
    std::int64_t writes = 0;
    std::int64_t crashAt = -1;  // the write count at which power goes
    bool crashed = false;
};
Shared* g = nullptr;

struct ShimFile {
    sqlite3_file base;
    std::string* path;  // null: not tracked (temporary files)
    sqlite3_file* real;
};

sqlite3_file* realOf(sqlite3_file* f) { return reinterpret_cast<ShimFile*>(f)->real; }
ShimFile* shimOf(sqlite3_file* f) { return reinterpret_cast<ShimFile*>(f); }

std::int64_t sizeOf(sqlite3_file* real) {
    sqlite3_int64 size = 0;
    return real->pMethods->xFileSize(real, &size) == SQLITE_OK ? size : 0;
}

std::string readExisting(sqlite3_file* real, std::int64_t offset, std::int64_t length) {
    const std::int64_t size = sizeOf(real);
    const std::int64_t n = std::max<std::int64_t>(0, std::min(length, size - offset));
    std::string bytes(static_cast<size_t>(n), '\0');
    if (n > 0) real->pMethods->xRead(real, bytes.data(), static_cast<int>(n), offset);
    return bytes;
}

int shimClose(sqlite3_file* f) {
    ShimFile* s = shimOf(f);
    int rc = s->real->pMethods ? s->real->pMethods->xClose(s->real) : SQLITE_OK;
    delete s->path;
    s->path = nullptr;
    return rc;
}

int shimRead(sqlite3_file* f, void* buf, int amount, sqlite3_int64 offset) {
    return realOf(f)->pMethods->xRead(realOf(f), buf, amount, offset);
}

int shimWrite(sqlite3_file* f, const void* buf, int amount, sqlite3_int64 offset) {
    ShimFile* s = shimOf(f);
    if (g->crashed) return SQLITE_IOERR_WRITE;
    if (g->crashAt >= 0 && ++g->writes >= g->crashAt) {
        g->crashed = true;  // power goes before this write reaches the disk
        return SQLITE_IOERR_WRITE;
    }
    if (g->crashAt < 0) ++g->writes;
    if (s->path) {
        Op op;
        op.offset = offset;
        op.length = amount;
        op.oldSize = sizeOf(s->real);
        op.preImage = readExisting(s->real, offset, amount);
        g->pending[*s->path].push_back(std::move(op));
    }
    return s->real->pMethods->xWrite(s->real, buf, amount, offset);
}

int shimTruncate(sqlite3_file* f, sqlite3_int64 size) {
    ShimFile* s = shimOf(f);
    if (g->crashed) return SQLITE_IOERR_TRUNCATE;
    if (s->path) {
        Op op;
        op.truncate = true;
        op.offset = size;
        op.oldSize = sizeOf(s->real);
        op.preImage = readExisting(s->real, size, std::max<std::int64_t>(0, op.oldSize - size));
        g->pending[*s->path].push_back(std::move(op));
    }
    return s->real->pMethods->xTruncate(s->real, size);
}

int shimSync(sqlite3_file* f, int flags) {
    ShimFile* s = shimOf(f);
    if (g->crashed) return SQLITE_IOERR_FSYNC;
    int rc = s->real->pMethods->xSync(s->real, flags);
    if (rc == SQLITE_OK && s->path) g->pending.erase(*s->path);
    return rc;
}

int shimFileSize(sqlite3_file* f, sqlite3_int64* size) { return realOf(f)->pMethods->xFileSize(realOf(f), size); }
int shimLock(sqlite3_file* f, int level) { return realOf(f)->pMethods->xLock(realOf(f), level); }
int shimUnlock(sqlite3_file* f, int level) { return realOf(f)->pMethods->xUnlock(realOf(f), level); }
int shimCheckReserved(sqlite3_file* f, int* out) { return realOf(f)->pMethods->xCheckReservedLock(realOf(f), out); }
int shimFileControl(sqlite3_file* f, int op, void* arg) {
    // No memory-mapped I/O: every page write must pass through xWrite.
    if (op == SQLITE_FCNTL_MMAP_SIZE) return SQLITE_NOTFOUND;
    return realOf(f)->pMethods->xFileControl(realOf(f), op, arg);
}
int shimSectorSize(sqlite3_file* f) { return realOf(f)->pMethods->xSectorSize(realOf(f)); }
int shimDeviceCharacteristics(sqlite3_file* f) {
    // Claim no atomic or safe-append guarantees: SQLite then syncs as it must
    // on an ordinary disk.
    return realOf(f)->pMethods->xDeviceCharacteristics(realOf(f)) &
           ~(SQLITE_IOCAP_ATOMIC | SQLITE_IOCAP_SAFE_APPEND | SQLITE_IOCAP_SEQUENTIAL | SQLITE_IOCAP_POWERSAFE_OVERWRITE);
}
int shimShmMap(sqlite3_file* f, int page, int size, int extend, void volatile** out) {
    return realOf(f)->pMethods->xShmMap(realOf(f), page, size, extend, out);
}
int shimShmLock(sqlite3_file* f, int offset, int n, int flags) { return realOf(f)->pMethods->xShmLock(realOf(f), offset, n, flags); }
void shimShmBarrier(sqlite3_file* f) { realOf(f)->pMethods->xShmBarrier(realOf(f)); }
int shimShmUnmap(sqlite3_file* f, int deleteFlag) { return realOf(f)->pMethods->xShmUnmap(realOf(f), deleteFlag); }

const sqlite3_io_methods kShimMethods = {
    2,  // version 2: shared memory for WAL, but no xFetch (no mmap)
    shimClose, shimRead, shimWrite, shimTruncate, shimSync, shimFileSize, shimLock, shimUnlock, shimCheckReserved,
    shimFileControl, shimSectorSize, shimDeviceCharacteristics, shimShmMap, shimShmLock, shimShmBarrier, shimShmUnmap,
    nullptr, nullptr,
};

constexpr int kRealOffset = (sizeof(ShimFile) + 7) & ~7;

int shimOpen(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* f, int flags, int* outFlags) {
    ShimFile* s = shimOf(f);
    s->base.pMethods = nullptr;
    s->path = nullptr;
    s->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(f) + kRealOffset);
    if (g->crashed) return SQLITE_CANTOPEN;
    int rc = g->real->xOpen(g->real, name, s->real, flags, outFlags);
    if (rc != SQLITE_OK) return rc;
    const bool durable = name && (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL | SQLITE_OPEN_MAIN_JOURNAL));
    if (durable) s->path = new std::string(name);
    s->base.pMethods = &kShimMethods;
    return SQLITE_OK;
}

int shimDelete(sqlite3_vfs*, const char* name, int syncDir) {
    if (g->crashed) return SQLITE_IOERR_DELETE;
    int rc = g->real->xDelete(g->real, name, syncDir);
    if (rc == SQLITE_OK) g->pending.erase(name);
    return rc;
}
int shimAccess(sqlite3_vfs*, const char* name, int flags, int* out) { return g->real->xAccess(g->real, name, flags, out); }
int shimFullPathname(sqlite3_vfs*, const char* name, int n, char* out) { return g->real->xFullPathname(g->real, name, n, out); }
void* shimDlOpen(sqlite3_vfs*, const char* name) { return g->real->xDlOpen(g->real, name); }
void shimDlError(sqlite3_vfs*, int n, char* msg) { g->real->xDlError(g->real, n, msg); }
void (*shimDlSym(sqlite3_vfs*, void* h, const char* sym))(void) { return g->real->xDlSym(g->real, h, sym); }
void shimDlClose(sqlite3_vfs*, void* h) { g->real->xDlClose(g->real, h); }
int shimRandomness(sqlite3_vfs*, int n, char* out) { return g->real->xRandomness(g->real, n, out); }
int shimSleep(sqlite3_vfs*, int us) { return g->real->xSleep(g->real, us); }
int shimCurrentTime(sqlite3_vfs*, double* out) { return g->real->xCurrentTime(g->real, out); }
int shimGetLastError(sqlite3_vfs*, int n, char* out) { return g->real->xGetLastError(g->real, n, out); }
int shimCurrentTimeInt64(sqlite3_vfs*, sqlite3_int64* out) { return g->real->xCurrentTimeInt64(g->real, out); }

// Undoes one operation on the file at `path` (no connection open).
void undo(const std::string& path, const Op& op, CrashVfs::Loss mode) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return;  // deleted since: deletions are durable
    // A write's old bytes go back where it wrote; a truncation's cut tail
    // goes back after the new end (restoring the old size too).
    if (!op.preImage.empty())
        (void)!::pwrite(fd, op.preImage.data(), op.preImage.size(), static_cast<off_t>(op.offset));
    if (op.truncate) {
        // Nothing more: the tail written back above is the whole undo.
    } else if (mode == CrashVfs::Loss::Strict) {
        if (op.offset + op.length > op.oldSize) (void)!::ftruncate(fd, static_cast<off_t>(op.oldSize));
    } else {
        // Torn: the file's new size reached the disk, the appended data did
        // not: it reads as zeros.
        const std::int64_t from = op.offset + static_cast<std::int64_t>(op.preImage.size());
        const std::string zeros(static_cast<size_t>(std::max<std::int64_t>(0, op.offset + op.length - from)), '\0');
        if (!zeros.empty()) (void)!::pwrite(fd, zeros.data(), zeros.size(), static_cast<off_t>(from));
    }
    ::close(fd);
}

}  // namespace

CrashVfs::CrashVfs() {
    if (g) throw std::logic_error("one CrashVfs at a time");
    g = new Shared;
    g->real = sqlite3_vfs_find("unix");
    g->previousDefault = sqlite3_vfs_find(nullptr);
    sqlite3_vfs& v = g->shim;
    v.iVersion = 2;
    v.szOsFile = kRealOffset + g->real->szOsFile;
    v.mxPathname = g->real->mxPathname;
    v.zName = "kiosk-crash-test";
    v.xOpen = shimOpen;
    v.xDelete = shimDelete;
    v.xAccess = shimAccess;
    v.xFullPathname = shimFullPathname;
    v.xDlOpen = shimDlOpen;
    v.xDlError = shimDlError;
    v.xDlSym = shimDlSym;
    v.xDlClose = shimDlClose;
    v.xRandomness = shimRandomness;
    v.xSleep = shimSleep;
    v.xCurrentTime = shimCurrentTime;
    v.xGetLastError = shimGetLastError;
    v.xCurrentTimeInt64 = shimCurrentTimeInt64;
    sqlite3_vfs_register(&v, 1);
}

CrashVfs::~CrashVfs() {
    sqlite3_vfs_unregister(&g->shim);
    if (g->previousDefault) sqlite3_vfs_register(g->previousDefault, 1);
    delete g;
    g = nullptr;
}

void CrashVfs::crashAfterWrites(std::int64_t n) {
    g->writes = 0;
    g->crashAt = n;
    g->crashed = false;
}

bool CrashVfs::crashed() const { return g->crashed; }
std::int64_t CrashVfs::writesSoFar() const { return g->writes; }

int CrashVfs::powerLoss(Loss mode, std::mt19937& rng) {
    int undone = 0;
    for (auto& [path, ops] : g->pending) {
        for (auto it = ops.rbegin(); it != ops.rend(); ++it) {
            if (mode == Loss::Torn && rng() % 2 == 0) continue;  // this one reached the disk
            undo(path, *it, mode);
            ++undone;
        }
    }
    g->pending.clear();
    g->crashAt = -1;
    g->crashed = false;
    g->writes = 0;
    return undone;
}

}  // namespace kiosk::testing
