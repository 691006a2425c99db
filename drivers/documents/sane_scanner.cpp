#include "drivers/documents/sane_scanner.h"

#include <dlfcn.h>
#include <link.h>
#include <sane/sane.h>
#include <sane/saneopts.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "drivers/documents/image_io.h"
#include "kiosk/core/log.h"

namespace kiosk::documents {
namespace {

// sane_init / sane_exit are process-wide: count the users.
std::mutex gSaneMutex;
int gSaneUsers = 0;

bool saneAcquire() {
    std::lock_guard lock(gSaneMutex);
    if (gSaneUsers == 0) {
        SANE_Int version = 0;
        if (sane_init(&version, nullptr) != SANE_STATUS_GOOD) return false;
    }
    ++gSaneUsers;
    return true;
}

void saneRelease() {
    std::lock_guard lock(gSaneMutex);
    if (--gSaneUsers == 0) sane_exit();
}

// Some backends (sanei_thread: the `test` backend, pixma, plustek, ...) read in
// a thread of their own and stop it with an asynchronous pthread_cancel from
// the sane_read that returns the last bytes, or from sane_cancel. A thread
// cancelled while the dynamic loader resolves one of its lazily bound symbols
// dies holding the loader's lock, and the next dlclose (sane_exit) or the
// process exit waits forever: on a loaded 2-core machine about one scan in 30.
// Two defences: bind the backends' symbols now, so their threads never enter
// the loader; and before the read that may cancel the reader thread, give the
// threads the backend started time to finish on their own.
void bindBackendsNow() {
    std::vector<std::string> backends;
    dl_iterate_phdr(
        [](dl_phdr_info* info, size_t, void* out) {
            if (info->dlpi_name && std::strstr(info->dlpi_name, "/sane/libsane-"))
                static_cast<std::vector<std::string>*>(out)->push_back(info->dlpi_name);
            return 0;
        },
        &backends);
    for (const std::string& path : backends)
        if (void* again = dlopen(path.c_str(), RTLD_NOW | RTLD_NOLOAD)) dlclose(again);  // relocates it now
}

std::set<std::string> threadIds() {
    std::set<std::string> ids;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/task", ec))
        ids.insert(entry.path().filename().string());
    return ids;
}

// Waits (at most `limit`) until no thread is left that is not in `before`.
void awaitThreadsStartedSince(const std::set<std::string>& before, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        const auto now = threadIds();
        if (std::includes(before.begin(), before.end(), now.begin(), now.end())) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

// The scheduler state of a thread of this process ('R' running, 'S'
// sleeping, ...), or 0 when it is gone.
char threadState(const std::string& tid) {
    std::ifstream in("/proc/self/task/" + tid + "/stat");
    std::string stat;
    std::getline(in, stat);
    auto paren = stat.rfind(')');
    return paren != std::string::npos && paren + 2 < stat.size() ? stat[paren + 2] : 0;
}

// Before a cancel that stops a backend's reader thread: wait (at most
// `limit`) until each thread started since `before` has finished or sleeps
// in a system call (a write to its full pipe, a delay), where an
// asynchronous cancel is harmless; a thread still starting up may be inside
// malloc or the loader.
void settleThreadsStartedSince(const std::set<std::string>& before, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        bool settled = true;
        for (const std::string& tid : threadIds())
            if (!before.count(tid)) {
                char state = threadState(tid);
                if (state != 0 && state != 'S' && state != 'D' && state != 'Z') settled = false;
            }
        if (settled) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

bool containsAny(const std::string& haystack, std::initializer_list<const char*> needles) {
    std::string h = lower(haystack);
    return std::any_of(needles.begin(), needles.end(), [&](const char* n) { return h.find(n) != std::string::npos; });
}

// Nearest allowed value of a numeric option (as double; FIXED unfixed).
double constrain(const SANE_Option_Descriptor* d, double v) {
    auto toDouble = [&](SANE_Word w) { return d->type == SANE_TYPE_FIXED ? SANE_UNFIX(w) : static_cast<double>(w); };
    if (d->constraint_type == SANE_CONSTRAINT_RANGE && d->constraint.range) {
        const auto* r = d->constraint.range;
        double lo = toDouble(r->min), hi = toDouble(r->max), q = toDouble(r->quant);
        v = std::clamp(v, lo, hi);
        if (q > 0) v = std::min(hi, lo + std::round((v - lo) / q) * q);
    } else if (d->constraint_type == SANE_CONSTRAINT_WORD_LIST && d->constraint.word_list) {
        const SANE_Word* list = d->constraint.word_list;  // list[0] is the count
        double best = v, bestDist = -1;
        for (SANE_Word i = 1; i <= list[0]; ++i) {
            double c = toDouble(list[i]);
            if (bestDist < 0 || std::fabs(c - v) < bestDist) best = c, bestDist = std::fabs(c - v);
        }
        v = best;
    }
    return v;
}

}  // namespace

ScanError scanErrorFromSaneStatus(int status) {
    switch (static_cast<SANE_Status>(status)) {
        case SANE_STATUS_UNSUPPORTED:
            return ScanError::Unsupported;
        case SANE_STATUS_CANCELLED:
            return ScanError::Cancelled;
        case SANE_STATUS_DEVICE_BUSY:
            return ScanError::DeviceBusy;
        case SANE_STATUS_INVAL:
            return ScanError::Unsupported;  // a setting the device refuses
        case SANE_STATUS_JAMMED:
            return ScanError::Jammed;
        case SANE_STATUS_NO_DOCS:
            return ScanError::NoDocuments;
        case SANE_STATUS_COVER_OPEN:
            return ScanError::CoverOpen;
        case SANE_STATUS_IO_ERROR:
            return ScanError::IoError;
        case SANE_STATUS_NO_MEM:
            return ScanError::NoMemory;
        case SANE_STATUS_ACCESS_DENIED:
            return ScanError::AccessDenied;
        case SANE_STATUS_GOOD:
        case SANE_STATUS_EOF:
            break;
    }
    return ScanError::Internal;
}

Result<std::vector<ScannerInfo>, ScanError> listSaneDevices() {
    if (!saneAcquire()) return ScanError::NoDevice;
    std::vector<ScannerInfo> out;
    const SANE_Device** list = nullptr;
    SANE_Status st = sane_get_devices(&list, SANE_TRUE);
    if (st == SANE_STATUS_GOOD && list) {
        for (int i = 0; list[i]; ++i)
            out.push_back({list[i]->name ? list[i]->name : "", list[i]->vendor ? list[i]->vendor : "",
                           list[i]->model ? list[i]->model : "", list[i]->type ? list[i]->type : ""});
    }
    saneRelease();
    if (st != SANE_STATUS_GOOD) return scanErrorFromSaneStatus(st);
    return out;
}

struct SaneScanner::Handle {
    SANE_Handle h = nullptr;
    ~Handle() {
        if (h) sane_close(h);
        saneRelease();
    }
    // Option index by name, or -1. Looked up each time: SANE_INFO_RELOAD_OPTIONS
    // may change the descriptors after any set.
    int find(const std::string& name) const {
        const SANE_Option_Descriptor* d0 = sane_get_option_descriptor(h, 0);
        SANE_Int count = 0;
        if (!d0 || sane_control_option(h, 0, SANE_ACTION_GET_VALUE, &count, nullptr) != SANE_STATUS_GOOD) return -1;
        for (SANE_Int i = 1; i < count; ++i) {
            const SANE_Option_Descriptor* d = sane_get_option_descriptor(h, i);
            if (d && d->name && name == d->name) return i;
        }
        return -1;
    }
};

Result<std::unique_ptr<SaneScanner>, ScanError> SaneScanner::open(const std::string& name) {
    if (!saneAcquire()) return ScanError::NoDevice;
    auto handle = std::make_unique<Handle>();
    SANE_Status st = sane_open(name.c_str(), &handle->h);
    if (st != SANE_STATUS_GOOD) {
        handle->h = nullptr;
        KLOG_WARN("SANE: cannot open '{}': {}", name, sane_strstatus(st));
        return st == SANE_STATUS_INVAL ? ScanError::NoDevice : scanErrorFromSaneStatus(st);
    }
    bindBackendsNow();
    ScannerInfo info{name, "", "", "scanner"};
    const SANE_Device** list = nullptr;
    if (sane_get_devices(&list, SANE_TRUE) == SANE_STATUS_GOOD && list)
        for (int i = 0; list[i]; ++i)
            if (list[i]->name && name == list[i]->name)
                info = {name, list[i]->vendor ? list[i]->vendor : "", list[i]->model ? list[i]->model : "",
                        list[i]->type ? list[i]->type : ""};
    return std::unique_ptr<SaneScanner>(new SaneScanner(std::move(handle), std::move(info)));
}

SaneScanner::SaneScanner(std::unique_ptr<Handle> handle, ScannerInfo info)
    : handle_(std::move(handle)), info_(std::move(info)) {}

SaneScanner::~SaneScanner() {
    cancel();
    std::thread t;
    {
        std::lock_guard lock(mutex_);  // waits for a running scan to notice the cancel
        t = std::move(thread_);
    }
    if (t.joinable()) t.join();
}

ScannerInfo SaneScanner::info() const { return info_; }
void SaneScanner::cancel() { cancelled_ = true; }
bool SaneScanner::busy() const { return busy_; }

Result<bool, ScanError> SaneScanner::setOption(const std::string& name, const std::string& value) {
    if (busy_) return ScanError::DeviceBusy;
    return setOptionUnchecked(name, value);
}

Result<bool, ScanError> SaneScanner::setOptionUnchecked(const std::string& name, const std::string& value) {
    std::lock_guard lock(mutex_);
    SANE_Handle h = handle_->h;
    const int index = handle_->find(name);
    if (index < 0) return ScanError::Unsupported;
    const SANE_Option_Descriptor* d = sane_get_option_descriptor(h, index);
    if (!d || !SANE_OPTION_IS_ACTIVE(d->cap) || !SANE_OPTION_IS_SETTABLE(d->cap)) return ScanError::Unsupported;
    SANE_Int info = 0;
    SANE_Status st = SANE_STATUS_UNSUPPORTED;
    switch (d->type) {
        case SANE_TYPE_BOOL: {
            std::string v = lower(value);
            SANE_Word w = (v == "yes" || v == "true" || v == "1" || v == "on") ? SANE_TRUE : SANE_FALSE;
            st = sane_control_option(h, index, SANE_ACTION_SET_VALUE, &w, &info);
            break;
        }
        case SANE_TYPE_INT:
        case SANE_TYPE_FIXED: {
            if (d->size != sizeof(SANE_Word)) break;  // vector options: not needed by the kiosk
            char* end = nullptr;
            double v = std::strtod(value.c_str(), &end);
            if (end == value.c_str()) return ScanError::Unsupported;
            v = constrain(d, v);
            SANE_Word w = d->type == SANE_TYPE_FIXED ? SANE_FIX(v) : static_cast<SANE_Word>(std::lround(v));
            st = sane_control_option(h, index, SANE_ACTION_SET_VALUE, &w, &info);
            break;
        }
        case SANE_TYPE_STRING: {
            std::string chosen = value;
            if (d->constraint_type == SANE_CONSTRAINT_STRING_LIST && d->constraint.string_list) {
                chosen.clear();
                for (int i = 0; d->constraint.string_list[i]; ++i)
                    if (lower(d->constraint.string_list[i]) == lower(value)) chosen = d->constraint.string_list[i];
                if (chosen.empty()) return ScanError::Unsupported;
            }
            std::vector<char> buf(std::max<size_t>(d->size, chosen.size() + 1), '\0');
            std::memcpy(buf.data(), chosen.c_str(), chosen.size());
            st = sane_control_option(h, index, SANE_ACTION_SET_VALUE, buf.data(), &info);
            break;
        }
        case SANE_TYPE_BUTTON:
            st = sane_control_option(h, index, SANE_ACTION_SET_VALUE, nullptr, &info);
            break;
        case SANE_TYPE_GROUP:
            break;
    }
    if (st != SANE_STATUS_GOOD) return scanErrorFromSaneStatus(st);
    return true;
}

std::string SaneScanner::option(const std::string& name) const {
    std::lock_guard lock(mutex_);
    const int index = handle_->find(name);
    if (index < 0) return "";
    const SANE_Option_Descriptor* d = sane_get_option_descriptor(handle_->h, index);
    if (!d || !SANE_OPTION_IS_ACTIVE(d->cap) || d->size <= 0) return "";
    std::vector<char> buf(static_cast<size_t>(d->size) + 1, '\0');
    if (sane_control_option(handle_->h, index, SANE_ACTION_GET_VALUE, buf.data(), nullptr) != SANE_STATUS_GOOD)
        return "";
    SANE_Word w;
    std::memcpy(&w, buf.data(), sizeof w);
    switch (d->type) {
        case SANE_TYPE_BOOL:
            return w ? "yes" : "no";
        case SANE_TYPE_INT:
            return std::to_string(w);
        case SANE_TYPE_FIXED: {
            char out[32];
            std::snprintf(out, sizeof out, "%g", SANE_UNFIX(w));
            return out;
        }
        case SANE_TYPE_STRING:
            return std::string(buf.data());
        default:
            return "";
    }
}

// The string-list entry of option `name` that contains one of `needles`.
static std::string pickString(const SANE_Option_Descriptor* d, std::initializer_list<const char*> needles) {
    if (!d || d->type != SANE_TYPE_STRING || d->constraint_type != SANE_CONSTRAINT_STRING_LIST) return "";
    for (int i = 0; d->constraint.string_list[i]; ++i)
        if (containsAny(d->constraint.string_list[i], needles)) return d->constraint.string_list[i];
    return "";
}

Result<bool, ScanError> SaneScanner::applySettings(const ScanSettings& s) {
    auto descriptor = [&](const char* name) -> const SANE_Option_Descriptor* {
        std::lock_guard lock(mutex_);
        int i = handle_->find(name);
        return i < 0 ? nullptr : sane_get_option_descriptor(handle_->h, i);
    };
    // Source first: it may change which modes and resolutions exist.
    if (auto* d = descriptor(SANE_NAME_SCAN_SOURCE)) {
        std::string v = s.source == PaperSource::Feeder ? pickString(d, {"adf", "feeder", "automatic"})
                                                        : pickString(d, {"flatbed", "platen", "normal"});
        if (v.empty() && s.source == PaperSource::Feeder) return ScanError::Unsupported;
        if (!v.empty())
            if (auto r = setOptionUnchecked(SANE_NAME_SCAN_SOURCE, v); !r) return r.error();
    } else if (s.source == PaperSource::Feeder) {
        return ScanError::Unsupported;
    }
    if (auto* d = descriptor(SANE_NAME_SCAN_MODE)) {
        std::string v =
            s.mode == ColorMode::Color ? pickString(d, {"color", "colour"}) : pickString(d, {"gray", "grey"});
        if (v.empty()) return ScanError::Unsupported;
        if (auto r = setOptionUnchecked(SANE_NAME_SCAN_MODE, v); !r) return r.error();
    }
    if (descriptor(SANE_NAME_BIT_DEPTH))
        setOptionUnchecked(SANE_NAME_BIT_DEPTH, "8");  // best effort: 16 is converted too
    if (descriptor(SANE_NAME_SCAN_RESOLUTION))
        if (auto r = setOptionUnchecked(SANE_NAME_SCAN_RESOLUTION, std::to_string(s.dpi)); !r) return r.error();
    return true;
}

bool SaneScanner::start(const ScanSettings& settings, Callbacks callbacks) {
    if (busy_.exchange(true)) return false;
    {
        std::thread previous;
        {
            std::lock_guard lock(mutex_);
            previous = std::move(thread_);
        }
        if (previous.joinable()) previous.join();
    }
    cancelled_ = false;
    auto applied = applySettings(settings);
    std::lock_guard lock(mutex_);
    if (!applied) {
        ScanError e = applied.error();
        thread_ = std::thread([this, e, cb = std::move(callbacks)] {
            cb.onDone(e);
            busy_ = false;
        });
        return true;
    }
    thread_ = std::thread([this, cb = std::move(callbacks)]() mutable { run(std::move(cb)); });
    return true;
}

void SaneScanner::run(Callbacks callbacks) {
    auto scan = [&]() -> Result<PageImage, ScanError> {
        std::lock_guard lock(mutex_);
        SANE_Handle h = handle_->h;
        if (cancelled_) return ScanError::Cancelled;
        const std::set<std::string> threadsBefore = threadIds();
        // Every way out of a started scan but the clean end.
        auto cancelScan = [&] {
            settleThreadsStartedSince(threadsBefore, std::chrono::milliseconds(300));
            sane_cancel(h);
        };
        SANE_Status st = sane_start(h);
        if (st != SANE_STATUS_GOOD) {
            cancelScan();
            return scanErrorFromSaneStatus(st);
        }
        SANE_Parameters p{};
        st = sane_get_parameters(h, &p);
        if (st != SANE_STATUS_GOOD) {
            cancelScan();
            return scanErrorFromSaneStatus(st);
        }
        const bool grey = p.format == SANE_FRAME_GRAY;
        if ((!grey && p.format != SANE_FRAME_RGB) || (p.depth != 1 && p.depth != 8 && p.depth != 16) ||
            (!grey && p.depth == 1) || p.bytes_per_line <= 0 || p.pixels_per_line <= 0) {
            cancelScan();
            return ScanError::Unsupported;
        }
        const int64_t lines = p.lines > 0 ? p.lines : -1;  // -1: hand scanner, height unknown
        if (lines > 0 && static_cast<int64_t>(p.pixels_per_line) * lines > kMaxPagePixels) {
            cancelScan();
            return ScanError::TooLarge;
        }
        const size_t maxBytes = static_cast<size_t>(kMaxPagePixels) * (grey ? 1 : 3) * (p.depth == 16 ? 2 : 1);
        const size_t expected = lines > 0 ? static_cast<size_t>(p.bytes_per_line) * lines : 0;
        std::vector<uint8_t> raw;
        raw.reserve(expected);
        std::vector<uint8_t> buf(64 * 1024);
        int lastPercent = -1;
        bool readerAwaited = false;
        for (;;) {
            if (cancelled_) {
                cancelScan();
                return ScanError::Cancelled;
            }
            // The pipe of a threaded backend holds 64 KiB: once no more is
            // left, its reader thread can finish before this read cancels it.
            if (!readerAwaited && expected > 0 && expected - std::min(expected, raw.size()) <= 64 * 1024) {
                awaitThreadsStartedSince(threadsBefore, std::chrono::milliseconds(300));
                readerAwaited = true;
            }
            SANE_Int len = 0;
            st = sane_read(h, buf.data(), static_cast<SANE_Int>(buf.size()), &len);
            if (st == SANE_STATUS_EOF) break;
            if (st != SANE_STATUS_GOOD) {
                cancelScan();
                return scanErrorFromSaneStatus(st);
            }
            raw.insert(raw.end(), buf.begin(), buf.begin() + len);
            if (raw.size() > maxBytes) {
                cancelScan();
                return ScanError::TooLarge;
            }
            if (expected > 0 && callbacks.onProgress) {
                int percent = static_cast<int>(100.0 * static_cast<double>(raw.size()) / static_cast<double>(expected));
                if (percent >= lastPercent + 2) callbacks.onProgress((lastPercent = percent) / 100.0);
            }
        }
        sane_cancel(h);  // ends the frame; required before the next sane_start

        PageImage page;
        page.width = p.pixels_per_line;
        page.height = static_cast<int>(raw.size() / static_cast<size_t>(p.bytes_per_line));
        page.channels = grey ? 1 : 3;
        if (page.height <= 0) return ScanError::IoError;
        page.pixels.resize(static_cast<size_t>(page.width) * page.height * page.channels);
        uint8_t* dst = page.pixels.data();
        for (int y = 0; y < page.height; ++y) {
            const uint8_t* line = raw.data() + static_cast<size_t>(y) * p.bytes_per_line;
            const int samples = page.width * page.channels;
            for (int i = 0; i < samples; ++i) {
                if (p.depth == 8) {
                    *dst++ = line[i];
                } else if (p.depth == 16) {
                    uint16_t v;
                    std::memcpy(&v, line + 2 * i, 2);  // host byte order (SANE standard)
                    *dst++ = static_cast<uint8_t>(v >> 8);
                } else {  // 1 bit, grey: a set bit is black
                    *dst++ = (line[i / 8] & (0x80 >> (i % 8))) ? 0 : 255;
                }
            }
        }
        if (int i = handle_->find(SANE_NAME_SCAN_RESOLUTION); i >= 0) {
            const SANE_Option_Descriptor* d = sane_get_option_descriptor(h, i);
            SANE_Word w = 0;
            if (d && d->size == sizeof(SANE_Word) &&
                sane_control_option(h, i, SANE_ACTION_GET_VALUE, &w, nullptr) == SANE_STATUS_GOOD)
                page.dpi = d->type == SANE_TYPE_FIXED ? static_cast<int>(std::lround(SANE_UNFIX(w))) : w;
        }
        return page;
    };
    auto result = scan();
    if (result && callbacks.onProgress) callbacks.onProgress(1.0);
    callbacks.onDone(std::move(result));
    busy_ = false;
}

}  // namespace kiosk::documents
