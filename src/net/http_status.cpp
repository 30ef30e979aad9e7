// Header lines, response header lookup and the HTTP status -> Status mapping; see http_client.h.
#include <algorithm>
#include <cctype>
#include <string>

#include "net/http_text.h"
#include "streamforge/net/http_client.h"

namespace streamforge::net {

Result<HttpHeader> parse_header_line(std::string_view line) {
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) return InvalidArgumentError("an HTTP header must read 'Name: value'");
  std::string_view name = line.substr(0, colon);
  std::string_view value = line.substr(colon + 1);
  auto trim = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
  };
  name = trim(name);
  value = trim(value);
  if (!is_token(name)) return InvalidArgumentError("an HTTP header name must be a token (letters, digits, -)");
  if (!is_field_value(value)) {
    return InvalidArgumentError("the value of HTTP header '" + std::string(name) + "' contains CR, LF or NUL");
  }
  return HttpHeader{std::string(name), std::string(value)};
}

std::string HttpResponse::header(std::string_view name) const {
  for (const HttpHeader& h : headers) {
    if (iequals(h.name, name)) return h.value;
  }
  return {};
}

Status http_status_error(const HttpResponse& response) {
  const int s = response.status;
  if (s >= 200 && s < 300) return OkStatus();
  StatusCode code = StatusCode::kFailedPrecondition;
  if (s == 400 || s == 413) {
    code = StatusCode::kInvalidArgument;
  } else if (s == 401 || s == 403) {
    code = StatusCode::kPermissionDenied;
  } else if (s == 404 || s == 410) {
    code = StatusCode::kNotFound;
  } else if (s == 408) {
    code = StatusCode::kDeadlineExceeded;
  } else if (s == 429) {
    code = StatusCode::kResourceExhausted;
  } else if (s == 501) {
    code = StatusCode::kUnimplemented;
  } else if (s >= 500) {
    code = StatusCode::kUnavailable;
  }
  std::string message = "HTTP " + std::to_string(s);
  if (!response.reason.empty()) message += " " + response.reason;
  message += " from " + response.redacted_url;
  // A server's own explanation helps ("contentId missing"), when it is text.
  const std::string type = response.header("Content-Type");
  const bool textual = type.starts_with("text/") || type.find("json") != std::string::npos ||
                       type.find("xml") != std::string::npos;
  if (textual && !response.body.empty()) {
    std::string excerpt = response.body.substr(0, 200);
    for (char& c : excerpt) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
    }
    message += ": " + excerpt;
    if (response.body.size() > 200) message += "...";
  }
  return Status(code, std::move(message));
}

}  // namespace streamforge::net
