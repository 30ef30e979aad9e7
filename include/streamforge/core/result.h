// Result<T>: a value or the Status saying why there is none (Abseil's StatusOr, in C++20).
#pragma once

#include <cassert>
#include <cstdlib>
#include <type_traits>
#include <utility>
#include <variant>

#include "streamforge/core/status.h"

namespace streamforge {

template <typename T>
class [[nodiscard]] Result {
  static_assert(!std::is_same_v<std::remove_cv_t<T>, Status>, "Result<Status> makes no sense");

 public:
  // Implicit from a value and from a non-OK Status, so `return value;` and `return SomeError(..);` both work.
  Result(const T& value) : data_(value) {}                    // NOLINT(google-explicit-constructor)
  Result(T&& value) : data_(std::move(value)) {}               // NOLINT(google-explicit-constructor)
  Result(const Status& status) : data_(status) { check_not_ok(); }  // NOLINT
  Result(Status&& status) : data_(std::move(status)) { check_not_ok(); }  // NOLINT
  template <typename U, typename = std::enable_if_t<std::is_convertible_v<U&&, T> &&
                                                    !std::is_same_v<std::decay_t<U>, Status> &&
                                                    !std::is_same_v<std::decay_t<U>, Result>>>
  Result(U&& value) : data_(T(std::forward<U>(value))) {}  // NOLINT

  bool ok() const { return data_.index() == 1; }
  // OK when a value is held.
  Status status() const { return ok() ? Status() : std::get<0>(data_); }

  // Precondition: ok(). Accessing the value of an error aborts (a bug in the caller).
  T& value() & { return checked(); }
  const T& value() const& { return const_cast<Result*>(this)->checked(); }
  T&& value() && { return std::move(checked()); }
  T& operator*() & { return checked(); }
  const T& operator*() const& { return const_cast<Result*>(this)->checked(); }
  T&& operator*() && { return std::move(checked()); }
  T* operator->() { return &checked(); }
  const T* operator->() const { return &const_cast<Result*>(this)->checked(); }

  template <typename U>
  T value_or(U&& fallback) const& {
    return ok() ? std::get<1>(data_) : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  void check_not_ok() {
    // A Result built from an OK Status holds neither value nor error: turn it into an internal error.
    if (std::get<0>(data_).ok()) data_ = InternalError("Result constructed from an OK status without a value");
  }
  T& checked() {
    if (!ok()) std::abort();
    return std::get<1>(data_);
  }

  std::variant<Status, T> data_;
};

}  // namespace streamforge

// `SF_ASSIGN_OR_RETURN(auto x, Compute());` : x = value, or return the error from the enclosing function.
#define SF_ASSIGN_OR_RETURN(lhs, expr) \
  SF_ASSIGN_OR_RETURN_IMPL_(SF_STATUS_CONCAT_(sf_result_, __LINE__), lhs, expr)
#define SF_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return tmp.status();             \
  lhs = std::move(tmp).value()
