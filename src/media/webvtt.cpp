#include "streamforge/media/webvtt.h"

#include <fmt/format.h>

#include <algorithm>

namespace streamforge {
namespace {

constexpr size_t kMaxFileBytes = 64u << 20;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `n` digits at `pos`.
bool read_digits(std::string_view s, size_t& pos, size_t n, int64_t& out) {
  if (pos + n > s.size()) return false;
  int64_t v = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!is_digit(s[pos + i])) return false;
    v = v * 10 + (s[pos + i] - '0');
  }
  pos += n;
  out = v;
  return true;
}

std::string_view trim_line_end(std::string_view line) {
  while (!line.empty() && (line.back() == '\r')) line.remove_suffix(1);
  return line;
}

}  // namespace

// WebVTT 4.5 "timestamp": (hours ":")? minutes ":" seconds "." milliseconds, where hours has
// two or more digits and minutes/seconds are 00-59.
Result<int64_t> parse_webvtt_timestamp(std::string_view text) {
  auto bad = [&] { return InvalidArgumentError(fmt::format("'{}' is not a WebVTT timestamp (hh:mm:ss.ttt)", text.substr(0, 40))); };
  size_t colon1 = text.find(':');
  if (colon1 == std::string_view::npos) return bad();
  size_t colon2 = text.find(':', colon1 + 1);
  int64_t hours = 0, minutes = 0, seconds = 0, millis = 0;
  size_t pos = 0;
  if (colon2 != std::string_view::npos) {
    if (colon1 < 2 || colon1 > 10) return bad();
    if (!read_digits(text, pos, colon1, hours)) return bad();
    ++pos;
  }
  if (!read_digits(text, pos, 2, minutes) || pos >= text.size() || text[pos++] != ':') return bad();
  if (!read_digits(text, pos, 2, seconds) || pos >= text.size() || text[pos++] != '.') return bad();
  if (!read_digits(text, pos, 3, millis) || pos != text.size()) return bad();
  if (minutes > 59 || seconds > 59) return bad();
  return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis;
}

Result<WebVttSummary> parse_webvtt(std::string_view text) {
  if (text.size() > kMaxFileBytes) {
    return ResourceExhaustedError(fmt::format("WebVTT file of {} bytes is over the {} MiB limit", text.size(), kMaxFileBytes >> 20));
  }
  if (text.find('\0') != std::string_view::npos) return InvalidArgumentError("WebVTT file contains NUL bytes (binary data?)");
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 BOM
  // 4.1: the signature "WEBVTT" then space, tab or a line end.
  if (!text.starts_with("WEBVTT") ||
      (text.size() > 6 && text[6] != ' ' && text[6] != '\t' && text[6] != '\n' && text[6] != '\r')) {
    return InvalidArgumentError("not a WebVTT file: the first line must start with \"WEBVTT\"");
  }
  WebVttSummary summary;
  size_t pos = 0;
  int line_number = 0;
  bool first_cue = true;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = trim_line_end(text.substr(pos, end - pos));
    pos = end + 1;
    ++line_number;
    size_t arrow = line.find("-->");
    if (arrow == std::string_view::npos) continue;
    // 4.3 cue timings: start " --> " end [settings]
    std::string_view start = line.substr(0, arrow);
    std::string_view rest = line.substr(arrow + 3);
    while (!start.empty() && (start.back() == ' ' || start.back() == '\t')) start.remove_suffix(1);
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
    std::string_view stop = rest.substr(0, rest.find_first_of(" \t"));
    auto s = parse_webvtt_timestamp(start);
    auto e = parse_webvtt_timestamp(stop);
    if (!s.ok() || !e.ok()) {
      return InvalidArgumentError(fmt::format("WebVTT line {}: {}", line_number, (!s.ok() ? s : e).status().message()));
    }
    if (*e < *s) return InvalidArgumentError(fmt::format("WebVTT line {}: the cue ends before it starts", line_number));
    ++summary.cue_count;
    summary.first_start_ms = first_cue ? *s : std::min(summary.first_start_ms, *s);
    summary.last_end_ms = std::max(summary.last_end_ms, *e);
    first_cue = false;
  }
  return summary;
}

}  // namespace streamforge
