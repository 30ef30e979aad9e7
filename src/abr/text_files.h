// Private: whole-file reads and line splitting for the simulator's loaders (traces, size lists,
// playlists, summaries).
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "streamforge/core/result.h"
#include "streamforge/core/status.h"

namespace streamforge::abr {

inline Result<std::string> read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError("cannot open '" + path + "'");
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad()) return UnavailableError("cannot read '" + path + "'");
  return s.str();
}

// Calls `fn(line, line_no)` for each line of `text` (without its "\n" or "\r\n"), numbered from 1;
// stops at the first error `fn` returns.
template <typename Fn>
Status for_each_line(std::string_view text, Fn&& fn) {
  size_t line_no = 0;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    SF_RETURN_IF_ERROR(fn(line, ++line_no));
  }
  return OkStatus();
}

}  // namespace streamforge::abr
