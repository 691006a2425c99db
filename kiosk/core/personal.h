#pragma once
// Personal data (names, ID numbers, phone numbers, addresses) travels in
// `Personal`: a string that cannot be logged or printed by accident and that
// is wiped from memory when it goes away.
//
// - No implicit conversion to a string and no operator<<. Formatting it with
//   fmt/spdlog prints "[redacted]" instead of the value.
// - `reveal()` is the one explicit door to the value: use it where the data
//   is needed (drawing the masked form, sending to the central service).
// - The buffer is zeroed (explicit_bzero) on destruction, on reassignment
//   and on wipe(), so a finished session leaves no copy behind in this object.
#include <fmt/format.h>

#include <string>
#include <string_view>
#include <utility>

namespace kiosk {

void secureWipe(std::string& s) noexcept;

class Personal {
public:
    Personal() = default;
    explicit Personal(std::string value) : value_(std::move(value)) {}
    Personal(const Personal&) = default;
    Personal(Personal&& other) noexcept : value_(std::move(other.value_)) { other.wipe(); }
    Personal& operator=(const Personal& other) {
        if (this != &other) { wipe(); value_ = other.value_; }
        return *this;
    }
    Personal& operator=(Personal&& other) noexcept {
        if (this != &other) { wipe(); value_ = std::move(other.value_); other.wipe(); }
        return *this;
    }
    ~Personal() { wipe(); }

    const std::string& reveal() const { return value_; }
    // In-place edits for values typed character by character. The buffer is
    // reserved once so that growing never leaves an unwiped copy behind.
    void append(char c) {
        if (value_.capacity() < kReserve) value_.reserve(kReserve);
        value_.push_back(c);
    }
    void popBack() {
        if (!value_.empty()) {
            value_.back() = '\0';
            value_.pop_back();
        }
    }
    size_t size() const { return value_.size(); }
    bool empty() const { return value_.empty(); }
    void wipe() noexcept { secureWipe(value_); }

    friend bool operator==(const Personal& a, const Personal& b) { return a.value_ == b.value_; }

private:
    static constexpr size_t kReserve = 64;
    std::string value_;
};

}  // namespace kiosk

template <>
struct fmt::formatter<kiosk::Personal> : fmt::formatter<std::string_view> {
    template <typename FormatContext>
    auto format(const kiosk::Personal&, FormatContext& ctx) const {
        return fmt::formatter<std::string_view>::format("[redacted]", ctx);
    }
};
