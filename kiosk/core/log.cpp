#include "kiosk/core/log.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/dist_sink.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <sstream>

namespace kiosk {
namespace {

// "%*" in the pattern: the sd-daemon(3) priority prefix for journald.
class PriorityFlag final : public spdlog::custom_flag_formatter {
public:
    void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
        static constexpr const char* kPrefix[] = {"<7>", "<7>", "<6>", "<4>", "<3>", "<2>", "<6>"};
        std::string_view p = kPrefix[static_cast<int>(msg.level)];
        dest.append(p.data(), p.data() + p.size());
    }
    std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<PriorityFlag>(); }
};

std::unique_ptr<spdlog::formatter> makeFormatter() {
    auto f = std::make_unique<spdlog::pattern_formatter>();
    f->add_flag<PriorityFlag>('*').set_pattern("%*%l: %v");
    return f;
}

// The default logger writes to one fan-out sink, made once. Sinks added
// later (a test's capture, the fleet agent's ring) go into the fan-out,
// which locks around its list: pushing onto the logger's own sink vector
// while a reader thread logs reallocates that vector under it (a SEGV seen
// under ASan). The default logger itself is never replaced after start-up,
// since other threads hold its raw pointer while they log.
spdlog::sinks::dist_sink_mt& fanout() {
    static const std::shared_ptr<spdlog::sinks::dist_sink_mt> sink = [] {
        auto stderrSink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
        stderrSink->set_formatter(makeFormatter());
        auto dist = std::make_shared<spdlog::sinks::dist_sink_mt>();
        dist->add_sink(stderrSink);
        spdlog::set_default_logger(std::make_shared<spdlog::logger>("kiosk", dist));
        return dist;
    }();
    return *sink;
}

// Installed before main, before any thread exists.
[[maybe_unused]] const bool kFanoutInstalled = (fanout(), true);

}  // namespace

struct LogCapture {
    std::ostringstream out;
    std::shared_ptr<spdlog::sinks::ostream_sink_mt> sink;
};

void initLogging(std::string_view level) {
    fanout();
    spdlog::default_logger()->set_level(spdlog::level::from_str(std::string(level)));
}

void addLogSink(std::shared_ptr<spdlog::sinks::sink> sink) { fanout().add_sink(std::move(sink)); }

void removeLogSink(const std::shared_ptr<spdlog::sinks::sink>& sink) { fanout().remove_sink(sink); }

LogCapture* startLogCapture() {
    auto* capture = new LogCapture;
    capture->sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(capture->out);
    capture->sink->set_formatter(makeFormatter());
    addLogSink(capture->sink);
    return capture;
}

std::string stopLogCapture(LogCapture* capture) {
    removeLogSink(capture->sink);
    std::string text = capture->out.str();
    delete capture;
    return text;
}

}  // namespace kiosk
