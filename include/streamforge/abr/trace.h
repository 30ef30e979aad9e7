// NetworkTrace: a throughput trace for the simulator, in the format of the Pensieve/MPC trace sets
// (FCC broadband, Norway HSDPA, Oboe): one sample per line, `time_s throughput_Mbps`, where the
// throughput holds from the previous line's time to this line's.
//
// Thread-safety: values; the loaders are reentrant.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "streamforge/core/result.h"

namespace streamforge::abr {

struct NetworkTrace {
  std::string name;               // file name, for tables and plots
  std::vector<double> time_s;     // non-decreasing, starts at (or near) 0
  std::vector<double> mbps;       // mbps[i] holds from time_s[i-1] to time_s[i]; mbps[0] is unused

  double duration_seconds() const { return time_s.empty() ? 0 : time_s.back(); }
  // Mean throughput over the trace, time-weighted (Mbit/s).
  double mean_mbps() const;
  // Throughput at trace time t (wrapping past the end as the simulator does).
  double mbps_at(double t) const;
  // What parse_trace() checks (beyond the text's syntax), for traces built in code: matching
  // lengths, at least 2 samples, finite values, time never going backwards, no negative
  // throughput, and some byte delivered (else the simulator would wait forever).
  Status validate() const;
};

// Parses the text of one trace. Fails (kInvalidArgument, naming the line) on a malformed line,
// time going backwards or negative throughput, and on what validate() refuses.
Result<NetworkTrace> parse_trace(std::string_view text, std::string name);
Result<NetworkTrace> load_trace(const std::string& path);
// Every regular file of `dir` whose name matches the glob `pattern` ('*', '?', e.g. "trace_*"),
// sorted by name. kNotFound when the folder is missing or nothing matches.
Result<std::vector<NetworkTrace>> load_traces(const std::string& dir, std::string_view pattern = "*");

// Glob match of '*' and '?' (no character classes), used for trace and algorithm filters.
bool glob_match(std::string_view pattern, std::string_view name);

}  // namespace streamforge::abr
