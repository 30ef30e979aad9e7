// Private: whole-file reads for the simulator's loaders (traces, size lists, summaries).
#pragma once

#include <fstream>
#include <sstream>
#include <string>

#include "streamforge/core/result.h"

namespace streamforge::abr {

inline Result<std::string> read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError("cannot open '" + path + "'");
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad()) return UnavailableError("cannot read '" + path + "'");
  return s.str();
}

}  // namespace streamforge::abr
