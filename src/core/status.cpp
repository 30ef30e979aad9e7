#include "streamforge/core/status.h"

#include <string>

namespace streamforge {

std::string_view status_code_name(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "ok";
    case StatusCode::kCancelled: return "cancelled";
    case StatusCode::kUnknown: return "unknown";
    case StatusCode::kInvalidArgument: return "invalid_argument";
    case StatusCode::kDeadlineExceeded: return "deadline_exceeded";
    case StatusCode::kNotFound: return "not_found";
    case StatusCode::kAlreadyExists: return "already_exists";
    case StatusCode::kPermissionDenied: return "permission_denied";
    case StatusCode::kResourceExhausted: return "resource_exhausted";
    case StatusCode::kFailedPrecondition: return "failed_precondition";
    case StatusCode::kAborted: return "aborted";
    case StatusCode::kOutOfRange: return "out_of_range";
    case StatusCode::kUnimplemented: return "unimplemented";
    case StatusCode::kInternal: return "internal";
    case StatusCode::kUnavailable: return "unavailable";
    case StatusCode::kDataLoss: return "data_loss";
  }
  return "unknown";
}

Status Status::with_field_prefix(std::string_view prefix) const {
  if (ok() || prefix.empty()) return *this;
  std::string field(prefix);
  if (!field_.empty()) {
    if (field_.front() != '[') field += '.';
    field += field_;
  }
  return Status(code_, message_, std::move(field));
}

Status Status::with_context(std::string_view context) const {
  if (ok() || context.empty()) return *this;
  return Status(code_, std::string(context) + ": " + message_, field_);
}

std::string Status::to_string() const {
  if (ok()) return "ok";
  std::string s(status_code_name(code_));
  s += ": ";
  if (!field_.empty()) {
    s += field_;
    s += ": ";
  }
  s += message_;
  return s;
}

}  // namespace streamforge
