#include "kiosk/core/log.h"

#include <spdlog/pattern_formatter.h>
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

}  // namespace

struct LogCapture {
    std::ostringstream out;
    std::shared_ptr<spdlog::sinks::ostream_sink_mt> sink;
};

void initLogging(std::string_view level) {
    auto logger = std::make_shared<spdlog::logger>("kiosk", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    logger->set_formatter(makeFormatter());
    logger->set_level(spdlog::level::from_str(std::string(level)));
    spdlog::set_default_logger(logger);
}

LogCapture* startLogCapture() {
    auto* capture = new LogCapture;
    capture->sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(capture->out);
    capture->sink->set_formatter(makeFormatter());
    spdlog::default_logger()->sinks().push_back(capture->sink);
    return capture;
}

std::string stopLogCapture(LogCapture* capture) {
    auto& sinks = spdlog::default_logger()->sinks();
    std::erase(sinks, capture->sink);
    std::string text = capture->out.str();
    delete capture;
    return text;
}

}  // namespace kiosk
