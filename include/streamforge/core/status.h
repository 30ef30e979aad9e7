// Status: the error type of every public streamforge call.
//
// A Status is a code, a message a user can act on, and (for spec errors) the path of the
// field at fault, e.g. "video[2].bitrate_kbps". Functions never throw across the public API;
// they return Status or Result<T>.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace streamforge {

enum class StatusCode : int {
  kOk = 0,
  kCancelled = 1,          // the caller cancelled the job
  kUnknown = 2,
  kInvalidArgument = 3,    // bad spec / bad parameter: fix the request
  kDeadlineExceeded = 4,
  kNotFound = 5,           // missing file / key
  kAlreadyExists = 6,
  kPermissionDenied = 7,
  kResourceExhausted = 8,
  kFailedPrecondition = 9, // the system is not in a state to do this
  kAborted = 10,
  kOutOfRange = 11,
  kUnimplemented = 12,     // a feature/codec this build does not have
  kInternal = 13,          // a bug in streamforge or a library below it
  kUnavailable = 14,       // storage/CDN/network, retry may help
  kDataLoss = 15,          // corrupt or truncated media
};

// Stable lower-case name of a code ("invalid_argument"); used in JSON and in Python.
std::string_view status_code_name(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message, std::string field = {})
      : code_(code), message_(std::move(message)), field_(std::move(field)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // Path of the offending spec field ("video[1].height"), empty when not a spec error.
  const std::string& field() const { return field_; }

  // Prefix the field path: Status with field "height" under "video[1]" becomes "video[1].height".
  Status with_field_prefix(std::string_view prefix) const;
  // Add context in front of the message: "opening input: <message>".
  Status with_context(std::string_view context) const;

  // "invalid_argument: video[1].height: must be positive"
  std::string to_string() const;

  // Marks an error as intentionally dropped.
  void ignore_error() const {}

  friend bool operator==(const Status& a, const Status& b) {
    return a.code_ == b.code_ && a.message_ == b.message_ && a.field_ == b.field_;
  }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string field_;
};

inline Status OkStatus() { return Status(); }
inline Status CancelledError(std::string msg = "cancelled") { return {StatusCode::kCancelled, std::move(msg)}; }
inline Status InvalidArgumentError(std::string msg, std::string field = {}) {
  return {StatusCode::kInvalidArgument, std::move(msg), std::move(field)};
}
inline Status NotFoundError(std::string msg) { return {StatusCode::kNotFound, std::move(msg)}; }
inline Status AlreadyExistsError(std::string msg) { return {StatusCode::kAlreadyExists, std::move(msg)}; }
inline Status PermissionDeniedError(std::string msg) { return {StatusCode::kPermissionDenied, std::move(msg)}; }
inline Status ResourceExhaustedError(std::string msg) { return {StatusCode::kResourceExhausted, std::move(msg)}; }
inline Status FailedPreconditionError(std::string msg) { return {StatusCode::kFailedPrecondition, std::move(msg)}; }
inline Status OutOfRangeError(std::string msg) { return {StatusCode::kOutOfRange, std::move(msg)}; }
inline Status UnimplementedError(std::string msg) { return {StatusCode::kUnimplemented, std::move(msg)}; }
inline Status InternalError(std::string msg) { return {StatusCode::kInternal, std::move(msg)}; }
inline Status UnavailableError(std::string msg) { return {StatusCode::kUnavailable, std::move(msg)}; }
inline Status DataLossError(std::string msg) { return {StatusCode::kDataLoss, std::move(msg)}; }

}  // namespace streamforge

#define SF_STATUS_CONCAT_INNER_(a, b) a##b
#define SF_STATUS_CONCAT_(a, b) SF_STATUS_CONCAT_INNER_(a, b)

// Return the Status of `expr` from the enclosing function when it is not OK.
#define SF_RETURN_IF_ERROR(expr)                              \
  do {                                                        \
    ::streamforge::Status sf_status_tmp_ = (expr);            \
    if (!sf_status_tmp_.ok()) return sf_status_tmp_;          \
  } while (0)
