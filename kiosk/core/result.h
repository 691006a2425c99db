#pragma once
// A value or an error, for failures that are expected (a bad config file, a
// missing string table): they are values, not exceptions (DESIGN.md).
#include <utility>
#include <variant>

namespace kiosk {

template <typename T, typename E>
class Result {
public:
    Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
    Result(E error) : v_(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() { return std::get<0>(v_); }
    const T& value() const { return std::get<0>(v_); }
    const E& error() const { return std::get<1>(v_); }

private:
    std::variant<T, E> v_;
};

}  // namespace kiosk
