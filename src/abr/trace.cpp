#include "streamforge/abr/trace.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>

#include "abr/text_files.h"

namespace streamforge::abr {
namespace {

namespace fs = std::filesystem;

bool parse_double(std::string_view s, double* out) {
  // std::from_chars for double is in GCC 11+, locale-independent.
  auto r = std::from_chars(s.data(), s.data() + s.size(), *out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size() && std::isfinite(*out);
}

}  // namespace

bool glob_match(std::string_view p, std::string_view s) {
  // Iterative wildcard match with single backtrack point (linear for one '*' run).
  size_t pi = 0, si = 0, star = std::string_view::npos, mark = 0;
  while (si < s.size()) {
    if (pi < p.size() && (p[pi] == '?' || p[pi] == s[si])) {
      ++pi;
      ++si;
    } else if (pi < p.size() && p[pi] == '*') {
      star = pi++;
      mark = si;
    } else if (star != std::string_view::npos) {
      pi = star + 1;
      si = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

double NetworkTrace::mean_mbps() const {
  double bits = 0;
  for (size_t i = 1; i < time_s.size(); ++i) bits += mbps[i] * (time_s[i] - time_s[i - 1]);
  double d = duration_seconds() - (time_s.empty() ? 0 : time_s.front());
  return d > 0 ? bits / d : 0;
}

double NetworkTrace::mbps_at(double t) const {
  if (time_s.size() < 2) return 0;
  const double end = time_s.back();
  if (end > 0 && t > end) t = std::fmod(t, end);
  auto it = std::lower_bound(time_s.begin() + 1, time_s.end(), t);
  if (it == time_s.end()) return mbps.back();
  return mbps[static_cast<size_t>(it - time_s.begin())];
}

Result<NetworkTrace> parse_trace(std::string_view text, std::string name) {
  NetworkTrace t;
  t.name = std::move(name);
  SF_RETURN_IF_ERROR(for_each_line(text, [&](std::string_view line, size_t line_no) -> Status {
    // Two whitespace-separated fields; blank lines are skipped.
    std::string_view fields[3];
    int n = 0;
    size_t i = 0;
    while (i < line.size() && n < 3) {
      while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
      size_t start = i;
      while (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i]))) ++i;
      if (i > start) fields[n++] = line.substr(start, i - start);
    }
    if (n == 0) return OkStatus();
    std::string where = t.name + ":" + std::to_string(line_no);
    double time = 0, mbps = 0;
    if (n != 2 || !parse_double(fields[0], &time) || !parse_double(fields[1], &mbps)) {
      return InvalidArgumentError(where + ": expected two numbers, `time_s throughput_Mbps`");
    }
    if (!t.time_s.empty() && time < t.time_s.back()) return InvalidArgumentError(where + ": time goes backwards");
    if (mbps < 0) return InvalidArgumentError(where + ": negative throughput");
    t.time_s.push_back(time);
    t.mbps.push_back(mbps);
    return OkStatus();
  }));
  SF_RETURN_IF_ERROR(t.validate());
  return t;
}

Status NetworkTrace::validate() const {
  if (time_s.size() != mbps.size()) return InvalidArgumentError(name + ": times and throughputs differ in number");
  if (time_s.size() < 2) return InvalidArgumentError(name + ": a trace needs at least 2 samples");
  for (size_t i = 0; i < time_s.size(); ++i) {
    const std::string where = name + ": sample " + std::to_string(i + 1);
    if (!std::isfinite(time_s[i]) || !std::isfinite(mbps[i])) return InvalidArgumentError(where + " is not a finite number");
    if (i > 0 && time_s[i] < time_s[i - 1]) return InvalidArgumentError(where + ": time goes backwards");
    if (mbps[i] < 0) return InvalidArgumentError(where + ": negative throughput");
  }
  bool delivers = false;
  for (size_t i = 1; i < time_s.size(); ++i) delivers |= mbps[i] > 0 && time_s[i] > time_s[i - 1];
  // After a wrap the first interval runs from time 0 to time_s[1].
  delivers |= mbps[1] > 0 && time_s[1] > 0;
  if (!delivers) return InvalidArgumentError(name + ": the trace never delivers a byte");
  return OkStatus();
}

Result<NetworkTrace> load_trace(const std::string& path) {
  SF_ASSIGN_OR_RETURN(std::string text, read_text_file(path));
  return parse_trace(text, fs::path(path).filename().string());
}

Result<std::vector<NetworkTrace>> load_traces(const std::string& dir, std::string_view pattern) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return NotFoundError("no trace folder '" + dir + "'");
  std::vector<std::string> files;
  for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) {
    std::string name = e.path().filename().string();
    if (!e.is_regular_file() || name.empty() || name[0] == '.') continue;
    if (glob_match(pattern, name)) files.push_back(e.path().string());
  }
  if (ec) return UnavailableError("cannot list '" + dir + "': " + ec.message());
  if (files.empty()) return NotFoundError("no trace in '" + dir + "' matches '" + std::string(pattern) + "'");
  std::sort(files.begin(), files.end());
  std::vector<NetworkTrace> out;
  out.reserve(files.size());
  for (const std::string& f : files) {
    SF_ASSIGN_OR_RETURN(NetworkTrace t, load_trace(f));
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace streamforge::abr
